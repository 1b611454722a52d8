"""The .xlsx backend that changes only the cells it writes (sheets/ooxml does the work).

Reading goes through python-calamine, without openpyxl's object model. A save patches the
written cells into the XML of their tab and copies every other part of the package as it is,
so nothing a workbook holds is lost and nothing is refused for what it contains. The save is
as safe as XlsxBackend's: a temp file beside the workbook, one rename, one `.bak`, lock files of
Excel and LibreOffice and edits saved since the bot read the file stop it. The file keeps its
permissions and owner; a symlinked workbook is written through to its target.
"""

from __future__ import annotations

import contextlib
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from python_calamine import CalamineError

from .base import Changes, Grid, NewTable
from .errors import SheetBusyError, SheetError
from .ooxml import Book, Edit, Package, read_book, read_grid, write_package
from .ooxml.files import backup_name, check_file
from .ooxml.package import Chunks
from .ooxml.reader import error_xml
from .xlsx import (
    XlsxBackend,
    _check_no_lock_file,
    _folder_lock,
    _remove_stale_temps,
    _replace,
    _Stamp,
    _write_error,
)

KEEP_CELLS = 50_000  # tabs this small stay in memory between reads of one version of the file
_DAMAGED = (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, EOFError, CalamineError)


@dataclass
class _State:
    """One version of the file as read: its stamp, its workbook part, the tabs read so far."""

    stamp: _Stamp
    book: Book
    grids: dict[str, Grid] = field(default_factory=dict)  # small tabs only
    filled: dict[str, bytes] = field(default_factory=dict)  # tab -> 1 per row showing a value


class PatchingXlsxBackend:
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
        """The tab's values: formulas' last results, dates as date/datetime, errors as text."""
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
            self._save(state, changes)
        finally:
            self._forget()  # the next read sees the file as saved (or as it is, on failure)

    def create(self, table: NewTable) -> None:
        """Lay out a new table: openpyxl makes the workbook (see XlsxBackend.create)."""
        self._forget()
        XlsxBackend(self._target()).create(table)

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
                stamp = _Stamp.of(os.fstat(fh.fileno()))
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
            grid = read_grid(self._target(), found.name, errors)
        except _DAMAGED as exc:
            raise self._damaged() from exc
        state.filled[tab] = bytes(any(v is not None and v != "" for v in row) for row in grid)
        if sum(map(len, grid)) <= KEEP_CELLS:
            state.grids[tab] = grid
            return [list(row) for row in grid]
        return grid

    def _filled(self, state: _State, tab: str) -> bytes:
        """Which rows of a tab show a value (to append after the last)."""
        if tab not in state.filled:
            self._grid(state, tab)
        return state.filled[tab]

    def _damaged(self) -> SheetError:
        """The error for a package that cannot be read, naming the backup when there is one."""
        target = self._target()
        backup = target.with_name(backup_name(target))
        if backup.exists():
            return SheetError("xlsx.not_a_workbook_backup", path=self.location,
                              backup=backup.name)
        return SheetError("xlsx.not_a_workbook", path=self.location)

    def _forget(self) -> None:
        """Drop everything read, so the next call reads the file afresh."""
        self._state = None

    def _disk_stamp(self) -> _Stamp | None:
        """The stamp of the file on disk now, None when it does not exist."""
        try:
            return _Stamp.of(self._target().stat())
        except FileNotFoundError:
            return None

    # -- saving ----------------------------------------------------------------------------

    def _check_writable(self, state: _State) -> None:
        """Raise SheetBusyError when the file is open elsewhere or changed since it was read."""
        target = self._target()
        _check_no_lock_file(target)
        if self.path.is_symlink():
            _check_no_lock_file(self.path)
        if self._disk_stamp() != state.stamp:
            raise SheetBusyError("xlsx.changed_since_read", path=self.location)

    def _save(self, state: _State, changes: Changes) -> None:
        """Work out the changed parts, write them into a temp file, and put it in place."""
        target = self._target()
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        with _folder_lock(target):
            _remove_stale_temps(target)
            try:
                if not self._write_temp(state, changes, tmp):
                    return
                _keep_identity(tmp, target)
                self._check_writable(state)
                _replace(tmp, target)
            except OSError as exc:
                raise _write_error(self.path, exc) from exc
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


def _keep_identity(tmp: Path, target: Path) -> None:
    """Give the new file the old one's permissions and, where allowed, its owner and group."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if not hasattr(os, "chown"):
        return
    for uid in (st.st_uid, -1):  # a file of another user keeps at least its group
        try:
            os.chown(tmp, uid, st.st_gid)
            return
        except OSError:
            continue
