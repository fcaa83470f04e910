"""Opening hours: OpenStreetMap `opening_hours` expressions evaluated in Europe/Amsterdam
with Dutch public holidays (`PH`), across daylight-saving changes and past midnight.

Pure Python on top of opening-hours-py. Parsed expressions are cached, because a directory
has few distinct expressions and many evaluations. `None` means unknown: no hours recorded,
or the expression itself says "unknown" at that moment.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
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


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(AMSTERDAM)


def is_open(expression: str | None, moment: datetime) -> bool | None:
    """True / False, or None when the hours are unknown."""
    if not expression:
        return None
    state, _comment = parse(expression).state(local(moment))
    if state == State.UNKNOWN:
        return None
    return state == State.OPEN


def next_open(expression: str | None, moment: datetime) -> datetime | None:
    """The moment the channel is next open (the moment itself when open now); None when
    unknown or not within LOOKAHEAD."""
    if not expression:
        return None
    hours = parse(expression)
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
    change = parse(expression).next_change(local(moment))
    return local(change) if change is not None and change - local(moment) <= LOOKAHEAD else None


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def public_holiday(day: date) -> str | None:
    """The name of the Dutch public holiday on that day, or None."""
    return _dutch_holidays(day.year).get(day)
