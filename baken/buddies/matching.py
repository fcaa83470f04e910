"""Buddy matching: proposes a buddy for everyone who is waiting, all at once.

Pure Python + NumPy/SciPy: dataclasses in, dataclasses out, no ORM, no translations (codes
only; the views put them into words).

Rules
- Hard constraints are never broken: the buddy is trained and active and has room, speaks a
  language the person needs, was not this person's buddy before, and meets every preference
  the person marked as required.
- A proposal is worth MATCH_POINTS, plus the weight of every nice-to-have preference it meets,
  plus a little for a legal workshop when the person wants help with professionals or
  reporting, plus a little for time already spent waiting (this only changes *who* is matched
  when buddies are scarce, never which buddy someone gets).
- The total is maximised over everyone at once (a min-cost assignment with SciPy's
  `linear_sum_assignment`), not first come first served: each buddy becomes as many columns
  as they have room for, and pairs that break a hard constraint get value 0, which is the
  same as leaving both unmatched; those pairs are dropped after solving.
- Every proposal says why; everyone left over gets the constraint that blocks them.

See docs/adr/0040-buddy-matching-objective.md for why the objective looks like this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

MATCH_POINTS = 100
WEIGHTS: dict[str, int] = {
    "gender": 3,
    "age": 2,
    "background": 2,
    "reporting_experience": 2,
    "region": 3,
    "meeting_mode": 3,
    "availability": 2,
}
PREFERENCES = tuple(WEIGHTS)
WORKSHOP_POINTS = 1
LEGAL_WORKSHOP = "legal"
LEGAL_SUPPORT = frozenset({"find_professional", "weigh_reporting"})
WAIT_DAYS_PER_POINT = 14
WAIT_POINTS_MAX = 5
ALTERNATIVES = 3

# Order in which hard constraints are checked when explaining why someone is not matched.
HARD_ORDER = ("language", *PREFERENCES, "previous_buddy")


@dataclass(frozen=True, slots=True)
class Preference:
    """A wish on one criterion: any of `values` is fine; `required` makes it a hard constraint."""

    values: frozenset[str] = frozenset()
    required: bool = False


@dataclass(frozen=True, slots=True)
class AgeRange:
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False

    @property
    def stated(self) -> bool:
        return self.minimum is not None or self.maximum is not None


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    languages: frozenset[str] = frozenset()
    gender: Preference = Preference()
    age: AgeRange = AgeRange()
    background: Preference = Preference()
    reporting_experience: Preference = Preference()
    region: Preference = Preference()
    meeting_mode: Preference = Preference()
    availability: Preference = Preference()
    support: frozenset[str] = frozenset()
    waiting_days: int = 0
    excluded_buddies: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Buddy:
    id: int
    trained: bool
    active: bool
    capacity_left: int
    languages: frozenset[str] = frozenset()
    gender: str = ""
    age: int | None = None
    backgrounds: frozenset[str] = frozenset()
    reporting_experience: str = ""
    region: str = ""
    meeting_modes: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    workshops: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of an explanation: what the person wanted, what the buddy offers, met or not."""

    criterion: str
    wanted: tuple[str, ...]
    offered: tuple[str, ...]
    required: bool
    met: bool


@dataclass(frozen=True, slots=True)
class Proposal:
    person_id: int
    buddy_id: int
    value: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Alternative:
    buddy_id: int
    value: int
    reasons: tuple[Reason, ...]
    # False when every place this buddy has left is already in another proposal.
    room_after_proposals: bool


@dataclass(frozen=True, slots=True)
class Blocker:
    """Why someone cannot be matched now.

    code: no_trained_buddy | language | gender | age | background | reporting_experience |
    region | meeting_mode | availability | previous_buddy (no trained, active buddy meets
    this required constraint) | combination (each constraint alone can be met, not all
    together) | full (buddies who fit have no room) | taken (buddies who fit and have room
    were proposed for others, who could not be matched otherwise or fit them better).
    """

    code: str
    wanted: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True, slots=True)
class Unmatched:
    person_id: int
    blockers: tuple[Blocker, ...]


@dataclass(frozen=True, slots=True)
class Result:
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    alternatives: dict[int, tuple[Alternative, ...]] = field(default_factory=dict)

    @property
    def value(self) -> int:
        return sum(p.value for p in self.proposals)


# --- one pair at a time (the rules in their plainest form; the tables below must agree) ---

_BUDDY_VALUES: dict[str, Callable[[Buddy], frozenset[str]]] = {
    "gender": lambda b: frozenset({b.gender}) - {""},
    "background": lambda b: b.backgrounds,
    "reporting_experience": lambda b: frozenset({b.reporting_experience}) - {""},
    "region": lambda b: frozenset({b.region}) - {""},
    "meeting_mode": lambda b: b.meeting_modes,
    "availability": lambda b: b.availability,
}


def _wish(person: Person, criterion: str) -> Preference | AgeRange:
    return getattr(person, criterion)  # type: ignore[no-any-return]


def _stated(wish: Preference | AgeRange) -> bool:
    return wish.stated if isinstance(wish, AgeRange) else bool(wish.values)


def criterion_met(person: Person, buddy: Buddy, criterion: str) -> bool | None:
    """True or False for a stated wish; None when the person has no wish on this criterion.
    A buddy whose age is unknown does not meet an age wish."""
    wish = _wish(person, criterion)
    if not _stated(wish):
        return None
    if isinstance(wish, AgeRange):
        if buddy.age is None:
            return False
        return (wish.minimum is None or buddy.age >= wish.minimum) and (
            wish.maximum is None or buddy.age <= wish.maximum
        )
    return bool(wish.values & _BUDDY_VALUES[criterion](buddy))


def hard_violations(person: Person, buddy: Buddy, *, ignore_capacity: bool = False) -> tuple[str, ...]:
    """The hard constraints this pair breaks (empty: the pair is allowed)."""
    broken = []
    if not buddy.trained:
        broken.append("trained")
    if not buddy.active:
        broken.append("active")
    if not ignore_capacity and buddy.capacity_left < 1:
        broken.append("capacity")
    if person.languages and not person.languages & buddy.languages:
        broken.append("language")
    for criterion in PREFERENCES:
        if _wish(person, criterion).required and criterion_met(person, buddy, criterion) is False:
            broken.append(criterion)
    if buddy.id in person.excluded_buddies:
        broken.append("previous_buddy")
    return tuple(broken)


def _workshop_fits(person: Person, buddy: Buddy) -> bool:
    return bool(person.support & LEGAL_SUPPORT) and LEGAL_WORKSHOP in buddy.workshops


def waiting_points(person: Person) -> int:
    return min(max(person.waiting_days, 0) // WAIT_DAYS_PER_POINT, WAIT_POINTS_MAX)


def preference_points(person: Person, buddy: Buddy) -> int:
    points = sum(
        WEIGHTS[c] for c in PREFERENCES if not _wish(person, c).required and criterion_met(person, buddy, c) is True
    )
    return points + (WORKSHOP_POINTS if _workshop_fits(person, buddy) else 0)


def pair_value(person: Person, buddy: Buddy) -> int:
    """What proposing this pair is worth (whether it is allowed is `hard_violations`)."""
    return MATCH_POINTS + preference_points(person, buddy) + waiting_points(person)


def explain(person: Person, buddy: Buddy) -> tuple[Reason, ...]:
    """Why this buddy: every stated wish, met or not, and what the buddy offers."""
    reasons = [Reason("room", (), (str(buddy.capacity_left),), True, buddy.capacity_left > 0)]
    if person.languages:
        shared = person.languages & buddy.languages
        reasons.append(Reason("language", tuple(sorted(person.languages)), tuple(sorted(shared)), True, bool(shared)))
    for criterion in PREFERENCES:
        met = criterion_met(person, buddy, criterion)
        if met is None:
            continue
        wish = _wish(person, criterion)
        wanted: tuple[str, ...]
        offered: tuple[str, ...]
        if isinstance(wish, AgeRange):
            wanted = (str(wish.minimum or ""), str(wish.maximum or ""))
            offered = (str(buddy.age),) if buddy.age is not None else ()
        else:
            wanted = tuple(sorted(wish.values))
            offered = tuple(sorted(_BUDDY_VALUES[criterion](buddy)))
        reasons.append(Reason(criterion, wanted, offered, wish.required, met))
    if _workshop_fits(person, buddy):
        reasons.append(
            Reason("workshop", tuple(sorted(person.support & LEGAL_SUPPORT)), (LEGAL_WORKSHOP,), False, True)
        )
    if waiting_points(person):
        reasons.append(Reason("waiting", (), (str(person.waiting_days),), False, True))
    return tuple(reasons)


# --- everyone at once: the same rules as boolean and integer tables ---


@dataclass(slots=True)
class Tables:
    """Row i is people[i], column j is buddies[j]."""

    pool: np.ndarray  # (m,) trained and active
    capacity: np.ndarray  # (m,) places left
    hard_pass: dict[str, np.ndarray]  # criterion -> (n, m): True where it does not block
    feasible: np.ndarray  # (n, m) every hard constraint except capacity holds
    value: np.ndarray  # (n, m) pair_value


def _indicator(sets: Sequence[frozenset[str]], universe: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(sets), max(len(universe), 1)), dtype=np.float32)
    for row, values in enumerate(sets):
        for value in values:
            matrix[row, universe[value]] = 1.0
    return matrix


def _overlap(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> np.ndarray:
    """(len(left), len(right)) booleans: do the two sets share a value?"""
    universe: dict[str, int] = {}
    for values in (*left, *right):
        for value in values:
            universe.setdefault(value, len(universe))
    return (_indicator(left, universe) @ _indicator(right, universe).T) > 0.5


def build_tables(people: Sequence[Person], buddies: Sequence[Buddy]) -> Tables:
    n, m = len(people), len(buddies)
    pool = np.array([b.trained and b.active for b in buddies], dtype=bool).reshape(m)
    capacity = np.array([max(b.capacity_left, 0) for b in buddies], dtype=np.int64).reshape(m)
    hard_pass: dict[str, np.ndarray] = {}
    points = np.zeros((n, m), dtype=np.int64)

    has_language = np.array([bool(p.languages) for p in people], dtype=bool).reshape(n)
    speaks = _overlap([p.languages for p in people], [b.languages for b in buddies])
    hard_pass["language"] = ~has_language[:, None] | speaks

    buddy_age = np.array([np.nan if b.age is None else b.age for b in buddies], dtype=np.float64).reshape(m)
    for criterion in PREFERENCES:
        wishes = [_wish(p, criterion) for p in people]
        stated = np.array([_stated(w) for w in wishes], dtype=bool).reshape(n)
        required = np.array([w.required for w in wishes], dtype=bool).reshape(n)
        if criterion == "age":
            ranges = [p.age for p in people]
            low = np.array([-np.inf if r.minimum is None else r.minimum for r in ranges], dtype=np.float64)
            high = np.array([np.inf if r.maximum is None else r.maximum for r in ranges], dtype=np.float64)
            with np.errstate(invalid="ignore"):
                fits = (buddy_age[None, :] >= low.reshape(n, 1)) & (buddy_age[None, :] <= high.reshape(n, 1))
        else:
            values = [w.values for w in wishes if isinstance(w, Preference)]
            fits = _overlap(values, [_BUDDY_VALUES[criterion](b) for b in buddies])
        met = stated[:, None] & fits
        hard_pass[criterion] = ~(required[:, None] & stated[:, None] & ~fits)
        points += WEIGHTS[criterion] * (~required[:, None] & met)

    column = {b.id: j for j, b in enumerate(buddies)}
    excluded = np.ones((n, m), dtype=bool)
    for i, person in enumerate(people):
        for buddy_id in person.excluded_buddies:
            if buddy_id in column:
                excluded[i, column[buddy_id]] = False
    hard_pass["previous_buddy"] = excluded

    wants_legal = np.array([bool(p.support & LEGAL_SUPPORT) for p in people], dtype=bool).reshape(n)
    has_legal = np.array([LEGAL_WORKSHOP in b.workshops for b in buddies], dtype=bool).reshape(m)
    points += WORKSHOP_POINTS * (wants_legal[:, None] & has_legal[None, :])
    waiting = np.array([waiting_points(p) for p in people], dtype=np.int64).reshape(n)

    feasible = np.broadcast_to(pool[None, :], (n, m)).copy()
    for passes in hard_pass.values():
        feasible &= passes
    value = MATCH_POINTS + points + waiting[:, None]
    return Tables(pool=pool, capacity=capacity, hard_pass=hard_pass, feasible=feasible, value=value)


def _solve(tables: Tables) -> list[tuple[int, int]]:
    """Optimal (row, column) pairs: each buddy expanded into one column per place left."""
    usable = tables.feasible & (tables.capacity > 0)[None, :]
    rows = np.flatnonzero(usable.any(axis=1))
    if rows.size == 0:
        return []
    sub = usable[rows]
    cols = np.flatnonzero(sub.any(axis=0))
    # No buddy needs more columns than there are people who could take their places.
    places = np.minimum(tables.capacity[cols], sub[:, cols].sum(axis=0))
    slot_buddy = np.repeat(cols, places)
    benefit = np.where(sub[:, slot_buddy], tables.value[rows][:, slot_buddy], 0).astype(np.float64)
    # Rectangular is fine: SciPy assigns min(rows, slots) pairs. A forbidden pair (value 0)
    # is worth exactly as much as leaving both unmatched, so dropping it keeps the optimum.
    assigned_rows, assigned_slots = linear_sum_assignment(benefit, maximize=True)
    keep = benefit[assigned_rows, assigned_slots] > 0
    return [(int(rows[r]), int(slot_buddy[s])) for r, s in zip(assigned_rows[keep], assigned_slots[keep], strict=True)]


def _blockers(tables: Tables, person: Person, row: int) -> tuple[Blocker, ...]:
    pool = tables.pool
    if not pool.any():
        return (Blocker("no_trained_buddy"),)
    constraints = []
    if person.languages:
        constraints.append("language")
    constraints += [c for c in PREFERENCES if _wish(person, c).required and _stated(_wish(person, c))]
    if person.excluded_buddies:
        constraints.append("previous_buddy")
    alone = [c for c in constraints if not (pool & tables.hard_pass[c][row]).any()]
    if alone:
        return tuple(Blocker(c, wanted=_wanted(person, c)) for c in alone)
    fits = tables.feasible[row]
    if not fits.any():
        return (Blocker("combination", criteria=tuple(constraints)),)
    with_room = fits & (tables.capacity > 0)
    if not with_room.any():
        region = person.region
        wanted = tuple(sorted(region.values)) if region.required else ()
        return (Blocker("full", wanted=wanted, count=int(fits.sum())),)
    return (Blocker("taken", count=int(with_room.sum())),)


def _wanted(person: Person, criterion: str) -> tuple[str, ...]:
    if criterion == "language":
        return tuple(sorted(person.languages))
    if criterion == "previous_buddy":
        return ()
    wish = _wish(person, criterion)
    if isinstance(wish, AgeRange):
        return (str(wish.minimum or ""), str(wish.maximum or ""))
    return tuple(sorted(wish.values))


def propose(people: Sequence[Person], buddies: Sequence[Buddy], *, alternatives: int = ALTERNATIVES) -> Result:
    """Proposals for everyone waiting, the best alternatives for each, and why the rest wait."""
    if not people:
        return Result(proposals=(), unmatched=())
    tables = build_tables(people, buddies)
    pairs = _solve(tables) if buddies else []
    proposed = dict(pairs)
    proposals = tuple(
        Proposal(
            person_id=people[row].id,
            buddy_id=buddies[col].id,
            value=int(tables.value[row, col]),
            reasons=explain(people[row], buddies[col]),
        )
        for row, col in sorted(pairs)
    )
    unmatched = tuple(
        Unmatched(person_id=person.id, blockers=_blockers(tables, person, row))
        for row, person in enumerate(people)
        if row not in proposed
    )
    return Result(
        proposals=proposals,
        unmatched=unmatched,
        alternatives=_alternatives(tables, people, buddies, proposed, alternatives) if buddies else {},
    )


def _alternatives(
    tables: Tables,
    people: Sequence[Person],
    buddies: Sequence[Buddy],
    proposed: dict[int, int],
    limit: int,
) -> dict[int, tuple[Alternative, ...]]:
    if limit <= 0:
        return {}
    usable = tables.feasible & (tables.capacity > 0)[None, :]
    ranked = np.where(usable, tables.value, -1)
    for row, col in proposed.items():
        ranked[row, col] = -1
    taken = np.bincount(np.array(list(proposed.values()), dtype=np.int64), minlength=len(buddies))
    room_after = tables.capacity - taken > 0
    k = min(limit, ranked.shape[1])
    # Highest value first; ties by the buddy's position so the answer is stable.
    top = np.argsort(-ranked, axis=1, kind="stable")[:, :k]
    result: dict[int, tuple[Alternative, ...]] = {}
    for row, person in enumerate(people):
        options = tuple(
            Alternative(
                buddy_id=buddies[col].id,
                value=int(ranked[row, col]),
                reasons=explain(person, buddies[col]),
                room_after_proposals=bool(room_after[col]),
            )
            for col in top[row]
            if ranked[row, col] >= 0
        )
        if options:
            result[person.id] = options
    return result


def greedy(people: Sequence[Person], buddies: Sequence[Buddy]) -> list[tuple[int, int]]:
    """The baseline a coordinator would do by hand: longest waiting first, each gets the best
    buddy who is still free. (person_id, buddy_id) pairs."""
    if not people or not buddies:
        return []
    tables = build_tables(people, buddies)
    left = tables.capacity.copy()
    order = sorted(range(len(people)), key=lambda i: (-people[i].waiting_days, people[i].id))
    pairs = []
    for row in order:
        options = tables.feasible[row] & (left > 0)
        if not options.any():
            continue
        col = int(np.argmax(np.where(options, tables.value[row], -1)))
        left[col] -= 1
        pairs.append((people[row].id, buddies[col].id))
    return pairs


def total_value(pairs: Sequence[tuple[int, int]], people: Sequence[Person], buddies: Sequence[Buddy]) -> int:
    by_person = {p.id: p for p in people}
    by_buddy = {b.id: b for b in buddies}
    return sum(pair_value(by_person[p], by_buddy[b]) for p, b in pairs)
