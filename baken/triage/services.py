"""Writes of the help finder: only the anonymous usage counters."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from baken.triage.answers import query_from_answers
from baken.triage.engine import Query, phase_of
from baken.triage.models import AgeBand, Outcome, SinceBand, UsageCount

LOCKED_RETRIES = 8


class UsageError(ValueError):
    """An outcome that is not one of `Outcome`."""


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    if age < 12:
        return AgeBand.UNDER_12
    if age < 18:
        return AgeBand.FROM_12_TO_17
    if age < 25:
        return AgeBand.FROM_18_TO_24
    if age < 65:
        return AgeBand.FROM_25_TO_64
    return AgeBand.FROM_65


def since_band(days_since: int | None, ongoing: bool | None) -> str:
    """Still going on wins over a number of days (the last incident may be recent)."""
    if ongoing:
        return SinceBand.ONGOING
    if days_since is None:
        return ""
    if days_since < 7:
        return SinceBand.UNDER_7_DAYS
    if days_since < 91:
        return SinceBand.FROM_7_DAYS_TO_3_MONTHS
    if days_since <= 365:
        return SinceBand.FROM_3_TO_12_MONTHS
    return SinceBand.OVER_1_YEAR


def usage_cell(query: Query, outcome: str) -> dict[str, Any]:
    """The coarse, anonymous dimensions of one count (never the exact age, days or needs)."""
    return {
        "day": timezone.localdate(),
        "role": query.role or "",
        "violence": ",".join(sorted(set(query.violence))),
        "phase": phase_of(query),
        "age_band": age_band(query.age),
        "since_band": since_band(query.days_since, query.ongoing),
        "context": query.context or "",
        "language": query.language or "",
        "outcome": outcome,
    }


def usage_record(*, answers: Query | Mapping[str, Any], outcome: str) -> None:
    """Count one anonymous use of the help finder. Safe under concurrency on SQLite and
    PostgreSQL: an atomic F() update, or a create that falls back to the update when another
    request created the row first."""
    if outcome not in Outcome.values:
        raise UsageError(f"Unknown outcome {outcome!r}; valid: {', '.join(Outcome.values)}")
    query = answers if isinstance(answers, Query) else query_from_answers(answers)
    cell = usage_cell(query, outcome)
    for attempt in range(LOCKED_RETRIES):
        try:
            _increment(cell)
            return
        except OperationalError:
            # SQLite answers "locked" when another writer holds the file beyond its busy wait.
            if attempt == LOCKED_RETRIES - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


def _increment(cell: dict[str, Any]) -> None:
    if UsageCount.objects.filter(**cell).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UsageCount.objects.create(**cell, count=1)
    except IntegrityError:
        UsageCount.objects.filter(**cell).update(count=F("count") + 1)
