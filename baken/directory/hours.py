"""Opening hours: OpenStreetMap `opening_hours` expressions evaluated in Europe/Amsterdam
with Dutch public holidays (`PH`), across daylight-saving changes and past midnight.

Pure Python on top of opening-hours-py. Parsed expressions are cached, because a directory
has few distinct expressions and many evaluations. `None` means unknown: no hours recorded,
or the expression itself says "unknown" at that moment.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# How far ahead "next open" looks; a line that opens later than this is shown as closed.
LOOKAHEAD = timedelta(days=14)


class InvalidHours(ValueError):
    """The expression does not parse; the message is the parser's reason."""


@lru_cache(maxsize=4096)
def parse(expression: str) -> OpeningHours:
    try:
        return OpeningHours(expression, timezone=AMSTERDAM, country="NL", max_interval_days=366)
    except (ParserError, SyntaxError, ValueError) as error:
        raise InvalidHours(str(error).strip()) from None


def validate(expression: str) -> None:
    parse(expression)


_WEEKEND_OR_HOLIDAY = re.compile(r"\b(Sa|Su|PH|SH)\b|24/7")


@lru_cache(maxsize=4096)
def effective(expression: str) -> str:
    """The hours as evaluated: a weekday-only schedule (office hours, known or assumed) is closed
    on Dutch public holidays unless the expression itself says something about holidays (`PH`)
    or weekends. An office does not open on Christmas Day because nobody wrote "PH off"."""
    if _WEEKEND_OR_HOLIDAY.search(expression):
        return expression
    return f"{expression}; PH off"


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    # Through UTC, so a wall-clock time that does not exist in Amsterdam (02:30 on the night
    # the clocks go forward) is normalised instead of handed to the parser as-is.
    return moment.astimezone(UTC).astimezone(AMSTERDAM)


# Per expression, the last evaluated state and the span it holds for: [from, until). A
# directory has few distinct expressions and asks about the same moment for every channel,
# so most calls are answered without the evaluator (bench/directory_open_at.py).
_STATE_SPANS: dict[str, tuple[datetime, datetime, bool | None]] = {}
_MAX_SPANS = 4096


def _evaluate(expression: str, at: datetime) -> bool | None:
    state, _comment = parse(expression).state(at)
    if state == State.UNKNOWN:
        return None
    return state == State.OPEN


def is_open(expression: str | None, moment: datetime) -> bool | None:
    """True / False, or None when the hours are unknown."""
    if not expression:
        return None
    expression = effective(expression)
    at = local(moment)
    span = _STATE_SPANS.get(expression)
    if span is not None and span[0] <= at < span[1]:
        return span[2]
    result = _evaluate(expression, at)
    change = parse(expression).next_change(at)
    # No change within the evaluator's horizon (e.g. 24/7): hold for a day, then look again.
    until = change if change is not None and change > at else at + timedelta(days=1)
    if len(_STATE_SPANS) >= _MAX_SPANS:
        _STATE_SPANS.clear()
    _STATE_SPANS[expression] = (at, until, result)
    return result


def next_open(expression: str | None, moment: datetime) -> datetime | None:
    """The moment the channel is next open (the moment itself when open now); None when
    unknown or not within LOOKAHEAD."""
    if not expression:
        return None
    hours = parse(effective(expression))
    start = local(moment)
    end = start + LOOKAHEAD
    for interval_start, _interval_end, state, _comment in hours.intervals(start, end):
        if state == State.OPEN:
            return max(local(interval_start), start)
    return None


def next_close(expression: str | None, moment: datetime) -> datetime | None:
    """When an open channel closes; None when closed, unknown, or open beyond LOOKAHEAD."""
    if not expression or not is_open(expression, moment):
        return None
    change = parse(effective(expression)).next_change(local(moment))
    return local(change) if change is not None and change - local(moment) <= LOOKAHEAD else None


@lru_cache(maxsize=64)
def _dutch_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year, language=language)


def public_holiday(day: date, language: str | None = None) -> str | None:
    """The name of the Dutch public holiday on that day (Dutch names for "nl"), or None.

    Whether a day is a holiday is decided by the same evaluator as `PH` in opening hours, so
    the page never says "public holiday" while the hours treat the day as a working day (the
    holidays package also lists Good Friday, which `PH` does not)."""
    if not is_open("PH", datetime.combine(day, time(12), AMSTERDAM)):
        return None
    names = _dutch_holidays(day.year, "nl" if language == "nl" else "en_US")
    return names.get(day) or ("Feestdag" if language == "nl" else "Public holiday")
