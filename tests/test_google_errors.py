"""Errors in words, the ones issue 12 named that had no test yet: the tab list is fetched afresh
after any failed call, and a non-finite number never reaches a request (it is written as text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sheets.base import CellWrite, Changes
from sheets.errors import SheetError
from sheets.google import connect
from tests import sheets_api as stand_in
from tests.sheets_api import SheetsAPI

sheets_api = stand_in.sheets_api
ROWS = [["ID", "Компания", "Сумма"], [1, "Ромашка", 10]]


@pytest.fixture
def key_file(sheets_api: SheetsAPI, tmp_path: Path) -> str:
    """A service-account key the stand-in accepts."""
    path = tmp_path / "sa.json"
    sheets_api.service_account(path)
    return str(path)


def metadata_calls(api: SheetsAPI, book: str) -> int:
    """Calls for the tab list."""
    return sum(1 for _, path in api.api_calls() if path == f"/v4/spreadsheets/{book}")


def test_the_tab_list_is_fetched_afresh_after_a_failed_call(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": ROWS})
    sheet = connect(book, key_file, sheets_api.url, backoff=0.01)
    sheet.read("Клиенты")
    sheet.tabs()
    assert metadata_calls(sheets_api, book) == 1  # cached while calls succeed
    sheets_api.fail_next(1, status=400)
    with pytest.raises(SheetError):
        sheet.read("Клиенты")
    sheet.tabs()
    assert metadata_calls(sheets_api, book) == 2


def test_non_finite_numbers_never_reach_the_request(sheets_api: SheetsAPI, key_file: str) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": ROWS})
    sheet = connect(book, key_file, sheets_api.url, backoff=0.01)
    sheet.save(Changes(cells={"Клиенты": [CellWrite(2, 3, float("nan")),
                                           CellWrite(2, 4, float("inf"))]}))
    (body,) = [e["body"] for e in sheets_api.log if e["path"].endswith(":batchUpdate")]
    json.loads(body, parse_constant=lambda name: pytest.fail(f"{name} in the request"))
    assert sheets_api.values(book, "Клиенты")[1][2:] == ["nan", "inf"]
