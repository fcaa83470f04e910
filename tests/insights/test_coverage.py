"""Coverage counts what the help finder would offer, hour by hour: checked against a
brute-force recount that calls the engine directly at each concrete moment."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, time, timedelta

import pytest

from baken.directory import hours
from baken.directory.vocabulary import Role, Violence
from baken.insights import coverage as cov
from baken.insights.gaps import gap_combinations
from baken.triage import engine
from tests.insights.conftest import KINGS_DAY_WEEK, PLAIN_WEEK, Orgs, synthetic


def brute_force(orgs: Orgs, combination: cov.Combination, moment: datetime) -> tuple[int, set[str]]:
    """Every organisation, every channel, the engine's own functions, one concrete moment."""
    query = combination.query(moment)
    count = 0
    open_services = set()
    for org in orgs:
        if not engine.eligible(org, query):
            continue
        for channel in engine.fitting_channels(org, query):
            if channel.reachable_for_conversation and engine.channel_open(channel, moment) is True:
                count += 1
                open_services.add(org.slug)
    return count, open_services


def moment_of(week_of: date, weekday: int, hour: int) -> datetime:
    day = cov.week_start(week_of) + timedelta(days=weekday)
    return datetime.combine(day, time(hour, cov.SAMPLE_MINUTE), tzinfo=hours.AMSTERDAM)


@pytest.mark.parametrize("week_of", [KINGS_DAY_WEEK, date(2026, 3, 23), date(2026, 10, 20), date(2026, 12, 24)])
def test_the_full_cube_equals_a_brute_force_recount_for_sampled_cells(organisations: Orgs, week_of: date) -> None:
    """Includes the weeks of the clock changes (29 March, 25 October 2026) and Christmas."""
    rows = cov.cube(organisations, week_of)
    assert len(rows) == len(Role.values) * len(Violence.values)
    sampler = random.Random(f"cube-{week_of}")
    cells = [(c, sampler.randrange(168)) for c in sampler.sample(list(rows), 30)]
    # Always sample the night of the clock change and a holiday morning.
    cells += [
        (cov.Combination("victim", "sexual_violence"), 6 * 24 + 2),
        (cov.Combination("victim", "domestic_violence"), 10),
    ]
    for combination, index in cells:
        expected, _services = brute_force(organisations, combination, moment_of(week_of, index // 24, index % 24))
        assert rows[combination].counts[index] == expected, (combination, index)


def test_coverage_with_language_group_and_context_equals_the_recount(organisations: Orgs) -> None:
    sampler = random.Random("dimensions")
    combinations = [c for c in gap_combinations(organisations) if c.language or c.target_group or c.context]
    for combination in sampler.sample(combinations, 12):
        result = cov.coverage(organisations, combination, KINGS_DAY_WEEK)
        for index in sampler.sample(range(168), 6):
            hour = result.hours[index]
            expected, services = brute_force(organisations, combination, hour.moment)
            assert hour.count == expected, (combination, index)
            assert {s.slug for s in hour.services} == services


def test_the_week_runs_monday_to_sunday_in_amsterdam_time(organisations: Orgs) -> None:
    result = cov.coverage(organisations, cov.Combination("victim", "sexual_violence"), date(2026, 4, 29))
    assert result.week_start == KINGS_DAY_WEEK
    assert len(result.hours) == 168
    assert [(h.weekday, h.hour) for h in result.hours[:2]] == [(0, 0), (0, 1)]
    assert (result.hours[-1].weekday, result.hours[-1].hour) == (6, 23)
    assert result.hours[25].moment == datetime(2026, 4, 28, 1, 30, tzinfo=hours.AMSTERDAM)


def test_kings_day_closes_what_is_closed_on_public_holidays(organisations: Orgs) -> None:
    combination = cov.Combination("victim", "domestic_violence")
    holiday = cov.coverage(organisations, combination, KINGS_DAY_WEEK)
    plain = cov.coverage(organisations, combination, PLAIN_WEEK)
    monday_10 = cov.hour_index(0, 10)
    closed_on_holidays = {"huisarts", "wijkteam"}  # both "PH off" in the dataset
    assert closed_on_holidays <= {s.slug for s in plain.hours[monday_10].services}
    assert closed_on_holidays.isdisjoint({s.slug for s in holiday.hours[monday_10].services})
    assert holiday.hours[monday_10].count < plain.hours[monday_10].count
    # The rest of the week is the same.
    assert [h.count for h in holiday.hours[24:]] == [h.count for h in plain.hours[24:]]
    assert [name for _day, name in holiday.holidays] == ["King's Day"]


def test_christmas_differs_from_an_ordinary_week(organisations: Orgs) -> None:
    combination = cov.Combination("victim", "domestic_violence")
    christmas = cov.coverage(organisations, combination, date(2026, 12, 25))
    plain = cov.coverage(organisations, combination, date(2026, 12, 11))
    friday_11 = cov.hour_index(4, 11)  # Friday 25 December 2026, Christmas Day
    assert christmas.hours[friday_11].count < plain.hours[friday_11].count
    assert christmas.hours[cov.hour_index(1, 11)].count == plain.hours[cov.hour_index(1, 11)].count
    assert len(christmas.holidays) == 2  # Christmas Day and Boxing Day


def test_each_opening_hours_expression_is_evaluated_once_per_hour(
    organisations: Orgs, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str | None, datetime]] = []
    real = hours.is_open

    def counting(expression: str | None, moment: datetime) -> bool | None:
        calls.append((expression, moment))
        return real(expression, moment)

    monkeypatch.setattr(cov.hours, "is_open", counting)
    cov.cube(organisations, KINGS_DAY_WEEK)
    expressions = {c.opening_hours for o in organisations for c in o.staffed_channels if c.opening_hours}
    assert len(calls) == len(set(calls))
    assert len(calls) <= len(expressions) * 168


def test_specific_counts_are_part_of_the_counts(organisations: Orgs) -> None:
    for row in cov.cube(organisations, KINGS_DAY_WEEK).values():
        assert all(0 <= s <= n for s, n in zip(row.specific_counts, row.counts, strict=True))


@pytest.mark.parametrize(
    ("slug", "general"),
    [
        ("politie", True),  # general local entry
        ("veilig-thuis", True),  # general local entry
        ("113-zelfmoordpreventie", True),  # no violence focus
        ("slachtofferhulp-nederland", True),  # everyone, nearly every violence type
        ("stop-it-now", False),  # perpetrators and relatives
        ("fier", False),
        ("stichting-de-schuilplaats", False),  # names its groups
    ],
)
def test_general_services_follow_from_the_data(organisations: Orgs, slug: str, general: bool) -> None:
    org = next(o for o in organisations if o.slug == slug)
    assert cov.is_general_service(org) is general


def test_a_general_service_becomes_specific_when_its_data_gets_a_focus(organisations: Orgs) -> None:
    org = next(o for o in organisations if o.slug == "slachtofferhulp-nederland")
    focused = dataclasses.replace(org, violence=frozenset({"domestic_violence"}))
    assert not cov.is_general_service(focused)


def test_what_if_a_service_is_removed(organisations: Orgs) -> None:
    combination = cov.Combination("perpetrator", "domestic_violence")
    before = cov.cube(organisations, KINGS_DAY_WEEK, [combination])[combination]
    after = cov.cube(cov.without_service(organisations, "veilig-thuis"), KINGS_DAY_WEEK, [combination])[combination]
    night = cov.hour_index(2, 3)
    assert after.counts[night] < before.counts[night]
    assert cov.without_service(organisations, "no-such-service") == organisations


def test_what_if_a_service_keeps_other_hours(organisations: Orgs) -> None:
    combination = cov.Combination("perpetrator", "domestic_violence")
    changed = cov.with_hours(organisations, "stop-it-now", "24/7")
    before = cov.cube(organisations, KINGS_DAY_WEEK, [combination])[combination]
    after = cov.cube(changed, KINGS_DAY_WEEK, [combination])[combination]
    sunday_night = cov.hour_index(6, 3)
    assert before.specific_counts[sunday_night] == 0
    assert after.specific_counts[sunday_night] > 0
    # Only the staffed conversation channels change; the email channel keeps its hours.
    stop = next(o for o in changed if o.slug == "stop-it-now")
    assert {c.opening_hours for c in stop.channels if c.reachable_for_conversation} == {"24/7"}
    assert any(c.opening_hours is None for c in stop.channels if not c.reachable_for_conversation)


def test_what_if_refuses_hours_that_do_not_parse(organisations: Orgs) -> None:
    with pytest.raises(hours.InvalidHours):
        cov.with_hours(organisations, "stop-it-now", "Mo-Fr 25:00-26:00 nonsense")


def test_a_synthetic_service_is_counted_in_every_hour_it_is_open(organisations: Orgs) -> None:
    # "PH" too: since issue 10, hours that say nothing about public holidays are unknown on
    # King's Day, and this week starts with it.
    extra = synthetic("nachtlijn", violence=("elder_abuse",), hours="Mo-Su,PH 22:00-06:00")
    combination = cov.Combination("victim", "elder_abuse")
    before = cov.cube(organisations, KINGS_DAY_WEEK, [combination])[combination]
    after = cov.cube((*organisations, extra), KINGS_DAY_WEEK, [combination])[combination]
    difference = [a - b for a, b in zip(after.counts, before.counts, strict=True)]
    assert difference == [1 if (i % 24 >= 22 or i % 24 < 6) else 0 for i in range(168)]
