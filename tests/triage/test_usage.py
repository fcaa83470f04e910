"""Anonymous usage counters: coarse bands only, one row per cell, atomic increments under
concurrency (SQLite and PostgreSQL), usable by the handover with a dict of answers."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from baken.triage.engine import Query
from baken.triage.models import DIMENSIONS, UsageCount
from baken.triage.services import UsageError, age_band, since_band, usage_record
from tests.triage.conftest import at


@pytest.mark.parametrize(
    ("age", "band"), [(None, ""), (0, "under_12"), (11, "under_12"), (12, "12_17"), (17, "12_17"), (18, "18_24")]
)
def test_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize(
    ("age", "band"), [(24, "18_24"), (25, "25_64"), (64, "25_64"), (65, "65_plus"), (120, "65_plus")]
)
def test_age_bands_adults(age: int, band: str) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize(
    ("days", "ongoing", "band"),
    [
        (None, None, ""),
        (0, None, "under_7_days"),
        (6, False, "under_7_days"),
        (7, None, "7_days_3_months"),
        (90, None, "7_days_3_months"),
        (91, None, "3_12_months"),
        (365, None, "3_12_months"),
        (366, None, "over_1_year"),
        (2, True, "ongoing"),
        (None, True, "ongoing"),
    ],
)
def test_since_bands(days: int | None, ongoing: bool | None, band: str) -> None:
    assert since_band(days, ongoing) == band


@pytest.mark.django_db
def test_one_row_per_cell_counting_up() -> None:
    q = Query(
        role="victim",
        violence=("sexual_violence", "domestic_violence"),
        age=16,
        days_since=3,
        at=at("2026-12-02 10:00"),
    )
    for _ in range(3):
        usage_record(answers=q, outcome="results_shown")
    usage_record(answers=q, outcome="handover_started")
    rows = {row.outcome: row for row in UsageCount.objects.all()}
    assert rows["results_shown"].count == 3 and rows["handover_started"].count == 1
    row = rows["results_shown"]
    assert row.violence == "domestic_violence,sexual_violence"
    assert (row.age_band, row.since_band, row.phase) == ("12_17", "under_7_days", "informing")


@pytest.mark.django_db
def test_nothing_finer_than_a_band_is_stored() -> None:
    """No exact age or days, no needs, faith, gender or free text: only the documented cells."""
    q = Query(
        role="victim",
        age=37,
        days_since=13,
        faith="muslim",
        gender="woman",
        needs=("shelter",),
        at=at("2026-12-02 10:00"),
    )
    usage_record(answers=q, outcome="results_shown")
    fields = {f.name for f in UsageCount._meta.get_fields()} - {"id", "count"}
    assert fields == set(DIMENSIONS)
    values = UsageCount.objects.values_list(*DIMENSIONS).get()
    assert "37" not in map(str, values) and "13" not in map(str, values)
    assert "muslim" not in values and "woman" not in values and "shelter" not in values


@pytest.mark.django_db
def test_the_handover_counts_with_a_dict_of_answers() -> None:
    answers = {
        "role": "victim",
        "violence": ["fgm"],
        "age": 30,
        "ongoing": True,
        "need": ["mediation"],
        "lgbtiq": False,
    }
    usage_record(answers=answers, outcome="handover_started")
    row = UsageCount.objects.get()
    assert (row.role, row.violence, row.age_band, row.since_band, row.phase) == (
        "victim",
        "fgm",
        "25_64",
        "ongoing",
        "seeking_help",
    )


@pytest.mark.django_db
def test_unknown_outcome_is_refused() -> None:
    with pytest.raises(UsageError):
        usage_record(answers=Query(), outcome="clicked")
    assert not UsageCount.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_increments_lose_nothing() -> None:
    """Eight threads race to create and increment the same new cell."""
    q = Query(role="bystander", violence=("child_abuse",), at=at("2026-12-02 10:00"))
    per_thread = 10
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                usage_record(answers=q, outcome="results_shown")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert UsageCount.objects.get().count == 8 * per_thread
