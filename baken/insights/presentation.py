"""Words and pictures for the insights pages, the CSV files and the landscape report:
labels, hour ranges, heat maps and charts built from the pure results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baken.directory.vocabulary import Context, TargetGroup, Violence
from baken.insights import svg
from baken.insights.coverage import Combination, CoverageRow, week_holidays
from baken.insights.forms import ROLE_CHOICES, WEEKDAYS, language_label
from baken.insights.gaps import hour_ranges
from baken.insights.suppression import Cell, CellState, SuppressedTable


def weekday_name(day: int) -> str:
    return str(dict(WEEKDAYS)[day])


def short_weekday(day: int) -> str:
    return weekday_name(day)[:2]


def role_label(code: str) -> str:
    """Short names for staff and landscape readers (the help finder asks in the person's own
    words instead)."""
    return str(dict(ROLE_CHOICES).get(code, code))


def violence_label(code: str) -> str:
    return str(Violence(code).label)


def combination_label(combination: Combination) -> str:
    """E.g. "I am worried about my own behaviour · Violence at home · Arabic (ar)"."""
    parts = [role_label(combination.role), violence_label(combination.violence)]
    if combination.target_group:
        parts.append(str(TargetGroup(combination.target_group).label))
    if combination.context:
        parts.append(str(Context(combination.context).label))
    if combination.language:
        parts.append(language_label(combination.language))
    return " · ".join(parts)


def hour_label(index: int) -> str:
    day, hour = divmod(index, 24)
    return f"{weekday_name(day)} {hour:02d}:00-{hour + 1:02d}:00"


def ranges_label(indexes: Iterable[int]) -> str:
    """E.g. "Mo 00:00-09:00, 17:00-24:00; Tu 00:00-09:00"; a whole day is "Su all day"."""
    by_day: dict[int, list[str]] = {}
    for day, first, end in hour_ranges(indexes):
        text = _("all day") if (first, end) == (0, 24) else f"{first:02d}:00-{end:02d}:00"
        by_day.setdefault(day, []).append(text)
    return "; ".join(f"{short_weekday(day)} {', '.join(parts)}" for day, parts in by_day.items())


def date_label(day: date) -> str:
    return formats.date_format(day, "l j F Y")


def day_labels(week_start: date) -> list[str]:
    """Seven headings, Monday first, each naming a public holiday that falls on it."""
    holidays = dict(week_holidays(week_start, get_language()))
    labels = []
    for n in range(7):
        day = week_start + timedelta(days=n)
        text = formats.date_format(day, "l j F")
        if day in holidays:
            text += f" ({holidays[day]})"
        labels.append(text)
    return labels


def heat_legend() -> list[str]:
    return [
        _("nothing open (red hatching)"),
        _("only general services (grey dots)"),
        _("specific help: 1"),
        _("2-3"),
        _("4 or more"),
    ]


def heatmap_svg(
    *,
    ident: str,
    role: str,
    week_start: date,
    rows: dict[str, CoverageRow],  # violence code → row
    qualifier: str = "",
) -> SafeString:
    codes = list(rows)
    zero = sum(len(r.zero_hours) for r in rows.values())
    generic = sum(len(r.generic_only_hours) for r in rows.values())
    title = _("Open staffed services per hour for: %(role)s%(qualifier)s, week of %(date)s") % {
        "role": role_label(role),
        "qualifier": f" ({qualifier})" if qualifier else "",
        "date": date_label(week_start),
    }
    description = _(
        "A grid of %(rows)s violence types by the 168 hours of the week. Each cell gives the number of staffed "
        "channels open in that hour. Cells with nothing open: %(zero)s. Cells with only general services: "
        "%(generic)s. The table below the image gives every number."
    ) % {"rows": len(codes), "zero": zero, "generic": generic}
    cells = [[svg.HeatCell(r.counts[i], r.specific_counts[i]) for i in range(168)] for r in rows.values()]
    return svg.heatmap(
        ident=ident,
        title=title,
        description=description,
        row_labels=[violence_label(c) for c in codes],
        cells=cells,
        day_labels=day_labels(week_start),
        legend=heat_legend(),
    )


# --- Usage tables -------------------------------------------------------------------------


def cell_text(cell: Cell, threshold: int) -> str:
    if cell.state is CellState.SMALL:
        return f"< {threshold}"
    if cell.state is CellState.COMPLEMENT:
        return _("hidden")
    return str(cell.value)


@dataclass(frozen=True)
class UsageTableView:
    ident: str
    title: str
    row_heading: str
    table: SuppressedTable
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    column_heading: str = ""

    @property
    def text_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, [cell_text(c, self.table.threshold) for c in row])
            for label, row in zip(self.row_labels, self.table.cells, strict=True)
        ]

    def chart(self) -> SafeString:
        bars = [[svg.Bar(c.value, cell_text(c, self.table.threshold)) for c in row] for row in self.table.cells]
        hidden = sum(1 for row in self.table.cells for c in row if c.hidden)
        description = _(
            "Bars per %(columns)s for each of: %(rows)s. Each bar has its number above it. %(hidden)s cells are "
            "hidden because they hold fewer than %(threshold)s people, or could reveal such a cell. The table "
            "gives every number."
        ) % {
            "columns": self.column_heading,
            "rows": ", ".join(self.row_labels),
            "hidden": hidden,
            "threshold": self.table.threshold,
        }
        return svg.bar_rows(
            ident=self.ident,
            title=self.title,
            description=description,
            row_labels=self.row_labels,
            column_labels=self.column_labels,
            bars=bars,
        )
