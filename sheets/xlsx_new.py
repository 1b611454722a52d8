"""A new workbook for `init`, made by openpyxl: the clients tab with a bold frozen header,
sample rows, drop-downs on a hidden tab, row colours, widths, number formats, the extra tabs
and a tab that says what each colour means.

openpyxl only ever makes a file from nothing here; a workbook that exists is never saved by it
(the .xlsx backend patches the table into it instead), so nothing of anyone's file is lost.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from datetime import date, datetime
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .base import HEADER_FILL, HEADER_FONT, CellValue, NewTable, fit
from .errors import SheetError
from .ooxml.cells import looks_like_input
from .ooxml.disk import check_no_lock_file, folder_lock, replace, temp_name, write_error

LIST_TAB = "Списки"  # hidden tab holding the drop-down values
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
FORMAT_ROWS = 5000  # drop-downs and row colours cover rows 2..5000
MAX_TEXT = 32767  # Excel's limit for one cell


def new_workbook(path: Path, table: NewTable, location: str) -> None:
    """Make the workbook at path (which does not exist yet) with the table laid out in it."""
    if path.suffix.lower() != ".xlsx":
        raise SheetError("sheets.xlsx_new_not_xlsx", path=location)
    wb = Workbook()
    wb.active.title = table.tab
    _lay_out(wb, table, location)
    tmp = temp_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with folder_lock(path):
            check_no_lock_file(path)
            try:
                with open(tmp, "xb") as fh:
                    wb.save(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                replace(tmp, path)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
    except OSError as exc:
        raise write_error(path, exc) from exc


def _lay_out(wb: Workbook, table: NewTable, location: str) -> None:
    """Headers, sample rows, drop-downs, colours, widths, formats, the extra tabs, the legend."""
    ws = wb[table.tab]
    _header_tab(ws, table.headers, table.widths, table.formats)
    last_col = get_column_letter(max(len(table.headers), 1))
    ws.auto_filter.ref = f"A1:{last_col}{len(table.rows) + 1}"
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None and value != "":
                _put(ws.cell(row=r, column=c), value, table.formats.get(c - 1))
    for col, allowed in table.choices.items():
        _add_choices(wb, ws, col, allowed)
    _add_colors(ws, table, last_col, location)
    for tab, names in table.extra_tabs.items():
        if tab not in wb.sheetnames:
            _header_tab(wb.create_sheet(tab), names, table.extra_widths.get(tab, {}),
                        table.extra_formats.get(tab, {}))
    if table.legend_tab and table.legend and table.legend_tab not in wb.sheetnames:
        _legend(wb.create_sheet(table.legend_tab), table, location)


def _legend(ws: Worksheet, table: NewTable, location: str) -> None:
    """The tab that says what each row colour means: its first cells filled with the colour."""
    header, *rows = table.legend
    widths = {c: max(len(str(r[c])) for r in rows if c < len(r)) + 2
              for c in range(len(header))}
    _header_tab(ws, header, widths, {})
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(ws.cell(row=r, column=c), value)
        rgb = table.colors.get(values[0], "") if values else ""
        if rgb:
            ws.cell(row=r, column=1).fill = _fill(rgb, values[0], location)


def _put(cell: Cell, value: CellValue, fmt: str | None = None) -> None:
    """Store one value: strings always as text, dates as dates with a date format, numbers in
    fmt when given."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
        cell.value = text or None
        if text:
            cell.data_type = "s"  # openpyxl turns "=..." into a formula and "#N/A" into an error
            cell.quotePrefix = looks_like_input(text)  # Excel keeps it text when edited
    elif isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)  # Excel has no time zones: keep wall time
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"cannot store {value!r} in an xlsx cell")
        cell.value = value
        if fmt:
            cell.number_format = fmt


def _header_tab(ws: Worksheet, header: list[str], widths: dict[int, int],
                formats: dict[int, str]) -> None:
    """Write a bold, filled, frozen header row; columns wide enough for their header and
    data, in their number formats (new cells typed there take them)."""
    fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for c, title in enumerate(header, start=1):
        cell = ws.cell(row=1, column=c)
        _put(cell, title)
        cell.font = Font(bold=True, color=HEADER_FONT)
        cell.fill = fill
        column = ws.column_dimensions[get_column_letter(c)]
        column.width = fit(str(title), widths.get(c - 1))
        if c - 1 in formats:
            column.number_format = formats[c - 1]
    ws.freeze_panes = "A2"


def _add_choices(wb: Workbook, ws: Worksheet, col: int, values: list[str]) -> None:
    """A drop-down list for a column, its values on the hidden tab and a defined name.

    The list sits on another tab because an inline list is capped at 255 characters; it is
    reached through a defined name so that every program keeps it as a plain validation.
    """
    lists = wb[LIST_TAB] if LIST_TAB in wb.sheetnames else _list_tab(wb)
    used = lists.max_column if any(c.value is not None for row in lists.iter_rows()
                                   for c in row) else 0
    list_col = get_column_letter(used + 1)
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


def _fill(rgb: str, value: str, location: str) -> PatternFill:
    """A solid fill of an RGB hex colour; SheetError when it is not one."""
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb.lstrip("#")):
        raise SheetError("sheets.xlsx_bad_colour", rgb=rgb, value=value, location=location)
    color = rgb.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def _add_colors(ws: Worksheet, table: NewTable, last_col: str, location: str) -> None:
    """Fill whole rows by the value of the colour column, one rule per value."""
    if table.color_col is None or not table.colors:
        return
    letter = get_column_letter(table.color_col + 1)
    area = f"A2:{last_col}{FORMAT_ROWS}"
    for value, rgb in table.colors.items():
        fill = _fill(rgb, value, location)
        text = str(value).replace('"', '""')
        ws.conditional_formatting.add(
            area, FormulaRule(formula=[f'${letter}2="{text}"'], fill=fill)
        )
