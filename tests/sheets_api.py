"""A local stand-in of the Google Sheets API v4 and the OAuth token endpoint, for tests.

Long because: one server that answers like Google (shapes, errors, limits) for every call
gspread makes; splitting it would scatter the one model of a spreadsheet it keeps.

An HTTP server on 127.0.0.1 (port 0) that keeps spreadsheets in memory and answers what gspread
6.2.1 and `sheets.google` call, shaped like Google's answers (errors included, since gspread
parses them):

    POST /token                                         service-account JWT grant → access token
    GET  /v1/projects/-/serviceAccounts/{email}/allowedLocations   google-auth's background
                                                        lookup; answered 404 (no boundary)
    GET  /v4/spreadsheets/{id}                          metadata (fields, includeGridData)
    POST /v4/spreadsheets/{id}:batchUpdate              addSheet, updateCells, appendCells,
         updateSheetProperties, appendDimension, setDataValidation, addConditionalFormatRule,
         updateDimensionProperties, repeatCell — atomic, like Google
    GET  /v4/spreadsheets/{id}/values/{range}           valueRenderOption, dateTimeRenderOption,
    GET  /v4/spreadsheets/{id}/values:batchGet          majorDimension
    PUT  /v4/spreadsheets/{id}/values/{range}           valueInputOption RAW | USER_ENTERED
    POST /v4/spreadsheets/{id}/values:batchUpdate       (USER_ENTERED turns "=…" into a formula)
    POST /v4/spreadsheets/{id}/values/{range}:append
    POST /v4/spreadsheets/{id}/values/{range}:clear, values:batchClear

Every call is recorded in `calls` as (method, decoded path), with details in `log` (the body
and the `clock` time it came; `largest_body()` tells the biggest request). Strict where Google
is: a body over `max_body` (10,485,760 bytes) is refused with Google's 400, unknown enum values
and field-mask paths are 400, a write past the grid is 400 unless an earlier request of the same
batch grew it, and `read_quota(n)` answers reads beyond n per minute (on `clock`) with 429.
Tests can make the next calls fail (`fail_next`: 429 — without Retry-After unless told, as
Google — 500, 503; `disconnect_next`), apply the next writes and then drop the connection
(`drop_after_write_next`), move a tab's rows as a person sorting would (`reorder_after_read`),
deny a spreadsheet (`deny`: 403 / 404, or read-only), and look inside (`values`, `cell`,
`sheet`, `validation`). Formulas are not evaluated: a formula written through the API has no
computed value; `Formula(text, value)` seeds one with the value Google would show.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

Scalar = str | int | float | bool | None
Json = Any
Reply = tuple[int, dict[str, str], bytes]

EPOCH = datetime(1899, 12, 30)
SCOPE = "https://www.googleapis.com/auth/spreadsheets"
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
MESSAGES = {
    401: "Request had invalid authentication credentials. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per "
    "minute per user' of service 'sheets.googleapis.com'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}
READ_QUOTA_MESSAGE = (
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per "
    "user' of service 'sheets.googleapis.com' for consumer 'project_number:100000000000'."
)
MAX_BODY = 10_485_760  # Google's limit on a request body, in bytes
QUOTA_WINDOW = 60.0  # seconds: quotas are per minute

# enum values Google accepts, by the field that holds them (the ones the clients here send)
ENUMS: dict[str, frozenset[str]] = {
    "valueRenderOption": frozenset({"FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"}),
    "dateTimeRenderOption": frozenset({"SERIAL_NUMBER", "FORMATTED_STRING"}),
    "majorDimension": frozenset({"DIMENSION_UNSPECIFIED", "ROWS", "COLUMNS"}),
    "valueInputOption": frozenset({"INPUT_VALUE_OPTION_UNSPECIFIED", "RAW", "USER_ENTERED"}),
    "insertDataOption": frozenset({"OVERWRITE", "INSERT_ROWS"}),
    "dimension": frozenset({"DIMENSION_UNSPECIFIED", "ROWS", "COLUMNS"}),
    "numberFormat.type": frozenset(
        {"NUMBER_FORMAT_TYPE_UNSPECIFIED", "TEXT", "NUMBER", "PERCENT", "CURRENCY", "DATE",
         "TIME", "DATE_TIME", "SCIENTIFIC"}
    ),
    "condition.type": frozenset(
        {"NUMBER_GREATER", "NUMBER_GREATER_THAN_EQ", "NUMBER_LESS", "NUMBER_LESS_THAN_EQ",
         "NUMBER_EQ", "NUMBER_NOT_EQ", "NUMBER_BETWEEN", "NUMBER_NOT_BETWEEN", "TEXT_CONTAINS",
         "TEXT_NOT_CONTAINS", "TEXT_STARTS_WITH", "TEXT_ENDS_WITH", "TEXT_EQ", "TEXT_IS_EMAIL",
         "TEXT_IS_URL", "DATE_EQ", "DATE_BEFORE", "DATE_AFTER", "DATE_ON_OR_BEFORE",
         "DATE_ON_OR_AFTER", "DATE_BETWEEN", "DATE_NOT_BETWEEN", "DATE_IS_VALID", "ONE_OF_RANGE",
         "ONE_OF_LIST", "BLANK", "NOT_BLANK", "CUSTOM_FORMULA", "BOOLEAN", "TEXT_NOT_EQ",
         "DATE_NOT_EQ", "FILTER_EXPRESSION"}
    ),
}

# the field-mask paths Google knows, as a tree ({} under a name: anything beneath it)
TEXT_FORMAT = dict.fromkeys(
    ("foregroundColor", "foregroundColorStyle", "fontFamily", "fontSize", "bold", "italic",
     "strikethrough", "underline", "link"), {}
)
CELL_FORMAT = {
    "numberFormat": {"type": {}, "pattern": {}},
    "textFormat": TEXT_FORMAT,
    **dict.fromkeys(
        ("backgroundColor", "backgroundColorStyle", "borders", "padding", "horizontalAlignment",
         "verticalAlignment", "wrapStrategy", "textDirection", "hyperlinkDisplayType",
         "textRotation"), {}
    ),
}
CELL_FIELDS = {
    "userEnteredValue": {},
    "userEnteredFormat": CELL_FORMAT,
    **dict.fromkeys(
        ("effectiveValue", "formattedValue", "effectiveFormat", "hyperlink", "note",
         "textFormatRuns", "dataValidation", "pivotTable", "dataSourceTable",
         "dataSourceFormula", "chipRuns"), {}
    ),
}
GRID_FIELDS = dict.fromkeys(
    ("rowCount", "columnCount", "frozenRowCount", "frozenColumnCount", "hideGridlines",
     "rowGroupControlAfter", "columnGroupControlAfter"), {}
)
SHEET_PROPERTY_FIELDS = {
    "gridProperties": GRID_FIELDS,
    **dict.fromkeys(
        ("sheetId", "title", "index", "sheetType", "hidden", "tabColor", "tabColorStyle",
         "rightToLeft", "dataSourceSheetProperties"), {}
    ),
}
DIMENSION_FIELDS = dict.fromkeys(
    ("hiddenByFilter", "hiddenByUser", "pixelSize", "developerMetadata",
     "dataSourceColumnReference"), {}
)
SPREADSHEET_FIELDS = {
    "sheets": {
        "properties": SHEET_PROPERTY_FIELDS,
        **dict.fromkeys(
            ("data", "merges", "conditionalFormats", "filterViews", "protectedRanges",
             "basicFilter", "charts", "bandedRanges", "developerMetadata", "rowGroups",
             "columnGroups", "slicers", "tables"), {}
        ),
    },
    **dict.fromkeys(
        ("spreadsheetId", "properties", "namedRanges", "spreadsheetUrl", "developerMetadata",
         "dataSources", "dataSourceSchedules"), {}
    ),
}
MASKS = {  # which tree a request's `fields` is checked against
    "updateCells": CELL_FIELDS,
    "repeatCell": CELL_FIELDS,
    "appendCells": CELL_FIELDS,
    "updateSheetProperties": SHEET_PROPERTY_FIELDS,
    "updateDimensionProperties": DIMENSION_FIELDS,
}


class ApiError(Exception):
    """An error answer: HTTP status and Google's message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def reply(self) -> Reply:
        """The JSON error body gspread parses: {"error": {code, message, status}}."""
        body = {
            "error": {
                "code": self.status,
                "message": self.message,
                "status": STATUS_NAMES.get(self.status, "UNKNOWN"),
            }
        }
        return self.status, self.headers, json.dumps(body).encode()


@dataclass(frozen=True)
class Formula:
    """A formula cell for `add_spreadsheet`: its text and the value Google would compute."""

    text: str
    value: Scalar = None


@dataclass(frozen=True)
class Cell:
    """One stored cell: the (computed) value, the formula if any, the userEnteredFormat."""

    value: Scalar = None
    formula: str | None = None
    fmt: dict[str, Any] = field(default_factory=dict)

    def empty(self) -> bool:
        """True when the cell holds neither a value nor a formula (format alone is empty)."""
        return self.formula is None and self.value in (None, "")


@dataclass
class Sheet:
    """One tab: its properties as Google shows them, cells by 0-based (row, col), and rules."""

    props: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    validations: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    column_widths: dict[int, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The tab name."""
        return str(self.props["title"])

    @property
    def rows(self) -> int:
        """Grid row count."""
        return int(self.props["gridProperties"]["rowCount"])

    @property
    def cols(self) -> int:
        """Grid column count."""
        return int(self.props["gridProperties"]["columnCount"])

    def copy(self) -> Sheet:
        """A copy whose containers can change without touching this one (cells are frozen)."""
        return Sheet(
            copy.deepcopy(self.props),
            dict(self.cells),
            list(self.validations),
            list(self.conditional_formats),
            dict(self.column_widths),
        )

    def grow(self, rows: int, cols: int) -> None:
        """Make the grid at least rows x cols."""
        grid = self.props["gridProperties"]
        grid["rowCount"] = max(grid["rowCount"], rows)
        grid["columnCount"] = max(grid["columnCount"], cols)

    def last_row(self) -> int:
        """0-based index of the last row holding a value, -1 when none."""
        return max((r for (r, _), c in self.cells.items() if not c.empty()), default=-1)

    def set(self, row: int, col: int, cell: Cell | None) -> None:
        """Store a cell, or drop it when it holds nothing at all."""
        if cell is None or (cell.empty() and not cell.fmt):
            self.cells.pop((row, col), None)
        else:
            self.cells[(row, col)] = cell


@dataclass
class Book:
    """One spreadsheet: id, title and its tabs in order."""

    id: str
    title: str
    sheets: list[Sheet]

    def copy(self) -> Book:
        """A working copy for an atomic batch."""
        return Book(self.id, self.title, [s.copy() for s in self.sheets])

    def by_title(self, title: str) -> Sheet | None:
        """The tab with this name, if any."""
        return next((s for s in self.sheets if s.title == title), None)

    def by_id(self, sheet_id: int) -> Sheet:
        """The tab with this sheetId; a 400 like Google's when there is none."""
        for sheet in self.sheets:
            if sheet.props["sheetId"] == sheet_id:
                return sheet
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def reindex(self) -> None:
        """Renumber sheet indexes after an insert."""
        for i, sheet in enumerate(self.sheets):
            sheet.props["index"] = i


# ---------------------------------------------------------------------------------------------
# pure helpers: A1 notation, serial dates, field masks, values


def col_number(letters: str) -> int:
    """Column letters to a 1-based number.

    >>> col_number("A"), col_number("AA")
    (1, 27)
    """
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(col: int) -> str:
    """1-based column number to letters."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_title(title: str) -> str:
    """A tab name as Google writes it in a range: quoted unless plain ASCII word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def to_serial(value: date | datetime) -> float | int:
    """A date as a spreadsheet serial number (days since 1899-12-30)."""
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
    return (value - EPOCH.date()).days


def parse_fields(text: str) -> dict[str, Any]:
    """A partial-response field mask ("a.b,c(d,e)") as a tree; {} under a key means all of it."""
    pos = 0

    def name() -> str:
        nonlocal pos
        start = pos
        while pos < len(text) and text[pos] not in ",().":
            pos += 1
        return text[start:pos].strip()

    def items(end: str) -> dict[str, Any]:
        nonlocal pos
        tree: dict[str, Any] = {}
        while pos < len(text) and text[pos] != end:
            node = tree.setdefault(name(), {})
            while pos < len(text) and text[pos] == ".":
                pos += 1
                node = node.setdefault(name(), {})
            if pos < len(text) and text[pos] == "(":
                pos += 1
                node.update(items(")"))
                pos += 1
            if pos < len(text) and text[pos] == ",":
                pos += 1
        return tree

    return items("")


def field_paths(text: str) -> list[str]:
    """A field mask flattened to dotted paths: "a(b,c),d" -> ["a.b", "a.c", "d"]."""

    def walk(tree: dict[str, Any], prefix: str) -> Iterator[str]:
        for key, sub in tree.items():
            path = f"{prefix}{key}"
            if sub:
                yield from walk(sub, path + ".")
            else:
                yield path

    return list(walk(parse_fields(text), ""))


def apply_mask(obj: Json, tree: dict[str, Any]) -> Json:
    """Keep only the parts of a JSON answer that a field mask asks for."""
    if not tree or "*" in tree:
        return obj
    if isinstance(obj, list):
        return [apply_mask(x, tree) for x in obj]
    if isinstance(obj, dict):
        return {k: apply_mask(v, tree[k]) for k, v in obj.items() if k in tree}
    return obj


def get_path(obj: dict[str, Any], path: str) -> Any:
    """obj["a"]["b"] for "a.b", None when missing."""
    for key in path.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """obj["a"]["b"] = value for "a.b"; a None value deletes the key."""
    *parents, last = path.split(".")
    for key in parents:
        obj = obj.setdefault(key, {})
    if value is None:
        obj.pop(last, None)
    else:
        obj[last] = copy.deepcopy(value)


def from_extended(value: dict[str, Any] | None) -> tuple[Scalar, str | None]:
    """An ExtendedValue ({"stringValue": …} etc.) as (value, formula)."""
    if not value:
        return None, None
    if "formulaValue" in value:
        return None, value["formulaValue"]
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in value:
            return value[key], None
    if "errorValue" in value:
        return "#ERROR!", None
    raise ApiError(400, f"Invalid value: {value}")


def user_entered(value: Scalar, old: Cell | None) -> Cell | None:
    """A value as the Sheets UI would take it when typed (valueInputOption=USER_ENTERED)."""
    fmt = dict(old.fmt) if old else {}
    if not isinstance(value, str):
        return Cell(value, None, fmt)
    if value.startswith("'"):
        return Cell(value[1:], None, fmt)
    if value.startswith("="):
        return Cell(None, value, fmt)
    if re.fullmatch(r"[-+]?\d+", value):
        return Cell(int(value), None, fmt)
    if re.fullmatch(r"[-+]?\d*\.\d+", value):
        return Cell(float(value), None, fmt)
    if value.upper() in ("TRUE", "FALSE"):
        return Cell(value.upper() == "TRUE", None, fmt)
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    if m:
        day, month, year = (int(g) for g in m.groups())
        fmt["numberFormat"] = {"type": "DATE", "pattern": "dd.mm.yyyy"}
        return Cell(to_serial(date(year, month, day)), None, fmt)
    return Cell(value, None, fmt)


def raw_entered(value: Scalar, old: Cell | None) -> Cell | None:
    """A value stored as is (valueInputOption=RAW): strings stay strings, even "=…"."""
    return Cell(value, None, dict(old.fmt) if old else {})


def is_date(cell: Cell) -> bool:
    """True when the cell's number format is a date or date-time."""
    kind = get_path(cell.fmt, "numberFormat.type")
    return kind in ("DATE", "DATE_TIME", "TIME")


def formatted(cell: Cell) -> str:
    """The text the Sheets UI shows for a cell (FORMATTED_VALUE), for the formats used here."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float) and is_date(cell):
        kind = get_path(cell.fmt, "numberFormat.type")
        when = EPOCH + timedelta(days=value)
        return when.strftime("%d.%m.%Y %H:%M:%S" if kind == "DATE_TIME" else "%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rendered(cell: Cell | None, value_option: str, date_option: str) -> Scalar:
    """A cell as values.get renders it for valueRenderOption / dateTimeRenderOption."""
    if cell is None:
        return ""
    if value_option == "FORMULA" and cell.formula is not None:
        return cell.formula
    if cell.value is None:
        return ""
    if value_option == "FORMATTED_VALUE":
        return formatted(cell)
    if date_option == "FORMATTED_STRING" and is_date(cell):
        return formatted(cell)
    return cell.value


def trimmed(rows: list[list[Scalar]]) -> list[list[Scalar]]:
    """Rows without trailing empty cells and trailing empty rows, as Google answers."""
    out = []
    for row in rows:
        while row and row[-1] in ("", None):
            row = row[:-1]
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def in_grid_range(grid_range: dict[str, Any], row: int, col: int) -> bool:
    """True when 0-based (row, col) lies in a GridRange (missing ends are unbounded)."""
    rows = range(grid_range.get("startRowIndex", 0), grid_range.get("endRowIndex", 1 << 30))
    cols = range(grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex", 1 << 30))
    return row in rows and col in cols


def check_mask(text: str, tree: dict[str, Any]) -> None:
    """A 400 like Google's when a field mask names a field the message does not have."""
    for path in field_paths(text):
        node: dict[str, Any] | None = tree
        for name in path.split("."):
            if name == "*" or node == {}:
                break
            if node is None or name not in node:
                raise ApiError(400, f"Invalid field mask path: '{path}'")
            node = node[name]


def snake(name: str) -> str:
    """A JSON field name as Google spells it in error paths: updateCells -> update_cells."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def check_enums(obj: Json, where: str) -> None:
    """A 400 like Google's for an enum value it does not know, anywhere inside a request."""
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            check_enums(item, f"{where}[{i}]")
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        here = f"{where}.{snake(key)}" if where else snake(key)
        allowed = ENUMS.get(key) if isinstance(value, str) else None
        if key in ("numberFormat", "condition") and isinstance(value, dict):
            allowed = ENUMS[f"{key}.type"] if isinstance(value.get("type"), str) else None
            value, here, key = value["type"], f"{here}.type", "type"
        if allowed is not None and value not in allowed:
            raise ApiError(
                400,
                f"Invalid value at '{here}' (type.googleapis.com/google.apps.sheets.v4."
                f"{key[0].upper()}{key[1:]}), \"{value}\"",
            )
        check_enums(value, here)


def check_in_grid(sheet: Sheet, grid: dict[str, Any]) -> None:
    """A 400 like Google's when a GridRange (or a DimensionRange) ends past the grid."""
    if "dimension" in grid:
        end = grid.get("endIndex", 0)
        limit = sheet.rows if grid["dimension"] == "ROWS" else sheet.cols
        if end > limit:
            raise ApiError(400, f"Invalid range: endIndex {end} exceeds the grid ({limit}).")
        return
    rows = grid.get("endRowIndex", 0)
    cols = grid.get("endColumnIndex", 0)
    if rows > sheet.rows or cols > sheet.cols:
        raise ApiError(
            400,
            f"Range ({quote_title(sheet.title)}!{col_letters(max(cols, 1))}{max(rows, 1)}) "
            f"exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}",
        )


def b64decode(part: str) -> bytes:
    """base64url without padding, as in a JWT."""
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


# ---------------------------------------------------------------------------------------------
# the API


@dataclass
class Box:
    """A parsed A1 range: the tab and 0-based half-open row/column bounds."""

    sheet: Sheet
    r0: int
    c0: int
    r1: int
    c1: int

    def a1(self) -> str:
        """The range in A1 notation, as Google echoes it."""
        return (
            f"{quote_title(self.sheet.title)}!{col_letters(self.c0 + 1)}{self.r0 + 1}"
            f":{col_letters(self.c1)}{self.r1}"
        )


class SheetsAPI:
    """The stand-in: state, failure switches, and the request handler behind the HTTP server."""

    def __init__(self) -> None:
        self.books: dict[str, Book] = {}
        self.calls: list[tuple[str, str]] = []
        self.log: list[dict[str, Any]] = []
        self.grants: list[dict[str, Any]] = []
        self.url = ""
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._tokens: set[str] = set()
        self._failures: list[tuple[int, str | None, str | None]] = []
        self._token_failures: list[int] = []
        self._disconnects = 0
        self._drops_after_write = 0
        self._reorders: dict[tuple[str, str], int] = {}  # (book, tab) -> rows kept on top
        self.max_body = MAX_BODY
        self.reads_per_minute: int | None = None
        self.clock: Callable[[], float] = time.monotonic
        self._reads: list[float] = []  # when the answered reads came, for the quota
        self.refused_reads = 0
        self._denied: dict[str, tuple[int, bool, str | None]] = {}
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> SheetsAPI:
        """Serve on 127.0.0.1 on a free port, in a background thread."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def token_uri(self) -> str:
        """Where a service-account key should fetch its tokens: this server's /token."""
        return f"{self.url}/token"

    # -- set-up helpers --------------------------------------------------------------------------

    def add_spreadsheet(self, title: str, tabs: dict[str, list[list[Any]]] | None = None) -> str:
        """Create a spreadsheet with tabs of rows (dates get a DATE format; Formula seeds one)."""
        book_id = secrets.token_urlsafe(33)[:44]
        sheets = []
        for index, (name, rows) in enumerate((tabs or {"Лист1": []}).items()):
            sheet = Sheet(_new_props(0 if index == 0 else 1000 + index, name, index))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    sheet.set(r, c, _seed_cell(value))
            sheet.grow(len(rows), max((len(row) for row in rows), default=0))
            sheets.append(sheet)
        with self._lock:
            self.books[book_id] = Book(book_id, title, sheets)
        return book_id

    def service_account(
        self,
        path: Path | None = None,
        email: str = "bot@crm-bot.iam.gserviceaccount.com",
        key: rsa.RSAPrivateKey | None = None,
    ) -> dict[str, str]:
        """A service-account key (real RSA) this server accepts; saved as JSON to path if given.

        key: an RSA private key to reuse (generating one takes a tenth of a second).
        """
        key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_id = secrets.token_hex(20)
        with self._lock:
            self._keys[key_id] = key.public_key()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        info = {
            "type": "service_account",
            "project_id": "crm-bot",
            "private_key_id": key_id,
            "private_key": pem,
            "client_email": email,
            "client_id": "100000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.token_uri,
        }
        if path is not None:
            path.write_text(json.dumps(info), encoding="utf-8")
        return info

    def revoke_keys(self) -> None:
        """Forget every key: the next token request fails like a deleted key (invalid_grant)."""
        with self._lock:
            self._keys.clear()
            self._tokens.clear()

    def fail_next(
        self, count: int, status: int = 429, retry_after: str | None = None, method: str = ""
    ) -> None:
        """Answer the next `count` API calls (of this method only, if given) with this status;
        Retry-After only when given: Google's Sheets API sends none."""
        with self._lock:
            self._failures.extend([(status, retry_after, method or None)] * count)

    def fail_token_next(self, count: int, status: int = 503) -> None:
        """Answer the next `count` token requests with this status, as Google's sign-in server
        does when it is in trouble (google-auth marks 5xx answers retryable); 0 ends it."""
        with self._lock:
            self._token_failures = [status] * count

    def disconnect_next(self, count: int) -> None:
        """Drop the connection without an answer on the next `count` API calls."""
        with self._lock:
            self._disconnects += count

    def drop_after_write_next(self, count: int) -> None:
        """Apply the next `count` writes, then drop the connection without an answer."""
        with self._lock:
            self._drops_after_write += count

    def reorder_after_read(self, book_id: str, tab: str, keep: int = 1) -> None:
        """After the next values read of the tab, reverse its rows below the first `keep`, as a
        person sorting the table while the bot works would (cells move with their rows)."""
        with self._lock:
            self._reorders[(book_id, tab)] = keep

    def read_quota(self, per_minute: int | None, clock: Callable[[], float] | None = None) -> None:
        """Answer reads beyond `per_minute` in the last 60 s of `clock` with Google's 429."""
        with self._lock:
            self.reads_per_minute = per_minute
            self.clock = clock or self.clock
            self._reads.clear()

    def deny(
        self,
        book_id: str,
        status: int = 403,
        writes_only: bool = False,
        message: str | None = None,
    ) -> None:
        """Answer every call on this spreadsheet (or only writes: shared read-only) with status."""
        with self._lock:
            self._denied[book_id] = (status, writes_only, message)

    def allow(self, book_id: str) -> None:
        """Undo `deny`."""
        with self._lock:
            self._denied.pop(book_id, None)

    def reset_calls(self) -> None:
        """Forget the recorded calls."""
        with self._lock:
            self.calls.clear()
            self.log.clear()

    # -- inspection helpers ----------------------------------------------------------------------

    def largest_body(self) -> int:
        """The size in bytes of the largest request body received."""
        with self._lock:
            return max((len(e["body"]) for e in self.log), default=0)

    def reads(self) -> int:
        """Sheets API reads received (GET calls), refused ones included."""
        return sum(1 for method, _ in self.api_calls() if method == "GET")

    def api_calls(self) -> list[tuple[str, str]]:
        """The recorded Sheets API calls only (no token or google-auth background calls)."""
        with self._lock:
            return [c for c in self.calls if c[1].startswith("/v4/")]

    def sheet(self, book_id: str, tab: str) -> Sheet:
        """A tab's stored state: props (grid, frozen rows), validations, formats, widths."""
        with self._lock:
            sheet = self.books[book_id].by_title(tab)
            if sheet is None:
                raise KeyError(tab)
            return sheet.copy()

    def tabs(self, book_id: str) -> list[str]:
        """Tab names in order."""
        with self._lock:
            return [s.title for s in self.books[book_id].sheets]

    def values(self, book_id: str, tab: str) -> list[list[Scalar]]:
        """Computed values by rows (None for empty; dates as serials), trailing blanks cut."""
        sheet = self.sheet(book_id, tab)
        rows = [[None] * (sheet.cols) for _ in range(sheet.last_row() + 1)]
        for (r, c), cell in sheet.cells.items():
            if r < len(rows) and not cell.empty():
                rows[r][c] = cell.value
        return [[v for v in row] for row in trimmed(rows)]

    def cell(self, book_id: str, tab: str, row: int, col: int) -> dict[str, Any]:
        """One cell by 1-based row/col: {"value", "formula", "format" (userEnteredFormat)}."""
        cell = self.sheet(book_id, tab).cells.get((row - 1, col - 1), Cell())
        return {"value": cell.value, "formula": cell.formula, "format": copy.deepcopy(cell.fmt)}

    def validation(self, book_id: str, tab: str, row: int, col: int) -> dict[str, Any] | None:
        """The data-validation rule covering a 1-based cell, if any (the last set wins)."""
        found = None
        for item in self.sheet(book_id, tab).validations:
            if in_grid_range(item["range"], row - 1, col - 1):
                found = item["rule"]
        return found

    # -- request handling ------------------------------------------------------------------------

    def handle(
        self, method: str, raw_path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Reply | None:
        """Answer one HTTP request; None means: drop the connection without an answer."""
        path = unquote(raw_path)
        params = parse_qs(query, keep_blank_values=True)
        with self._lock:
            self.calls.append((method, path))
            entry = {"method": method, "path": path, "params": params, "body": body}
            self.log.append({**entry, "at": self.clock()})
            try:
                if path == "/token" and method == "POST":
                    if self._token_failures:
                        status = self._token_failures.pop(0)
                        raise ApiError(status, "The service is currently unavailable.")
                    return self._token(body)
                if path.startswith("/v1/projects/"):
                    raise ApiError(404, MESSAGES[404])
                if not path.startswith("/v4/spreadsheets/"):
                    raise ApiError(404, f"Not found: {path}")
                if self._disconnects:
                    self._disconnects -= 1
                    return None
                if len(body) > self.max_body:
                    message = f"Request payload size exceeds the limit: {self.max_body} bytes."
                    raise ApiError(400, message)
                self._fail_if_told(method)
                self._check_auth(headers)
                if method == "GET":
                    self._count_read()
                answer = _ok(self._route(method, raw_path, params, _json(body)))
                if method != "GET" and self._drops_after_write:
                    self._drops_after_write -= 1
                    return None
                return answer
            except ApiError as err:
                return err.reply()

    def _count_read(self) -> None:
        """Count a read against the per-minute quota; Google's 429 (no Retry-After) beyond it."""
        if self.reads_per_minute is None:
            return
        now = self.clock()
        self._reads = [t for t in self._reads if now - t < QUOTA_WINDOW]
        if len(self._reads) >= self.reads_per_minute:
            self.refused_reads += 1
            raise ApiError(429, READ_QUOTA_MESSAGE)
        self._reads.append(now)

    def _fail_if_told(self, method: str) -> None:
        """Raise the next injected failure, if any."""
        if self._failures and self._failures[0][2] in (None, method):
            status, retry_after, _ = self._failures.pop(0)
            extra = {"Retry-After": retry_after} if retry_after is not None else {}
            raise ApiError(status, MESSAGES.get(status, "Backend Error"), extra)

    def _check_auth(self, headers: dict[str, str]) -> None:
        """A 401 unless the call carries a token this server issued."""
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        if not auth.startswith("Bearer ") or auth[7:] not in self._tokens:
            raise ApiError(401, MESSAGES[401])

    def _token(self, body: bytes) -> Reply:
        """The OAuth token endpoint: verify the service-account JWT, issue an access token."""
        form = parse_qs(body.decode())
        assertion = form.get("assertion", [""])[0]
        try:
            claims = self._verify_jwt(assertion)
        except (ValueError, KeyError, InvalidSignature):
            error = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
            return 400, {}, json.dumps(error).encode()
        self.grants.append(claims)
        token = f"ya29.stand-in-{secrets.token_hex(8)}"
        self._tokens.add(token)
        answer = {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        return 200, {}, json.dumps(answer).encode()

    def _verify_jwt(self, assertion: str) -> dict[str, Any]:
        """Check an RS256 JWT against a registered key; its claims."""
        head_b64, claims_b64, sig_b64 = assertion.split(".")
        head = json.loads(b64decode(head_b64))
        key = self._keys[head["kid"]]
        signed = f"{head_b64}.{claims_b64}".encode()
        key.verify(b64decode(sig_b64), signed, padding.PKCS1v15(), hashes.SHA256())
        claims: dict[str, Any] = json.loads(b64decode(claims_b64))
        return claims

    def _book(self, book_id: str, write: bool) -> Book:
        """The spreadsheet, or the error Google gives for it."""
        denied = self._denied.get(book_id)
        if denied and (write or not denied[1]):
            status, _, message = denied
            raise ApiError(status, message or MESSAGES.get(status, "Denied"))
        if book_id not in self.books:
            raise ApiError(404, MESSAGES[404])
        return self.books[book_id]

    def _route(self, method: str, raw_path: str, params: dict[str, list[str]], body: Json) -> Json:
        """Dispatch an API call by method and path."""
        m = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", raw_path)
        if not m:
            raise ApiError(404, MESSAGES[404])
        book_id, rest = m.group(1), m.group(2)
        for name in ("valueRenderOption", "dateTimeRenderOption", "majorDimension",
                     "valueInputOption", "insertDataOption"):
            if name in params:
                check_enums({name: _param(params, name)}, "")
        book = self._book(book_id, write=method != "GET")
        routes: dict[tuple[str, str], Callable[[], Json]] = {
            ("GET", ""): lambda: self._get(book, params),
            ("POST", ":batchUpdate"): lambda: self._batch_update(book, body),
            ("GET", "/values:batchGet"): lambda: self._values_batch_get(book, params),
            ("POST", "/values:batchUpdate"): lambda: self._values_batch_update(book, body),
            ("POST", "/values:batchClear"): lambda: self._values_clear(book, body["ranges"]),
        }
        if (method, rest) in routes:
            return routes[(method, rest)]()
        if rest.startswith("/values/"):
            return self._values_route(book, method, rest[len("/values/") :], params, body)
        raise ApiError(404, MESSAGES[404])

    def _values_route(
        self, book: Book, method: str, tail: str, params: dict[str, list[str]], body: Json
    ) -> Json:
        """values/{range}: get, update (PUT), :append, :clear."""
        verb = ""
        for suffix in (":append", ":clear"):
            if tail.endswith(suffix):
                tail, verb = tail[: -len(suffix)], suffix
        a1 = unquote(tail)
        if method == "GET" and not verb:
            return self._value_range(book, a1, params)
        if method == "PUT" and not verb:
            return self._values_update(book, a1, _param(params, "valueInputOption"), body)
        if method == "POST" and verb == ":append":
            return self._values_append(book, a1, _param(params, "valueInputOption"), body)
        if method == "POST" and verb == ":clear":
            return self._values_clear(book, [a1])
        raise ApiError(404, MESSAGES[404])

    # -- spreadsheets.get ------------------------------------------------------------------------

    def _get(self, book: Book, params: dict[str, list[str]]) -> Json:
        """Spreadsheet metadata; grid data only when includeGridData=true; fields honoured."""
        with_data = _param(params, "includeGridData", "false").lower() == "true"
        answer = {
            "spreadsheetId": book.id,
            "properties": {
                "title": book.title,
                "locale": "ru_RU",
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Europe/Moscow",
            },
            "sheets": [_sheet_json(s, with_data) for s in book.sheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit",
        }
        fields = _param(params, "fields")
        if fields:
            try:
                check_mask(fields, SPREADSHEET_FIELDS)
            except ApiError as err:
                raise ApiError(400, f"Invalid field selection: {err.message}") from err
        return apply_mask(answer, parse_fields(fields)) if fields else answer

    # -- values ----------------------------------------------------------------------------------

    def _box(self, book: Book, a1: str) -> Box:
        """Parse an A1 range ("'Tab'!A1:C3", "Tab", "A1:B2", "Tab!A:C") against a spreadsheet."""
        title, cells = _split_a1(a1)
        if title is None and book.by_title(a1) is not None:
            title, cells = a1, ""
        sheet = book.by_title(title) if title is not None else book.sheets[0]
        if sheet is None:
            raise ApiError(400, f"Unable to parse range: {a1}")
        if not cells:
            return Box(sheet, 0, 0, sheet.rows, sheet.cols)
        m = re.fullmatch(r"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?", cells)
        if not m or not (m.group(1) or m.group(2)):
            raise ApiError(400, f"Unable to parse range: {a1}")
        c_a, r_a, c_b, r_b = m.groups()
        r0 = int(r_a) - 1 if r_a else 0
        c0 = col_number(c_a) - 1 if c_a else 0
        if c_b is None:
            return Box(sheet, r0, c0, r0 + 1 if r_a else sheet.rows, c0 + 1)
        r1 = int(r_b) if r_b else sheet.rows
        c1 = col_number(c_b) if c_b else sheet.cols
        return Box(sheet, r0, c0, r1, c1)

    def _value_range(self, book: Book, a1: str, params: dict[str, list[str]]) -> Json:
        """One ValueRange: the box's rendered values, trailing blanks cut."""
        box = self._box(book, a1)
        value_option = _param(params, "valueRenderOption", "FORMATTED_VALUE")
        date_option = _param(params, "dateTimeRenderOption", "SERIAL_NUMBER")
        r1 = min(box.r1, box.sheet.last_row() + 1)
        rows = [
            [
                rendered(box.sheet.cells.get((r, c)), value_option, date_option)
                for c in range(box.c0, min(box.c1, box.sheet.cols))
            ]
            for r in range(box.r0, r1)
        ]
        values = trimmed(rows)
        if _param(params, "majorDimension", "ROWS") == "COLUMNS":
            values = trimmed([list(col) for col in zip(*_padded(values), strict=False)])
        keep = self._reorders.pop((book.id, box.sheet.title), None)
        if keep is not None:
            _reverse_rows(box.sheet, keep)
        answer: dict[str, Any] = {
            "range": box.a1(),
            "majorDimension": _param(params, "majorDimension", "ROWS"),
        }
        if values:
            answer["values"] = values
        return answer

    def _values_batch_get(self, book: Book, params: dict[str, list[str]]) -> Json:
        """values:batchGet: one ValueRange per `ranges` parameter."""
        ranges = params.get("ranges", [])
        value_ranges = [self._value_range(book, a1, params) for a1 in ranges]
        return {"spreadsheetId": book.id, "valueRanges": value_ranges}

    def _write_values(
        self, book: Book, box: Box, rows: list[list[Scalar]], option: str
    ) -> dict[str, Any]:
        """Write rows of values at the box's top-left; RAW keeps strings, USER_ENTERED parses."""
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "'valueInputOption' is required but not specified")
        enter = user_entered if option == "USER_ENTERED" else raw_entered
        sheet = box.sheet
        sheet.grow(box.r0 + len(rows), box.c0 + max((len(r) for r in rows), default=0))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None:
                    continue
                old = sheet.cells.get((box.r0 + i, box.c0 + j))
                sheet.set(box.r0 + i, box.c0 + j, enter(None if value == "" else value, old))
        width = max((len(r) for r in rows), default=0)
        end = Box(sheet, box.r0, box.c0, box.r0 + len(rows), box.c0 + width)
        return {
            "spreadsheetId": book.id,
            "updatedRange": end.a1(),
            "updatedRows": len(rows),
            "updatedColumns": width,
            "updatedCells": sum(len(r) for r in rows),
        }

    def _values_update(self, book: Book, a1: str, option: str, body: Json) -> Json:
        """PUT values/{range}."""
        rows = _major_rows(body)
        return self._write_values(book, self._box(book, a1), rows, option)

    def _values_batch_update(self, book: Book, body: Json) -> Json:
        """values:batchUpdate: several ranges, one valueInputOption."""
        option = body.get("valueInputOption", "")
        answers = [
            self._write_values(book, self._box(book, item["range"]), _major_rows(item), option)
            for item in body.get("data", [])
        ]
        return {
            "spreadsheetId": book.id,
            "totalUpdatedRows": sum(a["updatedRows"] for a in answers),
            "totalUpdatedColumns": max((a["updatedColumns"] for a in answers), default=0),
            "totalUpdatedCells": sum(a["updatedCells"] for a in answers),
            "totalUpdatedSheets": len({a["updatedRange"].split("!")[0] for a in answers}),
            "responses": answers,
        }

    def _values_append(self, book: Book, a1: str, option: str, body: Json) -> Json:
        """values/{range}:append: after the last row with data of the tab."""
        box = self._box(book, a1)
        start = Box(box.sheet, box.sheet.last_row() + 1, box.c0, box.sheet.rows, box.c1)
        updates = self._write_values(book, start, _major_rows(body), option)
        return {"spreadsheetId": book.id, "tableRange": box.a1(), "updates": updates}

    def _values_clear(self, book: Book, ranges: list[str]) -> Json:
        """values:clear / batchClear: drop values, keep formats."""
        for a1 in ranges:
            box = self._box(book, a1)
            for (r, c), cell in list(box.sheet.cells.items()):
                if box.r0 <= r < box.r1 and box.c0 <= c < box.c1:
                    box.sheet.set(r, c, Cell(None, None, cell.fmt))
        return {"spreadsheetId": book.id, "clearedRanges": ranges}

    # -- spreadsheets.batchUpdate ----------------------------------------------------------------

    def _batch_update(self, book: Book, body: Json) -> Json:
        """Apply every request to a working copy; keep it only if all succeed (atomic)."""
        work = book.copy()
        replies = []
        for i, request in enumerate(body.get("requests", [])):
            if len(request) != 1:
                raise ApiError(400, f"Invalid requests[{i}]: exactly one kind of request needed")
            ((kind, args),) = request.items()
            handler = getattr(self, f"_req_{kind}", None)
            if handler is None:
                raise ApiError(
                    400,
                    f'Invalid JSON payload received. Unknown name "{kind}" at '
                    f"'requests[{i}]': Cannot find field.",
                )
            check_enums(request, f"requests[{i}]")
            try:
                if kind in MASKS and args.get("fields"):
                    check_mask(args["fields"], MASKS[kind])
                replies.append(handler(work, args))
            except ApiError as err:
                raise ApiError(400, f"Invalid requests[{i}].{kind}: {err.message}") from err
        self.books[book.id] = work
        return {"spreadsheetId": book.id, "replies": replies}

    def _req_addSheet(self, book: Book, args: Json) -> Json:
        """addSheet: a new tab (sheetId chosen by the caller or here)."""
        props = copy.deepcopy(args.get("properties", {}))
        title = props.get("title") or f"Лист{len(book.sheets) + 1}"
        if book.by_title(title) is not None:
            raise ApiError(
                400, f'A sheet with the name "{title}" already exists. Please enter another name.'
            )
        used = {s.props["sheetId"] for s in book.sheets}
        sheet_id = props.get("sheetId", max(used, default=0) + 1)
        if sheet_id in used:
            raise ApiError(400, f"A sheet with the id {sheet_id} already exists.")
        index = props.get("index", len(book.sheets))
        new = _new_props(sheet_id, title, index)
        new["gridProperties"].update(props.get("gridProperties", {}))
        book.sheets.insert(index, Sheet(new))
        book.reindex()
        return {"addSheet": {"properties": copy.deepcopy(new)}}

    def _req_updateSheetProperties(self, book: Book, args: Json) -> Json:
        """updateSheetProperties: copy the masked fields (title, frozenRowCount…)."""
        props = args.get("properties", {})
        sheet = book.by_id(props.get("sheetId", 0))
        paths = _mask_paths(args)
        if "title" in paths and props.get("title") != sheet.title:
            if book.by_title(props["title"]) is not None:
                raise ApiError(400, f'A sheet with the name "{props["title"]}" already exists.')
        for path in paths:
            if path not in ("sheetId", "index"):
                set_path(sheet.props, path, get_path(props, path))
        return {}

    def _req_appendDimension(self, book: Book, args: Json) -> Json:
        """appendDimension: more rows or columns at the end of the grid."""
        sheet = book.by_id(args["sheetId"])
        key = "rowCount" if args["dimension"] == "ROWS" else "columnCount"
        sheet.props["gridProperties"][key] += int(args["length"])
        return {}

    def _req_updateCells(self, book: Book, args: Json) -> Json:
        """updateCells: rows of CellData from `start` (or `range`), under a field mask."""
        paths = _mask_paths(args)
        if "start" in args:
            start = args["start"]
            sheet = book.by_id(start.get("sheetId", 0))
            r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        else:
            grid = args["range"]
            sheet = book.by_id(grid.get("sheetId", 0))
            r0, c0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
        rows = args.get("rows", [])
        height = r0 + len(rows)
        width = c0 + max((len(r.get("values", [])) for r in rows), default=0)
        if height > sheet.rows or width > sheet.cols:
            raise ApiError(
                400,
                f"Range ({quote_title(sheet.title)}!{col_letters(width)}{height}) exceeds grid "
                f"limits. Max rows: {sheet.rows}, max columns: {sheet.cols}",
            )
        _put_rows(sheet, r0, c0, rows, paths)
        return {}

    def _req_appendCells(self, book: Book, args: Json) -> Json:
        """appendCells: rows after the last row with data, inserting rows when needed."""
        paths = _mask_paths(args)
        sheet = book.by_id(args.get("sheetId", 0))
        rows = args.get("rows", [])
        width = max((len(r.get("values", [])) for r in rows), default=0)
        if width > sheet.cols:
            raise ApiError(
                400,
                f"Range ({quote_title(sheet.title)}!{col_letters(width)}1) exceeds grid limits. "
                f"Max rows: {sheet.rows}, max columns: {sheet.cols}",
            )
        start = sheet.last_row() + 1
        sheet.grow(start + len(rows), 0)
        _put_rows(sheet, start, 0, rows, paths)
        return {}

    def _req_repeatCell(self, book: Book, args: Json) -> Json:
        """repeatCell: one CellData over a GridRange (bounded by the grid)."""
        paths = _mask_paths(args)
        grid = args["range"]
        sheet = book.by_id(grid.get("sheetId", 0))
        check_in_grid(sheet, grid)
        rows = range(grid.get("startRowIndex", 0), grid.get("endRowIndex", sheet.rows))
        cols = range(grid.get("startColumnIndex", 0), grid.get("endColumnIndex", sheet.cols))
        for r in rows:
            for c in cols:
                sheet.set(r, c, _apply_cell_data(sheet.cells.get((r, c)), args["cell"], paths))
        return {}

    def _req_setDataValidation(self, book: Book, args: Json) -> Json:
        """setDataValidation: remember the rule for the range (no rule clears it)."""
        grid = args["range"]
        sheet = book.by_id(grid.get("sheetId", 0))
        check_in_grid(sheet, grid)
        rule = args.get("rule")
        if rule is None:
            sheet.validations = [v for v in sheet.validations if v["range"] != grid]
        else:
            condition = rule.get("condition", {})
            if condition.get("type") == "ONE_OF_LIST" and not condition.get("values"):
                raise ApiError(400, "ONE_OF_LIST condition needs at least one value")
            sheet.validations.append({"range": copy.deepcopy(grid), "rule": copy.deepcopy(rule)})
        return {}

    def _req_addConditionalFormatRule(self, book: Book, args: Json) -> Json:
        """addConditionalFormatRule: insert the rule at `index` of its tab's list."""
        rule = copy.deepcopy(args["rule"])
        ranges = rule.get("ranges") or []
        if not ranges:
            raise ApiError(400, "Conditional format rule needs at least one range")
        sheet = book.by_id(ranges[0].get("sheetId", 0))
        for grid in ranges:
            check_in_grid(book.by_id(grid.get("sheetId", 0)), grid)
        sheet.conditional_formats.insert(args.get("index", 0), rule)
        return {}

    def _req_updateDimensionProperties(self, book: Book, args: Json) -> Json:
        """updateDimensionProperties: column widths (pixelSize) are remembered."""
        paths = _mask_paths(args)
        span = args["range"]
        sheet = book.by_id(span.get("sheetId", 0))
        check_in_grid(sheet, span)
        if span.get("dimension") == "COLUMNS" and "pixelSize" in paths:
            for col in range(span.get("startIndex", 0), span.get("endIndex", sheet.cols)):
                sheet.column_widths[col] = int(args["properties"]["pixelSize"])
        return {}


# ---------------------------------------------------------------------------------------------
# module helpers for the API


def _new_props(sheet_id: int, title: str, index: int) -> dict[str, Any]:
    """Properties of a fresh grid tab (1000 x 26, as Google makes them)."""
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }


def _seed_cell(value: Any) -> Cell | None:
    """A test-set-up value as a stored cell: dates get a DATE format, Formula a formula."""
    if isinstance(value, Formula):
        return Cell(value.value, value.text)
    if isinstance(value, datetime):
        fmt = {"numberFormat": {"type": "DATE_TIME", "pattern": "dd.mm.yyyy hh:mm"}}
        return Cell(to_serial(value), None, fmt)
    if isinstance(value, date):
        fmt = {"numberFormat": {"type": "DATE", "pattern": "dd.mm.yyyy"}}
        return Cell(to_serial(value), None, fmt)
    if value is None or value == "":
        return None
    return Cell(value)


def _sheet_json(sheet: Sheet, with_data: bool) -> dict[str, Any]:
    """One entry of the metadata's `sheets` list."""
    entry: dict[str, Any] = {"properties": copy.deepcopy(sheet.props)}
    if sheet.conditional_formats:
        entry["conditionalFormats"] = copy.deepcopy(sheet.conditional_formats)
    if with_data:
        entry["data"] = [{"startRow": 0, "startColumn": 0, "rowData": _row_data(sheet)}]
    return entry


def _row_data(sheet: Sheet) -> list[dict[str, Any]]:
    """Grid data as RowData (userEnteredValue, effectiveValue, formattedValue, format)."""
    rows: list[dict[str, Any]] = []
    for r in range(sheet.last_row() + 1):
        values = []
        width = max((c + 1 for (rr, c) in sheet.cells if rr == r), default=0)
        for c in range(width):
            cell = sheet.cells.get((r, c))
            values.append(_cell_json(cell) if cell else {})
        rows.append({"values": values})
    return rows


def _cell_json(cell: Cell) -> dict[str, Any]:
    """A stored cell as CellData."""
    data: dict[str, Any] = {}
    if cell.formula is not None:
        data["userEnteredValue"] = {"formulaValue": cell.formula}
    elif cell.value is not None:
        data["userEnteredValue"] = _extended(cell.value)
    if cell.value is not None:
        data["effectiveValue"] = _extended(cell.value)
        data["formattedValue"] = formatted(cell)
    if cell.fmt:
        data["userEnteredFormat"] = copy.deepcopy(cell.fmt)
    return data


def _extended(value: Scalar) -> dict[str, Any]:
    """A value as an ExtendedValue."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def _reverse_rows(sheet: Sheet, keep: int) -> None:
    """Reverse the order of the rows below the first `keep` (0-based), cells with their rows."""
    last = sheet.last_row()
    moved = {}
    for (r, c), cell in sheet.cells.items():
        moved[(keep + last - r if r >= keep else r, c)] = cell
    sheet.cells = moved


def _apply_cell_data(old: Cell | None, data: dict[str, Any], paths: list[str]) -> Cell | None:
    """A cell after CellData is written under a field mask (fields left out are cleared)."""
    value, formula = (old.value, old.formula) if old else (None, None)
    fmt = copy.deepcopy(old.fmt) if old else {}
    for path in paths:
        head, _, rest = path.partition(".")
        if head in ("*", "userEnteredValue"):
            value, formula = from_extended(data.get("userEnteredValue"))
        if head == "*" or (head == "userEnteredFormat" and not rest):
            fmt = copy.deepcopy(data.get("userEnteredFormat", {}))
        elif head == "userEnteredFormat":
            set_path(fmt, rest, get_path(data.get("userEnteredFormat", {}), rest))
    return Cell(value, formula, fmt)


def _put_rows(
    sheet: Sheet, r0: int, c0: int, rows: list[dict[str, Any]], paths: list[str]
) -> None:
    """Write RowData from (r0, c0)."""
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values", [])):
            old = sheet.cells.get((r0 + i, c0 + j))
            sheet.set(r0 + i, c0 + j, _apply_cell_data(old, data, paths))


def _mask_paths(args: dict[str, Any]) -> list[str]:
    """The request's `fields` mask as paths; Google refuses a request without one."""
    fields = args.get("fields", "")
    if not fields:
        raise ApiError(400, "At least one field must be specified.")
    return field_paths(fields)


def _split_a1(a1: str) -> tuple[str | None, str]:
    """ "'Tab'!A1:B2" -> ("Tab", "A1:B2"); "A1:B2" -> (None, "A1:B2")."""
    if a1.startswith("'"):
        m = re.fullmatch(r"'((?:[^']|'')*)'(?:!(.*))?", a1)
        if not m:
            raise ApiError(400, f"Unable to parse range: {a1}")
        return m.group(1).replace("''", "'"), m.group(2) or ""
    if "!" in a1:
        title, _, cells = a1.rpartition("!")
        return title, cells
    return None, a1


def _major_rows(body: Json) -> list[list[Scalar]]:
    """The `values` of a ValueRange as rows, transposing majorDimension=COLUMNS."""
    values = body.get("values") or []
    if body.get("majorDimension") == "COLUMNS":
        return [list(r) for r in zip(*_padded(values), strict=False)]
    return [list(r) for r in values]


def _padded(rows: list[list[Scalar]]) -> list[list[Scalar]]:
    """Rows padded with "" to the same length."""
    width = max((len(r) for r in rows), default=0)
    return [list(r) + [""] * (width - len(r)) for r in rows]


def _param(params: dict[str, list[str]], name: str, default: str = "") -> str:
    """One query parameter."""
    return params.get(name, [default])[0]


def _json(body: bytes) -> Json:
    """A request body as JSON ({} when empty)."""
    if not body:
        return {}
    try:
        return json.loads(body)
    except ValueError as err:
        raise ApiError(400, f"Invalid JSON payload received. {err}") from err


def _ok(answer: Json) -> Reply:
    """A 200 JSON answer."""
    return 200, {}, json.dumps(answer, ensure_ascii=False).encode()


def _handler_for(api: SheetsAPI) -> type[BaseHTTPRequestHandler]:
    """An HTTP handler class bound to this stand-in."""

    class Handler(BaseHTTPRequestHandler):
        """Reads the request, asks the stand-in, writes the answer."""

        protocol_version = "HTTP/1.0"

        def _serve(self) -> None:
            """Answer any method."""
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            reply = api.handle(self.command, path, query, dict(self.headers.items()), body)
            if reply is None:
                self.close_connection = True
                return
            status, headers, payload = reply
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Stay quiet."""

    return Handler


@pytest.fixture
def sheets_api() -> Iterator[SheetsAPI]:
    """A running stand-in of the Google Sheets API, stopped after the test."""
    api = SheetsAPI().start()
    try:
        yield api
    finally:
        api.stop()
