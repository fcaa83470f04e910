"""The gap report finds the report's own findings in the directory data, and they change
when the data changes (so they are computed, not written down)."""

from __future__ import annotations

import dataclasses

from baken.directory.vocabulary import Violence
from baken.insights import coverage as cov
from baken.insights import gaps
from tests.insights.conftest import KINGS_DAY_WEEK, PLAIN_WEEK, Orgs, synthetic

PERPETRATOR_DV = cov.Combination("perpetrator", "domestic_violence")
NIGHT = [i for i in range(168) if gaps.is_night(i)]
SUNDAY = list(range(6 * 24, 7 * 24))


def test_perpetrators_of_domestic_violence_have_no_specific_help_at_night_or_on_sunday(
    organisations: Orgs,
) -> None:
    report = gaps.gap_report(organisations, PLAIN_WEEK)
    row = report.rows[PERPETRATOR_DV]
    assert all(row.specific_counts[i] == 0 for i in NIGHT + SUNDAY)
    # General lines (the police, Veilig Thuis) are open then: coverage by general lines only.
    assert all(row.counts[i] > 0 for i in NIGHT)
    gap = next(g for g in report.gaps if g.combination == PERPETRATOR_DV)
    assert set(NIGHT + SUNDAY) <= set(gap.generic_only_hours)
    # Outside office hours, most hours have no specific help.
    uncovered, outside = next((n, total) for c, n, total in report.out_of_office if c == PERPETRATOR_DV)
    assert outside == 168 - 40
    assert uncovered >= 100
    night_roles = {g.role: set(g.violence) for g in report.night_gaps}
    assert night_roles["perpetrator"] == set(Violence.values)


def test_perpetrators_get_specific_night_help_when_the_data_has_it(organisations: Orgs) -> None:
    line = synthetic("plegerlijn-nacht", violence=("domestic_violence",), groups=("perpetrators",))
    report = gaps.gap_report((*organisations, line), PLAIN_WEEK, combinations=[PERPETRATOR_DV])
    assert report.gaps == ()
    assert "perpetrator" not in {g.role for g in report.night_gaps}
    # A general local entry with the same hours does not count as specific help.
    general = dataclasses.replace(line, local=True)
    report = gaps.gap_report((*organisations, general), PLAIN_WEEK, combinations=[PERPETRATOR_DV])
    assert "perpetrator" in {g.role for g in report.night_gaps}


def test_people_with_a_physical_disability_have_next_to_no_specific_offer(
    organisations: Orgs,
) -> None:
    report = gaps.gap_report(organisations, KINGS_DAY_WEEK)
    offers = {o.target_group: o for o in report.group_offers}
    physical = offers["physical_disability"]
    # At most a few office hours a week, for every violence type.
    assert physical.best_specific_hours <= 10
    assert physical.best_specific_hours < offers["intellectual_disability"].best_specific_hours
    for violence in Violence.values:
        row = report.rows[cov.Combination("victim", violence, target_group="physical_disability")]
        assert all(row.specific_counts[i] == 0 for i in NIGHT + SUNDAY + list(range(5 * 24, 6 * 24)))
        assert len(row.gap_hours) >= 158
    # Least specific help first.
    hours_in_order = [o.best_specific_hours for o in report.group_offers]
    assert hours_in_order == sorted(hours_in_order)


def test_a_specific_service_for_physical_disability_changes_the_finding(
    organisations: Orgs,
) -> None:
    service = synthetic("toegankelijk", violence=tuple(Violence.values), groups=("physical_disability",))
    report = gaps.gap_report((*organisations, service), KINGS_DAY_WEEK)
    offers = {o.target_group: o for o in report.group_offers}
    assert offers["physical_disability"].best_specific_hours == 168
    assert "Toegankelijk" in offers["physical_disability"].services


def test_no_staffed_service_speaks_another_language_at_night(organisations: Orgs) -> None:
    report = gaps.gap_report(organisations, PLAIN_WEEK)
    without = {n.language for n in report.languages_without_night_service}
    checked = {n.language for n in report.languages_checked}
    listed = {code for o in organisations for c in o.channels for code in c.languages} - {"nl"}
    assert checked == listed
    assert {"en", "ar", "tr", "pl"} <= without


def test_a_night_line_in_arabic_removes_arabic_from_the_finding(organisations: Orgs) -> None:
    line = synthetic("nachtlijn-arabisch", violence=("domestic_violence",), languages=("nl", "ar"))
    report = gaps.gap_report((*organisations, line), PLAIN_WEEK)
    without = {n.language for n in report.languages_without_night_service}
    assert "ar" not in without
    assert "tr" in without


def test_gaps_are_sorted_by_hours_without_specific_help(organisations: Orgs) -> None:
    report = gaps.gap_report(organisations, PLAIN_WEEK)
    keys = [(len(g.gap_hours), len(g.zero_hours)) for g in report.gaps]
    assert keys == sorted(keys, reverse=True)
    assert all(g.gap_hours for g in report.gaps)
    for g in report.gaps[:20]:
        assert set(g.zero_hours) <= set(g.gap_hours)
        assert len(g.zero_hours) + len(g.generic_only_hours) == len(g.gap_hours)
    dimensions = {g.dimension for g in report.gaps}
    assert dimensions == {"role", "target_group", "context", "language"}


def test_hour_ranges_join_consecutive_hours_within_a_day() -> None:
    assert gaps.hour_ranges([0, 1, 2, 17, 18, 23, 24, 25]) == ((0, 0, 3), (0, 17, 19), (0, 23, 24), (1, 0, 2))
    assert gaps.hour_ranges(range(24)) == ((0, 0, 24),)
