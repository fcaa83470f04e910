"""Landscape insights in a real browser: heat map, a cell, the gap report, "what if" and the
usage counts; axe-core on every page; charts are images with a text alternative."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baken.accounts.models import User
from baken.insights import usage
from baken.triage.models import UsageCount
from tests.browser.conftest import assert_accessible
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, live_server: Any, user: User) -> None:
    """Reuse a verified test session (password and second factor are tested in accounts)."""
    client = verified_client(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def assert_chart_has_text_alternative(page: Any) -> None:
    for chart in page.locator("svg[role=img]").all():
        labelled = chart.get_attribute("aria-labelledby") or ""
        title_id, desc_id = labelled.split()
        assert page.locator(f"#{title_id}").text_content().strip()
        assert page.locator(f"#{desc_id}").text_content().strip()


def test_staff_pages_of_landscape_insights(personas: dict[str, User], page: Any, live_server: Any) -> None:
    """One journey (a transactional test empties the roles afterwards, so the personas are
    made once): heat map, a cell, the gap report, "what if" and the usage counts."""
    log_in(page, live_server, personas["dewi"])
    page.goto("/inzicht/?role=perpetrator&week_of=2026-04-27")
    assert page.locator("svg[role=img]").count() == 1
    assert_chart_has_text_alternative(page)
    assert_accessible(page)

    # Drill down: Sunday 03:00, domestic violence.
    table = page.get_by_role("table", name="zondag 3 mei")
    table.get_by_role("row").filter(has_text="Geweld thuis").get_by_role("link").nth(3).click()
    page.wait_for_url("**/inzicht/cel/**")
    assert "Veilig Thuis" in page.get_by_role("table").first.text_content()
    assert_accessible(page)

    page.goto("/inzicht/hiaten/?week_of=2026-04-27")
    assert page.get_by_role("heading", name="Geen specifieke hulp in de nacht").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server, personas["eva"])
    page.goto("/inzicht/wat-als/")
    page.get_by_label("Wie vraagt").select_option("perpetrator")
    page.get_by_label("Organisatie", exact=True).select_option("stop-it-now")
    page.get_by_label("Andere openingstijden voor de bemenste kanalen").check()
    page.get_by_label("Nieuwe openingstijden").fill("Mo-Fr 25:00-26:00")
    page.get_by_role("button", name="Reken opnieuw").click()
    page.wait_for_url("**opening_hours=Mo-Fr**")
    field = page.get_by_label("Nieuwe openingstijden")
    assert field.get_attribute("aria-invalid") == "true"
    assert "Failed to parse" in page.locator("#id_opening_hours_error").text_content()
    assert_accessible(page)

    field.fill("24/7")
    page.get_by_role("button", name="Reken opnieuw").click()
    page.wait_for_url("**opening_hours=24%2F7**")
    expect(page.get_by_role("table", name="Veranderingen")).to_be_visible()
    assert_chart_has_text_alternative(page)
    assert_accessible(page)

    month = usage.complete_months(timezone.localdate(), 1)[0]
    UsageCount.objects.create(
        day=month,
        role="victim",
        violence="sexual_violence",
        phase="informing",
        since_band="under_7_days",
        outcome="results_shown",
        count=42,
    )
    UsageCount.objects.create(
        day=month,
        role="perpetrator",
        violence="",
        phase="recognising",
        since_band="",
        outcome="information_opened",
        count=3,
    )
    page.goto("/inzicht/gebruik/")
    assert page.locator("svg[role=img]").count() == 5
    assert_chart_has_text_alternative(page)
    assert "< 10" in page.get_by_role("table").nth(1).text_content() or "< 10" in page.content()
    assert_accessible(page)
