"""Charts as server-rendered SVG: no script, no styles (presentation attributes only, so the
Content-Security-Policy holds). Each chart is one image with a title and a description;
the page shows the same numbers in a table. Nothing relies on colour alone: every cell
carries its number, and empty or general-only cells also carry a pattern."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TEXT = "#1a1a1a"
NONE_COLOUR = "#b3261e"  # red: nothing open (text, and light stripes behind it)
NONE_STRIPE = "#e9a39c"
GENERIC_FILL = "#ececec"
SPECIFIC_FILLS = ((1, "#d4e6f6", TEXT), (2, "#8bbce3", TEXT), (4, "#1f5f9e", "#ffffff"))  # (from count, fill, text)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _open_svg(width: int, height: int, ident: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="baken-chart" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{_e(FONT)}">',
        f'<title id="{ident}-title">{_e(title)}</title>',
        f'<desc id="{ident}-desc">{_e(description)}</desc>',
        "<defs>",
        f'<pattern id="{ident}-none" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{NONE_STRIPE}" '
        'stroke-width="1.5"/></pattern>',
        f'<pattern id="{ident}-generic" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{GENERIC_FILL}"/><circle cx="3" cy="3" r="0.8" fill="#8c8c8c"/></pattern>',
        "</defs>",
    ]


@dataclass(frozen=True, slots=True)
class HeatCell:
    count: int
    specific: int


def _kind(cell: HeatCell) -> int:
    """0 nothing open, 1 general services only, 2.. specific help (by how much)."""
    if cell.count == 0:
        return 0
    if cell.specific == 0:
        return 1
    kind = 2
    for offset, (start, _fill, _text) in enumerate(SPECIFIC_FILLS):
        if cell.specific >= start:
            kind = 2 + offset
    return kind


def _kinds(ident: str) -> list[tuple[str, str]]:
    """(fill, text colour) per kind."""
    return [
        (f"url(#{ident}-none)", NONE_COLOUR),
        (f"url(#{ident}-generic)", TEXT),
        *((fill, text) for _start, fill, text in SPECIFIC_FILLS),
    ]


def heatmap(
    *,
    ident: str,
    title: str,
    description: str,
    row_labels: Sequence[str],
    cells: Sequence[Sequence[HeatCell]],  # [row][hour of week], 168 per row
    day_labels: Sequence[str],  # 7 labels, Monday first (holidays already named in them)
    legend: Sequence[str],  # nothing open, general only, specific 1, 2-3, 4+
) -> SafeString:
    """A heat map: one panel per day, a row per label, a column per hour; each cell shows
    the number of open channels. Cells are `<use>` of one symbol per kind, to keep it small."""
    label_width, cell_w, cell_h, hour_row, day_row, gap = 330, 30, 20, 16, 22, 14
    panel_h = day_row + hour_row + cell_h * len(row_labels) + gap
    legend_h = 70
    width = label_width + 24 * cell_w + 10
    height = legend_h + 7 * panel_h
    kinds = _kinds(ident)
    out = _open_svg(width, height, ident, title, description)
    out.insert(
        -1,
        "".join(
            f'<symbol id="{ident}-k{k}" width="{cell_w}" height="{cell_h}"><rect width="{cell_w}" height="{cell_h}" '
            f'fill="{fill}" stroke="#ffffff"/></symbol>'
            for k, (fill, _text) in enumerate(kinds)
        ),
    )

    # Legend first, so a sighted reader meets it before the cells.
    samples = [HeatCell(0, 0), HeatCell(1, 0), HeatCell(1, 1), HeatCell(2, 2), HeatCell(4, 4)]
    x = 0
    for sample, text in zip(samples, legend, strict=True):
        kind = _kind(sample)
        out.append(
            f'<use href="#{ident}-k{kind}" x="{x}" y="8"/><text x="{x + cell_w // 2}" y="22" font-size="11" '
            f'text-anchor="middle" fill="{kinds[kind][1]}">{sample.count}</text>'
            f'<text x="{x + cell_w + 6}" y="22" font-size="12" fill="{TEXT}">{_e(text)}</text>'
        )
        x += cell_w + 18 + 7 * len(text)
        if x > width - 150:
            break

    for day in range(7):
        top = legend_h + day * panel_h
        out.append(
            f'<text x="0" y="{top + 15}" font-size="14" font-weight="700" fill="{TEXT}">{_e(day_labels[day])}</text>'
        )
        out.append('<g font-size="10" text-anchor="middle" fill="#4d4d4d">')
        out.extend(
            f'<text x="{label_width + hour * cell_w + cell_w // 2}" y="{top + day_row + 11}">{hour:02d}</text>'
            for hour in range(24)
        )
        out.append("</g>")
        for row, label in enumerate(row_labels):
            y = top + day_row + hour_row + row * cell_h
            out.append(
                f'<text x="{label_width - 6}" y="{y + 14}" font-size="11" text-anchor="end" fill="{TEXT}">'
                f"{_e(label)}</text>"
            )
            out.append('<g font-size="10" text-anchor="middle">')
            for hour in range(24):
                cell = cells[row][day * 24 + hour]
                kind = _kind(cell)
                x = label_width + hour * cell_w
                colour = f' fill="{kinds[kind][1]}"' if kinds[kind][1] != TEXT else ""
                out.append(
                    f'<use href="#{ident}-k{kind}" x="{x}" y="{y}"/><text x="{x + cell_w // 2}" y="{y + 14}"{colour}>'
                    f"{cell.count}</text>"
                )
            out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()


@dataclass(frozen=True, slots=True)
class Bar:
    value: int | None  # None when hidden
    text: str  # what the cell says: the number, "< 10" or "hidden"


def bar_rows(
    *,
    ident: str,
    title: str,
    description: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    bars: Sequence[Sequence[Bar]],  # [row][column]
) -> SafeString:
    """Small multiples: a band per row, a bar per column (e.g. per month) with its number
    written above it; a hidden cell is a hatched box with its text instead of a bar."""
    label_width, bar_w, step, band_h, top_pad, axis_h = 190, 24, 58, 70, 20, 28
    width = label_width + step * max(len(column_labels), 1) + 10
    height = top_pad + band_h * len(row_labels) + axis_h
    peak = max((b.value for row in bars for b in row if b.value is not None), default=0) or 1
    out = _open_svg(width, height, ident, title, description)
    for r, label in enumerate(row_labels):
        base = top_pad + (r + 1) * band_h - 8
        out.append(
            f'<text x="{label_width - 8}" y="{base - 4}" font-size="12" text-anchor="end" fill="{TEXT}">'
            f"{_e(label)}</text>"
        )
        out.append(
            f'<line x1="{label_width}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#6b6b6b" stroke-width="1"/>'
        )
        for c, bar in enumerate(bars[r]):
            x = label_width + c * step + (step - bar_w) / 2
            if bar.value is None:
                out.append(
                    f'<rect x="{x}" y="{base - 14}" width="{bar_w}" height="14" fill="url(#{ident}-none)" '
                    'stroke="#6b6b6b"/>'
                )
                y_text: float = base - 18
            else:
                bar_h = round((band_h - 30) * bar.value / peak, 1)
                out.append(f'<rect x="{x}" y="{base - bar_h}" width="{bar_w}" height="{bar_h}" fill="#1f5f9e"/>')
                y_text = base - bar_h - 4
            out.append(
                f'<text x="{x + bar_w / 2}" y="{y_text}" font-size="10" text-anchor="middle" fill="{TEXT}">'
                f"{_e(bar.text)}</text>"
            )
    for c, label in enumerate(column_labels):
        x = label_width + c * step + step / 2
        out.append(
            f'<text x="{x}" y="{height - 10}" font-size="10" text-anchor="middle" fill="#4d4d4d">{_e(label)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()
