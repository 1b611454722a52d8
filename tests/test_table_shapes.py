"""Hand-made tables as they really are: a totals line under the clients and a two-level header
are not clients — synced through the real .xlsx backend and read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bot.core.config import Config
from bot.core.lists import build_lists
from bot.services.backend import open_sheet
from bot.services.sync import sync
from sheets.table import TableSettings, find_layout, parse_rows
from tests.workbooks import MANAGERS, TODAY


def config(path: Path) -> Config:
    """The four generated managers on this workbook."""
    return Config.model_validate({"sheet": {"path": str(path)}, "managers": MANAGERS})


def grid(path: Path) -> list[list[object]]:
    """The clients tab as openpyxl reads it back."""
    ws = openpyxl.load_workbook(path)["Клиенты"]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("label", ["Итого", "ИТОГО:", "Всего", "Total", "Итог"])
def test_a_totals_line_gets_no_id_owner_or_segment_and_is_in_no_list(tmp_path: Path,
                                                                     label: str) -> None:
    path = tmp_path / "clients.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(["Компания", "Телефон", "Статус", "Сумма"])
    for i in range(1, 4):
        ws.append([f"Клиент {i}", f"+7 900 {i}", "", 1000 * i])
    ws.append([label, None, None, "=SUM(D2:D4)"])
    wb.save(path)
    cfg = config(path)
    plan = sync(open_sheet(cfg), cfg, TODAY)
    assert [p.row.company for p in plan.rows] == ["Клиент 1", "Клиент 2", "Клиент 3"]
    rows = grid(path)
    header = rows[0]
    assert rows[4][:4] == [label, None, None, "=SUM(D2:D4)"]
    assert rows[4][4:] == [None] * (len(header) - 4)  # nothing written on the totals line
    assert all(r[header.index("ID")] for r in rows[1:4])
    listed = {e.plan.row.company for ml in build_lists(plan, cfg) for e in ml.entries}
    assert label not in listed and len(listed) == 3


def test_a_client_called_total_with_a_phone_is_a_client() -> None:
    rows = [["Компания", "Телефон", "Статус"], ["Итого", "+7 900 1", ""]]
    settings = TableSettings()
    layout = find_layout(rows, settings)
    assert [r.company for r in parse_rows(rows, layout, settings)] == ["Итого"]


def two_level(path: Path) -> None:
    """A header whose "Контакт" group spans ФИО and Телефон on the row below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(["ID", "Компания", "Контакт", None, "Статус", "Сумма"])
    ws.append([None, None, "ФИО", "Телефон", None, None])
    ws.merge_cells("C1:D1")
    ws.merge_cells("A1:A2")
    ws.append([1, "ООО Ромашка", "Иван", "+7 900 1", "", 500])
    ws.append([2, "ООО Лютик", "Пётр", "+7 900 2", "Недозвон", 300])
    wb.save(path)


def test_the_rows_of_a_two_level_header_are_not_clients(tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    two_level(path)
    cfg = config(path)
    plan = sync(open_sheet(cfg), cfg, TODAY)
    assert [(p.row.company, p.row.contact, p.row.phone) for p in plan.rows] == [
        ("ООО Ромашка", "Иван", "+7 900 1"), ("ООО Лютик", "Пётр", "+7 900 2")]
    rows = grid(path)
    assert rows[1][:6] == [None, None, "ФИО", "Телефон", None, None]
    assert rows[1][6:] == [None] * (len(rows[1]) - 6)  # nothing written on the sub-header
    assert rows[0][6:] == ["Ответственный", "Сегмент", "Следующее действие"]
    assert all(r[7] for r in rows[2:])  # segments on the clients' rows


def test_group_titles_above_the_header_are_not_clients(tmp_path: Path) -> None:
    rows = [["Клиент", None, "Контакты", None, "Работа"],
            ["ID", "Компания", "ФИО", "Телефон", "Статус"],
            [1, "ООО Ромашка", "Иван", "+7 900 1", ""]]
    settings = TableSettings()
    layout = find_layout(rows, settings)
    assert layout.header_row == 2
    assert [r.company for r in parse_rows(rows, layout, settings)] == ["ООО Ромашка"]
