"""The gap report: which combinations go without specific help, and when (ADR 0060).

A gap hour is an hour of the week without specific help for a combination: nothing is open,
or only general services are (see `coverage.is_general_service`). The findings below are
computed from the directory; none of them is written down in advance. Pure Python, no ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from baken.directory.snapshot import OrganisationData
from baken.directory.vocabulary import Role, TargetGroup, Violence
from baken.insights.coverage import (
    HOURS_PER_WEEK,
    Combination,
    CoverageRow,
    Week,
    all_role_violence,
    cube,
    week_holidays,
)

# Night: 23:00 to 07:00 (hours 23, 0, 1, ... 6 of every day).
NIGHT_HOURS = frozenset({23, 0, 1, 2, 3, 4, 5, 6})
# Office hours: Monday to Friday, 09:00 to 17:00, when the day is no public holiday.
OFFICE_HOURS = range(9, 17)
# Target groups that stand for an asking role are the role dimension; "everyone" is no group.
GROUPS_THAT_ARE_ROLES = frozenset({"everyone", "perpetrators", "relatives", "bystanders", "professionals", "accused"})


def is_night(index: int) -> bool:
    return index % 24 in NIGHT_HOURS


def office_hour_indexes(week: Week, holidays: Iterable[date]) -> frozenset[int]:
    holiday_set = set(holidays)
    return frozenset(
        index
        for index, moment in enumerate(week.moments)
        if moment.weekday() < 5 and moment.hour in OFFICE_HOURS and moment.date() not in holiday_set
    )


def gap_combinations(organisations: Sequence[OrganisationData]) -> tuple[Combination, ...]:
    """Every role × violence type; and, for someone it happens to, every violence type with
    each target group, each context a service names, and each language other than Dutch a
    channel lists."""
    contexts = sorted({c for org in organisations for c in org.contexts})
    languages = sorted({code for org in organisations for ch in org.channels for code in ch.languages} - {"nl"})
    groups = [g for g in TargetGroup.values if g not in GROUPS_THAT_ARE_ROLES]
    victim = Role.VICTIM.value
    combinations = list(all_role_violence())
    for violence in Violence.values:
        combinations += [Combination(victim, violence, target_group=g) for g in groups]
        combinations += [Combination(victim, violence, context=c) for c in contexts]
        combinations += [Combination(victim, violence, language=lang) for lang in languages]
    return tuple(combinations)


def dimension(combination: Combination) -> str:
    if combination.language:
        return "language"
    if combination.target_group:
        return "target_group"
    if combination.context:
        return "context"
    return "role"


@dataclass(frozen=True, slots=True)
class Gap:
    combination: Combination
    gap_hours: tuple[int, ...]  # hour-of-week indexes without specific help
    zero_hours: tuple[int, ...]  # of which nothing at all is open
    specific_services: tuple[str, ...]  # names of the specific services that fit (any hour)

    @property
    def dimension(self) -> str:
        return dimension(self.combination)

    @property
    def generic_only_hours(self) -> tuple[int, ...]:
        zero = set(self.zero_hours)
        return tuple(i for i in self.gap_hours if i not in zero)


@dataclass(frozen=True, slots=True)
class GroupOffer:
    """How much specific help a target group has in the week, at best over violence types."""

    target_group: str
    best_specific_hours: int
    services: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NightGap:
    """A role for which these violence types have no specific help in any night hour."""

    role: str
    violence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LanguageNight:
    """A language with the night hours in which no staffed channel that lists it is open."""

    language: str
    uncovered_night_hours: int
    night_hours: int


@dataclass(frozen=True)
class GapReport:
    week_start: date
    gaps: tuple[Gap, ...]  # sorted: most hours without specific help first
    rows: dict[Combination, CoverageRow]
    night_gaps: tuple[NightGap, ...]
    out_of_office: tuple[tuple[Combination, int, int], ...]  # (combination, gap hours, all out-of-office hours)
    group_offers: tuple[GroupOffer, ...]  # least specific help first
    languages_without_night_service: tuple[LanguageNight, ...]
    languages_checked: tuple[LanguageNight, ...]


def gap_report(
    organisations: Sequence[OrganisationData],
    week_of: date,
    *,
    combinations: Sequence[Combination] | None = None,
) -> GapReport:
    week = Week(week_of)
    combinations = tuple(combinations) if combinations is not None else gap_combinations(organisations)
    rows = cube(organisations, week_of, combinations, week=week)
    specific_names = {c: row.specific_services for c, row in rows.items()}
    gaps = sorted(
        (Gap(c, row.gap_hours, row.zero_hours, specific_names[c]) for c, row in rows.items() if row.gap_hours),
        key=lambda g: (-len(g.gap_hours), -len(g.zero_hours), dimension(g.combination), g.combination),
    )

    languages = _language_nights(rows)
    office = office_hour_indexes(week, (day for day, _ in week_holidays(week.start)))
    return GapReport(
        week_start=week.start,
        gaps=tuple(gaps),
        rows=rows,
        night_gaps=_night_gaps(rows),
        out_of_office=_out_of_office(rows, office),
        group_offers=_group_offers(rows, specific_names),
        languages_without_night_service=tuple(n for n in languages if n.uncovered_night_hours == n.night_hours),
        languages_checked=languages,
    )


def _night_gaps(rows: dict[Combination, CoverageRow]) -> tuple[NightGap, ...]:
    by_role: dict[str, list[str]] = {}
    for combination, row in rows.items():
        if dimension(combination) != "role":
            continue
        if not any(row.specific_counts[i] for i in range(HOURS_PER_WEEK) if is_night(i)):
            by_role.setdefault(combination.role, []).append(combination.violence)
    ordered = sorted(by_role.items(), key=lambda kv: Role.values.index(kv[0]))
    return tuple(NightGap(role, tuple(violence)) for role, violence in ordered)


def _out_of_office(
    rows: dict[Combination, CoverageRow], office: frozenset[int]
) -> tuple[tuple[Combination, int, int], ...]:
    outside = [i for i in range(HOURS_PER_WEEK) if i not in office]
    result = []
    for combination, row in rows.items():
        if dimension(combination) != "role":
            continue
        uncovered = sum(1 for i in outside if row.specific_counts[i] == 0)
        result.append((combination, uncovered, len(outside)))
    return tuple(sorted(result, key=lambda r: (-r[1], r[0])))


def _group_offers(
    rows: dict[Combination, CoverageRow], specific_names: dict[Combination, tuple[str, ...]]
) -> tuple[GroupOffer, ...]:
    best: dict[str, int] = {}
    names: dict[str, dict[str, None]] = {}
    for combination, row in rows.items():
        group = combination.target_group
        if not group or combination.language or combination.context:
            continue
        hours_with_specific = sum(1 for n in row.specific_counts if n)
        best[group] = max(best.get(group, 0), hours_with_specific)
        names.setdefault(group, {}).update(dict.fromkeys(specific_names[combination]))
    return tuple(
        sorted(
            (GroupOffer(g, best[g], tuple(names[g])) for g in best),
            key=lambda o: (o.best_specific_hours, TargetGroup.values.index(o.target_group)),
        )
    )


def _language_nights(rows: dict[Combination, CoverageRow]) -> tuple[LanguageNight, ...]:
    night = [i for i in range(HOURS_PER_WEEK) if is_night(i)]
    covered: dict[str, set[int]] = {}
    for combination, row in rows.items():
        if not combination.language or combination.target_group or combination.context:
            continue
        hours_covered = covered.setdefault(combination.language, set())
        hours_covered.update(i for i in night if row.specific_counts[i])
    return tuple(
        sorted(
            (LanguageNight(lang, len(night) - len(c), len(night)) for lang, c in covered.items()),
            key=lambda n: (-n.uncovered_night_hours, n.language),
        )
    )


def hour_ranges(indexes: Iterable[int]) -> tuple[tuple[int, int, int], ...]:
    """Consecutive hour-of-week indexes as (weekday, first hour, end hour) runs within a day,
    e.g. (0, 17, 24) = Monday 17:00-24:00."""
    runs: list[tuple[int, int, int]] = []
    for index in sorted(set(indexes)):
        day, hour = divmod(index, 24)
        if runs and runs[-1][0] == day and runs[-1][2] == hour:
            runs[-1] = (day, runs[-1][1], hour + 1)
        else:
            runs.append((day, hour, hour + 1))
    return tuple(runs)
