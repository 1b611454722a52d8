"""The Google Sheets backend: the real gspread client, a fixed number of calls per sync.

Long because: one backend's whole boundary with Google (request shapes, the mapping of every
Google and auth error to words, retries) reads best in one place; issue 12 splits it further.

A sync (`tabs()` + `read(tab)` + `save(changes)`) costs three Sheets API calls whatever the row
count: one metadata call (cached on the backend), one values call per read, one batchUpdate per
save. Strings are written as `stringValue`, so text a manager typed never becomes a formula.
Dates go out as serial numbers with a date format and come back as serial numbers.

Transient failures (429, 5xx, dropped connections) are retried by `RetryingHTTPClient` with
exponential backoff; what is left is turned into `SheetBusyError` / `SheetAccessError` /
`SheetError` here, at the backend boundary (their words: the sheets section of bot/words).
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import gspread
import requests
from google.auth.credentials import Credentials
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import service_account
from gspread.exceptions import APIError, NoValidUrlKeyFound
from gspread.http_client import FileType, ParamsType
from gspread.utils import extract_id_from_url
from requests.adapters import HTTPAdapter

from .base import CellValue, CellWrite, Changes, Grid, NewTable, col_letter
from .errors import Phrase, SheetAccessError, SheetBusyError, SheetError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
DEFAULT_BACKOFF = 1.0  # seconds before the first retry; doubles each time
DEFAULT_TRIES = 6  # attempts per call, the first included
MAX_DELAY = 64.0  # the longest single wait, Retry-After included
DEFAULT_TIMEOUT = (10.0, 120.0)  # connect, read (gspread's own default is: wait forever)
METADATA_TTL = 300.0  # seconds the tab list is trusted; a 15-minute sync always refetches it
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_EXCEPTIONS = (requests.ConnectionError, requests.Timeout, TransportError)

EPOCH = datetime(1899, 12, 30)
DATE_FORMAT = {"type": "DATE", "pattern": "dd.mm.yyyy"}
DATETIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd.mm.yyyy hh:mm"}
VALUE = "userEnteredValue"
VALUE_AND_FORMAT = "userEnteredValue,userEnteredFormat.numberFormat"
BOLD = "userEnteredFormat.textFormat.bold"
METADATA_FIELDS = "properties.title,sheets.properties(sheetId,title,index,gridProperties)"
READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
NEW_TAB_ROWS = 1000
NEW_TAB_COLS = 26
PIXELS_PER_CHAR = 7
PIXELS_PADDING = 5

KEY_HELP = Phrase("sheets.google_key_help")  # where to get a service-account key, in words

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# connecting


def connect(
    spreadsheet: str,
    credentials: str | os.PathLike[str] | None,
    api_url: str | None = None,
    *,
    backoff: float = DEFAULT_BACKOFF,
    tries: int = DEFAULT_TRIES,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
) -> GoogleBackend:
    """A backend for a spreadsheet (id or URL) with a service-account key; makes no call yet.

    credentials: path to the key JSON, else $GOOGLE_APPLICATION_CREDENTIALS. api_url: send every
    https://*.googleapis.com call there instead (tests point it at the local stand-in); the
    key's own token_uri is used for tokens. backoff: the first retry delay in seconds.
    """
    path = credentials or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not path:
        raise SheetAccessError("sheets.google_no_key", help=KEY_HELP)
    creds = load_credentials(Path(path))
    session = authorized_session(creds, api_url)
    client = gspread.Client(creds, session=session)
    client.http_client = RetryingHTTPClient(
        creds, session, backoff=backoff, tries=tries, timeout=timeout
    )
    return GoogleBackend(spreadsheet, client)


def load_credentials(path: Path) -> service_account.Credentials:
    """Service-account credentials with the Sheets scope, from a key file; SheetAccessError."""
    info = _read_key(path)
    try:
        return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
    except (ValueError, TypeError, KeyError, IndexError) as err:
        raise _bad_key(path, str(err) or type(err).__name__) from err


def _read_key(path: Path) -> dict[str, Any]:
    """The key file as a dict of a service account; SheetAccessError in words otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise SheetAccessError("sheets.google_key_not_found", path=path, help=KEY_HELP) from err
    except (OSError, UnicodeDecodeError) as err:
        raise _bad_key(path, str(err)) from err
    try:
        info = json.loads(text)
    except ValueError as err:
        raise _bad_key(path, f"not JSON: {err}") from err
    if not isinstance(info, dict):
        raise _bad_key(path, "not a JSON object")
    if "installed" in info or "web" in info:
        raise SheetAccessError("sheets.google_oauth_key", path=path, help=KEY_HELP)
    if info.get("type") != "service_account":
        raise _bad_key(path, f'"type" is {info.get("type")!r}, not "service_account"')
    return info


def _bad_key(path: Path, detail: str) -> SheetAccessError:
    """The error for a key file that is there but unusable."""
    return SheetAccessError("sheets.google_bad_key", path=path, detail=detail, help=KEY_HELP)


def reroute(url: str, api_url: str) -> str:
    """A https://*.googleapis.com URL moved onto api_url; other URLs unchanged.

    >>> reroute("https://sheets.googleapis.com/v4/spreadsheets/x?a=1", "http://127.0.0.1:8")
    'http://127.0.0.1:8/v4/spreadsheets/x?a=1'
    >>> reroute("http://127.0.0.1:8/token", "http://127.0.0.1:9")
    'http://127.0.0.1:8/token'
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and (parts.hostname or "").endswith(".googleapis.com"):
        return api_url.rstrip("/") + url[len(f"https://{parts.netloc}") :]
    return url


class RerouteAdapter(HTTPAdapter):
    """A transport adapter that sends Google API requests to another base URL."""

    __attrs__ = [*HTTPAdapter.__attrs__, "api_url"]  # kept by copy/pickle (google-auth copies)

    def __init__(self, api_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_url = api_url

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        """Rewrite the URL, then send as usual."""
        request.url = reroute(request.url or "", self.api_url)
        return super().send(request, *args, **kwargs)


def authorized_session(credentials: Credentials, api_url: str | None) -> AuthorizedSession:
    """A session that adds the OAuth token (fetched once per token lifetime) to every call.

    With api_url, both the API calls and google-auth's own calls to *.googleapis.com (its
    background access-boundary lookup) go to api_url, so nothing leaves the test machine.
    """
    if api_url is None:
        return AuthorizedSession(credentials)
    auth_session = requests.Session()
    auth_session.mount("https://", RerouteAdapter(api_url))
    session = AuthorizedSession(credentials, auth_request=Request(auth_session))
    session.mount("https://", RerouteAdapter(api_url))
    return session


class RetryingHTTPClient(gspread.HTTPClient):
    """gspread's HTTP client that retries 429, 5xx and dropped connections, backing off.

    The n-th retry waits backoff * 2**(n-1) seconds, or longer when the answer says
    Retry-After, at most MAX_DELAY; after `tries` attempts the last error is raised.
    """

    def __init__(
        self,
        auth: Credentials,
        session: requests.Session | None = None,
        *,
        backoff: float = DEFAULT_BACKOFF,
        tries: int = DEFAULT_TRIES,
        timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(auth, session)
        self.auth = auth
        self.backoff = backoff
        self.tries = max(1, tries)
        self.timeout = timeout

    def request(
        self,
        method: str,
        endpoint: str,
        params: ParamsType | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: FileType = None,
        headers: MutableMapping[str, str] | None = None,
    ) -> requests.Response:
        """One API call, tried up to `tries` times."""
        attempt = 1
        while True:
            try:
                return super().request(method, endpoint, params, data, json, files, headers)
            except APIError as err:
                status = err.response.status_code
                if status not in RETRY_STATUSES or attempt >= self.tries:
                    raise
                delay = self.delay(attempt, err.response.headers.get("Retry-After"))
            except RETRY_EXCEPTIONS:
                if attempt >= self.tries:
                    raise
                delay = self.delay(attempt, None)
            time.sleep(delay)
            attempt += 1

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry number `attempt`."""
        wait = self.backoff * 2 ** (attempt - 1)
        return min(max(wait, retry_after_seconds(retry_after)), MAX_DELAY)


def retry_after_seconds(header: str | None) -> float:
    """A Retry-After header (seconds or an HTTP date) in seconds; 0 when absent or unreadable.

    >>> retry_after_seconds("3"), retry_after_seconds(None), retry_after_seconds("soon")
    (3.0, 0.0, 0.0)
    """
    if not header:
        return 0.0
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - time.time())


_ACCOUNT_URL = re.compile(r"/spreadsheets/u/\d+/d/([A-Za-z0-9_-]+)")  # a second signed-in account
_PUBLISHED = re.compile(r"/spreadsheets/(?:u/\d+/)?d/e/")  # "publish to web": not the sheet's id


def spreadsheet_id(spreadsheet: str) -> str:
    """The id from an id or a spreadsheet URL.

    >>> spreadsheet_id("https://docs.google.com/spreadsheets/d/1AbC-x_9/edit#gid=0")
    '1AbC-x_9'
    >>> spreadsheet_id(" 1AbC-x_9 ")
    '1AbC-x_9'
    >>> spreadsheet_id("https://docs.google.com/spreadsheets/u/1/d/1AbC-x_9/edit")
    '1AbC-x_9'
    """
    text = spreadsheet.strip()
    if _PUBLISHED.search(text):
        raise SheetAccessError("sheets.google_published_link", spreadsheet=spreadsheet)
    account = _ACCOUNT_URL.search(text)
    try:
        found = account[1] if account else extract_id_from_url(text) if "/" in text else text
    except NoValidUrlKeyFound:
        found = ""
    if not found or not all(ch.isalnum() or ch in "-_" for ch in found):
        raise SheetAccessError("sheets.google_bad_spreadsheet", spreadsheet=spreadsheet)
    return found


# ---------------------------------------------------------------------------------------------
# values and requests: pure helpers, no I/O


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


def cell_data(value: CellValue) -> tuple[dict[str, Any], str]:
    """A value as CellData and the field mask it needs; strings stay text, never formulas.

    >>> cell_data("=1+1")
    ({'userEnteredValue': {'stringValue': '=1+1'}}, 'userEnteredValue')
    >>> cell_data(date(2025, 11, 16))[0]["userEnteredFormat"]["numberFormat"]["type"]
    'DATE'
    >>> cell_data(float("inf"))[0]
    {'userEnteredValue': {'stringValue': 'inf'}}
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
    if isinstance(value, Decimal):
        return {"userEnteredValue": {"numberValue": float(value)}}, VALUE
    if isinstance(value, float) and not math.isfinite(value):
        return {"userEnteredValue": {"stringValue": str(value)}}, VALUE  # JSON has no inf/nan
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}, VALUE
    return {"userEnteredValue": {"stringValue": str(value)}}, VALUE


@dataclass
class _Block:
    """Cells to write in one updateCells: a rectangle of rows starting at (row, col), 1-based."""

    row: int
    col: int
    rows: list[list[dict[str, Any]]]
    mask: str


def _runs(cells: Mapping[tuple[int, int], CellValue]) -> list[_Block]:
    """Cells as one-row blocks of horizontally adjacent cells needing the same mask."""
    runs: list[_Block] = []
    for row, col in sorted(cells):
        data, mask = cell_data(cells[(row, col)])
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
    cells = {(w.row, w.col): w.value for w in writes}
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
    """Headers and rows, bold header, drop-down lists, row colours and column widths."""
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
        {
            "repeatCell": {
                "range": _rows_range(sid, 0, 1, 0, width),
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": BOLD,
            }
        },
    ]
    out += [_choices(sid, col, options) for col, options in sorted(table.choices.items())]
    if table.color_col is not None:
        letter = col_letter(table.color_col + 1)
        for index, (word, color) in enumerate(table.colors.items()):
            out.append(_colour_rule(sid, width, letter, word, color, index))
    out += [_width(sid, col, chars) for col, chars in sorted(table.widths.items())]
    return out


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


def _width(sid: int, col: int, chars: int) -> dict[str, Any]:
    """A column width, from characters to pixels."""
    span = {"sheetId": sid, "dimension": "COLUMNS", "startIndex": col, "endIndex": col + 1}
    pixels = chars * PIXELS_PER_CHAR + PIXELS_PADDING
    return {
        "updateDimensionProperties": {
            "range": span,
            "properties": {"pixelSize": pixels},
            "fields": "pixelSize",
        }
    }


def has_data(grid: Grid) -> bool:
    """True when any cell holds something."""
    return any(v not in (None, "") for row in grid for v in row)


# ---------------------------------------------------------------------------------------------
# the backend


class GoogleBackend:
    """A Google spreadsheet behind the Backend interface, through a gspread client."""

    def __init__(
        self, spreadsheet: str, client: gspread.Client, *, metadata_ttl: float = METADATA_TTL
    ) -> None:
        self.id = spreadsheet_id(spreadsheet)
        self.client = client
        self.metadata_ttl = metadata_ttl
        self.location = self.id
        self._meta: Metadata | None = None

    @property
    def url(self) -> str:
        """The spreadsheet's address in a browser."""
        return f"https://docs.google.com/spreadsheets/d/{self.id}/edit"

    def tabs(self) -> list[str]:
        """Names of the tabs, in workbook order (from the cached metadata)."""
        return list(self._metadata().tabs)

    def read(self, tab: str) -> Grid:
        """All values of a tab: formulas as computed values, dates as serial numbers, "" → None."""
        self._tab(tab)
        answer = self._call(
            lambda: self.client.http_client.values_get(self.id, a1_tab(tab), dict(READ_PARAMS))
        )
        return [[None if v == "" else v for v in row] for row in answer.get("values", [])]

    def save(self, changes: Changes) -> None:
        """Apply new tabs, cell writes and appends in ONE batchUpdate call; nothing when empty."""
        if not changes:
            return
        touched = {t for t, w in changes.cells.items() if w} | {
            t for t, r in changes.appends.items() if r
        }
        for title in sorted(touched - set(changes.new_tabs)):
            self._tab(title)
        meta = self._metadata()
        requests_, after = plan_save(changes, meta.tabs)
        self._batch(requests_)
        if self._meta is meta:
            meta.tabs = after

    def create(self, table: NewTable) -> None:
        """Lay out a new table in one batchUpdate; refuses when the clients tab holds data."""
        meta = self._metadata()
        target = meta.tabs.get(table.tab)
        renamed = None
        if target is not None and has_data(self.read(table.tab)):
            raise SheetError("sheets.google_tab_has_data", tab=table.tab, location=self.location)
        if target is None and len(meta.tabs) == 1:
            (only,) = meta.tabs.values()
            if only.title not in table.extra_tabs and not has_data(self.read(only.title)):
                target = renamed = only
        self._batch(self._create_requests(table, meta, target, renamed is not None))
        self._meta = None

    def refresh(self) -> None:
        """Forget the cached metadata: the next call fetches the tab list again."""
        self._meta = None

    # -- internals -------------------------------------------------------------------------------

    def _create_requests(
        self, table: NewTable, meta: Metadata, target: Tab | None, rename: bool
    ) -> list[dict[str, Any]]:
        """Requests for create(): the clients tab (new, reused or renamed) and the extra tabs."""
        used = [t.sheet_id for t in meta.tabs.values()]
        rows = 1 + len(table.rows)
        cols = max([len(table.headers), *(len(r) for r in table.rows)])
        out: list[dict[str, Any]] = []
        if target is None:
            sheet_id = new_sheet_id(table.tab, used)
            tab = Tab(sheet_id, table.tab, max(NEW_TAB_ROWS, rows), max(NEW_TAB_COLS, cols))
            out.append(add_sheet(tab))
            used.append(tab.sheet_id)
        else:
            props: dict[str, Any] = {"sheetId": target.sheet_id, "title": table.tab}
            props["gridProperties"] = {"frozenRowCount": 1}
            fields = "gridProperties.frozenRowCount" + (",title" if rename else "")
            out.append({"updateSheetProperties": {"properties": props, "fields": fields}})
            grown, tab = grow(target, rows, cols)
            out += grown
        out += layout_requests(tab, table)
        for title, header in table.extra_tabs.items():
            if title not in meta.tabs and title != table.tab:
                extra, made = new_tab(title, header, used)
                used.append(extra.sheet_id)
                out += made
        return out

    def _metadata(self) -> Metadata:
        """The cached metadata, fetched when missing or older than metadata_ttl."""
        meta = self._meta
        if meta is not None and time.monotonic() - meta.fetched < self.metadata_ttl:
            return meta
        params: ParamsType = {"includeGridData": "false", "fields": METADATA_FIELDS}
        answer = self._call(lambda: self.client.http_client.fetch_sheet_metadata(self.id, params))
        self._meta = parse_metadata(answer)
        self.location = f"Google Sheets «{self._meta.title}»"
        return self._meta

    def _tab(self, title: str) -> Tab:
        """A tab of the spreadsheet; refetches once if the cache does not know it; SheetError."""
        cached = self._meta
        meta = self._metadata()
        if title not in meta.tabs and meta is cached:
            self._meta = None
            meta = self._metadata()
        if title not in meta.tabs:
            names = ", ".join(f"«{t}»" for t in meta.tabs) or "—"
            raise SheetError("sheets.google_no_tab", tab=title, location=self.location, tabs=names)
        return meta.tabs[title]

    def _batch(self, requests_: list[dict[str, Any]]) -> None:
        """One spreadsheets.batchUpdate; on failure the metadata is fetched afresh next time."""
        try:
            self._call(
                lambda: self.client.http_client.batch_update(self.id, {"requests": requests_})
            )
        except SheetError:
            self._meta = None
            raise

    def _call(self, call: Callable[[], T]) -> T:
        """Run an API call, turning library errors into SheetError words."""
        try:
            return call()
        except APIError as err:
            self._meta = None  # whatever failed, the tabs are fetched afresh next time
            raise self._api_error(err) from err
        except RefreshError as err:
            self._meta = None
            if getattr(err, "retryable", False):  # Google's token server is busy, not the key
                raise SheetBusyError("sheets.google_token_busy", location=self.location) from err
            raise self._key_rejected(str(err.args[0] if err.args else err)) from err
        except (requests.RequestException, TransportError) as err:
            self._meta = None
            raise SheetBusyError(
                "sheets.google_offline", error=type(err).__name__, location=self.location
            ) from err

    def _email(self) -> str | None:
        """The service account's e-mail, for messages about sharing."""
        http = self.client.http_client
        creds = getattr(http, "auth", None) or getattr(http.session, "credentials", None)
        email = getattr(creds, "service_account_email", None)
        return email if isinstance(email, str) else None

    def _api_error(self, err: APIError) -> SheetError:
        """An API error answer in words."""
        status = err.response.status_code
        message = str(err.error.get("message", "")) if isinstance(err.error, Mapping) else ""
        if status == 401:
            return self._key_rejected(message)
        if status == 403:
            return self._forbidden(err, message)
        if status == 404:
            return self._not_found()
        if status in RETRY_STATUSES or status >= 500:
            return self._busy(status)
        if status == 400 and "not supported for this document" in message:
            return SheetAccessError("sheets.google_office_file", location=self.location)
        return SheetError(
            "sheets.google_refused", location=self.location, message=message, status=status
        )

    def _busy(self, status: int) -> SheetBusyError:
        """Quota or Google's own trouble, after the retries."""
        if status == 429:
            reason = Phrase("sheets.google_quota")
        else:
            reason = Phrase("sheets.google_own_error", status=status)
        return SheetBusyError("sheets.google_busy", reason=reason, location=self.location)

    def _forbidden(self, err: APIError, message: str) -> SheetAccessError:
        """403: the sheet is not shared with the service account, or the API is switched off."""
        email = self._email()
        details = json.dumps(err.error, ensure_ascii=False)
        if "SERVICE_DISABLED" in details or "has not been used" in message:
            return SheetAccessError("sheets.google_api_disabled", message=message)
        who = email or Phrase("sheets.google_service_account")
        return SheetAccessError("sheets.google_not_shared", location=self.location, who=who)

    def _not_found(self) -> SheetAccessError:
        """404: a wrong id or URL."""
        who = self._email() or "client_email"
        return SheetAccessError("sheets.google_not_found", id=self.id, who=who)

    def _key_rejected(self, detail: str) -> SheetAccessError:
        """Google refused the key itself (deleted, disabled, damaged)."""
        who = self._email() or "service account"
        return SheetAccessError(
            "sheets.google_key_rejected", who=who, detail=detail, help=KEY_HELP
        )
