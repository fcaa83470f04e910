"""The Baken queues are directory channels like any other: the organisation's page in the
directory lists the queue with its hours and open state and a way to start it, and the
coverage view counts it in every hour it is open. (The help finder's 'Chat nu' and the
insights' chat hours are tested in test_pages.py and test_insights.py.)"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from baken.directory.selectors import directory_snapshot
from baken.insights import coverage as cov

from .conftest import CSG_QUEUE

pytestmark = pytest.mark.django_db


def test_the_directory_page_lists_the_queue_with_a_way_to_start_it(on_duty: dict[str, Any]) -> None:
    html = Client().get("/organisaties/centrum-seksueel-geweld/").content.decode()
    link = f'href="/chat/{CSG_QUEUE}/"'
    assert link in html
    card = html.split(link, 1)[0].rsplit('<section class="baken-card"', 1)[1]
    assert ">Chat<" in card  # the channel's type, as for every channel
    after = html.split(link, 1)[1].split("</section>", 1)[0]
    assert after.split("</a>", 1)[0].endswith("Hier op Baken chatten")
    assert "baken-status-open" in after  # open now (24/7), as for every staffed channel
    assert "geven het nummer of adres niet" not in card + after  # not "our sources do not say"
    # The start page it leads to says honestly whether the chat takes conversations now.
    start = Client().get(f"/chat/{CSG_QUEUE}/")
    assert start.status_code == 200 and "Chat beginnen" in start.content.decode()


def test_coverage_counts_the_queue_in_every_hour_it_is_open(directory: None) -> None:
    organisations = directory_snapshot()
    without = tuple(
        dataclasses.replace(o, channels=tuple(c for c in o.channels if c.queue != CSG_QUEUE)) for o in organisations
    )
    combination = cov.Combination("victim", "sexual_violence")
    week_of = timezone.localdate()
    with_queue = cov.coverage(organisations, combination, week_of)
    without_queue = cov.coverage(without, combination, week_of)
    difference = [a.count - b.count for a, b in zip(with_queue.hours, without_queue.hours, strict=True)]
    assert difference == [1] * 168  # the fixture's queue is open 24/7
    night = with_queue.hours[3]
    assert "chat" in next(s for s in night.services if s.slug == "centrum-seksueel-geweld").channels
