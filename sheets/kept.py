"""One process's view of a sheet: tabs as last read, kept current by the process's own saves,
so that a burst of button presses costs Google a few reads a minute, not several per press.

The rule. A tab read less than `fresh_for` seconds ago (5) is answered from memory, with this
process's own writes and appends applied to it; older, it is read again. The log tabs (journal,
purchases: rows are only appended to them) are kept `logs_for` seconds (5 minutes): what a
person adds there by hand shows within that time, and everything this process appends shows at
once. A failed save forgets every tab (what landed is unknown); `refresh()` forgets them too. A
write is still checked against the sheet itself by the backend underneath (the ID guard), so a
kept grid can make a press wait or be refused, never land on another client.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from .base import Backend, CellValue, Changes, Grid, NewTable
from .values import norm

FRESH_FOR = 5.0  # seconds a tab is answered from memory
LOGS_FOR = 300.0  # seconds an append-only tab (journal, purchases) is


def _same(value: CellValue) -> CellValue:
    """A value as a read gives it back: unchanged (the default)."""
    return value


class KeptBackend:
    """A Backend over another one, answering recent reads from memory (see the module)."""

    def __init__(
        self,
        inner: Backend,
        *,
        logs: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
        fresh_for: float = FRESH_FOR,
        logs_for: float = LOGS_FOR,
        as_read: Callable[[CellValue], CellValue] = _same,
    ) -> None:
        self.inner = inner
        self.clock = clock
        self.fresh_for, self.logs_for = fresh_for, logs_for
        self.as_read = as_read
        self._logs = {norm(t) for t in logs}
        self._kept: dict[str, tuple[float, Grid]] = {}  # tab -> (when read, rows)

    @property
    def location(self) -> str:
        """The sheet's name as the backend underneath says it."""
        return self.inner.location

    @location.setter
    def location(self, value: str) -> None:
        self.inner.location = value

    def tabs(self) -> list[str]:
        """The tab names (the backend underneath keeps its own list)."""
        return self.inner.tabs()

    def read(self, tab: str) -> Grid:
        """The tab from memory while fresh enough, else from the sheet."""
        kept = self._kept.get(tab)
        limit = self.logs_for if norm(tab) in self._logs else self.fresh_for
        if kept is None or self.clock() - kept[0] >= limit:
            kept = (self.clock(), self.inner.read(tab))
            self._kept[tab] = kept
        return [list(row) for row in kept[1]]

    def save(self, changes: Changes) -> None:
        """Save through the backend underneath, then apply the changes to the kept tabs."""
        try:
            self.inner.save(changes)
        except BaseException:
            self._kept.clear()
            raise
        for tab, header in changes.new_tabs.items():
            self._kept[tab] = (self.clock(), [list(header)])
        for tab, writes in changes.cells.items():
            if tab in self._kept:
                grid = self._kept[tab][1]
                for w in writes:
                    grid.extend([] for _ in range(w.row - len(grid)))
                    row = grid[w.row - 1]
                    row.extend([None] * (w.col - len(row)))
                    row[w.col - 1] = self.as_read(w.value)
        for tab, rows in changes.appends.items():
            if tab in self._kept:
                grid = self._kept[tab][1]
                while grid and not any(v not in (None, "") for v in grid[-1]):
                    grid.pop()
                grid.extend([self.as_read(v) for v in r] for r in rows)

    def create(self, table: NewTable) -> None:
        """Lay out a new table; everything kept is forgotten."""
        self._kept.clear()
        self.inner.create(table)

    def refresh(self) -> None:
        """Forget every kept tab: the next reads go to the sheet."""
        self._kept.clear()
