"""Reading a tab's values: python-calamine (Rust) parses the parts, dates by number format and
the 1904 system included; this module puts its grid into the shape the bot reads.

Chosen on evidence (bench/bench_xlsx.py --readers): on 10,000 rows calamine reads a tab 3-5x
faster than a streaming parse in Python (expat or ElementTree's iterparse), on 100,000 rows too,
with the same memory. Its two gaps are filled here: error values (#N/A) come back empty, so they
are read from the sheet's XML when it holds any; whole numbers come back as floats.
"""

from __future__ import annotations

import re
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..base import CellValue, Grid
from .cells import col_number, unescape

_ERROR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b(?=[^>]*\st\s*=\s*[\"']e[\"'])[^>]*?\sr\s*=\s*[\"']([A-Za-z]{1,3})(\d+)"
    rb"[\"'][^>]*(?<!/)>(?:(?!</(?:[\w.-]+:)?c>).)*?<(?:[\w.-]+:)?v>([^<]*)</", re.S)
_INT_LIMIT = 1e15


def open_book(path: Path) -> CalamineWorkbook:
    """Open a workbook for reading values (shared strings are parsed here)."""
    return CalamineWorkbook.from_path(str(path))


def read_grid(book: CalamineWorkbook, tab: str, sheet_xml: bytes | None) -> Grid:
    """A tab's values as rows from A1: None for empty cells, whole numbers as int, dates as
    date or datetime, trailing empty rows and columns cut."""
    rows = book.get_sheet_by_name(tab).to_python(skip_empty_area=False)
    grid: Grid = []
    width = 0
    last = 0
    for i, row in enumerate(rows):
        values: list[CellValue] = [_value(v) for v in row]  # type: ignore[arg-type]
        while values and values[-1] is None:
            values.pop()
        if values:
            last = i + 1
            width = max(width, len(values))
        grid.append(values)
        rows[i] = []  # let calamine's row go now: at most one row is held twice
    if sheet_xml is not None and (b't="e"' in sheet_xml or b"t='e'" in sheet_xml):
        last, width = _add_errors(grid, sheet_xml, last, width)
    del grid[last:]
    for values in grid:
        if len(values) < width:
            values.extend([None] * (width - len(values)))
    return grid


def _value(value: CellValue) -> CellValue:
    """One cell as the bot reads it: None for empty, whole numbers as int (times of day and
    durations pass as calamine gives them)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < _INT_LIMIT:
        return int(value)
    return value


def _add_errors(grid: Grid, xml: bytes, last: int, width: int) -> tuple[int, int]:
    """Put the error values (#N/A, #REF!, ...) calamine leaves empty back into the grid."""
    for m in _ERROR_CELL.finditer(xml):
        row, col = int(m[2]), col_number(m[1].decode())
        while len(grid) < row:
            grid.append([])
        values = grid[row - 1]
        if len(values) < col:
            values.extend([None] * (col - len(values)))
        values[col - 1] = unescape(m[3])
        last, width = max(last, row), max(width, col)
    return last, width
