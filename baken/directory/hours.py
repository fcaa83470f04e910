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
from django.utils.translation import gettext as _
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


_WEEKEND = re.compile(r"\b(Sa|Su)\b")
_HOLIDAY_OR_ALWAYS = re.compile(r"\b(PH|SH)\b|24/7")


@lru_cache(maxsize=4096)
def effective(expression: str) -> str:
    """The hours as evaluated on Dutch public holidays, when the expression says nothing about
    them (`PH`): a weekday-only schedule (office hours, known or assumed) is closed; a schedule
    with weekend hours is unknown, so "open now" is never claimed on a holiday without data for
    it. 24/7 is taken as written. An office does not open on Christmas Day because nobody wrote
    "PH off"."""
    if _HOLIDAY_OR_ALWAYS.search(expression):
        return expression
    if _WEEKEND.search(expression):
        return f"{expression}; PH unknown"
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
    # Aware arithmetic adds wall-clock time: two weeks after 02:00 can be an hour that does not
    # exist when the clocks go forward, which the parser refuses. Normalise it through UTC.
    end = local(start + LOOKAHEAD)
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


# ---- in words ---------------------------------------------------------------------------------

_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_SPAN = r"\d\d:\d\d-\d\d:\d\d"
_RULE = re.compile(rf"^(?P<days>[A-Za-z,\-]+)\s+(?P<times>off|closed|unknown|{_SPAN}(?:,{_SPAN})*)$")


def _day_names() -> dict[str, str]:
    from django.utils.dates import WEEKDAYS

    names = {code: str(WEEKDAYS[i]).lower() for i, code in enumerate(_DAYS)}
    names["PH"] = str(_("public holidays"))
    return names


def _days_in_words(days: str, names: dict[str, str]) -> str | None:
    parts: list[str] = []
    for part in days.split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            if first not in _DAYS or last not in _DAYS:
                return None
            parts.append(str(_("%(first)s to %(last)s") % {"first": names[first], "last": names[last]}))
        elif part in names:
            parts.append(names[part])
        else:
            return None
    if len(parts) == 1:
        return parts[0]
    return str(_("%(some)s and %(last)s") % {"some": ", ".join(parts[:-1]), "last": parts[-1]})


def _times_in_words(times: str) -> str:
    spans = []
    for span in times.split(","):
        start, end = span.split("-")
        if start == "00:00" and end in {"24:00", "23:59"}:
            spans.append(str(_("all day")))
        else:
            spans.append(
                str(_("%(start)s to %(end)s") % {"start": start.replace(":", "."), "end": end.replace(":", ".")})
            )
    return str(_(" and ")).join(spans)


def in_words(expression: str | None) -> list[str] | None:
    """Plain sentences for the common forms of an expression ("Mo-Fr 09:00-17:00; PH off" →
    ["maandag tot en met vrijdag: 09.00 tot 17.00 uur", "feestdagen: dicht"]); None when the
    expression is missing or uses a form this does not know (the page then says so)."""
    if not expression:
        return None
    if expression.strip() == "24/7":
        return [str(_("Day and night, every day"))]
    names = _day_names()
    lines: list[str] = []
    for rule in (r.strip() for r in expression.split(";")):
        match = _RULE.match(rule)
        if not match:
            return None
        days = _days_in_words(match["days"], names)
        if days is None:
            return None
        if match["times"] == "unknown":
            times = str(_("not known"))
        elif match["times"] in {"off", "closed"}:
            times = str(_("closed"))
        else:
            times = _times_in_words(match["times"])
        lines.append(f"{days[:1].upper()}{days[1:]}: {times}")
    return lines


def describe(expression: str | None) -> str:
    """The hours in one line of words, as evaluated (holidays included: `effective`), for lists
    of results; empty when `in_words` cannot say them simply (the page then points to the
    organisation's own website)."""
    if not expression:
        return ""
    return "; ".join(in_words(effective(expression)) or ())
