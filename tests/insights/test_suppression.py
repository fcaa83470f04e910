"""Suppression never shows a cell under the threshold, and no hidden cell can be worked out
from the line totals (ADR 0061). Property-based over random tables."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baken.insights import reports, suppression, usage
from baken.insights.exports import csv_text
from baken.insights.reports import Dimension, UsageSummary
from baken.insights.suppression import CellState

tables = st.integers(min_value=1, max_value=7).flatmap(
    lambda height: st.integers(min_value=1, max_value=9).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(min_value=0, max_value=40), min_size=width, max_size=width),
            min_size=height,
            max_size=height,
        )
    )
)
thresholds = st.integers(min_value=1, max_value=20)


def _connected_without(edges: set[tuple[int, int]], removed: tuple[int, int]) -> bool:
    """Whether row r and column c of `removed` stay connected through the other hidden cells
    (rows and columns as the two sides of a graph, hidden cells as its edges)."""
    start, goal = ("r", removed[0]), ("c", removed[1])
    seen = {start}
    frontier = [start]
    while frontier:
        side, index = frontier.pop()
        for r, c in edges:
            if (r, c) == removed:
                continue
            if side == "r" and r == index:
                nxt = ("c", c)
            elif side == "c" and c == index:
                nxt = ("r", r)
            else:
                continue
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return goal in seen


def _exposed(cells: tuple[tuple[suppression.Cell, ...], ...], *, rows: bool, columns: bool) -> list[tuple[int, int]]:
    """Hidden cells an attacker could solve from the line totals (independent of the module's
    own linear algebra): with row and column totals, a hidden cell is solvable exactly when
    it lies on no cycle of hidden cells; with column totals only, when it is alone in its column."""
    height, width = len(cells), len(cells[0])
    hidden = {(r, c) for r in range(height) for c in range(width) if cells[r][c].hidden}
    exposed = []
    for r, c in hidden:
        if rows and columns and height >= 2 and width >= 2:
            if not _connected_without(hidden, (r, c)):
                exposed.append((r, c))
        elif columns and height >= 2:
            if sum(1 for rr in range(height) if (rr, c) in hidden) == 1:
                exposed.append((r, c))
        elif rows and width >= 2 and sum(1 for cc in range(width) if (r, cc) in hidden) == 1:
            exposed.append((r, c))
    return exposed


@settings(max_examples=300, deadline=None)
@given(counts=tables, threshold=thresholds, rows=st.booleans(), columns=st.booleans())
def test_no_small_cell_is_shown_and_no_hidden_cell_can_be_worked_out(
    counts: list[list[int]], threshold: int, rows: bool, columns: bool
) -> None:
    cells = suppression.suppress(counts, threshold, protect_rows=rows, protect_columns=columns)
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if counts[r][c] < threshold:
                assert cell.state is CellState.SMALL and cell.value is None
            elif cell.state is CellState.SHOWN:
                assert cell.value == counts[r][c]
            else:
                assert cell.state is CellState.COMPLEMENT and cell.value is None
    assert _exposed(cells, rows=rows, columns=columns) == []


def test_a_single_small_cell_takes_the_smallest_neighbour_with_it() -> None:
    cells = suppression.suppress([[3, 40, 12], [50, 60, 70]], 10, protect_rows=False, protect_columns=True)
    states = [[c.state for c in row] for row in cells]
    # Column 0 has one small cell: its other cell (50) is hidden too.
    assert states[0][0] is CellState.SMALL and states[1][0] is CellState.COMPLEMENT
    assert [c.value for c in cells[0][1:]] == [40, 12]


def test_a_table_without_small_cells_is_shown_whole() -> None:
    cells = suppression.suppress([[10, 11], [12, 13]], 10)
    assert all(c.state is CellState.SHOWN for row in cells for c in row)


counter_lists = st.lists(
    st.builds(
        usage.Counter,
        day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)),
        role=st.sampled_from(["victim", "perpetrator", "relative"]),
        violence=st.sampled_from(["", "domestic_violence", "domestic_violence,sexual_violence", "sexual_violence"]),
        phase=st.sampled_from(["recognising", "informing", "seeking_help"]),
        since_band=st.sampled_from(["under_7_days", "under_3_months", "ongoing"]),
        outcome=st.sampled_from(["results_shown", "handover_started"]),
        count=st.integers(min_value=1, max_value=9),
    ),
    max_size=60,
)

DIMENSIONS = {
    "role": Dimension("role", ("victim", "perpetrator", "relative"), ("V", "P", "R")),
    "violence": Dimension("violence", ("domestic_violence", "sexual_violence"), ("DV", "SV")),
    "phase": Dimension("phase", ("recognising", "informing", "seeking_help"), ("1", "2", "3")),
    "since_band": Dimension("since_band", ("under_7_days", "under_3_months", "ongoing"), ("a", "b", "c")),
    "outcome": Dimension("outcome", ("results_shown", "handover_started"), ("x", "y")),
}


@pytest.mark.parametrize("threshold", [5, 10])
@settings(max_examples=60, deadline=None)
@given(counters=counter_lists)
def test_no_csv_file_or_table_text_shows_a_number_under_the_threshold(
    counters: list[usage.Counter], threshold: int
) -> None:
    months = (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    summary = UsageSummary(tuple(counters), months, DIMENSIONS, threshold)
    for month in months:
        for table in summary.with_violence_month(month.isoformat()).tables:
            header, rows = reports.usage_csv_rows(table)
            parsed = list(csv.reader(io.StringIO(csv_text(header, rows))))
            assert parsed[0] == [table.row_heading, *table.column_labels]
            for line in parsed[1:]:
                for text in line[1:]:
                    if text.isdigit():
                        assert int(text) >= threshold
                    else:
                        assert text in {f"< {threshold}", "hidden", "verborgen"}
            for _label, texts in table.text_rows:
                assert all(not t.isdigit() or int(t) >= threshold for t in texts)


def test_a_hidden_cell_between_two_blocks_of_hidden_cells_is_protected_too() -> None:
    """Every line holds two or more hidden cells, yet the cell joining the two blocks could be
    solved from the totals; one more cell must be hidden."""
    big = 50
    counts = [
        [1, 2, 3, big, big],
        [4, 5, big, big, big],
        [big, big, 6, 7, big],
        [big, big, 8, 9, big],
    ]
    cells = suppression.suppress(counts, 10)
    assert _exposed(cells, rows=True, columns=True) == []
    assert sum(1 for row in cells for c in row if c.state is CellState.COMPLEMENT) >= 1
