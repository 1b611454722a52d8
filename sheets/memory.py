"""An in-memory backend: the real implementation used by tests that need no file or server."""

from __future__ import annotations

import copy

from .base import CellValue, Changes, Grid, NewTable
from .errors import SheetError


class MemoryBackend:
    """A workbook held in a dict of tab -> grid; counts saves and cells written, and keeps the
    number formats written with numbers (`formats`: tab -> (row, col) -> code)."""

    def __init__(self, tabs: dict[str, Grid] | None = None, location: str = "memory") -> None:
        self.location = location
        self.data: dict[str, Grid] = copy.deepcopy(tabs) if tabs else {}
        self.saves = 0
        self.cells_written = 0
        self.formats: dict[str, dict[tuple[int, int], str]] = {}

    def tabs(self) -> list[str]:
        """Names of the tabs, in insertion order."""
        return list(self.data)

    def read(self, tab: str) -> Grid:
        """A copy of the tab's rows."""
        if tab not in self.data:
            raise SheetError("sheets.memory_no_tab", tab=tab, location=self.location)
        return [list(r) for r in self.data[tab]]

    def save(self, changes: Changes) -> None:
        """Apply new tabs, cell writes and appends, in that order."""
        for tab, header in changes.new_tabs.items():
            self.data.setdefault(tab, [list(header)])
        for tab, writes in changes.cells.items():
            grid = self.data[tab]
            for w in writes:
                while len(grid) < w.row:
                    grid.append([])
                row = grid[w.row - 1]
                while len(row) < w.col:
                    row.append(None)
                row[w.col - 1] = w.value
                if w.fmt is not None:
                    self.formats.setdefault(tab, {})[(w.row, w.col)] = w.fmt
                self.cells_written += 1
        for tab, rows in changes.appends.items():
            grid = self.data[tab]
            while grid and not any(v not in (None, "") for v in grid[-1]):
                grid.pop()
            grid.extend(list(r) for r in rows)
        self.saves += 1

    def create(self, table: NewTable) -> None:
        """Put the headers and rows in a new clients tab, plus the extra tabs."""
        if any(any(v not in (None, "") for v in r) for r in self.data.get(table.tab, [])):
            raise SheetError("sheets.memory_tab_has_data", tab=table.tab)
        first: list[CellValue] = list(table.headers)
        self.data[table.tab] = [first] + [list(r) for r in table.rows]
        for tab, header in table.extra_tabs.items():
            self.data.setdefault(tab, [list(header)])
        if table.legend_tab and table.legend:
            self.data.setdefault(table.legend_tab, [list(r) for r in table.legend])
