"""Header detection, aliases, blank lines and bad cells on the clients tab."""

from __future__ import annotations

from datetime import date

import pytest

from bot.words import Words
from sheets import HeaderError, MemoryBackend
from sheets.fields import Field, Status
from sheets.table import TableSettings, find_layout, parse_rows, parse_some, read_clients
from tests.workbooks import messy_base


def read(grid: list[list], settings: TableSettings | None = None):
    """Read a grid held in memory as the clients tab."""
    return read_clients(MemoryBackend({"Клиенты": grid}), settings or TableSettings())


def test_header_below_a_title_in_any_order_with_aliases() -> None:
    table = read([
        ["Клиентская база ООО Ромашка", None, None],
        [None],
        ["Прочее", "ЭТАП", " организация ", "Телефон", "Код", "Менеджер", "phone"],
        ["x", "кп  ОТПРАВЛЕНО", "Альфа", 79001234567, 17, "Ольга", "second phone kept"],
    ])
    layout = table.layout
    assert layout.header_row == 3
    assert layout.columns[Field.status] == 2
    assert layout.columns[Field.company] == 3
    assert layout.columns[Field.phone] == 4  # the first matching column wins
    assert layout.columns[Field.id] == 5
    assert layout.columns[Field.owner] == 6
    assert layout.added == [Field.segment, Field.next_action]
    assert layout.columns[Field.segment] == 8 and layout.columns[Field.next_action] == 9
    (r,) = table.rows
    assert (r.row, r.status, r.company, r.phone, r.id, r.owner) == (
        4, Status.offer_sent, "Альфа", "79001234567", "17", "Ольга")


def test_blank_lines_are_skipped_and_rows_after_them_read() -> None:
    table = read([
        ["Компания", "Статус"],
        ["А", ""],
        [None, None],
        ["", "  "],
        ["Б", "Интерес"],
    ])
    assert [(r.row, r.company) for r in table.rows] == [(2, "А"), (5, "Б")]


def test_unreadable_cells_become_problems_with_their_address() -> None:
    table = read([
        ["Компания", "Статус", "Дата следующего контакта", "Сумма"],
        ["А", "Перезвонить", "31.02.2026", "много"],
        ["Б", "Отказ сразу", "01.12.2026", "125 000,50"],
    ])
    bad, good = table.rows
    assert [(p.kind, p.where, p.raw) for p in bad.problems] == [
        ("status", "B2", "Перезвонить"), ("date", "C2", "31.02.2026"), ("money", "D2", "много")]
    assert bad.status is None and bad.next_contact is None
    assert not good.problems
    assert (good.status, good.next_contact, good.value) == (
        Status.refused_early, date(2026, 12, 1), 125000.5)


def test_no_header_row_is_a_clear_error() -> None:
    with pytest.raises(HeaderError) as err:
        read([["a", "b"], ["c", "d"]])
    text = Words("ru").error(err.value)
    assert "Клиенты" in text and "sheet.headers" in text


def test_configured_header_is_used_and_its_absence_named() -> None:
    settings = TableSettings(headers={Field.company: "Фирма"})
    table = read([["Фирма", "Статус"], ["А", ""]], settings)
    assert table.rows[0].company == "А"
    with pytest.raises(HeaderError) as err:
        read([["Компания", "Статус", "Телефон"], ["А", "", ""]],
             TableSettings(headers={Field.phone: "Мобильный"}))
    text = Words("ru").error(err.value)
    assert "Мобильный" in text and "sheet.headers.phone" in text


def test_configured_status_words_and_english_words() -> None:
    settings = TableSettings(statuses={Status.offer_sent: "Предложение выслано"})
    table = read([["Company", "Status"], ["A", "предложение выслано"], ["B", "No answer"],
                  ["C", "Новый"]], settings)
    assert [r.status for r in table.rows] == [Status.offer_sent, Status.no_answer, Status.new]


def test_tab_name_found_whatever_its_case_and_spaces() -> None:
    backend = MemoryBackend({"клиенты ": [["Компания", "Статус"], ["А", ""]]})
    table = read_clients(backend, TableSettings())
    assert table.layout.tab == "клиенты " and table.rows[0].company == "А"


def test_more_header_spellings() -> None:
    table = read([["Название компании", "Статус клиента", "Следующий звонок", "Мобильный"],
                  ["А", "Интерес", "01.12.2026", "+7 900"]])
    (r,) = table.rows
    assert (r.company, r.status, r.next_contact, r.phone) == (
        "А", Status.interested, date(2026, 12, 1), "+7 900")


def test_a_press_reads_only_its_clients_rows_as_the_whole_read_would() -> None:
    grid, _ = messy_base(600)
    grid = [list(r) for r in grid] + [["Итого", None, None, None, None, None, None, None, None,
                                        None, None, 123]]
    grid[40][0] = grid[41][0]  # one ID on two rows
    settings = TableSettings(today=date(2026, 11, 23))
    layout = find_layout(grid, settings)
    every = parse_rows(grid, layout, settings)
    ids = {str(grid[10][0]), str(grid[41][0]), " 999999 ", ""}
    some, known = parse_some(grid, layout, settings, ids)
    assert some == [r for r in every if r.id.strip() in ids] and len(some) >= 3
    assert known == {r.id.strip() for r in every}
