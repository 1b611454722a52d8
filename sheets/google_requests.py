"""Google Sheets requests, built without I/O: cell values as CellData, a save as batchUpdate
requests in order, and those requests packed into bodies of at most MAX_BODY bytes.

Strings are written as `stringValue`, so text a manager typed never becomes a formula. Dates go
out as serial numbers with a date format. A body is UTF-8 JSON (Cyrillic 2 bytes a letter, not
the 6 of an ASCII escape); Google refuses bodies over 10 MB and advises 2 MB, so a save is split
into bodies of at most 2,000,000 bytes, large updateCells and appendCells split by rows, in
their order (a grid grown in one body is there for the next).
"""

from __future__ import annotations

import json
import math
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .base import CellValue, CellWrite, Changes, Grid, NewTable, col_letter

EPOCH = datetime(1899, 12, 30)
DATE_FORMAT = {"type": "DATE", "pattern": "dd.mm.yyyy"}
DATETIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd.mm.yyyy hh:mm"}
VALUE = "userEnteredValue"
VALUE_AND_FORMAT = "userEnteredValue,userEnteredFormat.numberFormat"
BOLD = "userEnteredFormat.textFormat.bold"
READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
NEW_TAB_ROWS = 1000
NEW_TAB_COLS = 26
PIXELS_PER_CHAR = 7
PIXELS_PADDING = 5
MAX_BODY = 2_000_000  # bytes of one batchUpdate body: Google advises 2 MB, refuses over 10 MB



@dataclass(frozen=True)
class Tab:
    """What the backend keeps of a tab: its id, name and grid size."""

    sheet_id: int
    title: str
    rows: int
    cols: int


@dataclass
class Metadata:
    """The cached spreadsheet metadata: title and tabs in order, and when it was fetched."""

    title: str
    tabs: dict[str, Tab]
    fetched: float = field(default_factory=time.monotonic)


def parse_metadata(answer: Mapping[str, Any]) -> Metadata:
    """Metadata from a spreadsheets.get answer."""
    sheets = sorted(answer.get("sheets", []), key=lambda s: s["properties"].get("index", 0))
    tabs = {}
    for sheet in sheets:
        props = sheet["properties"]
        grid = props.get("gridProperties", {})
        tab = Tab(
            props["sheetId"], props["title"], grid.get("rowCount", 0), grid.get("columnCount", 0)
        )
        tabs[tab.title] = tab
    return Metadata(answer.get("properties", {}).get("title", ""), tabs)


def a1_tab(title: str) -> str:
    """A whole tab as an A1 range, quoted.

    >>> a1_tab("Клиенты"), a1_tab("It's")
    ("'Клиенты'", "'It''s'")
    """
    return "'" + title.replace("'", "''") + "'"


def serial(value: date | datetime) -> float | int:
    """A date as a spreadsheet serial number (days since 1899-12-30).

    >>> serial(date(2025, 11, 16)), serial(datetime(1900, 1, 1, 12))
    (45977, 2.5)
    """
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
    return (value - EPOCH.date()).days


def google_format(code: str) -> dict[str, str]:
    """An Excel number format code as Google's NumberFormat.

    >>> google_format("0%"), google_format("#,##0")
    ({'type': 'PERCENT', 'pattern': '0%'}, {'type': 'NUMBER', 'pattern': '#,##0'})
    """
    return {"type": "PERCENT" if code.endswith("%") else "NUMBER", "pattern": code}


def cell_data(value: CellValue, fmt: str | None = None) -> tuple[dict[str, Any], str]:
    """A value as CellData and the field mask it needs; strings stay text, never formulas;
    a number in fmt when given (see CellWrite).

    >>> cell_data("=1+1")
    ({'userEnteredValue': {'stringValue': '=1+1'}}, 'userEnteredValue')
    >>> cell_data(date(2025, 11, 16))[0]["userEnteredFormat"]["numberFormat"]["type"]
    'DATE'
    >>> cell_data(float("inf"))[0]
    {'userEnteredValue': {'stringValue': 'inf'}}
    >>> cell_data(0.4, "0%")[0]["userEnteredFormat"]
    {'numberFormat': {'type': 'PERCENT', 'pattern': '0%'}}
    """
    if value is None:
        return {}, VALUE
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}, VALUE
    if isinstance(value, date):
        number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        data = {
            "userEnteredValue": {"numberValue": serial(value)},
            "userEnteredFormat": {"numberFormat": dict(number_format)},
        }
        return data, VALUE_AND_FORMAT
    if isinstance(value, float) and not math.isfinite(value):
        return {"userEnteredValue": {"stringValue": str(value)}}, VALUE  # JSON has no inf/nan
    if isinstance(value, int | float | Decimal):
        number = {"numberValue": float(value) if isinstance(value, Decimal) else value}
        if fmt is None:
            return {"userEnteredValue": number}, VALUE
        return ({"userEnteredValue": number,
                 "userEnteredFormat": {"numberFormat": google_format(fmt)}}, VALUE_AND_FORMAT)
    return {"userEnteredValue": {"stringValue": str(value)}}, VALUE


@dataclass
class _Block:
    """Cells to write in one updateCells: a rectangle of rows starting at (row, col), 1-based."""

    row: int
    col: int
    rows: list[list[dict[str, Any]]]
    mask: str


def _runs(cells: Mapping[tuple[int, int], tuple[CellValue, str | None]]) -> list[_Block]:
    """Cells as one-row blocks of horizontally adjacent cells needing the same mask."""
    runs: list[_Block] = []
    for row, col in sorted(cells):
        data, mask = cell_data(*cells[(row, col)])
        last = runs[-1] if runs else None
        if last and last.row == row and last.col + len(last.rows[0]) == col and last.mask == mask:
            last.rows[0].append(data)
        else:
            runs.append(_Block(row, col, [[data]], mask))
    return runs


def blocks(writes: Iterable[CellWrite]) -> list[_Block]:
    """Writes grouped: runs on a row, stacked when the same columns repeat on the next rows.

    >>> [(b.row, b.col, len(b.rows), len(b.rows[0])) for b in blocks(
    ...     [CellWrite(r, c, "x") for r in (2, 3, 4) for c in (5, 6)] + [CellWrite(9, 1, 1)])]
    [(2, 5, 3, 2), (9, 1, 1, 1)]
    """
    cells = {(w.row, w.col): (w.value, w.fmt) for w in writes}
    stacked: list[_Block] = []
    open_blocks: dict[tuple[int, int, str], _Block] = {}
    for run in _runs(cells):
        key = (run.col, len(run.rows[0]), run.mask)
        block = open_blocks.get(key)
        if block is not None and block.row + len(block.rows) == run.row:
            block.rows.append(run.rows[0])
        else:
            stacked.append(run)
            open_blocks[key] = run
    return stacked


def update_cells(sheet_id: int, block: _Block) -> dict[str, Any]:
    """An updateCells request for a block."""
    return {
        "updateCells": {
            "start": {
                "sheetId": sheet_id,
                "rowIndex": block.row - 1,
                "columnIndex": block.col - 1,
            },
            "rows": [{"values": values} for values in block.rows],
            "fields": block.mask,
        }
    }


def append_cells(sheet_id: int, rows: list[list[CellValue]]) -> dict[str, Any]:
    """An appendCells request: rows after the last row with data, new rows added as needed."""
    converted = [[cell_data(v) for v in row] for row in rows]
    dated = any(mask == VALUE_AND_FORMAT for row in converted for _, mask in row)
    return {
        "appendCells": {
            "sheetId": sheet_id,
            "rows": [{"values": [data for data, _ in row]} for row in converted],
            "fields": VALUE_AND_FORMAT if dated else VALUE,
        }
    }


def grow(tab: Tab, rows: int, cols: int) -> tuple[list[dict[str, Any]], Tab]:
    """appendDimension requests so the grid holds rows x cols, and the grown tab."""
    requests_: list[dict[str, Any]] = []
    for dimension, need, have in (("ROWS", rows, tab.rows), ("COLUMNS", cols, tab.cols)):
        if need > have:
            append = {"sheetId": tab.sheet_id, "dimension": dimension, "length": need - have}
            requests_.append({"appendDimension": append})
    return requests_, replace(tab, rows=max(rows, tab.rows), cols=max(cols, tab.cols))


def new_sheet_id(title: str, used: Iterable[int]) -> int:
    """A sheetId for a new tab, stable for a title and not in use (so a batch can refer to it)."""
    taken = set(used)
    candidate = zlib.crc32(title.encode()) & 0x7FFFFFFF
    while candidate in taken or candidate == 0:
        candidate = (candidate + 1) & 0x7FFFFFFF
    return candidate


def header_requests(tab: Tab, header: list[str]) -> list[dict[str, Any]]:
    """A bold header row in row 1 of a tab."""
    if not header:
        return []
    bold = {"textFormat": {"bold": True}}
    values = [{"userEnteredValue": {"stringValue": h}, "userEnteredFormat": bold} for h in header]
    start = {"sheetId": tab.sheet_id, "rowIndex": 0, "columnIndex": 0}
    update = {"start": start, "rows": [{"values": values}], "fields": f"{VALUE},{BOLD}"}
    return [{"updateCells": update}]


def add_sheet(tab: Tab) -> dict[str, Any]:
    """An addSheet request for a tab with a frozen first row."""
    grid = {"rowCount": tab.rows, "columnCount": tab.cols, "frozenRowCount": 1}
    props = {"sheetId": tab.sheet_id, "title": tab.title, "gridProperties": grid}
    return {"addSheet": {"properties": props}}


def new_tab(title: str, header: list[str], used: Iterable[int]) -> tuple[Tab, list[dict]]:
    """A new tab with its header: the tab and its requests (addSheet, header)."""
    tab = Tab(new_sheet_id(title, used), title, NEW_TAB_ROWS, max(NEW_TAB_COLS, len(header)))
    return tab, [add_sheet(tab), *header_requests(tab, header)]


def plan_save(changes: Changes, tabs: Mapping[str, Tab]) -> tuple[list[dict], dict[str, Tab]]:
    """The batchUpdate requests for a save, in order, and the tabs as they will be after it."""
    after = dict(tabs)
    out: list[dict[str, Any]] = []
    for title, header in changes.new_tabs.items():
        if title not in after:
            tab, made = new_tab(title, header, (t.sheet_id for t in after.values()))
            after[title] = tab
            out += made
    for title, writes in changes.cells.items():
        if writes:
            rows = max(w.row for w in writes)
            grown, after[title] = grow(after[title], rows, max(w.col for w in writes))
            out += grown
            out += [update_cells(after[title].sheet_id, b) for b in blocks(writes)]
    for title, rows_ in changes.appends.items():
        if rows_:
            grown, after[title] = grow(after[title], 0, max(len(r) for r in rows_))
            out += grown
            out.append(append_cells(after[title].sheet_id, rows_))
    return out, after


def rgb(hex_color: str) -> dict[str, float]:
    """An RGB hex colour ("FFD966" or "#FFD966") as Google's 0..1 floats.

    >>> rgb("#FF0080")
    {'red': 1.0, 'green': 0.0, 'blue': 0.502}
    """
    text = hex_color.lstrip("#")
    red, green, blue = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return {
        "red": round(red / 255, 3),
        "green": round(green / 255, 3),
        "blue": round(blue / 255, 3),
    }


def layout_requests(tab: Tab, table: NewTable) -> list[dict[str, Any]]:
    """Headers and rows, drop-down lists and row colours."""
    sid, width = tab.sheet_id, len(table.headers)
    body_rows = [{"values": [cell_data(v)[0] for v in row]} for row in table.rows]
    header = [{"values": [cell_data(h)[0] for h in table.headers]}]
    out: list[dict[str, Any]] = [
        {
            "updateCells": {
                "start": {"sheetId": sid, "rowIndex": 0, "columnIndex": 0},
                "rows": header + body_rows,
                "fields": VALUE_AND_FORMAT,
            }
        },
    ]
    out += [_choices(sid, col, options) for col, options in sorted(table.choices.items())]
    if table.color_col is not None:
        letter = col_letter(table.color_col + 1)
        for index, (word, color) in enumerate(table.colors.items()):
            out.append(_colour_rule(sid, width, letter, word, color, index))
    return out  # the header's colours, widths and formats: google_layout.dressing


def _rows_range(sid: int, r0: int, r1: int | None, c0: int, c1: int) -> dict[str, int]:
    """A GridRange; r1=None leaves the rows open to the end of the sheet."""
    grid = {"sheetId": sid, "startRowIndex": r0, "startColumnIndex": c0, "endColumnIndex": c1}
    if r1 is not None:
        grid["endRowIndex"] = r1
    return grid


def _choices(sid: int, col: int, options: list[str]) -> dict[str, Any]:
    """A drop-down list under the header; other values are allowed with a warning."""
    rule = {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": option} for option in options],
        },
        "strict": False,
        "showCustomUi": True,
    }
    return {"setDataValidation": {"range": _rows_range(sid, 1, None, col, col + 1), "rule": rule}}


def _colour_rule(
    sid: int, width: int, letter: str, word: str, color: str, index: int
) -> dict[str, Any]:
    """A conditional format: the whole row filled when the colour column holds the word."""
    formula = f'=${letter}2="{word.replace(chr(34), chr(34) * 2)}"'
    rule = {
        "ranges": [_rows_range(sid, 1, None, 0, max(width, 1))],
        "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
            "format": {"backgroundColorStyle": {"rgbColor": rgb(color)}},
        },
    }
    return {"addConditionalFormatRule": {"rule": rule, "index": index}}


def has_data(grid: Grid) -> bool:
    """True when any cell holds something."""
    return any(v not in (None, "") for row in grid for v in row)


# ---------------------------------------------------------------------------------------------
# request bodies within Google's limits

HEAD, TAIL = b'{"requests":[', b"]}"
SPLITTABLE = ("updateCells", "appendCells")


@dataclass(frozen=True)
class Body:
    """One batchUpdate body: its requests, and the UTF-8 JSON sent."""

    requests: list[dict[str, Any]]
    data: bytes

    @property
    def careful(self) -> bool:
        """True when resending it after a lost answer could apply it twice (a tab, a row)."""
        return any("addSheet" in r or "appendCells" in r for r in self.requests)


def encode(obj: Any) -> bytes:
    """Compact UTF-8 JSON, letters as themselves (not 6-byte ASCII escapes).

    >>> len(encode({"s": "Ёж"})), len(json.dumps({"s": "Ёж"}))
    (12, 21)
    """
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def pieces(request: dict[str, Any], limit: int) -> list[tuple[dict[str, Any], bytes]]:
    """A request and its JSON, split by rows (in order) into parts of at most `limit` bytes when
    it is an updateCells or appendCells too big for one body."""
    data = encode(request)
    ((kind, args),) = request.items()
    rows = args.get("rows") or []
    if len(data) <= limit or kind not in SPLITTABLE or len(rows) < 2:
        return [(request, data)]
    if kind == "updateCells" and "start" not in args:
        return [(request, data)]
    overhead = len(encode({kind: {**args, "rows": []}}))
    chunks: list[list[Any]] = [[]]
    size = overhead
    for row in rows:
        n = len(encode(row)) + 1
        if chunks[-1] and size + n > limit:
            chunks.append([])
            size = overhead
        chunks[-1].append(row)
        size += n
    out, offset = [], 0
    for chunk in chunks:
        part = {**args, "rows": chunk}
        if kind == "updateCells":
            start = args["start"]
            part["start"] = {**start, "rowIndex": start.get("rowIndex", 0) + offset}
        offset += len(chunk)
        out.append(({kind: part}, encode({kind: part})))
    return out


def pack(requests_: Sequence[dict[str, Any]], limit: int = MAX_BODY) -> list[Body]:
    """Requests in bodies of at most `limit` bytes each, in order: one body when they fit.

    >>> [len(b.requests) for b in pack([{"k": {"v": "x" * 40}}] * 3, limit=125)]
    [2, 1]
    """
    bodies: list[Body] = []
    batch: list[dict[str, Any]] = []
    parts: list[bytes] = []
    size = len(HEAD) + len(TAIL)
    for request in requests_:
        for piece, data in pieces(request, limit - len(HEAD) - len(TAIL)):
            if parts and size + len(data) + 1 > limit:
                bodies.append(Body(batch, HEAD + b",".join(parts) + TAIL))
                batch, parts, size = [], [], len(HEAD) + len(TAIL)
            batch.append(piece)
            parts.append(data)
            size += len(data) + 1
    if parts:
        bodies.append(Body(batch, HEAD + b",".join(parts) + TAIL))
    return bodies


# ---------------------------------------------------------------------------------------------
# what landed: rows sent compared with rows read back


def comparable(value: Any) -> Any:
    """A value as sent or as read back, in one form: numbers as floats, "" as None.

    >>> comparable(3), comparable(True), comparable(""), comparable("3")
    (3.0, True, None, '3')
    """
    if value == "" or value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def sent_row(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A RowData as sent, as the values a read gives back, trailing blanks cut."""
    values = []
    for data in row.get("values", []):
        extended = data.get("userEnteredValue") or {}
        values.append(comparable(next(iter(extended.values()), None)))
    return _cut(values)


def read_row(row: Sequence[Any]) -> tuple[Any, ...]:
    """A row read back, trailing blanks cut."""
    return _cut([comparable(v) for v in row])


def _cut(values: list[Any]) -> tuple[Any, ...]:
    """Values without trailing blanks."""
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def written(value: CellValue) -> Any:
    """A value as a read gives it back once written (dates as serials), comparable.

    >>> written(date(2025, 11, 16)), written(None), written("x")
    (45977.0, None, 'x')
    """
    extended = cell_data(value)[0].get("userEnteredValue") or {}
    return comparable(next(iter(extended.values()), None))


def moved_rows(before: Grid, now: Grid, writes: Iterable[CellWrite]) -> list[int]:
    """Rows to be written (1-based) that no longer hold what was read: most of their cells
    outside the written columns differ, as after a sort or a row inserted or deleted above.
    A cell or two edited by a person is no move.

    >>> moved_rows([["ID"], [1, "a", "x"]], [["ID"], [2, "b", "x"]], [CellWrite(2, 3, "y")])
    [2]
    >>> moved_rows([["ID"], [1, "a", "x"]], [["ID"], [1, "b", "x"]], [CellWrite(2, 3, "y")])
    []
    """
    writes = list(writes)
    columns = {w.col - 1 for w in writes}
    moved = []
    for row in sorted({w.row for w in writes}):
        if row > len(before):
            continue
        old, new = before[row - 1], now[row - 1] if row <= len(now) else []
        same = differ = 0
        for col in range(max(len(old), len(new))):
            a = comparable(old[col]) if col < len(old) else None
            b = comparable(new[col]) if col < len(new) else None
            if col in columns or (a is None and b is None):
                continue
            same, differ = (same + 1, differ) if a == b else (same, differ + 1)
        if differ > same:
            moved.append(row)
    return moved


def patched(grid: Grid, writes: Iterable[CellWrite]) -> Grid:
    """The grid as it reads after the writes land (values as a read gives them back)."""
    out = [list(row) for row in grid]
    for w in writes:
        while len(out) < w.row:
            out.append([])
        row = out[w.row - 1]
        row.extend([None] * (w.col - len(row)))
        row[w.col - 1] = written(w.value)
    return out


def row_spans(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Row numbers as runs of consecutive rows, (first, last) each.

    >>> row_spans([7, 3, 4, 5, 9, 4])
    [(3, 5), (7, 7), (9, 9)]
    """
    spans: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if spans and spans[-1][1] == row - 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans


def spliced(grid: Grid, first: int, last: int, window: Grid) -> Grid:
    """The grid with rows first..last (1-based) replaced by a fresh read of them.

    >>> spliced([["a"], ["b"], ["c"]], 2, 3, [["B"]])
    [['a'], ['B'], []]
    """
    out = list(grid) + [[] for _ in range(last - len(grid))]
    out[first - 1 : last] = list(window) + [[] for _ in range(last - first + 1 - len(window))]
    return out


def found_at_end(grid: Grid, rows: Sequence[tuple[Any, ...]], look_back: int) -> bool:
    """True when `rows` stand one after another among the last len(rows) + look_back rows.

    >>> found_at_end([["a"], ["b"], ["c"]], [("b",)], 1), found_at_end([["a"]], [("b",)], 5)
    (True, False)
    """
    if not rows:
        return True
    tail = [read_row(r) for r in grid[-(len(rows) + look_back) :]]
    want = list(rows)
    return any(tail[i : i + len(want)] == want for i in range(len(tail) - len(want) + 1))

