"""The .xlsx backend: the client table in an Excel file, saved atomically and never lossily.

Long because: it works around openpyxl's object model (loss checks, cached formula results,
locks); issue 10 replaces it with a package patcher in small modules (sheets/ooxml).

openpyxl rewrites the whole package on save and silently drops what it does not model (shapes,
slicers, form controls, macros in an .xlsx, ...). So a save writes a temp file beside the
workbook, compares its package with the original part by part, and only then puts it in place
with one rename, keeping the previous version as `name.bak.xlsx`. A lock file of Excel or
LibreOffice, or edits a person saved after the bot read the file, stop the save with a
SheetBusyError; a loss stops it with a SheetUnsafeError. In both cases the file is untouched.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import math
import os
import posixpath
import re
import shutil
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
from openpyxl.cell._writer import _set_attributes, write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.formatting.rule import FormulaRule
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    to_excel,
)
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.properties import CalcProperties
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element, SubElement

from .base import CellValue, CellWrite, Changes, Grid, NewTable
from .errors import Phrase, SheetBusyError, SheetError, SheetUnsafeError
from .ooxml.cells import looks_like_input

try:  # POSIX only: serialises saves of bot processes that share a folder
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LIST_TAB = "Списки"  # hidden tab holding the drop-down values
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
FORMAT_ROWS = 5000  # drop-downs and row colours cover rows 2..5000
MAX_TEXT = 32767  # Excel's limit for one cell
HEADER_FILL = "DDEBF7"
SUFFIXES = (".xlsx", ".xlsm")
LOCK_WAIT_SECONDS = 10.0

Coord = tuple[int, int]
Results = dict[Coord, Any]
Touched = dict[str, set[int] | None]  # tab -> columns written, None: the whole tab
Ref = tuple[str, int | None, int | None]  # (tab, first column, last column); None: open
VOLATILE_REFS = ("INDIRECT(", "OFFSET(", "CELL(", "INFO(")


@dataclass(frozen=True)
class _Stamp:
    """What identifies one version of the file on disk."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> _Stamp:
        """The stamp of a stat result."""
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


class XlsxBackend:
    """A workbook file: loaded once, kept in memory, saved atomically after safety checks."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._wb: Workbook | None = None
        self._stamp: _Stamp | None = None
        self._results: dict[str, Results] = {}
        self._baseline: Counter[tuple[str, str]] | None = None
        self._refs: dict[str, list[Ref] | None] = {}  # formula text -> what it reads

    # -- the Backend interface ---------------------------------------------------------------

    def tabs(self) -> list[str]:
        """Names of the tabs in workbook order, hidden ones included."""
        return list(self._book().sheetnames)

    def read(self, tab: str) -> Grid:
        """The tab's values: computed values for formulas, dates as date/datetime."""
        ws = self._sheet(self._book(), tab)
        formulas = _formula_cells(ws)
        return _grid(ws, self._results_of(ws, formulas) if formulas else {})

    def save(self, changes: Changes) -> None:
        """Apply new tabs, cell writes and appends, then replace the file in one rename."""
        if not changes:
            return
        wb = self._book(reload=False)
        try:
            self._check_writable()
            shown = {tab: self._shown(wb, tab) for tab in changes.appends if tab in wb.sheetnames}
            touched = _apply(wb, changes, self.location, shown)
            self._commit(wb, touched)
        except BaseException:
            self._forget()  # the in-memory book may hold half-applied changes
            raise

    def create(self, table: NewTable) -> None:
        """Lay out the clients tab (and the extra tabs) in a new or existing workbook."""
        _check_suffix(self.path)
        wb = self._book() if self.path.exists() else _new_book(self.path, table.tab)
        if table.tab in wb.sheetnames and _has_data(wb[table.tab]):
            raise SheetError("sheets.xlsx_tab_has_data", tab=table.tab, location=self.location)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            touched = _lay_out(wb, table, self.location)
            self._check_writable()
            self._commit(wb, touched)
        except OSError as exc:
            self._forget()
            raise _write_error(self.path, exc) from exc
        except BaseException:
            self._forget()
            raise
        self._wb = wb

    # -- loading -------------------------------------------------------------------------

    def _book(self, reload: bool = True) -> Workbook:
        """The workbook in memory; reloaded when someone saved the file since (if reload)."""
        if self._wb is not None and reload and self._disk_stamp() != self._stamp:
            self._forget()
        if self._wb is None:
            self._wb, self._stamp = _load(self.path)
        return self._wb

    def _forget(self) -> None:
        """Drop everything loaded, so the next call reads the file afresh."""
        self._wb = None
        self._stamp = None
        self._results = {}
        self._baseline = None
        self._refs = {}

    def _disk_stamp(self) -> _Stamp | None:
        """The stamp of the file on disk now, None when it does not exist."""
        try:
            return _Stamp.of(self.path.stat())
        except FileNotFoundError:
            return None

    def _sheet(self, wb: Workbook, tab: str) -> Worksheet:
        """The worksheet called tab, or a SheetError listing the tabs that exist."""
        if tab not in wb.sheetnames:
            names = ", ".join(f"«{n}»" for n in wb.sheetnames)
            raise SheetError("sheets.xlsx_no_tab", location=self.location, tab=tab, tabs=names)
        ws = wb[tab]
        if not isinstance(ws, Worksheet):
            raise SheetError("sheets.xlsx_chart_tab", tab=tab, location=self.location)
        return ws

    def _shown(self, wb: Workbook, tab: str) -> Results:
        """Formula results of a tab (to tell a row of blank formulas from a filled row)."""
        ws = wb[tab]
        formulas = _formula_cells(ws) if isinstance(ws, Worksheet) else set()
        return self._results_of(ws, formulas) if formulas else {}

    def _results_of(self, ws: Worksheet, formulas: set[Coord]) -> Results:
        """Last computed values of the tab's formulas, read once from the file."""
        if ws.title not in self._results:
            self._results.update(_formula_results(self.path, {ws.title: formulas}))
        return self._results[ws.title]

    def _all_results(self, wb: Workbook) -> dict[str, Results]:
        """Computed values of every formula in the book, to write them back on save."""
        wanted = {
            ws.title: cells
            for ws in wb.worksheets
            if ws.title not in self._results and (cells := _formula_cells(ws))
        }
        if wanted and self._stamp is not None:
            self._results.update(_formula_results(self.path, wanted))
        return self._results

    def _fresh_results(self, wb: Workbook, touched: Touched) -> dict[str, Results]:
        """The formula results still true after this save: those not reading changed cells.

        A result kept in the file is what the bot and LibreOffice (which does not recalculate
        xlsx files on load) show; a dropped one is recomputed by Excel and LibreOffice.
        """
        results = self._all_results(wb)
        if not any(results.values()):
            return results
        stale = _stale_formulas(wb, touched, self._refs)
        return {
            title: {rc: v for rc, v in found.items() if (title, *rc) not in stale}
            for title, found in results.items()
        }

    # -- saving --------------------------------------------------------------------------

    def _check_writable(self) -> None:
        """Raise SheetBusyError when the file is open elsewhere or changed since it was read."""
        _check_no_lock_file(self.path)
        now = self._disk_stamp()
        if now == self._stamp:
            return
        self._forget()
        raise SheetBusyError("sheets.xlsx_changed", location=self.location)

    def _commit(self, wb: Workbook, touched: Touched) -> None:
        """Write wb to a temp file, check it loses nothing, and rename it over the file."""
        results = self._fresh_results(wb, touched)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        with _folder_lock(self.path):
            _remove_stale_temps(self.path)
            try:
                _write_book(wb, tmp, results)
                fresh = _inventory(tmp)
                if self._stamp is not None:
                    self._check_lossless(fresh)
                self._check_writable()
                _replace(tmp, self.path)
            except OSError as exc:
                raise _write_error(self.path, exc) from exc
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()  # gone after the rename; on failure, never left behind
        self._stamp = self._disk_stamp()
        self._baseline = fresh
        self._results = results

    def _check_lossless(self, fresh: Counter[tuple[str, str]]) -> None:
        """Raise SheetUnsafeError when the new package lacks something the old one had."""
        if self._baseline is None:
            self._baseline = _inventory(self.path)
        lost = _losses(self._baseline, fresh)
        if not lost:
            return
        raise SheetUnsafeError(
            "sheets.xlsx_unsafe", location=self.location, lost=_describe_losses(lost)
        )


# -- loading ---------------------------------------------------------------------------------


def _load(path: Path) -> tuple[Workbook, _Stamp]:
    """Load the workbook with formulas, macros of an .xlsm and rich text kept."""
    _check_suffix(path)
    try:
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it drops: we check
            stamp = _Stamp.of(os.fstat(fh.fileno()))
            wb = openpyxl.load_workbook(
                fh, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True, keep_links=True
            )
    except FileNotFoundError as exc:
        raise SheetError("sheets.xlsx_not_found", path=path) from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise SheetError("sheets.xlsx_cannot_open", path=path, reason=exc.strerror) from exc
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a valid xlsx"
        raise _not_xlsx(path, exc) from exc
    return wb, stamp


def _check_suffix(path: Path) -> None:
    """Refuse files openpyxl cannot keep: .xls, .ods, .csv, templates."""
    if path.suffix.lower() in SUFFIXES:
        return
    raise SheetError("sheets.xlsx_bad_suffix", path=path, suffix=path.suffix)


def _not_xlsx(path: Path, exc: BaseException) -> SheetError:
    """The error for a file that is not a readable xlsx package."""
    zipped = isinstance(exc, zipfile.BadZipFile)
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    detail = Phrase("sheets.xlsx_not_zip") if zipped else first
    return SheetError(
        "sheets.xlsx_unreadable", path=path, detail=detail, backup=_backup_path(path).name
    )


def _formula_cells(ws: Worksheet) -> set[Coord]:
    """Coordinates of the formula cells of a worksheet."""
    return {coord for coord, cell in ws._cells.items() if cell.data_type == "f"}


def _formula_results(path: Path, wanted: dict[str, set[Coord]]) -> dict[str, Results]:
    """The cached values of the wanted formula cells, scanned straight from the sheets' XML.

    A lean pass over the package (no cell objects) costs a fraction of a second data-only
    load of the workbook; unreadable parts read as empty results.
    """
    found: dict[str, Results] = {title: {} for title in wanted}
    try:
        with zipfile.ZipFile(path) as package:
            parts, epoch = _sheet_parts(package)
            dates = _date_styles(package)
            strings = _LazyStrings(package)
            for title, coords in wanted.items():
                if coords and title in parts:
                    found[title] = _scan_results(package.open(parts[title]), coords, dates,
                                                 strings, epoch)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ET.ParseError):
        return {title: {} for title in wanted}
    return found


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(package: zipfile.ZipFile) -> tuple[dict[str, str], datetime]:
    """Tab title -> its XML part in the package, and the workbook's date epoch."""
    book = ET.fromstring(package.read("xl/workbook.xml"))
    rels = ET.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        parts[sheet.get("name", "")] = part
    pr = book.find(f"{_MAIN}workbookPr")
    mac = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    return parts, (CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900)


def _date_styles(package: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    try:
        styles = ET.fromstring(package.read("xl/styles.xml"))
    except KeyError:
        return set()
    codes = dict(BUILTIN_FORMATS)
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        codes[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    xfs = styles.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs.findall(f"{_MAIN}xf"))
            if is_date_format(codes.get(int(xf.get("numFmtId", "0")), "") or "")}


class _LazyStrings:
    """The shared strings table, read only if a formula result refers to it."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        self.table: list[str] | None = None

    def __getitem__(self, index: int) -> str:
        if self.table is None:
            try:
                root = ET.fromstring(self.package.read("xl/sharedStrings.xml"))
            except KeyError:
                root = ET.Element("sst")
            self.table = ["".join(t.text or "" for t in si.iter(f"{_MAIN}t"))
                          for si in root.findall(f"{_MAIN}si")]
        return self.table[index]


def _scan_results(xml: Any, coords: set[Coord], dates: set[int], strings: _LazyStrings,
                  epoch: datetime) -> Results:
    """Cached values of formula cells in one sheet's XML stream."""
    found: Results = {}
    cell_tag, row_tag = f"{_MAIN}c", f"{_MAIN}row"
    f_tag, v_tag = f"{_MAIN}f", f"{_MAIN}v"
    for _, elem in ET.iterparse(xml, events=("end",)):
        if elem.tag == cell_tag:
            if elem.find(f_tag) is not None:
                ref = elem.get("r")
                text = elem.findtext(v_tag)
                if ref and text:
                    coord = coordinate_to_tuple(ref)
                    if coord in coords:
                        with contextlib.suppress(ValueError, IndexError, OverflowError):
                            found[coord] = _result(text, elem.get("t", "n"), elem.get("s"),
                                                   dates, strings, epoch)
        elif elem.tag == row_tag:
            elem.clear()
    return found


def _result(text: str, kind: str, style: str | None, dates: set[int], strings: _LazyStrings,
            epoch: datetime) -> CellValue:
    """One cached formula value as openpyxl's data-only read would give it."""
    if kind == "str" or kind == "e" or kind == "inlineStr":
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "s":
        return strings[int(text)]
    number = float(text)
    if style and int(style) in dates:
        return from_excel(number, epoch)
    return int(number) if number.is_integer() and "." not in text and "E" not in text else number


# -- reading ---------------------------------------------------------------------------------


def _grid(ws: Worksheet, results: Results) -> Grid:
    """All values of the sheet as rows, trailing empty rows and columns cut."""
    values: dict[Coord, CellValue] = {}
    plain = (str, int, float)
    for coord, cell in ws._cells.items():
        value = cell._value
        if cell.data_type == "f" or type(value) not in plain:
            value = _cell_value(cell, results)
        if value is not None and value != "":
            values[coord] = value
    height = max((r for r, _ in values), default=0)
    width = max((c for _, c in values), default=0)
    grid: Grid = [[None] * width for _ in range(height)]
    for (r, c), value in values.items():
        grid[r - 1][c - 1] = value
    return grid


def _cell_value(cell: Cell, results: Results) -> CellValue:
    """The value a person sees in a cell: a formula's result, plain text, a date."""
    value = results.get((cell.row, cell.column)) if cell.data_type == "f" else cell._value
    if isinstance(value, CellRichText):
        return str(value)
    if isinstance(value, datetime) and not _has_time(cell.number_format):
        return value.date() if value.time() == dtime(0) else value
    return value


@functools.lru_cache(maxsize=256)
def _has_time(fmt: str | None) -> bool:
    """Whether a date number format shows a time of day."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt or "").lower()
    return bool(re.search(r"[hs]|am/pm|a/p", plain))


def _blank(value: object) -> bool:
    """Empty for the table: None or an empty string."""
    return value is None or value == ""


def _has_data(ws: Any) -> bool:
    """Whether any cell of the sheet holds a value."""
    cells = getattr(ws, "_cells", {})
    return any(not _blank(cell._value) for cell in cells.values())


# -- changing --------------------------------------------------------------------------------


def _apply(wb: Workbook, changes: Changes, location: str, shown: dict[str, Results]) -> Touched:
    """Apply changes in the documented order: new tabs, cell writes, appends."""
    touched: Touched = {}
    for tab, header in changes.new_tabs.items():
        if tab not in wb.sheetnames:
            _header_tab(wb.create_sheet(tab), header)
            touched[tab] = None
    for tab, writes in changes.cells.items():
        ws = _existing(wb, tab, location)
        for w in writes:
            _check_coord(w, tab, location)
            _put(ws.cell(row=w.row, column=w.col), w.value)
            _touch(touched, tab, {w.col})
    for tab, rows in changes.appends.items():
        _append(_existing(wb, tab, location), rows, shown.get(tab, {}))
        _touch(touched, tab, set(range(1, max(map(len, rows), default=0) + 1)))
    return touched


def _touch(touched: Touched, tab: str, cols: set[int]) -> None:
    """Record that cells in these columns of tab were written."""
    if tab not in touched:
        touched[tab] = set()
    current = touched[tab]
    if current is not None:
        current |= cols


def _existing(wb: Workbook, tab: str, location: str) -> Worksheet:
    """The worksheet to change; a SheetError when it is missing."""
    ws = wb[tab] if tab in wb.sheetnames else None
    if isinstance(ws, Worksheet):
        return ws
    raise SheetError("sheets.xlsx_no_tab_to_write", location=location, tab=tab)


def _check_coord(w: CellWrite, tab: str, location: str) -> None:
    """Refuse coordinates outside a worksheet."""
    if 1 <= w.row <= 1_048_576 and 1 <= w.col <= 16_384:
        return
    raise SheetError("sheets.xlsx_cell_outside", row=w.row, col=w.col, tab=tab, location=location)


def _append(ws: Worksheet, rows: list[list[CellValue]], shown: Results) -> None:
    """Write rows after the last row that shows a value, growing a table that ends there.

    A formula showing nothing (say, =IF(B9="","",...) filled down in advance) does not count:
    the new row goes in beside it, as a person typing would put it.
    """
    last = max(
        (r for (r, _), cell in ws._cells.items() if not _blank(_cell_value(cell, shown))),
        default=0,
    )
    for offset, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            if not _blank(value):
                _put(ws.cell(row=last + offset, column=col), value)
    _grow_tables(ws, last, last + len(rows))


def _grow_tables(ws: Worksheet, last: int, new_last: int) -> None:
    """Extend Excel tables (Ctrl+T) whose data ended at `last` so appended rows join them."""
    for table in ws.tables.values():
        left, top, right, bottom = range_boundaries(table.ref)
        if top <= last <= bottom < new_last:
            ref = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{new_last}"
            table.ref = ref
            if table.autoFilter is not None:
                table.autoFilter.ref = ref


def _put(cell: Cell, value: CellValue) -> None:
    """Store one value: strings always as text, dates as dates with a date format."""
    if isinstance(value, str):
        _put_text(cell, value)
    elif isinstance(value, (datetime, date)):
        _put_date(cell, value)
    else:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"cannot store {value!r} in an xlsx cell")
        cell.value = value
        if cell.quotePrefix:
            cell.quotePrefix = False


def _put_text(cell: Cell, value: str) -> None:
    """Store a string as text even when it looks like a formula, an error or a number."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
    if text == "":
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"  # openpyxl turns "=..." into a formula and "#N/A" into an error
    if looks_like_input(text) != bool(cell.quotePrefix):
        cell.quotePrefix = looks_like_input(text)  # Excel keeps it text when edited


def _put_date(cell: Cell, value: date) -> None:
    """Store a date or datetime as a real date cell, keeping a date format already there."""
    keep_format = is_date_format(cell.number_format)
    if isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)  # Excel has no time zones: keep wall time
        fmt = DATETIME_FORMAT
    else:
        cell.value = value
        fmt = DATE_FORMAT
    if not keep_format:
        cell.number_format = fmt
    if cell.quotePrefix:
        cell.quotePrefix = False


# -- laying out a new table ------------------------------------------------------------------


def _new_book(path: Path, tab: str) -> Workbook:
    """An empty workbook whose only tab is called tab; new files are always .xlsx."""
    if path.suffix.lower() != ".xlsx":
        raise SheetError("sheets.xlsx_new_not_xlsx", path=path)
    wb = Workbook()
    wb.active.title = tab
    return wb


def _lay_out(wb: Workbook, table: NewTable, location: str) -> Touched:
    """Headers, sample rows, drop-downs, colours, widths and the extra tabs."""
    ws = wb[table.tab] if table.tab in wb.sheetnames else wb.create_sheet(table.tab)
    _header_tab(ws, table.headers)
    last_col = get_column_letter(max(len(table.headers), 1))
    ws.auto_filter.ref = f"A1:{last_col}{len(table.rows) + 1}"
    for i, header in enumerate(table.headers):
        width = table.widths.get(i, max(10, len(str(header)) + 2))
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values, start=1):
            if not _blank(value):
                _put(ws.cell(row=r, column=c), value)
    for col, allowed in table.choices.items():
        _add_choices(wb, ws, col, allowed)
    _add_colors(ws, table, last_col, location)
    for tab, names in table.extra_tabs.items():
        if tab not in wb.sheetnames:
            _header_tab(wb.create_sheet(tab), names)
    return {tab: None for tab in (table.tab, LIST_TAB, *table.extra_tabs)}


def _header_tab(ws: Worksheet, header: list[str]) -> None:
    """Write a bold, filled, frozen header row."""
    fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for c, title in enumerate(header, start=1):
        cell = ws.cell(row=1, column=c)
        _put(cell, title)
        cell.font = Font(bold=True)
        cell.fill = fill
    ws.freeze_panes = "A2"


def _add_choices(wb: Workbook, ws: Worksheet, col: int, values: list[str]) -> None:
    """A drop-down list for a column, its values on the hidden tab and a defined name.

    The list sits on another tab because an inline list is capped at 255 characters; it is
    reached through a defined name because Excel moves a direct reference to another tab into
    an extension openpyxl cannot read, and the next save would then drop the drop-down.
    """
    lists = wb[LIST_TAB] if LIST_TAB in wb.sheetnames else _list_tab(wb)
    list_col = get_column_letter((lists.max_column if _has_data(lists) else 0) + 1)
    for r, value in enumerate(values, start=1):
        _put(lists[f"{list_col}{r}"], value)
    letter = get_column_letter(col + 1)
    name = _free_name(wb, f"Список_{letter}")
    ref = f"{quote_sheetname(LIST_TAB)}!${list_col}$1:${list_col}${max(len(values), 1)}"
    wb.defined_names[name] = DefinedName(name, attr_text=ref)
    dv = DataValidation(
        type="list",
        formula1=name,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Нет в списке",
        error="Такого значения нет в списке. Оставить его всё равно?",
    )
    dv.add(f"{letter}2:{letter}{FORMAT_ROWS}")
    ws.add_data_validation(dv)


def _list_tab(wb: Workbook) -> Worksheet:
    """Create the hidden tab that holds drop-down values."""
    ws = wb.create_sheet(LIST_TAB)
    ws.sheet_state = "hidden"
    return ws


def _free_name(wb: Workbook, base: str) -> str:
    """A defined name not yet used in the workbook."""
    name, n = base, 1
    while name in wb.defined_names:
        n += 1
        name = f"{base}_{n}"
    return name


def _add_colors(ws: Worksheet, table: NewTable, last_col: str, location: str) -> None:
    """Fill whole rows by the value of the colour column, one rule per value."""
    if table.color_col is None or not table.colors:
        return
    letter = get_column_letter(table.color_col + 1)
    area = f"A2:{last_col}{FORMAT_ROWS}"
    for value, rgb in table.colors.items():
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb.lstrip("#")):
            raise SheetError("sheets.xlsx_bad_colour", rgb=rgb, value=value, location=location)
        color = rgb.lstrip("#").upper()
        fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
        text = str(value).replace('"', '""')
        ws.conditional_formatting.add(
            area, FormulaRule(formula=[f'${letter}2="{text}"'], fill=fill)
        )


# -- which cached formula results a save makes stale -----------------------------------------


def _stale_formulas(
    wb: Workbook, touched: Touched, cache: dict[str, list[Ref] | None]
) -> set[tuple[str, int, int]]:
    """Formula cells that read, directly or through other formulas, a column written now.

    Column-level on purpose: cheap, and wrong only towards recomputing more than needed.
    """
    reads = {
        (ws.title, r, c): _cell_refs(cell, wb, cache)
        for ws in wb.worksheets
        for (r, c), cell in ws._cells.items()
        if cell.data_type == "f"
    }
    written = {t.casefold(): (None if c is None else set(c)) for t, c in touched.items()}
    stale: set[tuple[str, int, int]] = set()
    while True:
        new = [k for k, refs in reads.items() if k not in stale and _reads_any(refs, written)]
        if not new:
            return stale
        for key in new:
            stale.add(key)
            _touch(written, key[0].casefold(), {key[2]})


def _cell_refs(cell: Cell, wb: Workbook, cache: dict[str, list[Ref] | None]) -> list[Ref] | None:
    """What a formula cell reads (tab names casefolded, as Excel ignores their case)."""
    value = cell._value
    text = value.text if isinstance(value, ArrayFormula) else value
    text = text if isinstance(text, str) else ""
    if text not in cache:
        cache[text] = _formula_refs(text, wb) if text else None
    refs = cache[text]
    if refs is None:
        return None
    return [((tab or cell.parent.title).casefold(), c1, c2) for tab, c1, c2 in refs]


def _reads_any(refs: list[Ref] | None, written: Touched) -> bool:
    """Whether a formula reading refs (None: unknown) reads any written column."""
    if refs is None:
        return True
    for tab, c1, c2 in refs:
        if tab not in written:
            continue
        cols = written[tab]
        if cols is None or c1 is None or c2 is None or any(c1 <= c <= c2 for c in cols):
            return True
    return False


def _formula_refs(formula: str, wb: Workbook) -> list[Ref] | None:
    """The column ranges a formula reads ("" for its own tab); None when it cannot be told."""
    try:
        items = Tokenizer(formula).items
    except Exception:  # noqa: BLE001 - an unparsable formula may read anything
        return None
    refs: list[Ref] = []
    for token in items:
        if token.type == Token.FUNC and token.value.upper() in VOLATILE_REFS:
            return None
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            found = _ref_columns(token.value, wb)
            if found is None:
                return None
            refs.extend(found)
    return refs


def _ref_columns(ref: str, wb: Workbook) -> list[Ref] | None:
    """What one reference (A1:B5, Лист!C:C, 1:1, a name, Table[Col]) reads, in columns."""
    sheet, _, area = ref.rpartition("!")
    sheet = sheet.strip("'").replace("''", "'")
    if sheet.startswith("["):
        return []  # another workbook: nothing the bot writes
    if ":" in sheet:
        return None  # a 3-D reference over several tabs
    try:
        c1, _r1, c2, _r2 = range_boundaries(area.replace("$", ""))
    except (ValueError, TypeError):
        return _name_columns(ref, wb)
    return [(sheet, c1, c2)]


def _name_columns(ref: str, wb: Workbook) -> list[Ref] | None:
    """What a defined name or a table reference reads; None when unknown."""
    if "[" in ref:
        table = ref.split("[", 1)[0]
        if not table:
            return [("", None, None)]  # [@Column]: a table on the formula's own tab
        tabs = [ws.title for ws in wb.worksheets if table in ws.tables]
        return [(tabs[0], None, None)] if tabs else None
    name = wb.defined_names.get(ref)
    if name is None:
        return None
    found: list[Ref] = []
    try:
        for sheet, area in name.destinations:
            c1, _r1, c2, _r2 = range_boundaries(area.replace("$", ""))
            found.append((sheet, c1, c2))
    except (ValueError, TypeError, AttributeError):
        return None
    return found or None


# -- writing the file ------------------------------------------------------------------------


def _write_book(wb: Workbook, tmp: Path, results: dict[str, Results]) -> None:
    """Save wb into tmp (created anew) and force it to disk."""
    if wb.calculation is None:
        wb.calculation = CalcProperties()
    wb.calculation.fullCalcOnLoad = True  # Excel recomputes what the bot's writes changed
    wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    with open(tmp, "xb") as fh:
        archive = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        _BookWriter(wb, archive, results).save()
        fh.flush()
        os.fsync(fh.fileno())


def _replace(tmp: Path, path: Path) -> None:
    """Keep the current file as the one backup, then rename tmp over it and sync the folder."""
    if path.exists():
        _backup(path)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _backup(path: Path) -> None:
    """Make name.bak.xlsx the current file: a hard link, else a copy; best effort.

    A backup that cannot be refreshed (say, someone opened it in Excel on Windows) does not
    stop the save: the save itself stays atomic without it.
    """
    backup = _backup_path(path)
    try:
        with contextlib.suppress(FileNotFoundError):
            backup.unlink()
        os.link(path, backup)
    except OSError:
        spare = backup.with_name(f".{backup.name}.tmp-{os.getpid()}")
        try:
            shutil.copy2(path, spare)
            os.replace(spare, backup)
        except OSError:
            with contextlib.suppress(OSError):
                spare.unlink()


def _backup_path(path: Path) -> Path:
    """name.bak.xlsx beside name.xlsx."""
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    """Delete temp files left by bot processes that were killed while saving."""
    names = (path.name, _backup_path(path).name)
    temps = [t for name in names for t in path.parent.glob(f".{glob.escape(name)}.tmp-*")]
    for tmp in temps:
        pid = tmp.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid() or not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    """Whether a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _folder_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock on the folder so two bot processes never save at once."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        _acquire(fd, path)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, path: Path) -> None:
    """Wait a little for another bot process to finish its save, then give up busy."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise SheetBusyError("sheets.xlsx_saving_elsewhere", path=path) from None
            time.sleep(0.05)
        except OSError:
            return  # the folder's filesystem has no locks: go on without


def _check_no_lock_file(path: Path) -> None:
    """Raise SheetBusyError when Excel or LibreOffice has the file open (its lock file)."""
    name = path.name
    candidates = [
        (f"~${name}", "Excel"),
        (f"~${name[1:]}", "Excel"),
        (f"~${name[2:]}", "Excel"),
        (f".~lock.{name}#", "LibreOffice"),
    ]
    for lock_name, app in candidates:
        lock = path.with_name(lock_name)
        if lock.exists():
            raise SheetBusyError(
                "sheets.xlsx_open_elsewhere", path=path, app=app, lock=lock_name,
                folder=path.parent,
            )


def _write_error(path: Path, exc: OSError) -> SheetBusyError:
    """A failed write in words: usually the file is open elsewhere or the folder is read-only."""
    reason = exc.strerror or str(exc)
    full = exc.errno == errno.ENOSPC
    hint = Phrase("sheets.xlsx_disk_full") if full else Phrase("sheets.xlsx_no_write_perm")
    return SheetBusyError(
        "sheets.xlsx_write_failed", path=path, reason=reason, hint=hint, folder=path.parent
    )


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, except formula cells keep their last computed value.

    openpyxl writes formulas without results, so every reader that does not recalculate
    (the bot itself, previews, pandas) would see them empty after the bot's first save.
    """

    def __init__(self, ws: Worksheet, results: Results) -> None:
        self._results = results
        super().__init__(ws)

    def write_row(self, xf: Any, row: list[Cell], row_idx: int) -> None:
        """Write one row like openpyxl does, formulas with their cached values."""
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        with xf.element("row", attrs):
            for cell in row:
                if cell._comment is not None:
                    self.ws._comments.append(CommentRecord.from_cell(cell))
                if cell._value is None and not cell.has_style and not cell._comment:
                    continue
                if cell.data_type == "f" and isinstance(cell._value, (str, ArrayFormula)):
                    _write_formula(xf, cell, self._results.get((cell.row, cell.column)))
                else:
                    write_cell(xf, self.ws, cell, cell.has_style)


def _write_formula(xf: Any, cell: Cell, result: Any) -> None:
    """Write <c><f>formula</f><v>result</v></c>, or as openpyxl does when there is none."""
    kind, text = _result_xml(result, cell.parent.parent.epoch)
    if text is None:
        write_cell(xf, cell.parent, cell, cell.has_style)
        return
    value, attrs = _set_attributes(cell, cell.has_style)
    if kind:
        attrs["t"] = kind
    el = Element("c", attrs)
    if isinstance(value, ArrayFormula):
        SubElement(el, "f", dict(value)).text = value.text[1:]
    else:
        SubElement(el, "f").text = value[1:]
    SubElement(el, "v").text = text
    xf.write(el)


def _result_xml(result: Any, epoch: datetime) -> tuple[str | None, str | None]:
    """The cell type and text of a cached formula result."""
    if isinstance(result, bool):
        return "b", "1" if result else "0"
    if isinstance(result, (int, float)):
        return None, repr(result) if isinstance(result, float) else str(result)
    if isinstance(result, str):
        return ("e", result) if result in ERROR_CODES else ("str", result)
    if result is None:
        return None, None
    if isinstance(result, (datetime, date, dtime, timedelta)):
        return None, repr(float(to_excel(result, epoch)))
    return None, None


class _BookWriter(ExcelWriter):
    """openpyxl's package writer using _SheetWriter for every worksheet."""

    def __init__(self, wb: Workbook, archive: zipfile.ZipFile, results: dict[str, Results]):
        super().__init__(wb, archive)
        self._results = results

    def write_worksheet(self, ws: Worksheet) -> None:
        """Write one worksheet part (a copy of openpyxl's, with our row writer)."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, self._results.get(ws.title, {}))
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


# -- what a save would lose ------------------------------------------------------------------

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CT_OOXML = "application/vnd.openxmlformats-officedocument."
CT_SML = CT_OOXML + "spreadsheetml."
CT_MSX = "application/vnd.ms-excel."

# Parts openpyxl regenerates (styles, strings, ...) or drops harmlessly (calcChain, printer
# settings, chart style galleries), and containers whose content is counted by other means.
_IGNORED_TYPES = frozenset(
    {
        CT_SML + "sheet.main+xml",
        CT_SML + "template.main+xml",
        CT_MSX + "sheet.macroEnabled.main+xml",
        CT_MSX + "template.macroEnabled.main+xml",
        CT_SML + "styles+xml",
        CT_SML + "sharedStrings+xml",
        CT_SML + "calcChain+xml",
        CT_SML + "printerSettings",
        CT_SML + "volatileDependencies+xml",
        CT_OOXML + "theme+xml",
        CT_OOXML + "themeOverride+xml",
        CT_OOXML + "drawing+xml",
        CT_OOXML + "vmlDrawing",
        CT_OOXML + "custom-properties+xml",
        CT_OOXML + "extended-properties+xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
        "application/vnd.openxmlformats-package.relationships+xml",
        "application/vnd.ms-office.chartstyle+xml",
        "application/vnd.ms-office.chartcolorstyle+xml",
        CT_MSX + "person+xml",
        CT_SML + "comments+xml",
        CT_MSX + "threadedcomments+xml",
    }
)

_TYPE_KEYS = {
    CT_SML + "worksheet+xml": "sheets.part",
    CT_SML + "chartsheet+xml": "chartsheets.part",
    CT_SML + "dialogsheet+xml": "macrosheets.part",
    CT_MSX + "macrosheet+xml": "macrosheets.part",
    CT_MSX + "intlmacrosheet+xml": "macrosheets.part",
    CT_OOXML + "drawingml.chart+xml": "charts.part",
    "application/vnd.ms-office.chartex+xml": "charts.ex",
    CT_MSX + "slicer+xml": "slicers.part",
    CT_MSX + "slicerCache+xml": "slicers.cache",
    CT_MSX + "timeline+xml": "timelines.part",
    CT_MSX + "timelineCache+xml": "timelines.cache",
    CT_MSX + "controlproperties+xml": "controls.part",
    "application/vnd.ms-office.activeX+xml": "activex.part",
    "application/vnd.ms-office.vbaProject": "vba.part",
    "application/vnd.ms-office.vbaProjectSignature": "vba.signature",
    "application/vnd.ms-word.vbaData+xml": "vba.data",
    CT_SML + "pivotTable+xml": "pivots.part",
    CT_SML + "pivotCacheDefinition+xml": "pivots.cache",
    CT_SML + "pivotCacheRecords+xml": "pivots.records",
    CT_SML + "externalLink+xml": "links.part",
    CT_SML + "table+xml": "tables.part",
    CT_SML + "queryTable+xml": "connections.query",
    CT_SML + "connections+xml": "connections.part",
    CT_SML + "sheetMetadata+xml": "dynamic.part",
    CT_OOXML + "drawingml.diagramData+xml": "smartart.part",
    "application/vnd.ms-office.webextension+xml": "webext.part",
    CT_MSX + "namedsheetviews+xml": "sheetviews.part",
    CT_SML + "revisionHeaders+xml": "revisions.part",
    CT_SML + "xmlMaps+xml": "xmlmaps.part",
    "application/inkml+xml": "ink.part",
    "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml": "signature.part",
}

_PATH_KEYS = (
    ("customXml/item", "customxml.part"),
    ("xl/embeddings/", "ole.part"),
    ("xl/richData/", "richdata.part"),
    ("xl/model/", "model.part"),
    ("customUI/", "customui.part"),
    ("xl/activeX/", "activex.bin"),
)

_EXT_KEYS = {
    "dataValidations": "validationx.ext",
    "conditionalFormattings": "condformatx.ext",
    "sparklineGroups": "sparklines.ext",
    "slicerList": "slicers.ext",
    "timelineRefs": "timelines.ext",
    "webExtensions": "webext.ext",
    "protectedRanges": "protected.ext",
}

# category -> the words for it in the SheetUnsafeError message (bot/words: sheets.lost_*)
_LOST: dict[str, Phrase] = {
    "sheets": Phrase("sheets.lost_sheets"),
    "chartsheets": Phrase("sheets.lost_chartsheets"),
    "macrosheets": Phrase("sheets.lost_macrosheets"),
    "shapes": Phrase("sheets.lost_shapes"),
    "images": Phrase("sheets.lost_images"),
    "charts": Phrase("sheets.lost_charts"),
    "slicers": Phrase("sheets.lost_slicers"),
    "timelines": Phrase("sheets.lost_timelines"),
    "controls": Phrase("sheets.lost_controls"),
    "activex": Phrase("sheets.lost_activex"),
    "vba": Phrase("sheets.lost_vba"),
    "comments": Phrase("sheets.lost_comments"),
    "threaded": Phrase("sheets.lost_threaded"),
    "pivots": Phrase("sheets.lost_pivots"),
    "links": Phrase("sheets.lost_links"),
    "tables": Phrase("sheets.lost_tables"),
    "connections": Phrase("sheets.lost_connections"),
    "model": Phrase("sheets.lost_model"),
    "dynamic": Phrase("sheets.lost_dynamic"),
    "richdata": Phrase("sheets.lost_richdata"),
    "smartart": Phrase("sheets.lost_smartart"),
    "ole": Phrase("sheets.lost_ole"),
    "ink": Phrase("sheets.lost_ink"),
    "webext": Phrase("sheets.lost_webext"),
    "sheetviews": Phrase("sheets.lost_sheetviews"),
    "revisions": Phrase("sheets.lost_revisions"),
    "xmlmaps": Phrase("sheets.lost_xmlmaps"),
    "signature": Phrase("sheets.lost_signature"),
    "customxml": Phrase("sheets.lost_customxml"),
    "customui": Phrase("sheets.lost_customui"),
    "merged": Phrase("sheets.lost_merged"),
    "condformat": Phrase("sheets.lost_condformat"),
    "condformatx": Phrase("sheets.lost_condformatx"),
    "validation": Phrase("sheets.lost_validation"),
    "validationx": Phrase("sheets.lost_validationx"),
    "sparklines": Phrase("sheets.lost_sparklines"),
    "hyperlinks": Phrase("sheets.lost_hyperlinks"),
    "background": Phrase("sheets.lost_background"),
    "protected": Phrase("sheets.lost_protected"),
    "names": Phrase("sheets.lost_names"),
    "ext": Phrase("sheets.lost_ext"),
    "objects": Phrase("sheets.lost_objects"),
}

InventoryKey = tuple[str, str]  # ("shapes.drawing", owning tab or "")


def _inventory(path: Path) -> Counter[InventoryKey]:
    """Count, per tab, everything in the package that a save could lose."""
    counts: Counter[InventoryKey] = Counter()
    with zipfile.ZipFile(path) as zf:
        types = _content_types(zf)
        owners = _owners(zf)
        for name in zf.namelist():
            if name.endswith("/"):
                continue
            owner = owners.get(name, "")
            for key, n in _part_counts(zf, name, types(name)).items():
                counts[(key, owner)] += n
    return counts


def _content_types(zf: zipfile.ZipFile) -> Callable[[str], str]:
    """A function part name -> its content type, from [Content_Types].xml."""
    root = _xml(zf.read("[Content_Types].xml"))
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for el in root if root is not None else []:
        if _local(el.tag) == "Default":
            defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        elif _local(el.tag) == "Override":
            overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")

    def of(name: str) -> str:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return overrides.get(name) or defaults.get(ext, "")

    return of


def _owners(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> the tab it belongs to, following relationships from each sheet."""
    workbook = "xl/workbook.xml"
    for target in _rels(zf, "").values():
        if target.endswith(".xml") and "workbook" in target.rsplit("/", 1)[-1]:
            workbook = target
    root = _xml(_read(zf, workbook))
    rels = _rels(zf, workbook)
    owners: dict[str, str] = {}
    frontier: list[str] = []
    for el in root.iter() if root is not None else []:
        if _local(el.tag) == "sheet" and (part := rels.get(el.get(f"{{{NS_REL}}}id", ""))):
            owners[part] = el.get("name", "")
            frontier.append(part)
    for _depth in range(3):
        nxt = []
        for part in frontier:
            for target in _rels(zf, part).values():
                if target not in owners:
                    owners[target] = owners[part]
                    nxt.append(target)
        frontier = nxt
    return owners


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part name of a part ("" for the package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    root = _xml(_read(zf, rels_name))
    found: dict[str, str] = {}
    for el in root if root is not None else []:
        target = el.get("Target", "")
        if el.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[el.get("Id", "")] = posixpath.normpath(path)
    return found


def _part_counts(zf: zipfile.ZipFile, name: str, ctype: str) -> Counter[str]:
    """What one part contributes to the inventory."""
    if name.startswith("docProps/") or name == "[Content_Types].xml" or name.endswith(".rels"):
        return Counter()
    if ctype == CT_SML + "worksheet+xml":
        return _sheet_counts(zf.read(name)) + Counter({"sheets.part": 1})
    if ctype == CT_OOXML + "drawing+xml":
        return _drawing_counts(zf.read(name))
    if ctype == CT_OOXML + "vmlDrawing" or name.endswith(".vml"):
        return _vml_counts(zf.read(name))
    if ctype == CT_SML + "comments+xml":
        return Counter({"comments.note": _count_tags(zf.read(name), "comment")})
    if ctype == CT_MSX + "threadedcomments+xml":
        return Counter({"threaded.comment": _count_tags(zf.read(name), "threadedComment")})
    if ctype.endswith(".main+xml"):  # the workbook
        return Counter({"names.book": _names_count(zf.read(name))})
    return Counter({key: 1}) if (key := _part_key(name, ctype)) else Counter()


def _part_key(name: str, ctype: str) -> str | None:
    """The inventory key of a part that is counted as a whole, None to ignore it."""
    for prefix, key in _PATH_KEYS:
        if name.startswith(prefix):
            return key if not name.startswith("customXml/itemProps") else None
    if ctype.startswith("image/"):
        return "images.part"
    if ctype in _TYPE_KEYS:
        return _TYPE_KEYS[ctype]
    if ctype.startswith(CT_MSX + "rd") or "richStyles" in ctype:
        return "richdata.part"
    if ctype in _IGNORED_TYPES or name.startswith("xl/printerSettings/"):
        return None
    return "other." + re.sub(r"\d+", "N", name)


def _sheet_counts(data: bytes) -> Counter[str]:
    """Count what follows the cell data in a worksheet: merges, rules, links, controls, ..."""
    root = _sheet_tail(data)
    counts: Counter[str] = Counter()
    if root is None:
        return counts
    simple = {
        "mergeCells": "merged.sheet",
        "dataValidations": "validation.sheet",
        "hyperlinks": "hyperlinks.sheet",
        "tableParts": "tables.sheet",
        "protectedRanges": "protected.sheet",
        "customSheetViews": "sheetviews.custom",
    }
    for el in root:
        tag = _local(el.tag)
        if tag in simple and _ns(el.tag) == NS_MAIN:
            counts[simple[tag]] += len(el)
        elif tag == "conditionalFormatting" and _ns(el.tag) == NS_MAIN:
            counts["condformat.sheet"] += sum(1 for r in el if _local(r.tag) == "cfRule")
        elif tag == "picture":
            counts["background.sheet"] += 1
        elif tag == "legacyDrawingHF":
            counts["images.headerfooter"] += 1
        elif tag == "extLst":
            counts.update(_ext_counts(el))
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "control":
            counts["controls.sheet"] += 1
        elif tag == "oleObject":
            counts["ole.sheet"] += 1
    return counts


def _sheet_tail(data: bytes) -> ET.Element | None:
    """The worksheet root with only what follows <sheetData> (cells are not parsed)."""
    head = re.search(rb"<([\w.-]+:)?worksheet\b[^>]*>", data[:65536])
    if head is None:
        return None
    end = data.rfind(b"sheetData")
    start = data.find(b">", end) + 1 if end >= 0 else head.end()
    return _xml(head.group(0) + data[start:])


def _ext_counts(ext_list: ET.Element) -> Counter[str]:
    """Count the Excel 2010+ extensions of a worksheet, which openpyxl drops."""
    counts: Counter[str] = Counter()
    for ext in ext_list:
        for child in ext:
            name = _local(child.tag)
            counts[_EXT_KEYS.get(name, f"ext.{name}")] += max(len(child), 1)
    return counts


_GRAPHIC_KEYS = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "charts.drawing",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "charts.drawing",
    "http://schemas.microsoft.com/office/drawing/2010/slicer": "slicers.drawing",
    "http://schemas.microsoft.com/office/drawing/2012/timeslicer": "timelines.drawing",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "smartart.drawing",
}
_OBJECT_TAGS = {"sp", "grpSp", "cxnSp", "pic", "graphicFrame", "contentPart"}


def _drawing_counts(data: bytes) -> Counter[str]:
    """Count the objects anchored in a drawing part by kind."""
    root = _xml(data)
    counts: Counter[str] = Counter()
    for anchor in _anchors(root) if root is not None else []:
        obj = _object_of(anchor)
        if obj is not None:
            counts[_object_key(obj)] += 1
    return counts


def _anchors(root: ET.Element) -> Iterator[ET.Element]:
    """The anchors of a drawing, looking inside mc:AlternateContent (its first choice)."""
    for el in root:
        if _local(el.tag) == "AlternateContent":
            yield from _anchors(el[0]) if len(el) else ()
        elif _local(el.tag).endswith("Anchor"):
            yield el


def _object_of(anchor: ET.Element) -> ET.Element | None:
    """The shape, picture or frame an anchor holds."""
    for el in anchor:
        tag = _local(el.tag)
        if tag in _OBJECT_TAGS:
            return el
        if tag in ("AlternateContent", "Choice"):
            found = _object_of(el)
            if found is not None:
                return found
    return None


def _object_key(obj: ET.Element) -> str:
    """The inventory key of one drawing object."""
    tag = _local(obj.tag)
    if tag == "pic":
        return "images.drawing"
    if tag == "graphicFrame":
        uri = next((el.get("uri", "") for el in obj.iter() if _local(el.tag) == "graphicData"), "")
        return _GRAPHIC_KEYS.get(uri, "objects.drawing")
    if tag == "contentPart":
        return "ink.drawing"
    if any(_local(el.tag) == "compatExt" for el in obj.iter()):
        return "controls.drawing"  # a form control drawn for newer Excel
    return "shapes.drawing"


def _vml_counts(data: bytes) -> Counter[str]:
    """Count legacy form controls and pictures in a VML part (not always well-formed XML)."""
    counts: Counter[str] = Counter()
    for kind in re.findall(rb'ObjectType\s*=\s*"(\w+)"', data):
        if kind != b"Note":
            counts["controls.vml"] += 1
    counts["images.vml"] = len(re.findall(rb"<v:imagedata\b", data))
    return +counts


def _names_count(data: bytes) -> int:
    """Number of defined names other than Excel's built-in ones (_xlnm.*)."""
    root = _xml(data)
    if root is None:
        return 0
    return sum(
        1
        for el in root.iter()
        if _local(el.tag) == "definedName" and not el.get("name", "").startswith("_xlnm.")
    )


def _count_tags(data: bytes, tag: str) -> int:
    """Number of elements with this local name."""
    root = _xml(data)
    return sum(1 for el in root.iter() if _local(el.tag) == tag) if root is not None else 0


@dataclass
class _Loss:
    """How many things of one kind a save would drop, and on which tabs."""

    count: int = 0
    tabs: list[str] = field(default_factory=list)


def _losses(before: Counter[InventoryKey], after: Counter[InventoryKey]) -> dict[str, _Loss]:
    """category -> what is missing in `after`.

    A key is lost when its total drops (parts may change tabs harmlessly, say a shared pivot
    cache); the tabs named are those whose own count dropped. Several keys of one category
    (a slicer's part, drawing and sheet entry) count once: their maximum.
    """
    totals_before, totals_after = _totals(before), _totals(after)
    lost: dict[str, _Loss] = {}
    for key, n in totals_before.items():
        missing = n - totals_after.get(key, 0)
        if missing <= 0:
            continue
        category = key if key.startswith(("other.", "ext.")) else key.split(".")[0]
        loss = lost.setdefault(category, _Loss())
        loss.count = max(loss.count, missing)
        for (k, tab), m in before.items():
            if k == key and tab and m > after.get((k, tab), 0) and tab not in loss.tabs:
                loss.tabs.append(tab)
    return lost


def _totals(counts: Counter[InventoryKey]) -> Counter[str]:
    """Counts per key, all tabs together."""
    totals: Counter[str] = Counter()
    for (key, _tab), n in counts.items():
        totals[key] += n
    return totals


def _describe_losses(lost: dict[str, _Loss]) -> list[Phrase]:
    """The losses for the message: 'фигуры и надписи (3, лист «Клиенты»), макросы VBA (1)'."""
    out: list[Phrase] = []
    for category, loss in sorted(lost.items()):
        what = _words(category)
        if loss.tabs:
            tabs = [Phrase("sheets.loss_tab", tab=t) for t in loss.tabs]
            out.append(Phrase("sheets.loss_in_tabs", what=what, count=loss.count, tabs=tabs))
        else:
            out.append(Phrase("sheets.loss", what=what, count=loss.count))
    return out


def _words(category: str) -> Phrase | str:
    """The phrase for a category of lost things; an unknown category is named as it is."""
    if category.startswith("other."):
        return Phrase("sheets.lost_part", part=category[6:])
    if category.startswith("ext."):
        return Phrase("sheets.lost_ext_named", what=_LOST["ext"], name=category[4:])
    return _LOST.get(category, category)


def _read(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """A part's bytes, None when it is not in the package."""
    try:
        return zf.read(name)
    except KeyError:
        return None


def _xml(data: bytes | None) -> ET.Element | None:
    """Parse XML, None when it is missing or not well-formed."""
    if data is None:
        return None
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        return None


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _ns(tag: str) -> str:
    """An element's namespace."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
