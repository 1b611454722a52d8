"""The HTTP side of the Google backend: a session that adds the OAuth token (and, in tests, sends
Google's calls to a local stand-in), and gspread's HTTP client with retries and backoff.

Transient failures (429, 5xx, dropped connections, timeouts) are retried with exponential
backoff, except where resending could apply a write twice: a batchUpdate body sent with
`idempotent=False` is not resent after a timeout, a dropped connection or a 500/502/504 (Google
may have applied it); `WriteUnknown` tells the caller, who reads back what landed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import gspread
import requests
from google.auth.credentials import Credentials
from google.auth.exceptions import TransportError
from google.auth.transport.requests import AuthorizedSession, Request
from gspread.exceptions import APIError
from gspread.http_client import FileType, ParamsType
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL
from requests.adapters import HTTPAdapter

DEFAULT_BACKOFF = 1.0  # seconds before the first retry; doubles each time
DEFAULT_TRIES = 6  # attempts per call, the first included
MAX_DELAY = 64.0  # the longest single wait, Retry-After included
DEFAULT_TIMEOUT = (10.0, 120.0)  # connect, read (gspread's own default is: wait forever)
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_EXCEPTIONS = (requests.ConnectionError, requests.Timeout, TransportError)
NEVER_SENT = (requests.ConnectTimeout, TransportError)  # failed before the call left


AMBIGUOUS_STATUSES = frozenset({500, 502, 504})  # the write may have been applied all the same


class WriteUnknown(Exception):  # noqa: N818 — not an error of the caller: an outcome unknown
    """A write reached Google (or may have) but its answer was lost: it may have been applied.

    status: the HTTP status when Google (or a proxy) answered one, else None.
    """

    def __init__(self, what: str, status: int | None = None) -> None:
        super().__init__(what)
        self.status = status


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
        *,
        idempotent: bool = True,
    ) -> requests.Response:
        """One API call, tried up to `tries` times; WriteUnknown instead of resending a call
        that is not idempotent once it may have reached Google."""
        attempt = 1
        while True:
            try:
                return super().request(method, endpoint, params, data, json, files, headers)
            except APIError as err:
                status = err.response.status_code
                if not idempotent and status in AMBIGUOUS_STATUSES:
                    raise WriteUnknown(f"HTTP {status}", status) from err
                if status not in RETRY_STATUSES or attempt >= self.tries:
                    raise
                delay = self.delay(attempt, err.response.headers.get("Retry-After"))
            except RETRY_EXCEPTIONS as err:
                if not idempotent and not isinstance(err, NEVER_SENT):
                    raise WriteUnknown(type(err).__name__) from err
                if attempt >= self.tries:
                    raise
                delay = self.delay(attempt, None)
            time.sleep(delay)
            attempt += 1

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry number `attempt`."""
        wait = self.backoff * 2 ** (attempt - 1)
        return min(max(wait, retry_after_seconds(retry_after)), MAX_DELAY)


def post_batch(
    http: gspread.HTTPClient, spreadsheet_id: str, body: bytes, *, idempotent: bool = True
) -> Any:
    """spreadsheets.batchUpdate with a body already encoded as UTF-8 JSON; its answer."""
    url = SPREADSHEET_BATCH_UPDATE_URL % spreadsheet_id
    headers = {"Content-Type": "application/json; charset=UTF-8"}
    if isinstance(http, RetryingHTTPClient):
        answer = http.request("post", url, data=body, headers=headers, idempotent=idempotent)
    else:
        answer = http.request("post", url, data=body, headers=headers)
    return answer.json()


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
