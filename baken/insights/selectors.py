"""Reads for insights: the help finder's anonymous counters, summed per day and category.
Insights never writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
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


@dataclass(frozen=True)
class ChatHour:
    hour: int
    cells: tuple[Any, ...]  # suppressed offered, answered, left before an answer
    mean_wait_seconds: int | None  # only where "answered" is shown
    queues_open: int


def chat_by_hour(*, threshold: int, today: date | None = None) -> list[ChatHour]:
    """The staffed front door per hour of the day over the last complete months: demand
    (offered, answered, left before an answer, mean wait) beside how many Baken chat queues
    are open at that hour on a Wednesday. Counts go through the usual small-cell suppression."""
    from zoneinfo import ZoneInfo

    from django.conf import settings as django_settings
    from django.db.models import Sum

    from baken.chat.models import HourlyCount
    from baken.directory.models import Channel
    from baken.insights.suppression import suppress

    months = usage.complete_months(today or timezone.localdate(), MONTHS_SHOWN)
    zone = ZoneInfo(django_settings.TIME_ZONE)
    start = datetime(months[0].year, months[0].month, 1, tzinfo=zone) if months else timezone.now()
    end = datetime(*usage.add_months(months[-1], 1).timetuple()[:3], tzinfo=zone) if months else timezone.now()
    totals = {h: {"offered": 0, "answered": 0, "abandoned": 0, "wait": 0} for h in range(24)}
    rows = (
        HourlyCount.objects.filter(hour__gte=start, hour__lt=end, metric__in=["offered", "answered", "abandoned"])
        .values("hour", "metric")
        .annotate(n=Sum("count"), wait=Sum("wait_seconds"))
    )
    for row in rows:
        cell = totals[row["hour"].astimezone(zone).hour]
        cell[row["metric"]] += row["n"]
        if row["metric"] == "answered":
            cell["wait"] += row["wait"]
    counts = [[totals[h]["offered"], totals[h]["answered"], totals[h]["abandoned"]] for h in range(24)]
    cells = suppress(counts, threshold)
    channels = list(Channel.objects.filter(type="chat", organisation__active=True).exclude(queue=""))
    wednesday = timezone.localdate()
    wednesday += timedelta(days=(2 - wednesday.weekday()) % 7)
    result = []
    for h in range(24):
        moment = datetime(wednesday.year, wednesday.month, wednesday.day, h, 30, tzinfo=zone)
        answered = cells[h][1]
        wait = totals[h]["wait"] // totals[h]["answered"] if totals[h]["answered"] and not answered.hidden else None
        result.append(
            ChatHour(
                hour=h,
                cells=cells[h],
                mean_wait_seconds=wait,
                queues_open=sum(1 for c in channels if c.open_at(moment) is True),
            )
        )
    return result
