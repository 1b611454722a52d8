"""The Sheets API stand-in is as strict as Google where the bot could go wrong: body size,
enums, field masks, the grid, quotas, and the modes that drop or reorder behind the bot's back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from sheets.google import connect
from tests import sheets_api as stand_in
from tests.sheets_api import SheetsAPI

sheets_api = stand_in.sheets_api

API = "https://sheets.googleapis.com/v4/spreadsheets"


@pytest.fixture
def session(sheets_api: SheetsAPI, tmp_path: Path) -> requests.Session:
    """An authorized session whose Google calls go to the stand-in."""
    key = tmp_path / "sa.json"
    sheets_api.service_account(key)
    backend = connect("x", key, sheets_api.url)
    http: requests.Session = backend.client.http_client.session
    return http


def batch(session: requests.Session, book: str, *requests_: dict[str, Any]) -> requests.Response:
    """One raw spreadsheets.batchUpdate."""
    return session.post(f"{API}/{book}:batchUpdate", json={"requests": list(requests_)})


def error(answer: requests.Response) -> tuple[int, str, str]:
    """Status, Google's status name and message of an error answer."""
    body = answer.json()["error"]
    return answer.status_code, body["status"], body["message"]


def cells(sheet_id: int, row: int, values: list[str], fields: str = "userEnteredValue") -> dict:
    """An updateCells request writing text from (row, 0), 0-based."""
    data = [{"userEnteredValue": {"stringValue": v}} for v in values]
    start = {"sheetId": sheet_id, "rowIndex": row, "columnIndex": 0}
    return {"updateCells": {"start": start, "rows": [{"values": data}], "fields": fields}}


def test_a_body_over_10_mb_is_refused_with_googles_words(
    sheets_api: SheetsAPI, session: requests.Session
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID"]]})
    big = cells(0, 0, ["ж" * 50_000] * 110)  # 100 bytes a cell-char pair: about 11 MB
    body = json.dumps({"requests": [big]}, ensure_ascii=False).encode()
    assert len(body) > 10_485_760
    answer = session.post(f"{API}/{book}:batchUpdate", data=body,
                          headers={"Content-Type": "application/json; charset=UTF-8"})
    assert error(answer) == (400, "INVALID_ARGUMENT",
                             "Request payload size exceeds the limit: 10485760 bytes.")
    assert sheets_api.values(book, "Клиенты") == [["ID"]]


def test_unknown_enums_and_field_masks_are_400(
    sheets_api: SheetsAPI, session: requests.Session
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID"]]})
    answer = batch(session, book, {"appendDimension": {"sheetId": 0, "dimension": "ROW",
                                                       "length": 1}})
    assert error(answer)[:2] == (400, "INVALID_ARGUMENT")
    assert error(answer)[2] == (
        "Invalid value at 'requests[0].append_dimension.dimension' "
        '(type.googleapis.com/google.apps.sheets.v4.Dimension), "ROW"'
    )
    answer = batch(session, book, cells(0, 0, ["x"], fields="userEnteredValu"))
    assert error(answer)[0] == 400 and "userEnteredValu" in error(answer)[2]
    answer = batch(session, book, cells(0, 0, ["x"], fields="userEnteredFormat.numberFormt"))
    assert error(answer)[0] == 400
    answer = session.get(f"{API}/{book}/values/A1", params={"valueRenderOption": "RAW"})
    assert error(answer)[0] == 400 and "value_render_option" in error(answer)[2]
    answer = session.get(f"{API}/{book}", params={"fields": "sheets.propertys"})
    assert error(answer)[0] == 400
    good = batch(session, book, cells(0, 0, ["x"], fields="userEnteredValue,"
                                                         "userEnteredFormat.numberFormat"))
    assert good.status_code == 200


def test_writes_past_the_grid_are_400_unless_the_same_batch_grows_it_first(
    sheets_api: SheetsAPI, session: requests.Session
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID"], ["1"]]})  # 1000 x 26, as Google
    grow = {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 8}}
    bold = {"repeatCell": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1001,
                                     "startColumnIndex": 0, "endColumnIndex": 1},
                           "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                           "fields": "userEnteredFormat.textFormat.bold"}}
    assert "exceeds grid limits" in error(batch(session, book, cells(0, 1000, ["x"])))[2]
    assert "exceeds grid limits" in error(batch(session, book, bold))[2]
    assert error(batch(session, book, cells(0, 1000, ["x"]), grow))[0] == 400  # order matters
    assert batch(session, book, grow, cells(0, 1000, ["x"]), bold).status_code == 200
    assert sheets_api.cell(book, "Клиенты", 1001, 1)["value"] == "x"
    assert sheets_api.sheet(book, "Клиенты").rows == 1008


def test_429_has_no_retry_after_and_reads_have_a_per_minute_quota(
    sheets_api: SheetsAPI, session: requests.Session
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID"]]})
    sheets_api.fail_next(1, status=429)
    answer = session.get(f"{API}/{book}")
    assert error(answer)[:2] == (429, "RESOURCE_EXHAUSTED")
    assert "Retry-After" not in answer.headers
    now = [0.0]
    sheets_api.read_quota(3, clock=lambda: now[0])
    answers = [session.get(f"{API}/{book}") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "'Read requests per minute per user'" in error(answers[3])[2]
    assert "Retry-After" not in answers[3].headers
    assert batch(session, book, cells(0, 0, ["w"])).status_code == 200  # a write is no read
    now[0] = 59.9
    assert session.get(f"{API}/{book}").status_code == 429
    now[0] = 60.0
    assert session.get(f"{API}/{book}").status_code == 200
    assert sheets_api.refused_reads == 2


def test_a_write_can_be_applied_and_its_answer_lost(
    sheets_api: SheetsAPI, session: requests.Session
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID"]]})
    sheets_api.drop_after_write_next(1)
    append = {"appendCells": {"sheetId": 0, "rows": [{"values": [
        {"userEnteredValue": {"stringValue": "line"}}]}], "fields": "userEnteredValue"}}
    with pytest.raises(requests.ConnectionError):
        batch(session, book, append)
    assert sheets_api.values(book, "Клиенты") == [["ID"], ["line"]]
    assert batch(session, book, append).status_code == 200


def test_rows_can_be_reordered_between_a_read_and_a_write(
    sheets_api: SheetsAPI, session: requests.Session
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID", "Имя"], [1, "a"], [2, "b"],
                                                       [3, "c"]]})
    sheets_api.reorder_after_read(book, "Клиенты", keep=1)
    first = session.get(f"{API}/{book}/values/Клиенты",
                        params={"valueRenderOption": "UNFORMATTED_VALUE"}).json()["values"]
    assert first[1:] == [[1, "a"], [2, "b"], [3, "c"]]
    assert sheets_api.values(book, "Клиенты") == [["ID", "Имя"], [3, "c"], [2, "b"], [1, "a"]]
    session.get(f"{API}/{book}/values/Клиенты")
    assert sheets_api.values(book, "Клиенты")[1] == [3, "c"]  # once only
