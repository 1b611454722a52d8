"""A write never lands on another client, checked by ID: the rows to write are read again in the
ID column right before the write (a move stops it, nothing written) and right after (cells that
landed on other clients get those clients' values back, and the save says so); a person editing
a cell meanwhile is no move; the .xlsx backend checks the same guard against the file it saves."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.words import Words
from sheets import xlsx as xlsx_module
from sheets.base import CellWrite, Changes, Guard
from sheets.errors import SheetBusyError
from sheets.google import connect
from sheets.xlsx import XlsxBackend
from tests import sheets_api as stand_in
from tests.sheets_api import SheetsAPI
from tests.workbooks import write_xlsx

sheets_api = stand_in.sheets_api
HEADER = ["ID", "Компания", "Статус", "Сегмент"]
ROWS = [HEADER] + [[i, f"ООО {i}", "Новый", "Холодный"] for i in range(1, 21)]


@pytest.fixture
def key_file(sheets_api: SheetsAPI, tmp_path: Path) -> str:
    """A service-account key the stand-in accepts."""
    path = tmp_path / "sa.json"
    sheets_api.service_account(path)
    return str(path)


def refusals(rows: list[int]) -> Changes:
    """"Отказ" in the status of these rows, guarded by the IDs they held when read."""
    cells = [CellWrite(r, 3, "Отказ") for r in rows]
    return Changes(cells={"Клиенты": cells}, guards={"Клиенты": Guard(1, {r: str(r - 1)
                                                                          for r in rows})})


def on_wrong_client(values: list[list[object]], meant: set[int]) -> int:
    """Status cells changed on clients (by ID) the save was not meant for."""
    return sum(1 for r in values[1:] if r[2] != "Новый" and r[0] not in meant)


def test_rows_sorted_before_the_write_stop_it_with_nothing_written(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": ROWS})
    bot = connect(book, key_file, sheets_api.url, backoff=0.01)
    sheets_api.reorder_after_read(book, "Клиенты", keep=1)
    bot.read("Клиенты")  # a person sorts right after the bot's read
    with pytest.raises(SheetBusyError) as caught:
        bot.save(refusals([3, 4, 15]))
    assert caught.value.key == "sheets.google_rows_moved"
    assert "«Клиенты»" in Words("en").error(caught.value)
    assert on_wrong_client(sheets_api.values(book, "Клиенты"), set()) == 0
    assert not any(e["path"].endswith(":batchUpdate") for e in sheets_api.log)


def test_rows_sorted_during_the_write_are_put_back_and_said(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": ROWS})
    bot = connect(book, key_file, sheets_api.url, backoff=0.01)
    bot.read("Клиенты")
    sheets_api.reorder_after_read(book, "Клиенты", keep=1)  # right after the check before
    with pytest.raises(SheetBusyError) as caught:
        bot.save(refusals([3, 4, 5]))  # one run of rows: one range read, then the sort
    assert caught.value.key == "sheets.google_rows_moved_written"
    assert caught.value.values["tab"] == "Клиенты" and caught.value.values["lost"] == 0
    text = Words("ru").error(caught.value)
    assert "«Клиенты»" in text and "вернул" in text
    after = sheets_api.values(book, "Клиенты")
    assert on_wrong_client(after, set()) == 0  # every misplaced cell put back
    assert sorted(r[0] for r in after[1:]) == list(range(1, 21))

    bot.read("Клиенты")  # the next try, by ID on fresh rows, writes the right clients
    fresh = {r[0]: n for n, r in enumerate(sheets_api.values(book, "Клиенты"), start=1)}
    want = {2, 3, 14}
    bot.save(Changes(cells={"Клиенты": [CellWrite(fresh[i], 3, "Отказ") for i in want]},
                     guards={"Клиенты": Guard(1, {fresh[i]: str(i) for i in want})}))
    after = sheets_api.values(book, "Клиенты")
    assert on_wrong_client(after, want) == 0
    assert {r[0] for r in after[1:] if r[2] == "Отказ"} == want


def test_a_person_editing_one_cell_meanwhile_is_no_alarm(
    sheets_api: SheetsAPI, key_file: str
) -> None:
    book = sheets_api.add_spreadsheet("b", {"Клиенты": ROWS})
    bot = connect(book, key_file, sheets_api.url, backoff=0.01)
    person = connect(book, key_file, sheets_api.url, backoff=0.01)
    bot.read("Клиенты")
    person.save(Changes(cells={"Клиенты": [CellWrite(4, 2, "ООО Три и Ко")]}))
    bot.save(refusals([3, 4]))
    after = sheets_api.values(book, "Клиенты")
    assert after[2][2] == after[3][2] == "Отказ" and after[3][1] == "ООО Три и Ко"


def test_the_xlsx_backend_checks_the_guard_against_the_file_it_saves(tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    write_xlsx(path, ROWS)
    sheet = XlsxBackend(path)
    sheet.read("Клиенты")
    moved = refusals([3])
    moved.guards["Клиенты"] = Guard(1, {3: "7"})  # planned on rows that are not these
    with pytest.raises(SheetBusyError) as caught:
        sheet.save(moved)
    assert caught.value.key == "xlsx.rows_moved" and "«Клиенты»" in Words("en").error(caught.value)
    assert XlsxBackend(path).read("Клиенты")[2][2] == "Новый"
    sheet.save(refusals([3]))
    assert XlsxBackend(path).read("Клиенты")[2][2] == "Отказ"


def test_a_big_tab_still_held_by_its_reader_is_not_read_again_for_the_guard(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clients.xlsx"
    extra = [f"Поле {i}" for i in range(17)]
    write_xlsx(path, [HEADER[:3] + extra] + [[i, f"ООО {i}", "Новый"] + ["x"] * 17
                                            for i in range(1, 2601)])  # 52,020 cells: not kept
    reads: list[str] = []
    real = xlsx_module.read_grid
    monkeypatch.setattr(xlsx_module, "read_grid",
                        lambda *args: reads.append(args[1]) or real(*args))
    sheet = XlsxBackend(path)
    held = sheet.read("Клиенты")
    moved = refusals([3])
    moved.guards["Клиенты"] = Guard(1, {3: "7"})
    with pytest.raises(SheetBusyError):
        sheet.save(moved)  # checked against the rows held: refused all the same
    assert reads == ["Клиенты"]
    held = sheet.read("Клиенты")
    sheet.save(refusals([3]))
    assert reads == ["Клиенты"] * 2 and held[2][2] == "Новый"
    del held  # nobody holds the rows any more: the guard reads the tab itself
    sheet.read("Клиенты")
    sheet.save(refusals([4]))
    assert reads == ["Клиенты"] * 4
    assert [r[2] for r in XlsxBackend(path).read("Клиенты")[2:4]] == ["Отказ", "Отказ"]
