"""The Google Sheets backend: the real gspread client, a fixed number of calls per sync.

A sync (`tabs()` + `read(tab)` + `save(changes)`) costs five Sheets API calls when its changes
fit one request body (2 MB, see google_requests): one metadata call (cached on the backend), one
values call per read, one read of the written rows' ID cells right before the write, one
batchUpdate per body of the save, the same ID cells again right after — more bodies only for
more bytes, never for more changed rows as such. Requests are built in google_requests, sent
with retries by google_http; errors are turned into `SheetBusyError` / `SheetAccessError` /
`SheetError` here, at the backend boundary (words: bot/words, sheets.*).

Two guards against Google's world changing under the bot. Rows moved between the read and the
write (a person sorted, inserted or deleted rows): a save's `guards` name the ID each written
row must hold; a move seen right before the write stops it with nothing written, a move seen
right after puts the other clients' own values back and says so (without a guard, the rows are
read whole and compared loosely). A lost answer: a body that adds tabs or appends rows is not
resent blind; the backend reads back the tabs and the last rows of the tabs it appended to, and
resends only what did not land.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import gspread
import requests
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2 import service_account
from gspread.exceptions import APIError, NoValidUrlKeyFound
from gspread.http_client import ParamsType
from gspread.utils import extract_id_from_url

from .base import CellWrite, Changes, Grid, Guard, NewTable, col_letter
from .errors import Phrase, SheetAccessError, SheetBusyError, SheetError
from .google_http import (
    DEFAULT_BACKOFF,
    DEFAULT_TIMEOUT,
    DEFAULT_TRIES,
    RETRY_STATUSES,
    RetryingHTTPClient,
    WriteUnknown,
    authorized_session,
    post_batch,
)
from .google_layout import dressing, legend
from .google_requests import (
    NEW_TAB_COLS,
    NEW_TAB_ROWS,
    READ_PARAMS,
    Body,
    Metadata,
    Tab,
    a1_tab,
    add_sheet,
    found_at_end,
    grow,
    has_data,
    layout_requests,
    moved_rows,
    new_sheet_id,
    new_tab,
    pack,
    parse_metadata,
    patched,
    plan_save,
    row_spans,
    sent_row,
    spliced,
)
from .guard import id_key, put_back

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
METADATA_TTL = 300.0  # seconds the tab list is trusted; a 15-minute sync always refetches it
METADATA_FIELDS = "properties.title,sheets.properties(sheetId,title,index,gridProperties)"
MAX_SPANS = 40  # runs of rows read again in one values:batchGet; more: one span over them all
LOOK_BACK = 20  # rows past an append's own where its rows may be found (a person appended too)

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
    clock: Callable[[], float] = time.monotonic,
) -> GoogleBackend:
    """A backend for a spreadsheet (id or URL) with a service-account key; makes no call yet.

    credentials: path to the key JSON, else $GOOGLE_APPLICATION_CREDENTIALS. api_url: send every
    https://*.googleapis.com call there instead (tests point it at the local stand-in); the
    key's own token_uri is used for tokens. backoff: the first retry delay in seconds. clock:
    seconds for the metadata's age (a test's fake clock).
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
    return GoogleBackend(spreadsheet, client, clock=clock)


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
# the backend


class GoogleBackend:
    """A Google spreadsheet behind the Backend interface, through a gspread client."""

    def __init__(
        self,
        spreadsheet: str,
        client: gspread.Client,
        *,
        metadata_ttl: float = METADATA_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.id = spreadsheet_id(spreadsheet)
        self.client = client
        self.metadata_ttl = metadata_ttl
        self.clock = clock
        self.location = self.id
        self._meta: Metadata | None = None
        self._seen: dict[str, Grid] = {}  # each tab as last read (and written since)

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
        grid = [[None if v == "" else v for v in row] for row in answer.get("values", [])]
        self._seen[tab] = grid
        return grid

    def save(self, changes: Changes) -> None:
        """Apply new tabs, cell writes and appends, in order, in as few batchUpdate calls as
        their size allows (one up to 2 MB); nothing when empty."""
        if not changes:
            return
        touched = {t for t, w in changes.cells.items() if w} | {
            t for t, r in changes.appends.items() if r
        }
        for title in sorted(touched - set(changes.new_tabs)):
            self._tab(title)
        meta = self._metadata()
        requests_, after = plan_save(changes, meta.tabs)
        bodies = pack(requests_)  # planned first: the check below is the last thing before
        guarded = {t: g for t, g in changes.guards.items() if changes.cells.get(t) and g.ids}
        for title, writes in changes.cells.items():
            if title in guarded:
                self._check_guard(title, guarded[title])
            elif writes and title in self._seen:
                self._check_rows(title, writes)
        self._batch(bodies)
        if self._meta is meta:
            meta.tabs = after
        for title, guard in guarded.items():
            self._check_landed(title, guard, changes.cells[title])
        for title, writes in changes.cells.items():
            if title in self._seen:
                self._seen[title] = patched(self._seen[title], writes)

    def _ids_now(self, title: str, guard: Guard) -> dict[int, str]:
        """The guarded rows' IDs as the sheet holds them now: one read of the ID column's
        runs of rows (one run over them all past MAX_SPANS)."""
        spans = row_spans(guard.ids)
        if len(spans) > MAX_SPANS:
            spans = [(spans[0][0], spans[-1][1])]
        col = col_letter(guard.col)
        ranges = [f"{a1_tab(title)}!{col}{first}:{col}{last}" for first, last in spans]
        http = self.client.http_client
        batch = self._call(lambda: http.values_batch_get(self.id, ranges, dict(READ_PARAMS)))
        now: dict[int, str] = {}
        for (first, _), answer in zip(spans, batch.get("valueRanges", []), strict=True):
            for at, cells in enumerate(answer.get("values", [])):
                now[first + at] = id_key(cells[0] if cells else None)
        return {row: now.get(row, "") for row in guard.ids}

    def _check_guard(self, title: str, guard: Guard) -> None:
        """Right before the write: the rows to write still hold the IDs read, or SheetBusyError
        with nothing written."""
        now = self._ids_now(title, guard)
        moved = [r for r, want in guard.ids.items() if now[r] != id_key(want)]
        if moved:
            self._seen.pop(title, None)
            raise SheetBusyError(
                "sheets.google_rows_moved", tab=title, location=self.location, count=len(moved)
            )

    def _check_landed(self, title: str, guard: Guard, writes: list[CellWrite]) -> None:
        """Right after the write: if rows moved during it, the cells written on rows that now
        hold other clients get those clients' own values back (from the read before the
        write), and SheetBusyError says so: the next try writes again by ID."""
        now = self._ids_now(title, guard)
        written = {w.row: w.value for w in writes if w.col == guard.col}  # new IDs given
        want = {r: written.get(r, was) for r, was in guard.ids.items()}
        moved = {r for r, v in want.items() if now[r] != id_key(v)}
        if not moved:
            return
        seen = self._seen.pop(title, None) or []
        back, lost = put_back(seen, guard.col, now, [w for w in writes if w.row in moved])
        if back:
            requests_, _ = plan_save(Changes(cells={title: back}), self._metadata().tabs)
            self._batch(pack(requests_))
        raise SheetBusyError(
            "sheets.google_rows_moved_written", tab=title, location=self.location,
            count=len(moved), lost=lost,
        )

    def _check_rows(self, title: str, writes: list[CellWrite]) -> None:
        """Read the rows to write again right before writing by row numbers: SheetBusyError,
        nothing written, when they no longer hold what was read (sorted, rows inserted)."""
        before = now = self._seen[title]
        spans = row_spans(w.row for w in writes)
        if len(spans) > MAX_SPANS:  # one span from the first to the last
            spans = [(spans[0][0], spans[-1][1])]
        http = self.client.http_client
        ranges = [f"{a1_tab(title)}!{first}:{last}" for first, last in spans]
        if len(ranges) == 1:
            answers = [self._call(lambda: http.values_get(self.id, ranges[0], dict(READ_PARAMS)))]
        else:
            batch = self._call(lambda: http.values_batch_get(self.id, ranges, dict(READ_PARAMS)))
            answers = batch.get("valueRanges", [])
        for (first, last), answer in zip(spans, answers, strict=True):
            window = [[None if v == "" else v for v in row] for row in answer.get("values", [])]
            now = spliced(now, first, last, window)
        self._seen[title] = now
        moved = moved_rows(before, now, writes)
        if moved:
            raise SheetBusyError(
                "sheets.google_rows_moved", tab=title, location=self.location, count=len(moved)
            )

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
        self._batch(pack(self._create_requests(table, meta, target, renamed is not None)))
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
        out += dressing(tab.sheet_id, table.headers, table.widths, table.formats)
        for title, header in table.extra_tabs.items():
            if title not in meta.tabs and title != table.tab:
                extra, made = new_tab(title, header, used)
                used.append(extra.sheet_id)
                out += made + dressing(extra.sheet_id, header, table.extra_widths.get(title, {}),
                                       table.extra_formats.get(title, {}))
        if table.legend_tab and table.legend and table.legend_tab not in meta.tabs:
            extra, made = new_tab(table.legend_tab, table.legend[0], used)
            out += made + legend(extra.sheet_id, table)
        return out

    def _metadata(self) -> Metadata:
        """The cached metadata, fetched when missing or older than metadata_ttl."""
        meta = self._meta
        if meta is not None and self.clock() - meta.fetched < self.metadata_ttl:
            return meta
        params: ParamsType = {"includeGridData": "false", "fields": METADATA_FIELDS}
        answer = self._call(lambda: self.client.http_client.fetch_sheet_metadata(self.id, params))
        self._meta = parse_metadata(answer)
        self._meta.fetched = self.clock()
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

    def _batch(self, bodies: list[Body]) -> None:
        """One batchUpdate per body (see `pack`), in order; on failure the metadata is fetched
        afresh next time."""
        try:
            for body in bodies:
                self._send(body)
        except SheetError:
            self._meta = None
            raise

    def _send(self, body: Body) -> None:
        """One batchUpdate; a careful body whose answer is lost is read back, not resent blind:
        only what did not land goes again, up to the client's number of tries."""
        http = self.client.http_client
        tries = http.tries if isinstance(http, RetryingHTTPClient) else 1
        for attempt in range(1, tries + 1):
            send = partial(post_batch, http, self.id, body.data, idempotent=not body.careful)
            try:
                self._call(send)
                return
            except WriteUnknown as lost:
                self._meta = None
                rest = self._not_landed(body)
                if not rest:
                    return
                body, last = pack(rest)[0], lost
            if attempt < tries and isinstance(http, RetryingHTTPClient):
                time.sleep(http.delay(attempt, None))
        if last.status is not None:
            raise self._busy(last.status)
        raise SheetBusyError("sheets.google_offline", error=str(last), location=self.location)

    def _not_landed(self, body: Body) -> list[dict[str, Any]]:
        """The requests of a body to send again: all but the new tabs now there and the
        appended rows found at the end of their tabs ([] when the whole body landed)."""
        meta = self._metadata()
        titles = {tab.sheet_id: tab.title for tab in meta.tabs.values()}
        appended: dict[int, list[tuple[Any, ...]]] = {}
        for request in body.requests:
            if "appendCells" in request:
                args = request["appendCells"]
                appended.setdefault(args["sheetId"], []).extend(map(sent_row, args["rows"]))
        landed = {
            sid
            for sid, rows in appended.items()
            if sid in titles and found_at_end(self.read(titles[sid]), rows, LOOK_BACK)
        }
        rest = []
        for request in body.requests:
            if "addSheet" in request:
                props = request["addSheet"]["properties"]
                if titles.get(props["sheetId"]) == props["title"]:
                    continue
            if "appendCells" in request and request["appendCells"]["sheetId"] in landed:
                continue
            rest.append(request)
        careful = [r for r in body.requests if "addSheet" in r or "appendCells" in r]
        return [] if len(rest) == len(body.requests) - len(careful) else rest

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
