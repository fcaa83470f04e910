"""Age and short-term alerts of a listing in templates: `{{ org|current_alert }}`, `{{ org|overdue }}`."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from baken.directory.snapshot import OrganisationData

register = template.Library()


@register.filter
def current_alert(org: OrganisationData) -> str:
    """The alert's text in the page's language while it holds; empty otherwise."""
    alert = org.alert_on(timezone.localdate())
    return alert.text(get_language()) if alert else ""


@register.filter
def overdue(org: OrganisationData) -> bool:
    return org.stale_on(timezone.localdate())
