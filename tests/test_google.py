"""The Google Sheets backend with the real gspread, against the local stand-in of the API."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import gspread
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.words import Words
from sheets.base import CellWrite, Changes, NewTable
from sheets.errors import SheetAccessError, SheetBusyError, SheetError
from sheets.google import GoogleBackend, connect, spreadsheet_id
from tests import sheets_api as stand_in
from tests.sheets_api import Formula, SheetsAPI

sheets_api = stand_in.sheets_api  # the stand-in fixture (conftest.py may share it with all tests)

EMAIL = "crm-bot@crm-bot-123.iam.gserviceaccount.com"
RU, EN = Words("ru"), Words("en")  # how the bot shows a sheets error, in each language
Connect = Callable[[str], GoogleBackend]


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    """One real RSA key for the module's service accounts."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def key_file(sheets_api: SheetsAPI, tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> str:
    """A service-account JSON whose token_uri is the stand-in's /token."""
    path = tmp_path / "service-account.json"
    sheets_api.service_account(path, EMAIL, rsa_key)
    return str(path)


@pytest.fixture
def open_book(sheets_api: SheetsAPI, key_file: str) -> Connect:
    """Connect a backend to a stand-in spreadsheet, with fast retries."""
    return lambda book: connect(book, key_file, sheets_api.url, backoff=0.01)


def clients(n: int) -> list[list[Any]]:
    """A clients tab: a title line, the header, n rows."""
    header = ["ID", "Компания", "Дата следующего контакта", "Сумма", "Статус", "Сегмент"]
    rows = [
        [i, f"ООО Клиент {i}", date(2025, 1, 1) + timedelta(days=i % 300), i * 10.5, "Новый"]
        for i in range(1, n + 1)
    ]
    return [["База клиентов на 16.11.2025"], header, *rows]


def batch_requests(api: SheetsAPI) -> list[str]:
    """Kinds of the requests in the last batchUpdate the stand-in received."""
    body = json.loads(next(e["body"] for e in reversed(api.log) if e["path"].endswith("Update")))
    return [next(iter(r)) for r in body["requests"]]


def shapes(api: SheetsAPI, book: str) -> list[tuple[str, str]]:
    """The API calls recorded, with the spreadsheet id replaced by {id}, row spans by "!rows"."""
    calls = api.api_calls()
    return [(m, re.sub(r"!\d+:\d+$", "!rows", p.replace(book, "{id}"))) for m, p in calls]


META = ("GET", "/v4/spreadsheets/{id}")
VALUES = ("GET", "/v4/spreadsheets/{id}/values/'Клиенты'")
BATCH = ("POST", "/v4/spreadsheets/{id}:batchUpdate")
CHECK = ("GET", "/v4/spreadsheets/{id}/values/'Клиенты'!rows")  # the rows to write, read again


# ---------------------------------------------------------------------------------------------
# reading


def test_read_gives_title_line_serial_dates_numbers_and_computed_formulas(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet(
        "Продажи",
        {
            "Клиенты": [
                ["База клиентов"],
                ["ID", "Компания", "Дата", "Сумма", "Итого", "", "Оплачен"],
                [1, "Ромашка", date(2025, 11, 16), 1500.5, Formula("=D3*2", 3001), None, True],
                [2, '=HYPERLINK("x")', datetime(2025, 11, 16, 12), 7],
            ],
            "Журнал": [],
        },
    )
    backend = open_book(book)
    assert backend.location == book
    assert backend.tabs() == ["Клиенты", "Журнал"]
    assert backend.location == "Google Sheets «Продажи»"
    assert backend.read("Клиенты") == [
        ["База клиентов"],
        ["ID", "Компания", "Дата", "Сумма", "Итого", None, "Оплачен"],
        [1, "Ромашка", 45977, 1500.5, 3001, None, True],
        [2, '=HYPERLINK("x")', 45977.5, 7],
    ]
    assert backend.read("Журнал") == []
    read = next(e for e in sheets_api.log if "/values/" in e["path"])
    assert read["params"]["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert read["params"]["dateTimeRenderOption"] == ["SERIAL_NUMBER"]


def test_tab_names_are_quoted_and_url_encoded(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("Q", {"Клиенты 'VIP' / 2025": [["ID"], [1]]})
    assert open_book(book).read("Клиенты 'VIP' / 2025") == [["ID"], [1]]


def test_missing_tab_is_named_with_the_tabs_there(sheets_api: SheetsAPI,
                                                  open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": [["ID"]]})
    with pytest.raises(SheetError) as caught:
        open_book(book).read("Клиенты2")
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    assert "«Клиенты2»" in text_ru and "«Клиенты»" in text_ru
    assert "config.yaml" in text_en


def test_spreadsheet_is_found_by_url(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": [["ID"]]})
    backend = open_book(f"https://docs.google.com/spreadsheets/d/{book}/edit#gid=0")
    assert backend.id == book
    assert backend.tabs() == ["Клиенты"]
    with pytest.raises(SheetAccessError) as caught:
        open_book("https://example.com/not-a-sheet")
    assert "sheet.spreadsheet" in RU.error(caught.value)


# ---------------------------------------------------------------------------------------------
# the call budget


def test_a_sync_makes_the_same_four_calls_for_100_and_10000_rows(sheets_api: SheetsAPI,
                                                                 open_book: Connect) -> None:
    seen = []
    for n in (100, 10_000):
        book = sheets_api.add_spreadsheet(f"База {n}", {"Клиенты": clients(n), "Журнал": []})
        backend = open_book(book)
        sheets_api.reset_calls()
        assert "Клиенты" in backend.tabs()
        grid = backend.read("Клиенты")
        assert len(grid) == n + 2
        writes = [CellWrite(r, 6, "Холодный") for r in range(3, n + 3)]
        writes += [CellWrite(r, 5, "Недозвон") for r in range(3, n + 3, 7)]
        backend.save(
            Changes(
                new_tabs={"Отчёт": ["Показатель", "Значение"]},
                cells={"Клиенты": writes},
                appends={"Журнал": [[datetime(2025, 11, 16, 9), "Ольга", 1, "Недозвон"]]},
            )
        )
        assert sheets_api.values(book, "Клиенты")[n + 1][4:] == ["Новый", "Холодный"]
        assert [c for c in sheets_api.calls if c[1] == "/token"] == [("POST", "/token")]
        seen.append(shapes(sheets_api, book))
    assert seen[0] == seen[1] == [META, VALUES, CHECK, BATCH]


def test_metadata_is_cached_between_tabs_reads_and_saves(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(3), "Журнал": [["Когда"]]})
    backend = open_book(book)
    backend.tabs()
    backend.read("Клиенты")
    backend.read("Журнал")
    backend.save(Changes(appends={"Журнал": [["16.11"]]}))
    backend.save(Changes(new_tabs={"Отчёт": ["Итог"]}, appends={"Отчёт": [["ok"]]}))
    assert backend.tabs() == ["Клиенты", "Журнал", "Отчёт"]
    assert [m for m, p in shapes(sheets_api, book) if p == META[1]] == ["GET"]
    backend.refresh()
    backend.tabs()
    assert [m for m, p in shapes(sheets_api, book) if p == META[1]] == ["GET", "GET"]


def test_empty_changes_make_no_call(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(3)})
    open_book(book).save(Changes(cells={"Клиенты": []}, appends={"Клиенты": []}))
    assert sheets_api.calls == []


def test_the_token_is_fetched_once_with_the_sheets_scope(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(3)})
    backend = open_book(book)
    for _ in range(3):
        backend.read("Клиенты")
        backend.save(Changes(cells={"Клиенты": [CellWrite(3, 6, "Холодный")]}))
    assert [c for c in sheets_api.calls if c[1] == "/token"] == [("POST", "/token")]
    assert [(g["iss"], g["scope"]) for g in sheets_api.grants] == [
        (EMAIL, "https://www.googleapis.com/auth/spreadsheets")
    ]


# ---------------------------------------------------------------------------------------------
# saving


def test_cells_appends_and_a_new_tab_go_in_one_batch(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(3)})
    backend = open_book(book)
    backend.read("Клиенты")
    backend.save(
        Changes(
            new_tabs={"Журнал": ["Когда", "Кто", "Клиент", "Итог"]},
            cells={
                "Клиенты": [
                    CellWrite(3, 6, "Холодный"),
                    CellWrite(4, 6, "Тёплый"),
                    CellWrite(3, 5, "Интерес"),
                    CellWrite(4, 5, "Интерес"),
                    CellWrite(5, 2, None),
                    CellWrite(5, 4, 99),
                ]
            },
            appends={
                "Журнал": [[datetime(2025, 11, 16, 10, 30), "Ольга", 1, "Интерес"]],
                "Клиенты": [[4, "Новый клиент", None, 0.5, "Новый", "Холодный"]],
            },
        )
    )
    assert shapes(sheets_api, book) == [META, VALUES, CHECK, BATCH]
    assert batch_requests(sheets_api) == [
        "addSheet",
        "updateCells",  # the journal's bold header
        "updateCells",  # E3:F4 in one block
        "updateCells",  # B5 cleared
        "updateCells",  # D5
        "appendCells",
        "appendCells",
    ]
    assert sheets_api.values(book, "Клиенты")[2:] == [
        [1, "ООО Клиент 1", 45659, 10.5, "Интерес", "Холодный"],
        [2, "ООО Клиент 2", 45660, 21.0, "Интерес", "Тёплый"],
        [3, None, 45661, 99, "Новый"],
        [4, "Новый клиент", None, 0.5, "Новый", "Холодный"],
    ]
    assert sheets_api.values(book, "Журнал") == [
        ["Когда", "Кто", "Клиент", "Итог"],
        [45977.4375, "Ольга", 1, "Интерес"],
    ]
    journal = sheets_api.sheet(book, "Журнал")
    assert journal.props["gridProperties"]["frozenRowCount"] == 1
    assert sheets_api.cell(book, "Журнал", 1, 1)["format"] == {"textFormat": {"bold": True}}
    assert backend.tabs() == ["Клиенты", "Журнал"]


def test_formula_like_text_lands_as_text(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    typed = ['=HYPERLINK("http://evil","жми")', "+7 900 123-45-67", "16.11.2025", "'007", "TRUE"]
    backend = open_book(book)
    backend.save(
        Changes(
            cells={"Клиенты": [CellWrite(3, c, v) for c, v in enumerate(typed, start=2)]},
            appends={"Клиенты": [typed]},
        )
    )
    for row in (3, 5):
        for col, text in enumerate(typed, start=2 if row == 3 else 1):
            cell = sheets_api.cell(book, "Клиенты", row, col)
            assert (cell["value"], cell["formula"]) == (text, None)
    assert backend.read("Клиенты")[4] == typed


def test_the_stand_in_would_catch_user_entered_text(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(1)})
    sheet = open_book(book).client.open_by_key(book).worksheet("Клиенты")
    sheet.update([["=1+1", "16.11.2025"]], "B3", raw=False)
    sheet.update([["=1+1"]], "B4", raw=True)
    assert sheets_api.cell(book, "Клиенты", 3, 2)["formula"] == "=1+1"
    assert sheets_api.cell(book, "Клиенты", 3, 3)["value"] == 45977
    assert sheets_api.cell(book, "Клиенты", 4, 2) == {
        "value": "=1+1",
        "formula": None,
        "format": {},
    }
    assert sheet.get("B3", value_render_option=gspread.utils.ValueRenderOption.formula) == [
        ["=1+1"]
    ]


def test_dates_land_as_numbers_with_a_date_format(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    backend = open_book(book)
    backend.save(
        Changes(
            cells={
                "Клиенты": [
                    CellWrite(3, 3, date(2025, 11, 20)),
                    CellWrite(4, 3, datetime(2025, 11, 20, 18)),
                    CellWrite(4, 2, "Ромашка"),
                ]
            }
        )
    )
    assert sheets_api.cell(book, "Клиенты", 3, 3) == {
        "value": 45981,
        "formula": None,
        "format": {"numberFormat": {"type": "DATE", "pattern": "dd.mm.yyyy"}},
    }
    assert sheets_api.cell(book, "Клиенты", 4, 3) == {
        "value": 45981.75,
        "formula": None,
        "format": {"numberFormat": {"type": "DATE_TIME", "pattern": "dd.mm.yyyy hh:mm"}},
    }
    assert sheets_api.cell(book, "Клиенты", 4, 2)["format"] == {}
    assert backend.read("Клиенты")[2][2] == 45981


def test_a_value_write_keeps_the_cells_own_format(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(1)})
    open_book(book).save(Changes(cells={"Клиенты": [CellWrite(3, 3, "позвонить в понедельник")]}))
    assert sheets_api.cell(book, "Клиенты", 3, 3)["format"]["numberFormat"]["type"] == "DATE"
    assert sheets_api.cell(book, "Клиенты", 3, 3)["value"] == "позвонить в понедельник"


def test_writes_beyond_the_grid_grow_it_in_the_same_call(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(1)})
    backend = open_book(book)
    backend.save(Changes(cells={"Клиенты": [CellWrite(1200, 30, "далеко")]}))
    assert batch_requests(sheets_api) == ["appendDimension", "appendDimension", "updateCells"]
    assert sheets_api.cell(book, "Клиенты", 1200, 30)["value"] == "далеко"
    assert [m for m, _ in sheets_api.api_calls()] == ["GET", "POST"]


# ---------------------------------------------------------------------------------------------
# retries and errors


def test_429_is_retried_after_retry_after(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    backend = open_book(book)
    backend.tabs()
    sheets_api.fail_next(1, status=429, retry_after="1")
    started = time.monotonic()
    assert len(backend.read("Клиенты")) == 4
    assert time.monotonic() - started >= 1.0
    assert shapes(sheets_api, book) == [META, VALUES, VALUES]


def test_500_twice_then_success_saves_once(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2), "Журнал": [["Когда"]]})
    backend = open_book(book)
    backend.tabs()
    sheets_api.fail_next(2, status=500, retry_after=None)
    backend.save(Changes(cells={"Журнал": [CellWrite(2, 1, "16.11.2025")]}))  # idempotent
    assert shapes(sheets_api, book) == [META, BATCH, BATCH, BATCH]
    assert sheets_api.values(book, "Журнал") == [["Когда"], ["16.11.2025"]]


def test_dropped_connections_are_retried(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    backend = open_book(book)
    backend.tabs()
    sheets_api.disconnect_next(2)
    assert len(backend.read("Клиенты")) == 4
    assert shapes(sheets_api, book) == [META, VALUES, VALUES, VALUES]


def test_exhausted_retries_say_the_sheet_is_busy(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    backend = open_book(book)
    backend.tabs()
    sheets_api.fail_next(10, status=503, retry_after=None)
    with pytest.raises(SheetBusyError) as caught:
        backend.save(Changes(cells={"Клиенты": [CellWrite(3, 6, "Холодный")]}))
    assert shapes(sheets_api, book) == [META] + [BATCH] * 6
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    assert "Google Sheets временно не отвечает" in text_ru
    assert "Изменения не потеряны" in text_ru and "бот повторит" in text_ru
    assert "Nothing is lost" in text_en


def test_quota_exhausted_says_so(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    sheets_api.fail_next(10, status=429, retry_after="0")
    with pytest.raises(SheetBusyError) as caught:
        open_book(book).tabs()
    assert "превышена квота" in RU.error(caught.value)


def test_not_shared_names_the_service_account(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    sheets_api.deny(book, 403)
    with pytest.raises(SheetAccessError) as caught:
        open_book(book).tabs()
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    assert f"откройте доступ на редактирование для {EMAIL}" in text_ru
    assert EMAIL in text_en and "Editor" in text_en
    assert len(sheets_api.api_calls()) == 1


def test_read_only_sharing_fails_on_save(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    sheets_api.deny(book, 403, writes_only=True)
    backend = open_book(book)
    assert len(backend.read("Клиенты")) == 4
    with pytest.raises(SheetAccessError) as caught:
        backend.save(Changes(cells={"Клиенты": [CellWrite(3, 6, "Холодный")]}))
    assert EMAIL in RU.error(caught.value)


def test_disabled_api_says_to_enable_it(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    message = "Google Sheets API has not been used in project 123 before or it is disabled."
    sheets_api.deny(book, 403, message=message)
    with pytest.raises(SheetAccessError) as caught:
        open_book(book).tabs()
    assert "Google Sheets API → Enable" in RU.error(caught.value)


def test_unknown_spreadsheet_points_at_the_config(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    with pytest.raises(SheetAccessError) as caught:
        open_book("1NoSuchSpreadsheet0000000000").tabs()
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    assert "не найдена" in text_ru and "sheet.spreadsheet" in text_ru
    assert "not found" in text_en


def test_a_deleted_key_is_refused_in_words(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    sheets_api.revoke_keys()
    with pytest.raises(SheetAccessError) as caught:
        open_book(book).tabs()
    text_ru = RU.error(caught.value)
    assert "Google не принял ключ" in text_ru and EMAIL in text_ru
    assert sheets_api.api_calls() == []


# ---------------------------------------------------------------------------------------------
# credentials


def test_no_credentials_say_where_to_get_them(
    sheets_api: SheetsAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(SheetAccessError) as caught:
        connect("1abc", None, sheets_api.url)
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    for words in ("sheet.credentials", "GOOGLE_APPLICATION_CREDENTIALS", "Google Cloud console"):
        assert words in text_ru
    assert "service account" in text_en.lower()
    assert sheets_api.calls == []


def test_the_environment_variable_is_used(
    sheets_api: SheetsAPI, key_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(1)})
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", key_file)
    assert connect(book, None, sheets_api.url).tabs() == ["Клиенты"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "Не найден файл ключа"),
        ("{not json", "не подходит как ключ"),
        ('{"installed": {"client_id": "x"}}', "ключ OAuth-клиента"),
        ('{"type": "service_account", "client_email": "a@b"}', "не подходит как ключ"),
    ],
)
def test_bad_key_files_are_explained(tmp_path: Path, content: str | None, words: str) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SheetAccessError) as caught:
        connect("1abc", str(path), "http://127.0.0.1:9")
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    assert words in text_ru and str(path) in text_ru
    assert "client_email" in text_ru and "Google Cloud console" in text_en


# ---------------------------------------------------------------------------------------------
# create


TABLE = NewTable(
    tab="Клиенты",
    headers=["ID", "Компания", "Статус", "Сегмент", "Дата следующего контакта"],
    rows=[[1, "Ромашка", "Новый", "Холодный", date(2025, 11, 20)], [2, "Лютик", "Интерес"]],
    choices={2: ["Новый", "Недозвон", "Интерес"]},
    color_col=3,
    colors={"Тёплый": "FFD966", 'Не "звонить"': "#CCCCCC"},
    widths={1: 30, 4: 14},
    extra_tabs={"Журнал": ["Когда", "Кто"], "Отчёт": []},
)


def test_create_lays_out_an_empty_spreadsheet(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("Новая база")
    open_book(book).create(TABLE)
    assert [m for m, p in shapes(sheets_api, book) if p == BATCH[1]] == ["POST"]
    assert sheets_api.tabs(book) == ["Клиенты", "Журнал", "Отчёт"]
    assert sheets_api.values(book, "Клиенты") == [
        TABLE.headers,
        [1, "Ромашка", "Новый", "Холодный", 45981],
        [2, "Лютик", "Интерес"],
    ]
    sheet = sheets_api.sheet(book, "Клиенты")
    assert sheet.props["sheetId"] == 0  # the empty default tab was renamed, not left beside
    assert sheet.props["gridProperties"]["frozenRowCount"] == 1
    assert sheets_api.cell(book, "Клиенты", 1, 5)["format"]["textFormat"]["bold"] is True
    assert sheets_api.validation(book, "Клиенты", 1, 3) is None
    assert sheets_api.validation(book, "Клиенты", 500, 3) == {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": v} for v in ["Новый", "Недозвон", "Интерес"]],
        },
        "strict": False, "showCustomUi": True,
    }
    assert sheets_api.validation(book, "Клиенты", 2, 2) is None
    rules = sheet.conditional_formats
    assert [r["booleanRule"]["condition"] for r in rules] == [
        {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": '=$D2="Тёплый"'}]},
        {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": '=$D2="Не ""звонить"""'}]},
    ]
    assert rules[0]["ranges"] == [
        {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 5}
    ]
    assert rules[0]["booleanRule"]["format"] == {
        "backgroundColorStyle": {"rgbColor": {"red": 1.0, "green": 0.851, "blue": 0.4}}
    }
    assert sheet.column_widths == {0: 75, 1: 215, 2: 75, 3: 75, 4: 194}  # fit to the headers
    assert sheets_api.values(book, "Журнал") == [["Когда", "Кто"]]


def test_create_next_to_other_tabs_adds_the_clients_tab(
    sheets_api: SheetsAPI, open_book: Connect
) -> None:
    book = sheets_api.add_spreadsheet("Общая", {"Склад": [["Товар"], ["Гвозди"]]})
    open_book(book).create(TABLE)
    assert sheets_api.tabs(book) == ["Склад", "Клиенты", "Журнал", "Отчёт"]
    assert sheets_api.values(book, "Склад") == [["Товар"], ["Гвозди"]]
    assert sheets_api.values(book, "Клиенты")[0] == TABLE.headers


def test_create_refuses_a_tab_with_data(sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    with pytest.raises(SheetError) as caught:
        open_book(book).create(TABLE)
    text_ru, text_en = RU.error(caught.value), EN.error(caught.value)
    assert "уже заполнен" in text_ru and "already has data" in text_en
    assert [m for m, _ in sheets_api.api_calls()] == ["GET", "GET"]
    assert sheets_api.tabs(book) == ["Клиенты"]
    assert len(sheets_api.values(book, "Клиенты")) == 4


def test_a_busy_sign_in_server_is_busy_not_a_deleted_key(sheets_api: SheetsAPI,
                                                         open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База", {"Клиенты": clients(2)})
    sheets_api.fail_token_next(20, status=503)
    with pytest.raises(SheetBusyError) as caught:
        open_book(book).tabs()
    said = RU.error(caught.value)
    assert "Сервер входа Google" in said and "новый" not in said.lower()
    sheets_api.fail_token_next(0)  # the sign-in server is back
    assert open_book(book).tabs() == ["Клиенты"]  # the next run gets through


def test_an_excel_file_in_drive_is_told_to_be_saved_as_a_google_sheet(
        sheets_api: SheetsAPI, open_book: Connect) -> None:
    book = sheets_api.add_spreadsheet("База.xlsx", {"Клиенты": clients(2)})
    sheets_api.deny(book, status=400, message="This operation is not supported for this document")
    with pytest.raises(SheetAccessError) as caught:
        open_book(book).tabs()
    assert "Сохранить как таблицу Google" in RU.error(caught.value)


def test_links_a_person_pastes(sheets_api: SheetsAPI) -> None:
    assert spreadsheet_id("https://docs.google.com/spreadsheets/u/2/d/1AbC_x-9/edit#gid=0") == \
        "1AbC_x-9"
    with pytest.raises(SheetAccessError) as caught:
        spreadsheet_id("https://docs.google.com/spreadsheets/d/e/2PACX-1vQabc/pubhtml")
    assert "Опубликовать в интернете" in RU.error(caught.value)
