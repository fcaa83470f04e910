"""Usage counts: only the allowed anonymous fields exist; every view, CSV file and report
suppresses cells under the threshold and says so; running months are never shown."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings
from django.utils import timezone

from baken.insights import selectors, usage
from baken.triage.models import UsageCount

pytestmark = pytest.mark.django_db

# Issue 7: date (day), role, violence types, phase, age band, time-since-incident band,
# context, language, outcome; and the count itself.
ALLOWED = {
    "id",
    "day",
    "role",
    "violence",
    "phase",
    "age_band",
    "since_band",
    "context",
    "language",
    "outcome",
    "count",
}


def test_counters_hold_no_field_outside_the_allowed_list() -> None:
    fields = UsageCount._meta.get_fields()
    assert {f.name for f in fields} == ALLOWED
    # Nothing that could link a count to a person, a session or a referral.
    assert not any(f.is_relation for f in fields)
    assert not any(isinstance(f, models.TextField | models.GenericIPAddressField) for f in fields)


def last_complete_month() -> date:
    return usage.complete_months(timezone.localdate(), 1)[0]


def add(day: date, count: int, **answers: str) -> None:
    values = {"role": "victim", "violence": "domestic_violence", "phase": "informing"}
    values |= {"since_band": "ongoing", "outcome": "results_shown"} | answers
    UsageCount.objects.create(day=day, count=count, **values)


@pytest.fixture
def counted() -> date:
    """A month with one large and several small cells, and a running month with a small one."""
    month = last_complete_month()
    add(month, 40)
    add(month.replace(day=2), 3, role="perpetrator", since_band="under_7_days")
    add(month.replace(day=3), 25, role="relative", phase="seeking_help", outcome="handover_started")
    add(
        month.replace(day=4),
        12,
        role="bystander",
        violence="domestic_violence,sexual_violence",
        outcome="information_opened",
    )
    add(month.replace(day=5), 15, role="professional")
    add(month.replace(day=6), 11, role="accused")
    add(month.replace(day=7), 20, role="")
    add(timezone.localdate(), 2, role="accused")  # this month: still running, never shown
    return month


def numbers_in(texts: list[str]) -> list[int]:
    return [int(t) for t in texts if t.isdigit()]


def test_the_summary_suppresses_and_leaves_out_the_running_month(counted: date) -> None:
    summary = selectors.usage_summary(threshold=10)
    assert summary.months[-1] == counted
    roles = next(t for t in summary.tables if t.ident == "roles")
    column = {code: roles.text_rows[i][1][-1] for i, code in enumerate(roles.table.rows)}
    assert column["victim"] == "40"
    assert column["relative"] == "25"
    assert column["perpetrator"] == "< 10"
    # The only small cell: the smallest other cell (accused, 11) is hidden too, or the month's
    # total (known from the phases table) would give away the 3.
    assert column["accused"] in {"hidden", "verborgen"}
    assert column["bystander"] == "12"
    # The running month is left out: its 2 accused are in no table.
    assert timezone.localdate().replace(day=1) not in summary.months
    for table in summary.tables:
        for _label, texts in table.text_rows:
            assert all(n >= 10 for n in numbers_in(texts))


@pytest.mark.parametrize("threshold", [5, 10, 30])
def test_the_threshold_is_a_setting(counted: date, dewi: Client, threshold: int) -> None:
    with override_settings(BAKEN_SUPPRESSION_THRESHOLD=threshold):
        client = dewi
        html = client.get("/inzicht/gebruik/").content.decode()
        assert f"&lt; {threshold}" in html
        for ident in ["since", "since_violence", "roles", "phases", "outcomes"]:
            response = client.get(f"/inzicht/gebruik.csv?table={ident}")
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            cells = [text for row in rows[1:] for text in row[1:]]
            assert cells and all(n >= threshold for n in numbers_in(cells)), ident
            assert all(t.isdigit() or t in {f"< {threshold}", "verborgen"} for t in cells)
        tables = re.findall(r'<td class="baken-number">([^<]*)</td>', html)
        assert tables and all(n >= threshold for n in numbers_in(tables))


def test_the_usage_page_has_charts_with_text_alternatives(counted: date, dewi: Client) -> None:
    html = dewi.get("/inzicht/gebruik/").content.decode()
    assert html.count('role="img"') == 5
    assert html.count("<desc") == 5
    assert html.count("<table") == 5
    assert "Totaal" not in html and "Total" not in html


def test_the_landscape_report_writes_html_and_csv_for_people_without_a_login(
    counted: date, snapshot: object, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    call_command("landscape_report", out=str(out), week_of="2026-04-27", stdout=io.StringIO())
    names = {p.name for p in out.iterdir()}
    assert {"gaps.html", "gaps.csv", "gaps-night.csv", "gaps-languages.csv", "usage.html", "usage-roles.csv"} <= names
    gaps = list(csv.DictReader(io.StringIO((out / "gaps.csv").read_text(encoding="utf-8-sig"))))
    assert any(r["role"] == "perpetrator" and r["violence"] == "domestic_violence" for r in gaps)
    for path in out.glob("usage-*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert all(n >= 10 for n in numbers_in([t for row in rows[1:] for t in row[1:]])), path.name
    html = (out / "usage.html").read_text(encoding="utf-8")
    assert "&lt; 10" in html and "<svg" in html
    assert "Koningsdag" in (out / "gaps.html").read_text(encoding="utf-8")


def test_the_report_command_refuses_a_bad_date(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("landscape_report", out=str(tmp_path), week_of="April")


def test_usage_is_for_staff_with_the_permission_only(counted: date) -> None:
    assert Client().get("/inzicht/gebruik/").status_code == 302
