"""Coverage of the help landscape, hour by hour (ADR 0060).

For a combination (role × violence type, optionally a language, a target group or a context)
and each of the 168 hours of a week, coverage is the number of staffed conversation channels
that the help finder would offer (its engine decides eligibility and fitting channels) and
that are open at half past that hour, Europe/Amsterdam time, holidays of that week included.

Each distinct opening-hours expression is evaluated once per hour of the week; the rules are
then applied once per combination and organisation. Pure Python on the directory snapshot,
no ORM.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from baken.directory import hours
from baken.directory.snapshot import ChannelData, OrganisationData
from baken.directory.vocabulary import Role, Violence
from baken.insights import engine_adapter as engine

HOURS_PER_WEEK = 168
# An hour counts as covered when a channel is open at half past: a line that opens at 08:30
# covers the hour from 08:00, one that closes at 17:00 does not cover 17:00-18:00.
SAMPLE_MINUTE = 30

# Which person-facts a target group stands for when the help finder is asked on its behalf.
# Groups without such a fact (e.g. migrants) only change which services count as specific.
TARGET_GROUP_PERSONA: dict[str, dict[str, object]] = {
    "youth": {"age": 15},
    "young_adults": {"age": 21},
    "elderly": {"age": 75},
    "women": {"gender": "woman"},
    "men": {"gender": "man"},
    "lgbtiq": {"lgbtiq": True},
    "physical_disability": {"disability": "physical"},
    "intellectual_disability": {"disability": "intellectual"},
    "athletes": {"context": "sport"},
    "culture_sector": {"context": "culture"},
}

VIOLENCE_TYPES = len(Violence.values)

# The target group that names each asking role; a victim is no group of its own.
ROLE_GROUP = {
    Role.PERPETRATOR: "perpetrators",
    Role.RELATIVE: "relatives",
    Role.BYSTANDER: "bystanders",
    Role.PROFESSIONAL: "professionals",
    Role.ACCUSED: "accused",
}


@dataclass(frozen=True, slots=True, order=True)
class Combination:
    role: str
    violence: str
    language: str | None = None
    target_group: str | None = None
    context: str | None = None

    def query(self, at: datetime) -> engine.Query:
        """The help finder's question for a person in this combination (no needs, not acute)."""
        person: dict[str, object] = dict(TARGET_GROUP_PERSONA.get(self.target_group or "", {}))
        if self.context:
            person["context"] = self.context
        if self.language:
            person["language"] = self.language
        return engine.Query(role=self.role, violence=(self.violence,), at=at, **person)  # type: ignore[arg-type]


def all_role_violence() -> tuple[Combination, ...]:
    """Every role × violence type: the full cube."""
    return tuple(Combination(role, violence) for role in Role.values for violence in Violence.values)


# --- Which services are general ------------------------------------------------------------


def is_general_service(org: OrganisationData) -> bool:
    """A general service has no specific focus: a general local entry (`local`, the report's
    "algemene lokale ingangen" such as the police, the GP and Veilig Thuis), or a service for
    everyone whose violence focus is empty or covers more than half of all violence types."""
    if org.local:
        return True
    names_a_group = bool(org.target_codes - {"everyone"})
    broad = not org.violence or len(org.violence) * 2 > VIOLENCE_TYPES
    return broad and not names_a_group


def is_specific(
    org: OrganisationData, channel: ChannelData, combination: Combination, *, general: bool | None = None
) -> bool:
    """Specific help for a combination: not a general service, and it names every group the
    combination names (the asking role, the target group, the context) and, when a language
    is asked for, the channel lists that language."""
    if is_general_service(org) if general is None else general:
        return False
    group = ROLE_GROUP.get(combination.role)  # type: ignore[call-overload]
    if group and group not in org.target_codes:
        return False
    if combination.target_group and combination.target_group not in org.target_codes:
        return False
    if combination.context and combination.context not in org.contexts:
        return False
    return not (combination.language and combination.language not in channel.languages)


# --- The hours of a week -------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def week_moments(week_of: date) -> tuple[datetime, ...]:
    """The 168 sampled moments of the week (Monday 00:30 first), local Amsterdam time.

    On the night the clocks go forward, 02:30 does not exist: that hour is sampled at 03:30
    (the same instant read with the winter offset). On the night they go back, the first
    02:30 (summer time) is sampled."""
    monday = week_start(week_of)
    return tuple(
        datetime.combine(monday + timedelta(days=day), time(hour, SAMPLE_MINUTE), tzinfo=hours.AMSTERDAM)
        .astimezone(UTC)
        .astimezone(hours.AMSTERDAM)
        for day in range(7)
        for hour in range(24)
    )


def week_holidays(week_of: date, language: str | None = None) -> tuple[tuple[date, str], ...]:
    monday = week_start(week_of)
    days = (monday + timedelta(days=n) for n in range(7))
    return tuple((day, name) for day in days if (name := hours.public_holiday(day, language)))


def hour_index(weekday: int, hour: int) -> int:
    return weekday * 24 + hour


class Week:
    """The sampled moments of one week, and each opening-hours expression evaluated once per
    moment (cached per expression)."""

    def __init__(self, week_of: date) -> None:
        self.start = week_start(week_of)
        self.moments = week_moments(week_of)
        self._open: dict[str | None, np.ndarray] = {None: np.zeros(HOURS_PER_WEEK, dtype=np.int32)}

    def open_vector(self, expression: str | None) -> np.ndarray:
        """1 where the expression is open at the sampled moment; unknown counts as closed."""
        vector = self._open.get(expression)
        if vector is None:
            vector = np.fromiter(
                (hours.is_open(expression, moment) is True for moment in self.moments),
                dtype=np.int32,
                count=HOURS_PER_WEEK,
            )
            self._open[expression] = vector
        return vector

    @property
    def expressions_evaluated(self) -> int:
        return len(self._open) - 1


# --- Coverage ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FittingChannel:
    org: OrganisationData
    channel: ChannelData
    specific: bool


def fitting(
    organisations: Iterable[OrganisationData], combination: Combination, at: datetime
) -> Iterator[FittingChannel]:
    """The staffed conversation channels the help finder would offer this combination, at any
    hour (opening hours are applied by the caller)."""
    query = combination.query(at)
    for org in organisations:
        if not engine.eligible(org, query):
            continue
        general = is_general_service(org)
        for channel in engine.fitting_channels(org, query):
            if channel.reachable_for_conversation:
                yield FittingChannel(org, channel, is_specific(org, channel, combination, general=general))


@dataclass(frozen=True, slots=True)
class Service:
    slug: str
    name: str
    specific: bool
    channels: tuple[str, ...] = ()  # channel types open in that hour


@dataclass(frozen=True, slots=True)
class HourCoverage:
    weekday: int  # Monday = 0
    hour: int
    moment: datetime
    count: int
    specific_count: int
    services: tuple[Service, ...] = ()

    @property
    def generic_only(self) -> bool:
        return self.count > 0 and self.specific_count == 0

    @property
    def without_specific(self) -> bool:
        return self.specific_count == 0


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One combination over the week: counts per hour (Monday 00:00-01:00 first)."""

    combination: Combination
    counts: tuple[int, ...]
    specific_counts: tuple[int, ...]
    specific_services: tuple[str, ...] = ()  # names of the specific services that fit (any hour)

    @property
    def zero_hours(self) -> tuple[int, ...]:
        return tuple(i for i, n in enumerate(self.counts) if n == 0)

    @property
    def generic_only_hours(self) -> tuple[int, ...]:
        return tuple(i for i, (n, s) in enumerate(zip(self.counts, self.specific_counts, strict=True)) if n and not s)

    @property
    def gap_hours(self) -> tuple[int, ...]:
        """Hours without specific help: nothing open, or only general services."""
        return tuple(i for i, s in enumerate(self.specific_counts) if s == 0)


@dataclass(frozen=True, slots=True)
class Coverage:
    """One combination over the week, with the services open in each hour."""

    combination: Combination
    week_start: date
    hours: tuple[HourCoverage, ...]
    holidays: tuple[tuple[date, str], ...] = ()

    @property
    def row(self) -> CoverageRow:
        return CoverageRow(
            self.combination, tuple(h.count for h in self.hours), tuple(h.specific_count for h in self.hours)
        )


def coverage_row(organisations: Sequence[OrganisationData], combination: Combination, week: Week) -> CoverageRow:
    """Counts per hour for one combination: every fitting channel's expression is counted,
    then multiplied by its open vector."""
    every: Counter[str | None] = Counter()
    specific: Counter[str | None] = Counter()
    specific_names: dict[str, None] = {}
    for item in fitting(organisations, combination, week.moments[0]):
        every[item.channel.opening_hours] += 1
        if item.specific:
            specific[item.channel.opening_hours] += 1
            specific_names[item.org.name] = None
    return CoverageRow(combination, _weighted(every, week), _weighted(specific, week), tuple(specific_names))


def _weighted(counter: Counter[str | None], week: Week) -> tuple[int, ...]:
    total = np.zeros(HOURS_PER_WEEK, dtype=np.int32)
    for expression, times in counter.items():
        total += times * week.open_vector(expression)
    return tuple(int(n) for n in total)


def cube(
    organisations: Sequence[OrganisationData],
    week_of: date,
    combinations: Iterable[Combination] | None = None,
    *,
    week: Week | None = None,
) -> dict[Combination, CoverageRow]:
    """Coverage rows for many combinations (by default every role × violence type)."""
    week = week or Week(week_of)
    return {
        combination: coverage_row(organisations, combination, week)
        for combination in (all_role_violence() if combinations is None else combinations)
    }


def coverage(
    organisations: Sequence[OrganisationData],
    combination: Combination,
    week_of: date,
    *,
    week: Week | None = None,
    language: str | None = None,
) -> Coverage:
    """One combination with, for each hour, the services open then (sorted by name)."""
    week = week or Week(week_of)
    items = list(fitting(organisations, combination, week.moments[0]))
    vectors = [week.open_vector(item.channel.opening_hours) for item in items]
    result = []
    for index, moment in enumerate(week.moments):
        open_items = [item for item, vector in zip(items, vectors, strict=True) if vector[index]]
        by_org: dict[str, list[FittingChannel]] = {}
        for item in open_items:
            by_org.setdefault(item.org.slug, []).append(item)
        services = tuple(
            sorted(
                (
                    Service(
                        slug=group[0].org.slug,
                        name=group[0].org.name,
                        specific=any(i.specific for i in group),
                        channels=tuple(dict.fromkeys(i.channel.type for i in group)),
                    )
                    for group in by_org.values()
                ),
                key=lambda s: (s.name.casefold(), s.slug),
            )
        )
        result.append(
            HourCoverage(
                weekday=index // 24,
                hour=index % 24,
                moment=moment,
                count=len(open_items),
                specific_count=sum(1 for i in open_items if i.specific),
                services=services,
            )
        )
    return Coverage(combination, week.start, tuple(result), week_holidays(week.start, language))


@dataclass(frozen=True, slots=True)
class ServiceFit:
    """A service that fits a combination, whether or not it is open in a given hour."""

    org: OrganisationData
    specific: bool
    channels: tuple[ChannelData, ...]


def fitting_services(
    organisations: Sequence[OrganisationData], combination: Combination, at: datetime
) -> list[ServiceFit]:
    """Every service that fits the combination (any hour), with its fitting staffed channels."""
    grouped: dict[str, list[FittingChannel]] = {}
    for item in fitting(organisations, combination, at):
        grouped.setdefault(item.org.slug, []).append(item)
    return sorted(
        (
            ServiceFit(org=g[0].org, specific=any(i.specific for i in g), channels=tuple(i.channel for i in g))
            for g in grouped.values()
        ),
        key=lambda s: s.org.name.casefold(),
    )


# --- What if -------------------------------------------------------------------------------


def without_service(organisations: Sequence[OrganisationData], slug: str) -> tuple[OrganisationData, ...]:
    """The directory as if that service were gone."""
    return tuple(org for org in organisations if org.slug != slug)


def with_hours(organisations: Sequence[OrganisationData], slug: str, expression: str) -> tuple[OrganisationData, ...]:
    """The directory as if every staffed conversation channel of that service kept these
    opening hours (raises hours.InvalidHours when the expression does not parse)."""
    hours.validate(expression)
    changed = []
    for org in organisations:
        if org.slug == slug:
            channels = tuple(
                dataclasses.replace(c, opening_hours=expression, hours_assumed=False)
                if c.reachable_for_conversation
                else c
                for c in org.channels
            )
            org = dataclasses.replace(org, channels=channels)
        changed.append(org)
    return tuple(changed)


def compare(
    before: dict[Combination, CoverageRow], after: dict[Combination, CoverageRow]
) -> dict[Combination, tuple[int, ...]]:
    """The hours whose count or specific count changed, per combination."""
    changes = {}
    for combination, old in before.items():
        new = after[combination]
        hours_changed = tuple(
            i
            for i in range(HOURS_PER_WEEK)
            if old.counts[i] != new.counts[i] or old.specific_counts[i] != new.specific_counts[i]
        )
        if hours_changed:
            changes[combination] = hours_changed
    return changes
