"""A write never lands on another client: rows sorted (or inserted) between the bot's read and its
write stop the save with a busy error, nothing written; a person's edit of a cell does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.services.sync import sync
from bot.words import Words
from sheets.base import CellWrite, Changes
from sheets.errors import SheetBusyError
from sheets.google import connect
from tests import sheets_api as stand_in
from tests.sheets_api import SheetsAPI
from tests.test_google_sync import config
from tests.workbooks import MANAGERS, TODAY, check_synced, messy_base

sheets_api = stand_in.sheets_api


@pytest.fixture
def key_file(sheets_api: SheetsAPI, tmp_path: Path) -> str:
    """A service-account key the stand-in accepts."""
    path = tmp_path / "sa.json"
    sheets_api.service_account(path)
    return str(path)


def writes(api: SheetsAPI) -> int:
    """batchUpdate calls received."""
    return sum(1 for e in api.log if e["path"].endswith(":batchUpdate"))


def test_rows_sorted_while_the_bot_works_get_no_value_on_another_client(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    grid, expect = messy_base(300)
    book = sheets_api.add_spreadsheet("b", {"Клиенты": grid})
    sheets_api.reorder_after_read(book, "Клиенты", keep=3)  # below the title, a blank, the header
    with pytest.raises(SheetBusyError) as caught:
        sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    assert "отсортировали" in Words("ru").error(caught.value)
    assert "sorted" in Words("en").error(caught.value)
    assert writes(sheets_api) == 0

    sorted_grid = grid[:3] + grid[3:][::-1]
    moved = {len(grid) + 4 - number: e for number, e in expect.items()}
    sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    after = sheets_api.values(book, "Клиенты")
    check_synced([r + [None] * (len(grid[2]) - len(r)) for r in after], sorted_grid, moved)


def test_a_cell_edited_by_a_person_meanwhile_is_no_move(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": [
        ["ID", "Компания", "Телефон", "Статус", "Сегмент"],
        [1, "Ромашка", "+7 900 000-00-01", "Новый"], [2, "Лютик", "+7 900 000-00-02", "Новый"]]})
    bot = connect(book, key_file, sheets_api.url, backoff=0.01)
    person = connect(book, key_file, sheets_api.url, backoff=0.01)
    bot.read("Клиенты")
    person.save(Changes(cells={"Клиенты": [CellWrite(3, 4, "Интерес")]}))
    bot.save(Changes(cells={"Клиенты": [CellWrite(2, 5, "Холодный"), CellWrite(3, 5, "Тёплый")]}))
    bot.save(Changes(cells={"Клиенты": [CellWrite(3, 4, "Недозвон")]}))  # its own write: no move
    assert sheets_api.values(book, "Клиенты")[1:] == [
        [1, "Ромашка", "+7 900 000-00-01", "Новый", "Холодный"],
        [2, "Лютик", "+7 900 000-00-02", "Недозвон", "Тёплый"],
    ]


def test_the_command_line_exits_3_when_rows_moved(
    sheets_api: SheetsAPI, key_file: str, tmp_path: Path, bot_cli
) -> None:
    grid, _ = messy_base(100)
    book = sheets_api.add_spreadsheet("b", {"Клиенты": grid})
    (tmp_path / "config.yaml").write_text(json.dumps({
        "sheet": {"backend": "google", "spreadsheet": book, "credentials": key_file,
                  "api_url": sheets_api.url},
        "managers": MANAGERS}, ensure_ascii=False), encoding="utf-8")
    sheets_api.reorder_after_read(book, "Клиенты", keep=3)
    out = bot_cli("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert out.returncode == 3, out.stderr
    assert "отсортировали" in out.stderr + out.stdout
    assert writes(sheets_api) == 0


def test_scattered_rows_are_read_again_alone_and_a_move_among_them_is_caught(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    rows = [["ID", "Компания", "Статус"]] + [[i, f"ООО {i}", "Новый"] for i in range(1, 1001)]
    book = sheets_api.add_spreadsheet("b", {"Клиенты": rows})
    bot = connect(book, key_file, sheets_api.url, backoff=0.01)
    bot.read("Клиенты")
    sheets_api.reset_calls()
    bot.save(Changes(cells={"Клиенты": [CellWrite(r, 3, "Интерес") for r in (11, 12, 501, 901)]}))
    (check,) = [e for e in sheets_api.log if e["method"] == "GET"]
    assert check["path"].endswith("/values:batchGet")
    assert check["params"]["ranges"] == ["'Клиенты'!11:12", "'Клиенты'!501:501",
                                         "'Клиенты'!901:901"]
    assert [r[0] for r in sheets_api.values(book, "Клиенты") if r[2] == "Интерес"] == [
        10, 11, 500, 900]

    sheets_api.reorder_after_read(book, "Клиенты", keep=1)
    bot.read("Клиенты")
    with pytest.raises(SheetBusyError) as caught:
        bot.save(Changes(cells={"Клиенты": [CellWrite(r, 3, "Отказ") for r in (3, 700)]}))
    assert caught.value.values["count"] == 2
    assert not any(r[2] == "Отказ" for r in sheets_api.values(book, "Клиенты")[1:])
