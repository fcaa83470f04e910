"""Choosing a mediator for a new case: pure Python, no ORM.

Rule: the active mediator working in the case's region with the fewest open cases; when
nobody works in that region (or the person did not say), the least-loaded mediator of any
region. Ties go to the lowest id so the choice is repeatable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MediatorLoad:
    mediator_id: int
    regions: frozenset[str]
    open_cases: int


def choose_mediator(region: str, mediators: Iterable[MediatorLoad]) -> int | None:
    pool = list(mediators)
    in_region = [m for m in pool if region in m.regions]
    candidates = in_region or pool
    if not candidates:
        return None
    return min(candidates, key=lambda m: (m.open_cases, m.mediator_id)).mediator_id
