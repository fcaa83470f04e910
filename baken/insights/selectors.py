"""Reads for insights: the help finder's anonymous counters, summed per day and category.
Insights never writes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Field, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.directory.vocabulary import Violence
from baken.insights import usage
from baken.insights.forms import ROLE_CHOICES
from baken.insights.reports import Dimension, UsageSummary
from baken.triage.models import UsageCount

MONTHS_SHOWN = 12


def _field(name: str) -> Field[Any, Any]:
    field = UsageCount._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def _dimension(field: str, choices: list[tuple[str, object]]) -> Dimension:
    """A counter field's codes in order; a field people may leave open gets a "not given" row,
    always, so a table's rows never depend on the data."""
    pairs = [(str(code), str(label)) for code, label in choices]
    if _field(field).blank:
        pairs.append(("", _("Not given")))
    return Dimension(field, tuple(code for code, _ in pairs), tuple(label for _, label in pairs))


def usage_dimensions() -> dict[str, Dimension]:
    def model_choices(field: str) -> list[tuple[str, object]]:
        return list(_field(field).choices or [])

    return {
        "role": _dimension("role", list(ROLE_CHOICES)),
        "violence": Dimension("violence", tuple(Violence.values), tuple(str(label) for label in Violence.labels)),
        "phase": _dimension("phase", model_choices("phase")),
        "since_band": _dimension("since_band", model_choices("since_band")),
        "outcome": _dimension("outcome", model_choices("outcome")),
    }


def usage_counters(months: tuple[date, ...]) -> list[usage.Counter]:
    if not months:
        return []
    rows = (
        UsageCount.objects.filter(day__gte=months[0], day__lt=usage.add_months(months[-1], 1))
        .values_list("day", "role", "violence", "phase", "since_band", "outcome")
        .annotate(people=Sum("count"))
        .order_by()
    )
    return [usage.Counter(*row) for row in rows]


def usage_summary(*, threshold: int, today: date | None = None) -> UsageSummary:
    """The last complete months of counters, ready for suppressed tables."""
    months = usage.complete_months(today or timezone.localdate(), MONTHS_SHOWN)
    return UsageSummary(tuple(usage_counters(months)), months, usage_dimensions(), threshold)
