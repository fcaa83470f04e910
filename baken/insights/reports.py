"""What the insights pages, CSV files and the landscape report show, built from the pure
results (coverage, gaps, usage) with translated labels. One builder per table, so a page
and its CSV file always hold the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baken.directory.snapshot import OrganisationData
from baken.directory.vocabulary import Context, TargetGroup, Violence
from baken.insights import coverage as cov
from baken.insights import gaps as gaps_module
from baken.insights import presentation as p
from baken.insights import suppression, usage
from baken.insights.forms import CellForm, CoverageForm, WhatIfForm, language_label

Rows = list[list[Any]]


# --- Heat map ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatMap:
    role: str
    week_start: date
    rows: dict[str, cov.CoverageRow]  # violence code → row
    svg: SafeString
    day_labels: list[str]
    qualifier: str
    combinations: dict[str, cov.Combination]

    @property
    def days(self) -> list[dict[str, Any]]:
        """Per day: its label and, per violence type, 24 cells for the data table."""
        result = []
        for day in range(7):
            result.append(
                {
                    "weekday": day,
                    "label": self.day_labels[day],
                    "rows": [
                        {
                            "violence": code,
                            "label": p.violence_label(code),
                            "cells": [
                                {
                                    "hour": hour,
                                    "count": row.counts[day * 24 + hour],
                                    "specific": row.specific_counts[day * 24 + hour],
                                }
                                for hour in range(24)
                            ],
                        }
                        for code, row in self.rows.items()
                    ],
                }
            )
        return result


def _qualifier(combination: cov.Combination) -> str:
    parts = []
    if combination.target_group:
        parts.append(str(TargetGroup(combination.target_group).label))
    if combination.context:
        parts.append(str(Context(combination.context).label))
    if combination.language:
        parts.append(language_label(combination.language))
    return ", ".join(parts)


def heat_rows(
    organisations: Sequence[OrganisationData], form: CoverageForm, week: date
) -> tuple[dict[str, cov.Combination], dict[str, cov.CoverageRow]]:
    combinations = {v: form.combination(v) for v in Violence.values}
    rows = cov.cube(organisations, week, combinations.values())
    return combinations, {v: rows[c] for v, c in combinations.items()}


def heat_map(organisations: Sequence[OrganisationData], form: CoverageForm, week: date) -> HeatMap:
    combinations, rows = heat_rows(organisations, form, week)
    qualifier = _qualifier(next(iter(combinations.values())))
    return HeatMap(
        role=form.chosen_role(),
        week_start=week,
        rows=rows,
        svg=p.heatmap_svg(ident="heat", role=form.chosen_role(), week_start=week, rows=rows, qualifier=qualifier),
        day_labels=p.day_labels(week),
        qualifier=qualifier,
        combinations=combinations,
    )


def _combination_columns(c: cov.Combination) -> list[str]:
    return [c.role, c.violence, c.language or "", c.target_group or "", c.context or ""]


COMBINATION_HEADER = ["role", "violence", "language", "target_group", "context"]


def coverage_csv_rows(
    organisations: Sequence[OrganisationData], form: CoverageForm, week: date
) -> tuple[list[str], Rows]:
    shared = cov.Week(week)
    header = [*COMBINATION_HEADER, "date", "weekday", "hour", "count", "specific_count", "services"]
    rows: Rows = []
    for violence in Violence.values:
        combination = form.combination(violence)
        result = cov.coverage(organisations, combination, week, week=shared)
        for h in result.hours:
            rows.append(
                [
                    *_combination_columns(combination),
                    h.moment.date().isoformat(),
                    h.weekday,
                    h.hour,
                    h.count,
                    h.specific_count,
                    "; ".join(s.name for s in h.services),
                ]
            )
    return header, rows


# --- One cell ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosedService:
    name: str
    slug: str
    specific: bool
    next_open: datetime | None


@dataclass(frozen=True)
class CellDetail:
    combination: cov.Combination
    label: str
    hour: cov.HourCoverage
    when: str
    closed: list[ClosedService] = field(default_factory=list)


def cell_detail(organisations: Sequence[OrganisationData], form: CellForm) -> CellDetail:
    data = form.cleaned_data
    combination = form.combination(data["violence"])
    week = form.week()
    result = cov.coverage(organisations, combination, week)
    hour = result.hours[cov.hour_index(data["weekday"], data["hour"])]
    open_slugs = {s.slug for s in hour.services}
    closed = [
        ClosedService(
            name=fit.org.name,
            slug=fit.org.slug,
            specific=fit.specific,
            next_open=min((m for c in fit.channels if (m := c.next_open(hour.moment)) is not None), default=None),
        )
        for fit in cov.fitting_services(organisations, combination, hour.moment)
        if fit.org.slug not in open_slugs
    ]
    when = "{} {:02d}:00-{:02d}:00".format(formats.date_format(hour.moment.date(), "l j F Y"), hour.hour, hour.hour + 1)
    return CellDetail(combination, p.combination_label(combination), hour, when, closed)


def cell_csv_rows(detail: CellDetail) -> tuple[list[str], Rows]:
    header = [*COMBINATION_HEADER, "date", "hour", "slug", "name", "open", "specific", "channels", "next_open"]
    base = [*_combination_columns(detail.combination), detail.hour.moment.date().isoformat(), detail.hour.hour]
    rows: Rows = [
        [*base, s.slug, s.name, "yes", "yes" if s.specific else "no", " ".join(s.channels), ""]
        for s in detail.hour.services
    ]
    rows += [
        [*base, c.slug, c.name, "no", "yes" if c.specific else "no", "", c.next_open.isoformat() if c.next_open else ""]
        for c in detail.closed
    ]
    return header, rows


# --- Gap report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GapReportView:
    report: gaps_module.GapReport

    @property
    def week_label(self) -> str:
        return p.date_label(self.report.week_start)

    @property
    def holidays(self) -> list[str]:
        return [f"{p.date_label(d)}: {name}" for d, name in cov.week_holidays(self.report.week_start, get_language())]

    @property
    def night_gaps(self) -> list[dict[str, Any]]:
        return [
            {
                "role": p.role_label(g.role),
                "violence": [p.violence_label(v) for v in g.violence],
                "all": len(g.violence) == len(Violence.values),
            }
            for g in self.report.night_gaps
        ]

    @property
    def out_of_office(self) -> list[dict[str, Any]]:
        return [
            {"label": p.combination_label(c), "uncovered": n, "outside": total}
            for c, n, total in self.report.out_of_office
        ]

    @property
    def group_offers(self) -> list[dict[str, Any]]:
        return [
            {
                "label": str(TargetGroup(o.target_group).label),
                "code": o.target_group,
                "hours": o.best_specific_hours,
                "services": ", ".join(o.services),
            }
            for o in self.report.group_offers
        ]

    @property
    def languages_without_night_service(self) -> list[str]:
        return [language_label(n.language) for n in self.report.languages_without_night_service]

    @property
    def languages_checked(self) -> list[dict[str, Any]]:
        return [
            {"label": language_label(n.language), "uncovered": n.uncovered_night_hours, "night": n.night_hours}
            for n in self.report.languages_checked
        ]

    def gap_rows(self, dimension: str | None = None) -> list[dict[str, Any]]:
        return [
            {
                "dimension": g.dimension,
                "label": p.combination_label(g.combination),
                "combination": g.combination,
                "gap": len(g.gap_hours),
                "zero": len(g.zero_hours),
                "generic_only": len(g.generic_only_hours),
                "when": p.ranges_label(g.gap_hours),
                "specific_services": ", ".join(g.specific_services),
            }
            for g in self.report.gaps
            if dimension is None or g.dimension == dimension
        ]

    @property
    def by_dimension(self) -> list[dict[str, Any]]:
        names = {
            "role": _("Who is asking × violence type"),
            "target_group": _("Groups × violence type (for someone it happens to)"),
            "context": _("Where it happens × violence type (for someone it happens to)"),
            "language": _("Languages × violence type (for someone it happens to)"),
        }
        return [{"key": key, "title": title, "rows": self.gap_rows(key)} for key, title in names.items()]


def gap_report_view(organisations: Sequence[OrganisationData], week: date) -> GapReportView:
    return GapReportView(gaps_module.gap_report(organisations, week))


GAP_TABLES = ("gaps", "night", "out_of_office", "groups", "languages")


def gap_csv_rows(view: GapReportView, table: str) -> tuple[list[str], Rows]:
    report = view.report
    if table == "night":
        return ["role", "violence_without_specific_help_at_night"], [
            [g.role, " ".join(g.violence)] for g in report.night_gaps
        ]
    if table == "out_of_office":
        header = [*COMBINATION_HEADER, "hours_without_specific_help_outside_office_hours", "hours_outside_office_hours"]
        return header, [[*_combination_columns(c), n, total] for c, n, total in report.out_of_office]
    if table == "groups":
        return ["target_group", "best_specific_hours_per_week", "specific_services"], [
            [o.target_group, o.best_specific_hours, "; ".join(o.services)] for o in report.group_offers
        ]
    if table == "languages":
        return ["language", "night_hours_without_staffed_service", "night_hours"], [
            [n.language, n.uncovered_night_hours, n.night_hours] for n in report.languages_checked
        ]
    header = [
        "dimension",
        *COMBINATION_HEADER,
        "hours_without_specific_help",
        "hours_with_nothing_open",
        "hours_with_only_general_services",
        "when",
        "specific_services",
    ]
    rows: Rows = [
        [
            g.dimension,
            *_combination_columns(g.combination),
            len(g.gap_hours),
            len(g.zero_hours),
            len(g.generic_only_hours),
            p.ranges_label(g.gap_hours),
            "; ".join(g.specific_services),
        ]
        for g in report.gaps
    ]
    return header, rows


# --- What if -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    violence: str
    index: int
    before: int
    before_specific: int
    after: int
    after_specific: int

    @property
    def label(self) -> str:
        return p.violence_label(self.violence)

    @property
    def when(self) -> str:
        return p.hour_label(self.index)


@dataclass(frozen=True)
class WhatIfResult:
    service_name: str
    description: str
    heat_after: HeatMap
    changes: list[Change]

    @property
    def lost_hours(self) -> int:
        return sum(1 for c in self.changes if c.after == 0 and c.before > 0)


def what_if(organisations: Sequence[OrganisationData], form: WhatIfForm) -> WhatIfResult:
    data = form.cleaned_data
    slug = data["service"]
    name = next(o.name for o in organisations if o.slug == slug)
    if data["change"] == WhatIfForm.REMOVE:
        changed = cov.without_service(organisations, slug)
        description = _("%(name)s removed") % {"name": name}
    else:
        changed = cov.with_hours(organisations, slug, data["opening_hours"])
        description = _("%(name)s open %(hours)s") % {"name": name, "hours": data["opening_hours"]}
    week = form.week()
    _combos, before = heat_rows(organisations, form, week)
    after_map = heat_map(changed, form, week)
    changes = [
        Change(v, i, before[v].counts[i], before[v].specific_counts[i], row.counts[i], row.specific_counts[i])
        for v, row in after_map.rows.items()
        for i in range(cov.HOURS_PER_WEEK)
        if (before[v].counts[i], before[v].specific_counts[i]) != (row.counts[i], row.specific_counts[i])
    ]
    return WhatIfResult(name, description, after_map, changes)


def what_if_csv_rows(result: WhatIfResult) -> tuple[list[str], Rows]:
    header = ["violence", "weekday", "hour", "count_before", "specific_before", "count_after", "specific_after"]
    return header, [
        [c.violence, c.index // 24, c.index % 24, c.before, c.before_specific, c.after, c.after_specific]
        for c in result.changes
    ]


# --- Usage ---------------------------------------------------------------------------------


def usage_csv_rows(table: p.UsageTableView) -> tuple[list[str], Rows]:
    header = [table.row_heading, *table.column_labels]
    return header, [[label, *texts] for label, texts in table.text_rows]


@dataclass(frozen=True)
class Dimension:
    """A counter field with its codes and their labels, in display order."""

    field: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class UsageSummary:
    counters: tuple[usage.Counter, ...]
    months: tuple[date, ...]
    dimensions: dict[str, Dimension]  # role, phase, since_band, outcome, violence
    threshold: int
    violence_month: date | None = None

    @property
    def month_labels(self) -> tuple[str, ...]:
        return tuple(formats.date_format(m, "M Y") for m in self.months)

    @property
    def month_choices(self) -> list[tuple[str, str]]:
        return [(m.isoformat(), formats.date_format(m, "F Y")) for m in reversed(self.months)]

    def with_violence_month(self, month: str) -> UsageSummary:
        return replace(self, violence_month=date.fromisoformat(month))

    @property
    def chosen_month(self) -> date | None:
        return self.violence_month or (self.months[-1] if self.months else None)

    @property
    def chosen_month_label(self) -> str:
        return formats.date_format(self.chosen_month, "F Y") if self.chosen_month else ""

    def _over_time(self, ident: str, field: str, title: str, heading: str) -> p.UsageTableView:
        dim = self.dimensions[field]
        counts = usage.by_month(self.counters, field, dim.codes, self.months)
        return p.UsageTableView(
            ident=ident,
            title=title,
            row_heading=heading,
            table=suppression.table(
                dim.codes, [m.isoformat() for m in self.months], counts, self.threshold, protect_rows=False
            ),
            row_labels=dim.labels,
            column_labels=self.month_labels,
            column_heading=_("month"),
        )

    @property
    def tables(self) -> list[p.UsageTableView]:
        result = [
            self._over_time(
                "since",
                "since_band",
                _("When people come: time since the incident, per month"),
                _("Time since the incident"),
            ),
            self._over_time("roles", "role", _("Who is asking, per month"), _("Who is asking")),
            self._over_time("phases", "phase", _("Phase of looking for help, per month"), _("Phase")),
            self._over_time("outcomes", "outcome", _("What happened next, per month"), _("What happened next")),
        ]
        month = self.chosen_month
        if month is not None:
            bands = self.dimensions["since_band"]
            violence = self.dimensions["violence"]
            counts = usage.violence_by_since(self.counters, month, violence.codes, bands.codes)
            result.insert(
                1,
                p.UsageTableView(
                    ident="since_violence",
                    title=_("When people come, per violence type, %(month)s") % {"month": self.chosen_month_label},
                    row_heading=_("Violence type"),
                    table=suppression.table(violence.codes, bands.codes, counts, self.threshold),
                    row_labels=violence.labels,
                    column_labels=bands.labels,
                    column_heading=_("time since the incident"),
                ),
            )
        return result


# --- Age of the listings -------------------------------------------------------------------


@dataclass(frozen=True)
class ListingAge:
    """How many listings are overdue for a check (directory/freshness.py) and which."""

    total: int
    overdue: tuple[OrganisationData, ...]
    with_alert: int

    @property
    def current(self) -> int:
        return self.total - len(self.overdue)


def listing_age(organisations: Sequence[OrganisationData], today: date) -> ListingAge:
    overdue = tuple(sorted((o for o in organisations if o.stale_on(today)), key=lambda o: o.name.casefold()))
    return ListingAge(
        total=len(organisations),
        overdue=overdue,
        with_alert=sum(1 for o in organisations if o.alert_on(today) is not None),
    )
