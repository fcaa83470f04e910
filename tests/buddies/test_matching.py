"""The matching engine: hard constraints never broken (property-based), optimal against brute
force on small instances, every proposal explained, every leftover person given the right
blocking constraint. Pure Python: no database."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baken.buddies import synthetic
from baken.buddies.matching import (
    MATCH_POINTS,
    AgeRange,
    Buddy,
    Person,
    Preference,
    Result,
    build_tables,
    explain,
    greedy,
    hard_violations,
    pair_value,
    propose,
    total_value,
)

LANGS = ["nl", "en", "ar"]
GENDERS = ["woman", "man", "nonbinary"]
REGIONS = ["utrecht", "limburg", "groningen"]
MODES = ["in_person", "phone", "video", "chat"]
SLOTS = ["weekday_daytime", "weekday_evening", "weekend"]
BACKGROUNDS = ["lgbtiq", "migration", "faith"]
REPORTING = ["police_report", "report", "neither"]
SINGLE_CRITERIA = {
    "language",
    "gender",
    "age",
    "background",
    "reporting_experience",
    "region",
    "meeting_mode",
    "availability",
    "previous_buddy",
}


def preferences(values: list[str]) -> st.SearchStrategy[Preference]:
    return st.builds(Preference, values=st.frozensets(st.sampled_from(values), max_size=2), required=st.booleans())


age_ranges = st.builds(
    AgeRange,
    minimum=st.none() | st.integers(18, 55),
    maximum=st.none() | st.integers(30, 80),
    required=st.booleans(),
)


@st.composite
def instances(
    draw: st.DrawFn, max_people: int = 8, max_buddies: int = 5, max_capacity: int = 3
) -> tuple[list[Person], list[Buddy]]:
    n_buddies = draw(st.integers(0, max_buddies))
    buddy_ids = list(range(1, n_buddies + 1))
    buddies = [
        Buddy(
            id=j,
            trained=draw(st.booleans()) or draw(st.booleans()),
            active=draw(st.booleans()) or draw(st.booleans()),
            capacity_left=draw(st.integers(0, max_capacity)),
            languages=draw(st.frozensets(st.sampled_from(LANGS), min_size=1, max_size=2)),
            gender=draw(st.sampled_from([*GENDERS, ""])),
            age=draw(st.none() | st.integers(20, 75)),
            backgrounds=draw(st.frozensets(st.sampled_from(BACKGROUNDS), max_size=2)),
            reporting_experience=draw(st.sampled_from([*REPORTING, ""])),
            region=draw(st.sampled_from(REGIONS)),
            meeting_modes=draw(st.frozensets(st.sampled_from(MODES), max_size=3)),
            availability=draw(st.frozensets(st.sampled_from(SLOTS), max_size=3)),
            workshops=draw(st.frozensets(st.sampled_from(["legal", "communication"]), max_size=2)),
        )
        for j in buddy_ids
    ]
    n_people = draw(st.integers(0, max_people))
    people = [
        Person(
            id=100 + i,
            languages=draw(st.frozensets(st.sampled_from(LANGS), max_size=2)),
            gender=draw(preferences(GENDERS)),
            age=draw(age_ranges),
            background=draw(preferences(BACKGROUNDS)),
            reporting_experience=draw(preferences(REPORTING)),
            region=draw(preferences(REGIONS)),
            meeting_mode=draw(preferences(MODES)),
            availability=draw(preferences(SLOTS)),
            support=draw(
                st.frozensets(st.sampled_from(["find_professional", "weigh_reporting", "listening"]), max_size=2)
            ),
            waiting_days=draw(st.integers(0, 90)),
            excluded_buddies=draw(st.frozensets(st.sampled_from(buddy_ids), max_size=2)) if buddy_ids else frozenset(),
        )
        for i in range(n_people)
    ]
    return people, buddies


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(instances())
def test_matching_keeps_its_promises_on_random_instances(instance: tuple[list[Person], list[Buddy]]) -> None:
    """One random instance, three promises (checked together to keep the suite fast)."""
    people, buddies = instance
    result = propose(people, buddies)
    check_no_hard_constraint_or_capacity_broken(people, buddies, result)
    check_every_proposal_explained_and_every_leftover_blocked(people, buddies, result)
    check_blockers_name_the_constraint_that_really_blocks(people, buddies, result)


def check_no_hard_constraint_or_capacity_broken(people: list[Person], buddies: list[Buddy], result: Result) -> None:
    by_person = {p.id: p for p in people}
    by_buddy = {b.id: b for b in buddies}
    for proposal in result.proposals:
        assert hard_violations(by_person[proposal.person_id], by_buddy[proposal.buddy_id], ignore_capacity=True) == ()
    load = Counter(p.buddy_id for p in result.proposals)
    for buddy_id, count in load.items():
        assert count <= by_buddy[buddy_id].capacity_left
    # Everyone is either proposed once or listed as unmatched, never both.
    proposed = [p.person_id for p in result.proposals]
    assert len(proposed) == len(set(proposed))
    assert sorted(proposed + [u.person_id for u in result.unmatched]) == sorted(by_person)


def check_every_proposal_explained_and_every_leftover_blocked(
    people: list[Person], buddies: list[Buddy], result: Result
) -> None:
    by_person = {p.id: p for p in people}
    for proposal in result.proposals:
        criteria = {r.criterion for r in proposal.reasons}
        assert "room" in criteria
        if by_person[proposal.person_id].languages:
            assert "language" in criteria
        assert all(r.met for r in proposal.reasons if r.required)
        assert proposal.value == pair_value(
            by_person[proposal.person_id], next(b for b in buddies if b.id == proposal.buddy_id)
        )
    for leftover in result.unmatched:
        assert leftover.blockers


def check_blockers_name_the_constraint_that_really_blocks(
    people: list[Person], buddies: list[Buddy], result: Result
) -> None:
    pool = [b for b in buddies if b.trained and b.active]
    by_person = {p.id: p for p in people}
    load = Counter(p.buddy_id for p in result.proposals)
    for leftover in result.unmatched:
        person = by_person[leftover.person_id]
        fitting = [b for b in pool if not hard_violations(person, b, ignore_capacity=True)]
        for blocker in leftover.blockers:
            if blocker.code == "no_trained_buddy":
                assert not pool
            elif blocker.code in SINGLE_CRITERIA:
                # No trained, active buddy passes this one constraint.
                assert all(blocker.code in hard_violations(person, b, ignore_capacity=True) for b in pool)
            elif blocker.code == "combination":
                assert not fitting
                assert len(blocker.criteria) >= 2
            elif blocker.code == "full":
                assert fitting and all(b.capacity_left == 0 for b in fitting)
            elif blocker.code == "taken":
                # Buddies who fit had room, and the optimum filled every one of those places.
                with_room = [b for b in fitting if b.capacity_left > 0]
                assert with_room
                assert all(load[b.id] == b.capacity_left for b in with_room)
            else:
                pytest.fail(f"unknown blocker {blocker.code}")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_tables_follow_the_pair_rules(instance: tuple[list[Person], list[Buddy]]) -> None:
    people, buddies = instance
    if not people or not buddies:
        return
    tables = build_tables(people, buddies)
    for i, person in enumerate(people):
        for j, buddy in enumerate(buddies):
            assert tables.feasible[i, j] == (hard_violations(person, buddy, ignore_capacity=True) == ())
            assert tables.value[i, j] == pair_value(person, buddy)


def brute_force_best(people: list[Person], buddies: list[Buddy]) -> int:
    """Try every way to give each person one buddy or none, within capacities."""
    options = [[None, *[b for b in buddies if not hard_violations(p, b, ignore_capacity=True)]] for p in people]
    best = 0
    for choice in itertools.product(*options):
        load = Counter(b.id for b in choice if b is not None)
        if any(load[b.id] > b.capacity_left for b in buddies):
            continue
        best = max(best, sum(pair_value(p, b) for p, b in zip(people, choice, strict=True) if b is not None))
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_people=6, max_buddies=4, max_capacity=3))
def test_the_assignment_is_optimal_against_brute_force(instance: tuple[list[Person], list[Buddy]]) -> None:
    people, buddies = instance
    result = propose(people, buddies)
    best = brute_force_best(people, buddies)
    assert result.value == best
    assert total_value(greedy(people, buddies), people, buddies) <= best


@pytest.mark.parametrize("seed", range(5))
def test_optimal_on_seeded_random_small_instances(seed: int) -> None:
    people, buddies = synthetic.instance(6, 4, seed)
    # Make places scarce so choices matter.
    buddies = [Buddy(**{**{f: getattr(b, f) for f in b.__slots__}, "capacity_left": 1 + (b.id % 2)}) for b in buddies]
    assert propose(people, buddies).value == brute_force_best(people, buddies)


# --- examples a coordinator would recognise ---


def buddy(id: int, **fields: object) -> Buddy:
    defaults: dict[str, object] = {
        "trained": True,
        "active": True,
        "capacity_left": 1,
        "languages": frozenset({"nl"}),
        "gender": "woman",
        "age": 40,
        "region": "utrecht",
        "meeting_modes": frozenset({"in_person", "phone"}),
        "availability": frozenset({"weekend"}),
    }
    defaults.update(fields)
    return Buddy(id=id, **defaults)  # type: ignore[arg-type]


def person(id: int, **fields: object) -> Person:
    defaults: dict[str, object] = {"languages": frozenset({"nl"})}
    defaults.update(fields)
    return Person(id=id, **defaults)  # type: ignore[arg-type]


def test_everyone_at_once_beats_first_come_first_served() -> None:
    # Anna waited longest and slightly prefers X; Bo can only have X (Bo needs Arabic).
    anna = person(1, gender=Preference(frozenset({"man"})), waiting_days=60)
    bo = person(2, languages=frozenset({"ar"}))
    x = buddy(10, gender="man", languages=frozenset({"nl", "ar"}))
    y = buddy(11, gender="woman")
    result = propose([anna, bo], [x, y])
    assert {(p.person_id, p.buddy_id) for p in result.proposals} == {(1, 11), (2, 10)}
    greedy_pairs = greedy([anna, bo], [x, y])
    assert greedy_pairs == [(1, 10)]
    assert result.value > total_value(greedy_pairs, [anna, bo], [x, y])


def test_a_buddy_with_three_places_takes_three_people() -> None:
    people = [person(i) for i in range(1, 5)]
    result = propose(people, [buddy(10, capacity_left=3)])
    assert len(result.proposals) == 3
    assert {p.buddy_id for p in result.proposals} == {10}
    # The fourth person fits, and the buddy had room when matching began: "taken", not "full".
    assert [b.code for u in result.unmatched for b in u.blockers] == ["taken"]


def test_more_places_than_people_and_more_people_than_places() -> None:
    many_places = propose([person(1), person(2)], [buddy(10, capacity_left=3), buddy(11, capacity_left=3)])
    assert len(many_places.proposals) == 2
    many_people = propose([person(i) for i in range(1, 8)], [buddy(10, capacity_left=2)])
    assert len(many_people.proposals) == 2
    assert len(many_people.unmatched) == 5
    assert {b.code for u in many_people.unmatched for b in u.blockers} == {"taken"}


def test_explanation_says_which_preferences_matched() -> None:
    sam = person(
        1,
        gender=Preference(frozenset({"woman"})),
        region=Preference(frozenset({"utrecht"}), required=True),
        age=AgeRange(minimum=20, maximum=30),
        support=frozenset({"weigh_reporting"}),
        waiting_days=30,
    )
    ella = buddy(10, gender="woman", region="utrecht", age=41, workshops=frozenset({"legal"}))
    result = propose([sam], [ella])
    (proposal,) = result.proposals
    reasons = {r.criterion: r for r in proposal.reasons}
    assert reasons["gender"].met and not reasons["gender"].required and reasons["gender"].offered == ("woman",)
    assert reasons["region"].met and reasons["region"].required
    assert not reasons["age"].met and reasons["age"].wanted == ("20", "30") and reasons["age"].offered == ("41",)
    assert reasons["workshop"].met
    assert reasons["waiting"].offered == ("30",)
    # 100 for the match + 3 for gender + 1 for the legal workshop + 2 for 30 days waiting.
    assert proposal.value == MATCH_POINTS + 3 + 1 + 2


def test_no_trained_buddy_speaks_arabic() -> None:
    result = propose(
        [person(1, languages=frozenset({"ar"}))],
        [buddy(10), buddy(11, languages=frozenset({"ar"}), trained=False)],
    )
    (leftover,) = result.unmatched
    assert [(b.code, b.wanted) for b in leftover.blockers] == [("language", ("ar",))]


def test_all_buddies_in_the_required_region_are_full() -> None:
    result = propose(
        [person(1, region=Preference(frozenset({"limburg"}), required=True))],
        [buddy(10, region="limburg", capacity_left=0), buddy(11, region="utrecht", capacity_left=2)],
    )
    (leftover,) = result.unmatched
    assert [(b.code, b.wanted, b.count) for b in leftover.blockers] == [("full", ("limburg",), 1)]


def test_required_preferences_each_possible_but_not_together() -> None:
    result = propose(
        [
            person(
                1,
                gender=Preference(frozenset({"man"}), required=True),
                region=Preference(frozenset({"groningen"}), required=True),
            )
        ],
        [buddy(10, gender="man", region="utrecht"), buddy(11, gender="woman", region="groningen")],
    )
    (leftover,) = result.unmatched
    (blocker,) = leftover.blockers
    assert blocker.code == "combination"
    assert set(blocker.criteria) >= {"gender", "region"}


def test_required_gender_nobody_has_and_nice_to_have_is_never_blocking() -> None:
    result = propose(
        [
            person(1, gender=Preference(frozenset({"nonbinary"}), required=True)),
            person(2, gender=Preference(frozenset({"nonbinary"}), required=False)),
        ],
        [buddy(10, capacity_left=2)],
    )
    assert [p.person_id for p in result.proposals] == [2]
    assert [(b.code, b.wanted) for b in result.unmatched[0].blockers] == [("gender", ("nonbinary",))]


def test_a_previous_buddy_is_never_proposed_again() -> None:
    result = propose([person(1, excluded_buddies=frozenset({10}))], [buddy(10, capacity_left=3)])
    assert not result.proposals
    assert [b.code for b in result.unmatched[0].blockers] == ["previous_buddy"]


def test_paused_and_untrained_buddies_are_never_proposed() -> None:
    result = propose([person(1), person(2)], [buddy(10, active=False), buddy(11, trained=False)])
    assert not result.proposals
    assert {b.code for u in result.unmatched for b in u.blockers} == {"no_trained_buddy"}


def test_a_buddy_of_unknown_age_does_not_meet_a_required_age() -> None:
    sam = person(1, age=AgeRange(minimum=30, required=True))
    assert "age" in hard_violations(sam, buddy(10, age=None))
    assert hard_violations(sam, buddy(11, age=30)) == ()


def test_alternatives_are_ranked_and_flag_buddies_proposed_elsewhere() -> None:
    people = [person(1, gender=Preference(frozenset({"man"}))), person(2)]
    buddies = [buddy(10, gender="man"), buddy(11), buddy(12, gender="man", region="limburg")]
    result = propose(people, buddies)
    alternatives = result.alternatives[1]
    proposed_for_1 = next(p.buddy_id for p in result.proposals if p.person_id == 1)
    assert proposed_for_1 not in [a.buddy_id for a in alternatives]
    assert [a.value for a in alternatives] == sorted((a.value for a in alternatives), reverse=True)
    proposed_ids = {p.buddy_id for p in result.proposals}
    for alternative in alternatives:
        assert alternative.room_after_proposals == (alternative.buddy_id not in proposed_ids)
    assert all(r.criterion for a in alternatives for r in a.reasons)


def test_explain_lists_unmet_nice_to_haves() -> None:
    sam = person(1, meeting_mode=Preference(frozenset({"video"})))
    reasons = {r.criterion: r for r in explain(sam, buddy(10))}
    assert not reasons["meeting_mode"].met
    assert reasons["meeting_mode"].wanted == ("video",)


def test_a_large_random_instance_is_solved_better_than_greedy() -> None:
    people, buddies = synthetic.instance(300, 80, seed=3)
    result = propose(people, buddies)
    greedy_value = total_value(greedy(people, buddies), people, buddies)
    assert result.value >= greedy_value
    places = sum(b.capacity_left for b in buddies if b.trained and b.active)
    assert len(result.proposals) <= places
    assert all(p.reasons for p in result.proposals)


def test_synthetic_instances_are_reproducible() -> None:
    assert synthetic.instance(20, 5, 7) == synthetic.instance(20, 5, 7)
    assert synthetic.instance(20, 5, 7) != synthetic.instance(20, 5, 8)
    random.seed(0)  # the instance uses its own generator, not the global one
    assert synthetic.instance(20, 5, 7) == synthetic.instance(20, 5, 7)
