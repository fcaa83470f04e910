"""The live preview of opening hours for the editing page: open now, and the coming week in
words with public holidays named. Pure Python over `directory.hours`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from opening_hours import State  # type: ignore[attr-defined]

from baken.directory import hours


@dataclass(frozen=True)
class DayPreview:
    label: str
    spans: str
    holiday: str | None


@dataclass(frozen=True)
class HoursPreview:
    error: str | None = None
    unknown: bool = False
    open_now: bool | None = None
    days: tuple[DayPreview, ...] = ()


def _spans(expression: str, day_start: datetime) -> str:
    parsed = hours.parse(expression)
    day_end = day_start + timedelta(days=1)
    parts = []
    for start, end, state, _comment in parsed.intervals(day_start, day_end):
        if state != State.OPEN:
            continue
        start, end = hours.local(start), hours.local(min(end, day_end) if end else day_end)
        if end - start >= timedelta(hours=23, minutes=59):
            return _("open day and night")
        until = "24:00" if end == day_end else end.strftime("%H:%M")
        parts.append(f"{start:%H:%M}–{until}")
    return ", ".join(parts) if parts else _("closed")


def preview(expression: str, moment: datetime) -> HoursPreview:
    expression = expression.strip()
    if not expression:
        return HoursPreview(unknown=True)
    try:
        hours.validate(expression)
    except hours.InvalidHours as error:
        return HoursPreview(error=str(error))
    local = hours.local(moment)
    days = []
    for offset in range(7):
        day = local.date() + timedelta(days=offset)
        start = datetime.combine(day, time(0), hours.AMSTERDAM)
        days.append(
            DayPreview(
                label=date_format(day, "l j F"),
                spans=_spans(expression, start),
                holiday=hours.public_holiday(day, get_language()),
            )
        )
    return HoursPreview(open_now=hours.is_open(expression, moment), days=tuple(days))
