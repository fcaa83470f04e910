"""Small-cell suppression for the usage counts (ADR 0061).

A cell with fewer people than the threshold is never shown: it reads "< 10". So that no
total (printed here, printed in another table, or known from elsewhere) can back out a
hidden cell, more cells are hidden (complementary suppression, smallest first) until no
hidden cell follows from the line totals. No table prints totals. Pure Python, no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

Coordinate = tuple[int, int]


class CellState(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # fewer people than the threshold
    COMPLEMENT = "complement"  # hidden so that a small cell next to it cannot be worked out


@dataclass(frozen=True, slots=True)
class Cell:
    state: CellState
    value: int | None  # None whenever the cell is hidden

    @property
    def hidden(self) -> bool:
        return self.state is not CellState.SHOWN


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """A table of counts after suppression: `cells[row][column]`."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    threshold: int

    @property
    def any_hidden(self) -> bool:
        return any(cell.hidden for row in self.cells for cell in row)

    def column(self, index: int) -> tuple[Cell, ...]:
        return tuple(row[index] for row in self.cells)


def suppress(
    counts: Sequence[Sequence[int]],
    threshold: int,
    *,
    protect_rows: bool = True,
    protect_columns: bool = True,
) -> tuple[tuple[Cell, ...], ...]:
    """Hide every count below `threshold`, then hide complementary cells until no hidden cell
    can be worked out from the totals of the protected lines (rows and/or columns with two or
    more cells), even when those totals are known from elsewhere."""
    height = len(counts)
    width = len(counts[0]) if height else 0
    if any(len(row) != width for row in counts):
        raise ValueError("every row needs the same number of cells")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts are never negative")
    state = [[CellState.SMALL if value < threshold else CellState.SHOWN for value in row] for row in counts]

    lines: list[list[Coordinate]] = []
    if protect_rows and width >= 2:
        lines += [[(r, c) for c in range(width)] for r in range(height)]
    if protect_columns and height >= 2:
        lines += [[(r, c) for r in range(height)] for c in range(width)]

    while True:
        _complete_lines(counts, state, lines)
        exposed = _determined_cell(state, lines)
        if exposed is None:
            break
        # A hidden cell could still be solved from the line totals (it bridges two groups of
        # hidden cells): hide the smallest visible cell that shares a line with it.
        sharing = [(r, c) for line in lines if exposed in line for r, c in line if state[r][c] is CellState.SHOWN]
        candidates = sharing or [(r, c) for r in range(height) for c in range(width) if state[r][c] is CellState.SHOWN]
        if not candidates:  # cannot happen: with every cell hidden, no cell is determined
            break
        r, c = min(candidates, key=lambda rc: (counts[rc[0]][rc[1]], rc))
        state[r][c] = CellState.COMPLEMENT

    return tuple(
        tuple(Cell(s, counts[r][c] if s is CellState.SHOWN else None) for c, s in enumerate(row))
        for r, row in enumerate(state)
    )


def _complete_lines(
    counts: Sequence[Sequence[int]], state: list[list[CellState]], lines: list[list[Coordinate]]
) -> None:
    """Hide complementary cells until no line holds exactly one hidden cell."""
    changed = True
    while changed:  # each pass hides at least one more cell, so this ends
        changed = False
        for line in lines:
            hidden = [rc for rc in line if state[rc[0]][rc[1]] is not CellState.SHOWN]
            if len(hidden) != 1:
                continue
            r, c = min(
                (rc for rc in line if state[rc[0]][rc[1]] is CellState.SHOWN),
                key=lambda rc: (counts[rc[0]][rc[1]], rc),
            )
            state[r][c] = CellState.COMPLEMENT
            changed = True


def _determined_cell(state: list[list[CellState]], lines: list[list[Coordinate]]) -> Coordinate | None:
    """A hidden cell whose value follows from the totals of the protected lines (each line's
    total minus its visible cells is known), or None. A cell is determined exactly when its
    unit vector lies in the row space of the lines' equations over the hidden cells."""
    hidden = [(r, c) for r, row in enumerate(state) for c, s in enumerate(row) if s is not CellState.SHOWN]
    if not hidden:
        return None
    position = {rc: k for k, rc in enumerate(hidden)}
    equations = []
    for line in lines:
        equation = np.zeros(len(hidden))
        for rc in line:
            if rc in position:
                equation[position[rc]] = 1
        if equation.any():
            equations.append(equation)
    if not equations:
        return None
    system = np.array(equations)
    rank = np.linalg.matrix_rank(system)
    for k, rc in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            return rc
    return None


def table(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    threshold: int,
    *,
    protect_rows: bool = True,
    protect_columns: bool = True,
) -> SuppressedTable:
    return SuppressedTable(
        rows=tuple(rows),
        columns=tuple(columns),
        cells=suppress(counts, threshold, protect_rows=protect_rows, protect_columns=protect_columns),
        threshold=threshold,
    )
