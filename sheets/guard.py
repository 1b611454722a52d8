"""The exact check that a write lands on its own clients: the rows still hold the IDs read."""

from __future__ import annotations

from .base import CellWrite, Grid, Guard
from .values import cell_text


def id_key(value: object) -> str:
    """An ID cell as a guard compares it: its text, spaces cut, case folded; 17.0 reads "17".

    >>> id_key(17.0), id_key(" A-3 "), id_key(None)
    ('17', 'a-3', '')
    """
    return cell_text(value).strip().casefold()  # type: ignore[arg-type]


def misses(guard: Guard, grid: Grid, first: int = 1) -> list[int]:
    """The guarded rows that no longer hold their ID; `grid` starts at sheet row `first`."""
    out = []
    for row, want in sorted(guard.ids.items()):
        at = row - first
        cells = grid[at] if 0 <= at < len(grid) else []
        have = cells[guard.col - 1] if 0 < guard.col <= len(cells) else None
        if id_key(have) != id_key(want):
            out.append(row)
    return out


def put_back(
    seen: Grid, col: int, ids_now: dict[int, str], landed: list[CellWrite]
) -> tuple[list[CellWrite], int]:
    """Writes that undo cells landed on other clients: each such cell gets the value its
    client (found by ID in `seen`, the tab as read before the write) had; and the number of
    cells that cannot be put back (a row without an ID, or one the read did not have)."""
    where: dict[str, list[int]] = {}
    for at, cells in enumerate(seen, start=1):
        key = id_key(cells[col - 1] if col <= len(cells) else None)
        if key:
            where.setdefault(key, []).append(at)
    back, lost = [], 0
    for w in landed:
        rows = where.get(ids_now.get(w.row, ""), [])
        if len(rows) != 1:
            lost += 1
            continue
        cells = seen[rows[0] - 1]
        back.append(CellWrite(w.row, w.col, cells[w.col - 1] if w.col <= len(cells) else None))
    return back, lost
