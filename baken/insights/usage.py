"""Usage counts of the front door, as tables (ADR 0061). Pure Python, no ORM.

Only complete calendar months are shown: a month that is still running would reveal, day
after day, each new person it counts. Every table is per month, so a cell never depends on
which months a reader chose, and totals over months are never printed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Counter:
    """One counter row of the help finder (only the fields insights uses)."""

    day: date
    role: str
    violence: str  # sorted, comma-joined violence codes; "" when none was named
    phase: str
    since_band: str
    outcome: str
    count: int


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def complete_months(today: date, n: int = 12) -> tuple[date, ...]:
    """The first days of the last `n` complete months, oldest first."""
    current = month_of(today)
    return tuple(add_months(current, -k) for k in range(n, 0, -1))


def categories(known: Sequence[str], observed: Iterable[str]) -> tuple[str, ...]:
    """The known codes in their order, then any other code seen in the data."""
    extra = sorted(set(observed) - set(known))
    return (*known, *extra)


def by_month(counters: Iterable[Counter], field: str, rows: Sequence[str], months: Sequence[date]) -> list[list[int]]:
    """People per category (rows) and month (columns)."""
    row_index = {code: i for i, code in enumerate(rows)}
    column_index = {month: i for i, month in enumerate(months)}
    table = [[0] * len(months) for _ in rows]
    for counter in counters:
        r = row_index.get(getattr(counter, field))
        c = column_index.get(month_of(counter.day))
        if r is not None and c is not None:
            table[r][c] += counter.count
    return table


def violence_by_since(
    counters: Iterable[Counter], month: date, violence_codes: Sequence[str], bands: Sequence[str]
) -> list[list[int]]:
    """People per violence type (rows) and time since the incident (columns) in one month.
    A person who named several violence types is counted under each of them."""
    band_index = {code: i for i, code in enumerate(bands)}
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for counter in counters:
        if month_of(counter.day) != month:
            continue
        b = band_index.get(counter.since_band)
        if b is None:
            continue
        for code in filter(None, counter.violence.split(",")):
            totals[(code, b)] += counter.count
    return [[totals[(code, b)] for b in range(len(bands))] for code in violence_codes]
