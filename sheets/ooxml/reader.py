"""Reading a tab's values: python-calamine (Rust) parses the parts, dates by number format and
the 1904 system included; this module puts its grid into the shape the bot reads.

Chosen on evidence (bench/bench_xlsx.py --readers): on 10,000 rows calamine reads a tab 3-5x
faster than a streaming parse in Python (expat or ElementTree's iterparse), on 100,000 rows too,
with the same memory. Its two gaps are filled here: error values (#N/A) come back empty, so they
are read from the sheet's XML when it holds any; whole numbers come back as floats.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from ..base import CellValue, Grid
from .cells import col_number, unescape
from .package import Package
from .workbook import Book

_ALONE_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    b'"/xl/s.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'worksheet+xml"/></Types>'
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

_ERROR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b(?=[^>]*\st\s*=\s*[\"']e[\"'])[^>]*?\sr\s*=\s*[\"']([A-Za-z]{1,3})(\d+)"
    rb"[\"'][^>]*(?<!/)>(?:(?!</(?:[\w.-]+:)?c>).)*?<(?:[\w.-]+:)?v>([^<]*)</", re.S)
_INT_LIMIT = 1e15


def read_grid(path: Path, tab: str, sheet_xml: bytes | None,
              alone: Callable[[], bytes] | None = None) -> Grid:
    """A tab's values as rows from A1: None for empty cells, whole numbers as int, dates as
    date or datetime, repeated texts shared, trailing empty rows and columns cut.

    The workbook is closed as soon as the sheet is parsed (its shared strings go), and rows
    are converted one by one, so calamine's cells and ours overlap by one row at most.
    """
    sheet = _sheet(path, tab, alone)
    top, left = sheet.start or (0, 0)
    end = (sheet.end or (0, 0))[0]
    seen: dict[object, CellValue] = {}  # texts and dates repeat down a column: one object each
    same = seen.setdefault
    pad: list[CellValue] = [None] * left
    grid: Grid = []
    add = grid.append
    for row in sheet.iter_rows():  # texts (most cells, empty ones too) without a call each
        add(pad + [(same(v, v) if v else None) if type(v) is str else _value(v, seen)
                   for v in row])
    del sheet
    if top and len(grid) == end - top + 1:  # rows came counted from the first that holds data
        grid[:0] = [[] for _ in range(top)]
    if sheet_xml is not None and (b't="e"' in sheet_xml or b"t='e'" in sheet_xml):
        _add_errors(grid, sheet_xml)
    return _trimmed(grid)


def _sheet(path: Path, tab: str, alone: Callable[[], bytes] | None) -> CalamineSheet:
    """The tab parsed by calamine; when calamine refuses the workbook for another part (an
    Excel 4 macro sheet, say), the tab read from a package holding it alone (alone())."""
    try:
        book = CalamineWorkbook.from_path(str(path))
    except CalamineError:
        if alone is None:
            raise
        book, tab = CalamineWorkbook.from_filelike(io.BytesIO(alone())), "s"
    try:
        return book.get_sheet_by_name(tab)
    finally:
        book.close()


def tab_alone(package: Package, book: Book, part: str) -> bytes:
    """A package with one worksheet (as tab "s"), its shared strings, styles and date system:
    what calamine needs to read that tab."""
    mac = b'<workbookPr date1904="1"/>' if book.mac_dates else b""
    rels = [f'<Relationship Id="rS" Type="{_REL}/worksheet" Target="s.xml"/>']
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", _ALONE_TYPES)
        zf.writestr("_rels/.rels", f'<Relationships xmlns="{_PKG_RELS}"><Relationship Id="r1" '
                    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", b'<workbook xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main" xmlns:r="%b">%b<sheets><sheet name="s" '
                    b'sheetId="1" r:id="rS"/></sheets></workbook>' % (_REL.encode(), mac))
        zf.writestr("xl/s.xml", package.read(part))
        for kind, name in (("sharedStrings", "t.xml"), ("styles", "u.xml")):
            found = book.related(kind)
            if found is not None and package.has(found):
                zf.writestr(f"xl/{name}", package.read(found))
                rels.append(f'<Relationship Id="r{name[0]}" Type="{_REL}/{kind}" '
                            f'Target="{name}"/>')
        zf.writestr("xl/_rels/workbook.xml.rels",
                    f'<Relationships xmlns="{_PKG_RELS}">{"".join(rels)}</Relationships>')
    return out.getvalue()


def error_xml(package: Package, part: str) -> bytes | None:
    """The sheet's XML when it holds error cells (calamine reads them empty), else None;
    scanned in blocks so a big sheet is not held in memory for nothing."""
    name = package.name(part)
    if name is None:
        return None
    tail = b""
    with package.zip.open(name) as fh:
        while block := fh.read(1 << 20):
            if b't="e"' in tail + block or b"t='e'" in tail + block:
                return package.read(part)
            tail = block[-8:]
    return None


def _value(value: object, seen: dict[object, CellValue]) -> CellValue:
    """One cell as the bot reads it: None for empty, whole numbers as int, a text or date
    equal to one read before as that same object (dates, times of day and durations pass as
    calamine gives them)."""
    if isinstance(value, str):
        return seen.setdefault(value, value) if value else None
    if isinstance(value, float) and value.is_integer() and abs(value) < _INT_LIMIT:
        return int(value)
    if isinstance(value, date):
        return seen.setdefault(value, value)
    return value  # type: ignore[return-value]  # bool, int, time of day, duration


def _trimmed(grid: Grid) -> Grid:
    """The grid without trailing empty rows and columns, every row as wide as the widest."""
    width = 0
    last = 0
    for i, values in enumerate(grid):
        while values and values[-1] is None:
            values.pop()
        if values:
            last = i + 1
            width = max(width, len(values))
    del grid[last:]
    for values in grid:
        if len(values) < width:
            values.extend([None] * (width - len(values)))
    return grid


def _add_errors(grid: Grid, xml: bytes) -> None:
    """Put the error values (#N/A, #REF!, ...) calamine leaves empty back into the grid."""
    for m in _ERROR_CELL.finditer(xml):
        row, col = int(m[2]), col_number(m[1].decode())
        while len(grid) < row:
            grid.append([])
        values = grid[row - 1]
        if len(values) < col:
            values.extend([None] * (col - len(values)))
        values[col - 1] = unescape(m[3])
