"""The one small interface every table backend implements: list tabs, read a tab, save changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol

CellValue = str | int | float | bool | Decimal | date | datetime | None
Grid = list[list[CellValue]]


class CellWrite(NamedTuple):
    """One cell to set: 1-based row and column. Strings are always stored as plain text.

    fmt: a number format to show a number in, in Excel's codes ("0", "0%", "#,##0", "0.0"),
    written with the value so a format left in the cell from before (a date's) cannot show a
    count of 2 as 02.01.1900; None keeps the cell's own format (a date always gets a date's).
    """

    row: int
    col: int
    value: CellValue
    fmt: str | None = None


@dataclass(frozen=True)
class Guard:
    """What the rows being written must hold for the write to be theirs: the ID each row had
    when it was read ("" for a row without one), in the 1-based ID column `col`."""

    col: int
    ids: dict[int, str]


@dataclass
class Changes:
    """Everything one save does, so a backend can apply it in one file write or one API batch.

    Order of application: new tabs are created first (with their header row), then cells are
    written, then rows are appended after the last non-empty row of their tab. guards: by tab,
    the IDs the written rows must still hold (checked by the backend right before the write and,
    where the sheet can change during it, right after); a tab without one is checked loosely.
    """

    new_tabs: dict[str, list[str]] = field(default_factory=dict)
    cells: dict[str, list[CellWrite]] = field(default_factory=dict)
    appends: dict[str, list[list[CellValue]]] = field(default_factory=dict)
    guards: dict[str, Guard] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.new_tabs or any(self.cells.values()) or any(self.appends.values()))

    def cell_count(self) -> int:
        """Number of cells written (appends not counted)."""
        return sum(len(v) for v in self.cells.values())


HEADER_FILL = "305496"  # a new table's header: dark blue under white bold text, unlike any row
HEADER_FONT = "FFFFFF"
MAX_WIDTH = 50


@dataclass(frozen=True)
class NewTable:
    """What `init` lays out in a new workbook or an empty Google sheet.

    tab: the clients tab; headers: the header row (row 1); rows: sample data under it;
    choices: 0-based column index -> allowed values (a drop-down list, other values still allowed
    with a warning); colors: value of `color_col` -> RGB hex fill ("FFD966") for the whole row;
    widths: 0-based column index -> width in characters (widened to fit the header, see `fit`);
    formats: 0-based column index -> number format of the column ("#,##0");
    extra_tabs: other tabs with header rows, extra_widths and extra_formats their columns';
    legend_tab, legend: a tab whose rows (the first one its header) explain the colours: the
    first cell of each row under the header is a key of `colors` and is filled with it.
    The header rows are frozen, bold, white on HEADER_FILL.
    """

    tab: str
    headers: list[str]
    rows: list[list[CellValue]] = field(default_factory=list)
    choices: dict[int, list[str]] = field(default_factory=dict)
    color_col: int | None = None
    colors: dict[str, str] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)
    extra_tabs: dict[str, list[str]] = field(default_factory=dict)
    formats: dict[int, str] = field(default_factory=dict)
    extra_widths: dict[str, dict[int, int]] = field(default_factory=dict)
    extra_formats: dict[str, dict[int, str]] = field(default_factory=dict)
    legend_tab: str = ""
    legend: list[list[str]] = field(default_factory=list)


def fit(header: str, width: int | None = None) -> int:
    """A column's width in characters: as asked (10 when not), widened so its bold header
    shows whole with a margin (up to MAX_WIDTH).

    >>> fit("ID", 8), fit("Дата последнего контакта", 14), fit("Телефон")
    (8, 27, 10)
    """
    need = len(header) + 3
    return min(max(width or 10, need), max(width or 0, MAX_WIDTH))


class Backend(Protocol):
    """A spreadsheet: an .xlsx file, a Google sheet, or memory (tests)."""

    location: str  # what to show the user: the file path or the spreadsheet title/URL

    def tabs(self) -> list[str]:
        """Names of the tabs, in workbook order."""
        ...

    def read(self, tab: str) -> Grid:
        """All values of a tab as rows of cells (computed values for formulas, dates as dates
        where the backend knows them, else as Excel serial numbers); trailing blanks may be cut."""
        ...

    def save(self, changes: Changes) -> None:
        """Apply the changes at once: one atomic file write or one API batch. Raises SheetError."""
        ...

    def create(self, table: NewTable) -> None:
        """Lay out a new table; refuses (SheetError) when the clients tab already holds data."""
        ...


def col_letter(col: int) -> str:
    """Column number to its letters.

    >>> col_letter(1), col_letter(27), col_letter(703)
    ('A', 'AA', 'AAA')
    """
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
