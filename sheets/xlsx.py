"""The .xlsx backend: changes only the cells it writes (sheets/ooxml does the work).

Reading goes through python-calamine, without openpyxl's object model. A save patches the
written cells into the XML of their tab and copies every other part of the package as it is,
so nothing a workbook holds is lost and nothing is refused for what it contains. The save is
safe: a temp file beside the workbook, one rename, one `.bak`; lock files of Excel and
LibreOffice and edits saved since the bot read the file stop it. The file keeps its permissions
and owner; a symlinked workbook is written through to its target. Only `init` making a workbook
from nothing uses openpyxl (sheets/xlsx_new.py).
"""

from __future__ import annotations

import contextlib
import os
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from python_calamine import CalamineError

from .base import CellValue, CellWrite, Changes, Grid, NewTable
from .errors import SheetChangedError, SheetError
from .guard import misses
from .ooxml import Book, Edit, Package, read_book, read_grid, write_package
from .ooxml.disk import (
    Stamp,
    check_no_lock_file,
    folder_lock,
    keep_identity,
    remove_stale_temps,
    replace,
    temp_name,
    write_error,
)
from .ooxml.files import check_file, damaged
from .ooxml.package import Chunks
from .ooxml.reader import error_xml, tab_alone
from .xlsx_new import new_workbook

KEEP_CELLS = 50_000  # tabs this small stay in memory between reads of one version of the file
_DAMAGED = (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, EOFError, CalamineError)


@dataclass
class _State:
    """One version of the file as read: its stamp, its workbook part, the tabs read so far."""

    stamp: Stamp
    book: Book
    grids: dict[str, Grid] = field(default_factory=dict)  # small tabs only
    held: dict[str, weakref.ref[Grid]] = field(default_factory=dict)  # big tabs, while in use
    filled: dict[str, bytes] = field(default_factory=dict)  # tab -> 1 per row showing a value


class _Rows(list[list[CellValue]]):
    """A big tab's rows as handed over: a list that the backend can refer to weakly."""

    __slots__ = ("__weakref__",)


class XlsxBackend:
    """A workbook file: read fast, saved by patching only what changes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._state: _State | None = None

    # -- the Backend interface ---------------------------------------------------------------

    def tabs(self) -> list[str]:
        """Names of the tabs in workbook order, hidden ones included."""
        return [t.name for t in self._loaded().book.tabs]

    def read(self, tab: str) -> Grid:
        """The tab's values: formulas' last results, dates as date/datetime, errors as text.
        A big tab's rows are handed over, not copied: they are not to be changed (a save checks
        its guards against them while the caller still holds them)."""
        state = self._loaded()
        if tab in state.grids:
            return [list(row) for row in state.grids[tab]]
        return self._grid(state, tab)

    def save(self, changes: Changes) -> None:
        """Apply new tabs, cell writes and appends, then replace the file in one rename."""
        if not changes:
            return
        state = self._loaded(reload=False)
        try:
            self._check_writable(state)
            self._check_guards(state, changes)
            self._save(state, changes)
        finally:
            self._forget()  # the next read sees the file as saved (or as it is, on failure)

    def create(self, table: NewTable) -> None:
        """Lay out a new table: a new workbook by openpyxl, or patched into an existing one."""
        self._forget()
        target = self._target()
        if not target.exists() and not self.path.is_symlink():
            new_workbook(target, table, self.location)
            return
        tabs = self.tabs()
        found = next((t for t in tabs if t.casefold() == table.tab.casefold()), None)
        if found is not None and any(any(not _blank(v) for v in row) for row in self.read(found)):
            raise SheetError("sheets.xlsx_tab_has_data", tab=table.tab, location=self.location)
        self.save(_table_changes(table, found, tabs))

    # -- reading ---------------------------------------------------------------------------

    def _target(self) -> Path:
        """The file itself: a symlink's target, so a save replaces that and not the link."""
        return Path(os.path.realpath(self.path))

    def _loaded(self, reload: bool = True) -> _State:
        """The file as read; read again when someone saved it since (if reload)."""
        if self._state is not None and reload and self._disk_stamp() != self._state.stamp:
            self._forget()
        if self._state is None:
            self._state = self._load()
        return self._state

    def _load(self) -> _State:
        """Read the workbook part (the values of a tab are read when it is asked for)."""
        target = self._target()
        check_file(target, self.location)
        try:
            with open(target, "rb") as fh:
                stamp = Stamp.of(os.fstat(fh.fileno()))
            package = Package(target)
            try:
                book = read_book(package)
            finally:
                package.close()
        except _DAMAGED as exc:
            raise self._damaged() from exc
        return _State(stamp, book)

    def _grid(self, state: _State, tab: str) -> Grid:
        """Read a tab's values; a small tab's are kept for this version of the file (a copy is
        returned), a big tab's are handed over whole (holding them twice costs memory)."""
        found = state.book.tab(tab)
        if found is None:
            names = ", ".join(f"«{t.name}»" for t in state.book.tabs)
            raise SheetError("xlsx.no_tab", tab=tab, path=self.location, tabs=names)
        if found.kind != "worksheet":
            raise SheetError("xlsx.not_a_table_tab", tab=tab, path=self.location)
        try:
            package = Package(self._target())
            try:
                errors = error_xml(package, found.part)
            finally:
                package.close()
            grid = read_grid(self._target(), found.name, errors,
                             lambda: self._alone(state.book, found.part))
        except _DAMAGED as exc:
            raise self._damaged() from exc
        state.filled[tab] = bytes(any(v is not None and v != "" for v in row) for row in grid)
        if sum(map(len, grid)) <= KEEP_CELLS:
            state.grids[tab] = grid
            return [list(row) for row in grid]
        rows = _Rows(grid)
        state.held[tab] = weakref.ref(rows)
        return rows

    def _as_read(self, state: _State, tab: str) -> Grid:
        """A tab's values in this version of the file: kept, still held by the caller that read
        them (a sync, a press: not read a second time for the guards), or read now."""
        if tab in state.grids:
            return state.grids[tab]
        ref = state.held.get(tab)
        held = ref() if ref is not None else None
        return held if held is not None else self._grid(state, tab)

    def _alone(self, book: Book, part: str) -> bytes:
        """A package holding one tab alone, for calamine to read when it refuses the file."""
        package = Package(self._target())
        try:
            return tab_alone(package, book, part)
        finally:
            package.close()

    def _filled(self, state: _State, tab: str) -> bytes:
        """Which rows of a tab show a value (to append after the last)."""
        if tab not in state.filled:
            self._grid(state, tab)
        return state.filled[tab]

    def _damaged(self) -> SheetError:
        """The error for a package that cannot be read, naming the backup when there is one."""
        return damaged(self._target(), self.location)

    def _forget(self) -> None:
        """Drop everything read, so the next call reads the file afresh."""
        self._state = None

    def _disk_stamp(self) -> Stamp | None:
        """The stamp of the file on disk now, None when it does not exist."""
        try:
            return Stamp.of(self._target().stat())
        except FileNotFoundError:
            return None

    # -- saving ----------------------------------------------------------------------------

    def _check_writable(self, state: _State) -> None:
        """Raise SheetBusyError when the file is open elsewhere (SheetChangedError when it
        changed since it was read)."""
        target = self._target()
        check_no_lock_file(target)
        if self.path.is_symlink():
            check_no_lock_file(self.path)
        if self._disk_stamp() != state.stamp:
            raise SheetChangedError("xlsx.changed_since_read", path=self.location)

    def _check_guards(self, state: _State, changes: Changes) -> None:
        """Raise SheetChangedError when rows to write no longer hold the IDs they were read with
        (the file being patched is not the version the changes were planned on)."""
        for tab, guard in changes.guards.items():
            if changes.cells.get(tab) and guard.ids and state.book.tab(tab) is not None:
                moved = misses(guard, self._as_read(state, tab))
                if moved:
                    raise SheetChangedError(
                        "xlsx.rows_moved", tab=tab, path=self.location, count=len(moved)
                    )

    def _save(self, state: _State, changes: Changes) -> None:
        """Work out the changed parts, write them into a temp file, and put it in place."""
        target = self._target()
        tmp = temp_name(target)
        with folder_lock(target):
            remove_stale_temps(target)
            try:
                if not self._write_temp(state, changes, tmp):
                    return
                keep_identity(tmp, target)
                self._check_writable(state)
                replace(tmp, target)
            except OSError as exc:
                raise write_error(self.path, exc) from exc
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()  # gone after the rename; on failure, never left behind

    def _write_temp(self, state: _State, changes: Changes, tmp: Path) -> bool:
        """Write the changed package into tmp; False when nothing in it would change."""
        try:
            package = Package(self._target())
        except _DAMAGED as exc:
            raise self._damaged() from exc
        try:
            edit = Edit(package, state.book, self.location, lambda tab: self._filled(state, tab))
            edit.apply(changes)
            changed, removed, added = edit.parts()
            if not removed and not added and all(
                _same(edit.original(part), chunks) for part, chunks in changed.items()
            ):
                return False
            with open(tmp, "xb") as fh:
                write_package(package, fh, changed, removed, added)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            package.close()
        return True


def _same(old: bytes, chunks: Chunks) -> bool:
    """Whether a part's new chunks spell exactly its old bytes (compared without joining)."""
    view = memoryview(old)
    pos = 0
    for chunk in chunks:
        size = len(chunk)
        if view[pos:pos + size] != chunk:
            return False
        pos += size
    return pos == len(old)


def _blank(value: CellValue) -> bool:
    """Whether a cell shows nothing."""
    return value is None or value == ""


def _table_changes(table: NewTable, found: str | None, tabs: list[str]) -> Changes:
    """The new table as changes to an existing workbook: its header, rows and extra tabs (the
    drop-downs and colours of a new workbook are not patched in)."""
    taken = {t.casefold() for t in tabs}
    new_tabs = {} if found is not None else {table.tab: list(table.headers)}
    new_tabs |= {tab: list(names) for tab, names in table.extra_tabs.items()
                 if tab.casefold() not in taken}
    writes = [CellWrite(r, c, value) for r, values in enumerate(table.rows, start=2)
              for c, value in enumerate(values, start=1) if not _blank(value)]
    if found is not None:
        header = [CellWrite(1, c, title) for c, title in enumerate(table.headers, start=1)]
        writes = header + writes
    return Changes(new_tabs=new_tabs, cells={found or table.tab: writes} if writes else {})
