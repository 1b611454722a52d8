"""The clients tab read as typed rows: header row found, columns mapped, cells parsed."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .base import Backend, CellValue, Grid, col_letter
from .errors import HeaderError
from .fields import BOT_FIELDS, DATE_FIELDS, HEADERS, STATUS_WORDS, STATUS_WORDS_EN, Field, Status
from .values import cell_text, is_blank, norm, parse_date, parse_money

HEADER_SCAN_ROWS = 10
# A row labelled so (its first filled cell) with no contact details is a totals line, not a client.
TOTAL_WORDS = frozenset({"итого", "итог", "всего", "total", "totals", "grand total",
                         "сумма итого", "итого по всем"})
_CONTACT_FIELDS = ("id", "phone", "email", "contact", "status", "owner")
_DATA_FIELDS = tuple(f for f in Field if f not in BOT_FIELDS)


@dataclass(frozen=True)
class TableSettings:
    """Where the clients are and how they are spelt: tab, headers set in config, status words."""

    tab: str = "Клиенты"
    headers: dict[Field, str] = field(default_factory=dict)  # only those set in config
    statuses: dict[Status, str] = field(default_factory=dict)  # overrides of STATUS_WORDS
    today: date | None = None  # what "5.12" is read against (None: the machine's today)


@dataclass(frozen=True)
class CellProblem:
    """A cell the bot cannot read; it is never changed, the row's next action says why."""

    field: Field
    row: int
    col: int
    header: str
    raw: str
    kind: str  # "date" | "status" | "money"

    @property
    def where(self) -> str:
        """The cell address, e.g. "H12"."""
        return f"{col_letter(self.col)}{self.row}"


@dataclass
class ClientRow:
    """One client as read from the sheet: text fields stripped, dates as dates, sum as float."""

    row: int
    id: str = ""
    company: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    status: Status | None = Status.new  # None: a word the bot does not know
    status_text: str = ""
    refusal_reason: str = ""
    last_contact: date | None = None
    next_contact: date | None = None
    last_purchase: date | None = None
    value: float | None = None
    owner: str = ""
    segment: str = ""
    next_action: str = ""
    note: str = ""
    problems: list[CellProblem] = field(default_factory=list)

    def bad(self, f: Field) -> bool:
        """True when the cell of this field could not be read."""
        return any(p.field == f for p in self.problems)


@dataclass
class Layout:
    """Where each field lives: the header row and 1-based columns, including columns to add."""

    tab: str
    header_row: int
    columns: dict[Field, int]
    headers: dict[Field, str]
    added: list[Field]
    width: int
    sub_header: bool = False  # a second header row under the first (a two-level header)

    @property
    def first_data_row(self) -> int:
        """The 1-based row where clients start (after one or two header rows)."""
        return self.header_row + (2 if self.sub_header else 1)


@dataclass
class ClientTable:
    """The clients tab: its layout and its non-blank rows in sheet order."""

    layout: Layout
    rows: list[ClientRow]
    grid: Grid = field(default_factory=list, repr=False, compare=False)  # the cells as read:
    # held while the table is, so a backend checks its save against them without a second read


def field_names(settings: TableSettings, f: Field) -> list[str]:
    """Header spellings recognised for a field: the one set in config only, else the aliases."""
    if f in settings.headers:
        return [settings.headers[f]]
    return list(HEADERS[f])


def status_lookup(settings: TableSettings) -> dict[str, Status]:
    """Normalised status word -> status: configured words, the Russian and English defaults."""
    table: dict[str, Status] = {}
    for words in (STATUS_WORDS_EN, STATUS_WORDS, settings.statuses):
        for status, word in words.items():
            table[norm(word)] = status
    return table


def _match_header(cells: list[CellValue], settings: TableSettings) -> dict[Field, int]:
    """Fields found in one candidate header row -> 1-based column (first match wins)."""
    wanted = {norm(name): f for f in Field for name in reversed(field_names(settings, f))}
    found: dict[Field, int] = {}
    for i, value in enumerate(cells, start=1):
        if isinstance(value, str):
            key = norm(value).rstrip(":*").strip()
            f = wanted.get(key)
            if f is not None and f not in found:
                found[f] = i
    return found


def find_layout(grid: Grid, settings: TableSettings) -> Layout:
    """Find the header row in the first rows and map every field to its column.

    Raises HeaderError when no row looks like a header or a configured header is missing.
    """
    best_row, best = 0, dict[Field, int]()
    for r, cells in enumerate(grid[:HEADER_SCAN_ROWS], start=1):
        found = _match_header(cells, settings)
        if len(found) > len(best):
            best_row, best = r, found
    if len(best) < 2:
        raise HeaderError("sheets.no_header_row", tab=settings.tab, rows=HEADER_SCAN_ROWS)
    sub = _sub_header(grid, best_row, best, settings)
    for f, c in sub.items():
        best.setdefault(f, c)
    missing = [f for f in settings.headers if f not in best and f not in BOT_FIELDS]
    if missing:
        raise _missing_headers(settings, missing, best_row)
    width = max((i for row in grid[best_row - 1: best_row + (1 if sub else 0)]
                 for i, v in enumerate(row, 1) if not is_blank(v)), default=0)
    headers = {f: cell_text(grid[best_row - (0 if f in sub else 1)][c - 1])
               for f, c in best.items()}
    added = [f for f in BOT_FIELDS if f not in best]
    for f in added:
        width += 1
        best[f] = width
        headers[f] = settings.headers.get(f, HEADERS[f][0])
    return Layout(settings.tab, best_row, best, headers, added, width, bool(sub))


def _sub_header(grid: Grid, row: int, found: dict[Field, int],
                settings: TableSettings) -> dict[Field, int]:
    """The fields of a second header row right under the header (a group title such as
    "Контакт" over "ФИО" and "Телефон"); {} when the next row is data."""
    if row >= len(grid):
        return {}
    cells = grid[row]
    taken = set(found.values())
    extra = {f: c for f, c in _match_header(cells, settings).items()
             if f not in found and c not in taken}
    filled = sum(1 for v in cells if not is_blank(v))
    return extra if extra and 2 * len(extra) >= filled else {}


def _missing_headers(settings: TableSettings, missing: list[Field], row: int) -> HeaderError:
    """The error for headers set in config.yaml that the header row does not have."""
    names = ", ".join(f"«{settings.headers[f]}» (sheet.headers.{f})" for f in missing)
    return HeaderError("sheets.headers_missing", names=names, row=row, tab=settings.tab)


def parse_rows(grid: Grid, layout: Layout, settings: TableSettings) -> list[ClientRow]:
    """Every non-blank row under the header as a ClientRow; blank lines are skipped."""
    return _parse(grid, layout, settings, None, set())


def parse_some(grid: Grid, layout: Layout, settings: TableSettings,
               ids: Collection[str]) -> tuple[list[ClientRow], set[str]]:
    """The rows whose ID (spaces cut) is one of `ids`, as parse_rows reads them (the others are
    not read: a press needs its own clients only), and the IDs of every client row ("" for
    the rows without one)."""
    known: set[str] = set()
    return _parse(grid, layout, settings, ids, known), known


def _parse(grid: Grid, layout: Layout, settings: TableSettings, ids: Collection[str] | None,
           known: set[str]) -> list[ClientRow]:
    """The client rows as ClientRows (only those of `ids`, when given; their IDs into known)."""
    statuses = status_lookup(settings)
    cols = {f: c - 1 for f, c in layout.columns.items() if f not in layout.added}
    today = settings.today or date.today()
    readers: list[_ColumnReader] = [
        (f, f.value, c, _dated(f, today) if f in DATE_FIELDS else _READERS.get(f, _text), {})
        for f, c in cols.items()
    ]
    if ids is None:
        return [_parse_row(r, cells, readers, layout, statuses)
                for r, cells in _client_lines(grid, layout)]
    id_col = cols.get(Field.id)
    rows = []
    for r, cells in _client_lines(grid, layout):
        cid = _id_of(cells, id_col)
        known.add(cid)
        if cid in ids:
            rows.append(_parse_row(r, cells, readers, layout, statuses))
    return rows


def _client_lines(grid: Grid, layout: Layout) -> Iterator[tuple[int, list[CellValue]]]:
    """(sheet row, cells) of every row under the header that is a client: not blank in the
    data columns, not a totals line."""
    cols = {f: c - 1 for f, c in layout.columns.items() if f not in layout.added}
    data_cols = [cols[f] for f in _DATA_FIELDS if f in cols]
    contact_cols = [cols[f] for f in Field if f.value in _CONTACT_FIELDS and f in cols]
    for r in range(layout.first_data_row - 1, len(grid)):
        cells = grid[r]
        width = len(cells)
        if all(is_blank(cells[c]) for c in data_cols if c < width):
            continue
        if is_totals(cells, contact_cols):
            continue
        yield r + 1, cells


def _id_of(cells: list[CellValue], col: int | None) -> str:
    """A row's ID as its ClientRow would hold it, spaces cut."""
    value = cells[col] if col is not None and col < len(cells) else None
    return "" if value is None else _text(value, {}).strip()


def is_totals(cells: list[CellValue], contact_cols: list[int]) -> bool:
    """True for a totals line: its first filled cell says "Итого"/"Всего"/"Total" and it has
    no ID, phone, e-mail, contact, status or owner.

    >>> is_totals(["Итого:", None, 1500], [0, 1]), is_totals(["Итого", "Иван", 5], [1])
    (True, False)
    """
    at = next((i for i, v in enumerate(cells) if not is_blank(v)), None)
    label = cells[at] if at is not None else None
    if not isinstance(label, str) or norm(label).rstrip(":").strip() not in TOTAL_WORDS:
        return False
    return all(c >= len(cells) or c == at or is_blank(cells[c]) for c in contact_cols)


Reader = Callable[[CellValue, dict[str, Status]], object]
_ColumnReader = tuple[Field, str, int, Reader, dict[str, tuple[bool, Any]]]  # memo: text -> read


def _parse_row(number: int, cells: list[CellValue], readers: list[_ColumnReader],
               layout: Layout, statuses: dict[str, Status]) -> ClientRow:
    """One sheet row as a ClientRow, with a CellProblem for each unreadable cell. This runs
    for every row of every read: a text is stripped in place, a column's texts (statuses,
    dates typed by hand: they repeat) are read once each (the reading or the error, in the
    column's memo), and the row is made once."""
    values: dict[str, Any] = {}
    problems: list[CellProblem] = []
    width = len(cells)
    for f, attr, c, read, memo in readers:
        value = cells[c] if c < width else None
        if value is None:
            continue  # the ClientRow's defaults are an empty cell's reading
        if read is _text and type(value) is str:
            values[attr] = value.strip()  # _text's reading of a text, without the call
            continue
        hit = memo.get(value) if type(value) is str else None
        if hit is None:
            try:
                hit = (True, read(value, statuses))
            except ValueError as err:
                hit = (False, str(err))
            if type(value) is str:
                memo[value] = hit
        if hit[0]:
            values[attr] = hit[1]
        else:
            values[attr] = None  # unreadable: nothing is assumed about it
            problems.append(
                CellProblem(f, number, c + 1, layout.headers[f], cell_text(value), str(hit[1]))
            )
        if f is Field.status:
            values["status_text"] = cell_text(value)
    return ClientRow(number, problems=problems, **values)


def _text(value: CellValue, statuses: dict[str, Status]) -> str:
    """A text field: the cell as a person reads it."""
    return value.strip() if type(value) is str else cell_text(value)


def _date(value: CellValue, statuses: dict[str, Status], today: date | None = None,
          ahead: bool = True) -> date | None:
    """A date field; ValueError("date") when the cell is not a real date."""
    try:
        return parse_date(value, today, ahead)
    except ValueError:
        raise ValueError("date") from None


def _dated(f: Field, today: date) -> Reader:
    """The reader of a date column: "5.12" without a year is read as of `today`, the nearest
    for the next contact, the last gone by for the other dates."""
    ahead = f is Field.next_contact
    return lambda value, statuses: _date(value, statuses, today, ahead)


def _money(value: CellValue, statuses: dict[str, Status]) -> float | None:
    """The sum; ValueError("money") when it is not a number."""
    try:
        return parse_money(value)
    except ValueError:
        raise ValueError("money") from None


def _status(value: CellValue, statuses: dict[str, Status]) -> Status:
    """A status word (empty means new); ValueError("status") for a word nobody configured."""
    text = cell_text(value)
    if not text:
        return Status.new
    status = statuses.get(norm(text))
    if status is None:
        raise ValueError("status")
    return status


_READERS: dict[Field, Reader] = {
    **{f: _date for f in DATE_FIELDS}, Field.value: _money, Field.status: _status,
}


def find_tab(backend: Backend, tab: str) -> str:
    """The tab's name as the workbook spells it (case and spaces ignored); as given if none."""
    if tab in (names := backend.tabs()):
        return tab
    return next((n for n in names if norm(n) == norm(tab)), tab)


def read_clients(backend: Backend, settings: TableSettings) -> ClientTable:
    """Read the clients tab of a backend as typed rows."""
    tab = find_tab(backend, settings.tab)
    if tab != settings.tab:
        settings = TableSettings(tab, settings.headers, settings.statuses, settings.today)
    grid = backend.read(tab)
    layout = find_layout(grid, settings)
    return ClientTable(layout, parse_rows(grid, layout, settings), grid)
