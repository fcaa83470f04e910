"""Insights show the front door like any other channel: the Baken queues count in the
coverage view's open channels, and the hourly chat counts are shown with small-cell
suppression beside the queues open at each hour."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from baken.chat.models import HourlyCount
from baken.insights import selectors as insight_selectors
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_chat_per_hour_is_suppressed_and_shows_open_queues(personas: dict[str, Any], settings: Any) -> None:
    last_month = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).replace(day=15)
    at_three = timezone.make_aware(timezone.datetime(last_month.year, last_month.month, 15, 3, 0))
    at_noon = timezone.make_aware(timezone.datetime(last_month.year, last_month.month, 15, 12, 0))
    at_four = at_three + timezone.timedelta(hours=1)
    for hour, offered, answered in ((at_three, 40, 28), (at_four, 50, 35), (at_noon, 3, 3)):
        cell = {"hour": hour, "queue_slug": "csg-chat", "kind": "chat"}
        HourlyCount.objects.create(**cell, metric="offered", count=offered)
        HourlyCount.objects.create(**cell, metric="answered", count=answered, wait_seconds=answered * 30)
        HourlyCount.objects.create(**cell, metric="abandoned", count=offered - answered)
    hours = insight_selectors.chat_by_hour(threshold=10)
    assert hours[3].cells[0].value == 40 and hours[3].mean_wait_seconds == 30
    assert hours[4].cells[1].value == 35
    assert hours[12].cells[0].hidden and hours[12].mean_wait_seconds is None  # 3 people: never shown
    assert all(h.queues_open == 2 for h in hours)  # both fixture queues are 24/7

    page = verified_client(personas["dewi"]).get("/inzicht/chat/")
    assert page.status_code == 200
    assert b"&lt; 10" in page.content
