"""The Google backend at Google's limits, through the stand-in: big first syncs in bodies of at
most 2 MB, and appends never applied twice when an answer is lost."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.services.sync import sync
from sheets.base import CellWrite, Changes
from sheets.errors import SheetBusyError
from sheets.google import GoogleBackend, connect
from sheets.google_requests import MAX_BODY
from tests import sheets_api as stand_in
from tests.sheets_api import SheetsAPI
from tests.test_google_sync import config
from tests.workbooks import TODAY, check_synced, messy_base

sheets_api = stand_in.sheets_api

LINE = [datetime(2026, 11, 23, 10, 5), "Ольга", 7, "Недозвон"]  # a journal line


@pytest.fixture
def key_file(sheets_api: SheetsAPI, tmp_path: Path) -> str:
    """A service-account key the stand-in accepts."""
    path = tmp_path / "sa.json"
    sheets_api.service_account(path)
    return str(path)


def posts(api: SheetsAPI) -> list[int]:
    """Sizes of the batchUpdate bodies received, in bytes."""
    return [len(e["body"]) for e in api.log if e["path"].endswith(":batchUpdate")]


@pytest.mark.parametrize("rows", [30_000, 100_000])
def test_a_big_first_sync_goes_in_bodies_of_at_most_2_mb(
    sheets_api: SheetsAPI, key_file: str, rows: int
) -> None:
    grid, expect = messy_base(rows)
    book = sheets_api.add_spreadsheet("b", {"Клиенты": grid})
    plan = sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    after = sheets_api.values(book, "Клиенты")
    check_synced([r + [None] * (len(grid[2]) - len(r)) for r in after], grid, expect)
    sizes = posts(sheets_api)
    assert max(sizes) <= MAX_BODY <= 2 * 1024 * 1024
    assert len(sizes) <= sum(sizes) // (MAX_BODY * 9 // 10) + 1  # bodies are filled
    assert [m for m, _ in sheets_api.api_calls()].count("GET") == 4  # tabs, values, IDs x2
    assert len(sheets_api.values(book, "Журнал")) == 1 + len(plan.handovers)


def test_bodies_are_utf8_not_ascii_escaped(sheets_api: SheetsAPI, key_file: str) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID", "Имя"]]})
    backend = connect(book, key_file, sheets_api.url, backoff=0.01)
    backend.save(Changes(cells={"Клиенты": [CellWrite(2, 2, "Ёжиков")]}))
    (body,) = [e["body"] for e in sheets_api.log if e["path"].endswith(":batchUpdate")]
    assert "Ёжиков".encode() in body and b"\\u" not in body


def journal_book(api: SheetsAPI) -> str:
    """A spreadsheet with a clients tab and a journal with one old line."""
    return api.add_spreadsheet("b", {"Клиенты": [["ID", "Статус"], [7, "Новый"]],
                                     "Журнал": [["Когда", "Кто", "Клиент", "Итог"],
                                                [45000, "Пётр", 3, "Интерес"]]})


def press(backend: GoogleBackend) -> None:
    """What a press saves: a cell on the clients tab and a journal line."""
    backend.save(Changes(cells={"Клиенты": [CellWrite(2, 2, "Недозвон")]},
                         appends={"Журнал": [LINE]}))


def test_an_append_applied_and_its_answer_lost_is_not_sent_again(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = journal_book(sheets_api)
    backend = connect(book, key_file, sheets_api.url, backoff=0.01)
    backend.tabs()
    sheets_api.reset_calls()
    sheets_api.drop_after_write_next(1)
    press(backend)
    journal = sheets_api.values(book, "Журнал")
    assert journal[1:] == [[45000, "Пётр", 3, "Интерес"], [46349.42013888889, "Ольга", 7,
                                                           "Недозвон"]]
    assert sheets_api.values(book, "Клиенты")[1] == [7, "Недозвон"]
    assert [m for m, _ in sheets_api.api_calls()] == ["POST", "GET", "GET"]  # read back, done


def test_an_append_lost_before_it_landed_is_sent_once_more(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = journal_book(sheets_api)
    backend = connect(book, key_file, sheets_api.url, backoff=0.01)
    backend.tabs()
    sheets_api.disconnect_next(1)
    press(backend)
    assert [r[1] for r in sheets_api.values(book, "Журнал")] == ["Кто", "Пётр", "Ольга"]


def test_a_new_tab_and_its_lines_land_once_when_every_answer_is_lost(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [["ID"], [7]]})
    backend = connect(book, key_file, sheets_api.url, backoff=0.01)
    sheets_api.drop_after_write_next(5)
    backend.save(Changes(new_tabs={"Журнал": ["Когда", "Кто", "Клиент", "Итог"]},
                         appends={"Журнал": [LINE, LINE[:2] + [8, "Интерес"]]}))
    assert sheets_api.tabs(book) == ["Клиенты", "Журнал"]
    assert [r[2] for r in sheets_api.values(book, "Журнал")] == ["Клиент", 7, 8]


def test_a_sync_whose_answer_is_lost_writes_each_journal_line_once(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    grid, _ = messy_base(500)
    book = sheets_api.add_spreadsheet("b", {"Клиенты": grid})
    sheets_api.drop_after_write_next(1)
    plan = sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    journal = sheets_api.values(book, "Журнал")
    assert plan.handovers and len(journal) == 1 + len(plan.handovers)


def test_an_append_answered_500_is_read_back_before_it_goes_again(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = journal_book(sheets_api)
    backend = connect(book, key_file, sheets_api.url, backoff=0.01)
    backend.tabs()
    sheets_api.reset_calls()
    sheets_api.fail_next(2, status=500, method="POST")
    press(backend)
    assert [r[1] for r in sheets_api.values(book, "Журнал")] == ["Кто", "Пётр", "Ольга"]
    assert [m for m, _ in sheets_api.api_calls()] == ["POST", "GET", "GET"] * 2 + ["POST"]


def test_an_append_whose_answer_is_always_lost_is_busy_and_written_once(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = journal_book(sheets_api)
    backend = connect(book, key_file, sheets_api.url, backoff=0.01, tries=3)
    backend.tabs()
    sheets_api.fail_next(3, status=502, method="POST")
    with pytest.raises(SheetBusyError):
        press(backend)
    assert [r[1] for r in sheets_api.values(book, "Журнал")] == ["Кто", "Пётр"]
    press(backend)  # the press stays queued and goes with the next try
    assert [r[1] for r in sheets_api.values(book, "Журнал")] == ["Кто", "Пётр", "Ольга"]
