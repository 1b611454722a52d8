"""The sync through the real gspread against the Sheets API stand-in: same result as xlsx,
a fixed number of HTTP calls while the changes fit one body, nothing written the second time."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.core.config import Config
from bot.services.sync import sync
from sheets.base import CellWrite, Changes
from sheets.google import connect
from tests.sheets_api import Formula, SheetsAPI
from tests.workbooks import MANAGERS, TODAY, check_synced, messy_base


def config() -> Config:
    """The generated base's managers, on a Google sheet."""
    return Config.model_validate({"sheet": {"backend": "google", "spreadsheet": "x"},
                                  "managers": MANAGERS})


@pytest.fixture
def key_file(sheets_api: SheetsAPI, tmp_path: Path) -> str:
    """A service-account key the stand-in accepts."""
    path = tmp_path / "sa.json"
    sheets_api.service_account(path)
    return str(path)


def with_formulas(grid: list[list[object]]) -> tuple[list[list[object]], list[list[object]]]:
    """The grid to seed (formula texts as formulas computing 1.5) and the values it shows."""
    seeded = [[Formula(v, 1.5) if isinstance(v, str) and v.startswith("=") else v for v in r]
              for r in grid]
    shown = [[1.5 if isinstance(v, Formula) else v for v in r] for r in seeded]
    return seeded, shown


def test_messy_base_on_google(sheets_api: SheetsAPI, key_file: str) -> None:
    grid, expect = messy_base(2000)
    seeded, shown = with_formulas(grid)
    book = sheets_api.add_spreadsheet("Клиенты ООО", {"Клиенты": seeded, "Прайс": [["Товар"]]})
    plan = sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    after = sheets_api.values(book, "Клиенты")
    cold = check_synced([r + [None] * (len(grid[2]) - len(r)) for r in after], shown, expect)
    assert max(cold.values()) <= 1.5 * min(cold.values())
    assert sheets_api.values(book, "Прайс") == [["Товар"]]
    assert sheets_api.cell(book, "Клиенты", 4, 13)["formula"] == "=L4*1.2"
    journal = sheets_api.values(book, "Журнал")
    assert len(journal) == 1 + len(plan.handovers) and journal[0][0] == "Когда"

    sheets_api.reset_calls()
    again = sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    assert again.changes.cell_count() == 0
    assert [m for m, _ in sheets_api.api_calls()] == ["GET", "GET", "GET"]  # metadata, the
    # clients, the journal (a missed call as the last outcome names the next action); no write


@pytest.mark.parametrize("rows", [100, 5_000])
def test_same_number_of_calls_whatever_the_number_of_changes(sheets_api: SheetsAPI,
                                                             key_file: str, rows: int) -> None:
    """Five calls while the changes fit one 2 MB body (5,000 rows: 14,548 cells, 1.4 MB): the
    tab list, the tab, the ID column of the rows to write right before the write, the write,
    the same IDs right after it."""
    grid, _ = messy_base(rows)
    book = sheets_api.add_spreadsheet("b", {"Клиенты": grid})
    sheets_api.reset_calls()
    plan = sync(connect(book, key_file, sheets_api.url, backoff=0.01), config(), TODAY)
    assert plan.changes.cell_count() > rows
    calls = sheets_api.api_calls()
    ids = ("GET", f"/v4/spreadsheets/{book}/values:batchGet")
    assert calls == [
        ("GET", f"/v4/spreadsheets/{book}"),
        ("GET", f"/v4/spreadsheets/{book}/values/'Клиенты'"),
        ids,
        ("POST", f"/v4/spreadsheets/{book}:batchUpdate"),
        ids,
    ]
    checks = [e["params"]["ranges"] for e in sheets_api.log if e["path"].endswith("batchGet")]
    assert checks[0] == checks[1] and all("!A" in r for r in checks[0])  # the ID column only


def test_cli_sync_and_check_on_google(sheets_api: SheetsAPI, key_file: str, tmp_path: Path,
                                      bot_cli) -> None:
    grid, expect = messy_base(300)
    book = sheets_api.add_spreadsheet("b", {"Клиенты": grid})
    (tmp_path / "config.yaml").write_text(json.dumps({
        "sheet": {"backend": "google", "spreadsheet":
                  f"https://docs.google.com/spreadsheets/d/{book}/edit#gid=0",
                  "credentials": key_file, "api_url": sheets_api.url},
        "managers": MANAGERS}, ensure_ascii=False), encoding="utf-8")
    out = bot_cli("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "строк прочитано: 300" in out.stdout and "Google Sheets «b»" in out.stdout
    after = sheets_api.values(book, "Клиенты")
    check_synced([r + [None] * (len(grid[2]) - len(r)) for r in after], grid, expect)
    check = bot_cli("check", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert check.returncode == 1 and "31.02.2026" in check.stdout

    sheets_api.deny(book, 403)
    denied = bot_cli("sync", cwd=tmp_path)
    assert denied.returncode != 0 and "bot@crm-bot.iam.gserviceaccount.com" in denied.stderr


def test_a_number_written_with_a_format_replaces_a_date_format_left_in_the_cell(
        sheets_api: SheetsAPI, key_file: str) -> None:
    book = sheets_api.add_spreadsheet("Отчёт", {"Отчёт": [["Итоги"]]})
    backend = connect(book, key_file, sheets_api.url, backoff=0.01)
    backend.save(Changes(cells={"Отчёт": [CellWrite(2, 2, date(2026, 11, 1)),
                                           CellWrite(2, 3, date(2026, 11, 1))]}))
    backend.save(Changes(cells={"Отчёт": [CellWrite(2, 2, 2, "0"), CellWrite(2, 3, 0.4, "0%")]}))
    count, share = (sheets_api.cell(book, "Отчёт", 2, c) for c in (2, 3))
    assert (count["value"], count["format"]["numberFormat"]) == (
        2, {"type": "NUMBER", "pattern": "0"})
    assert (share["value"], share["format"]["numberFormat"]) == (
        0.4, {"type": "PERCENT", "pattern": "0%"})
    backend.save(Changes(cells={"Отчёт": [CellWrite(2, 2, 3)]}))  # no format: the cell's own
    assert sheets_api.cell(book, "Отчёт", 2, 2)["format"]["numberFormat"]["pattern"] == "0"
