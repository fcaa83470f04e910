"""Insights stores nothing of its own: it reads the directory and the help finder's
anonymous counters. The model below exists only to carry the permission."""

from __future__ import annotations

from django.db import models


class Insights(models.Model):
    """Holder of the `insights.view_insights` permission; no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_insights", "Can view landscape insights")]

    def __str__(self) -> str:
        return "insights"
