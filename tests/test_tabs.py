"""The tabs the bot writes and reads back — journal, purchases, report — each through its one
codec: rows written and read back equal, found by header in either language whatever the
configured one, in another order, next to a column a person added; one history length; one rule
for new client IDs."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date, datetime
from itertools import islice
from pathlib import Path

import openpyxl
import pytest

from bot.core import journal, purchases
from bot.core.config import Config
from bot.core.incoming import Request, new_row
from bot.core.journal import HISTORY, Handover, JournalLine, read_lines, recent
from bot.core.plan import new_ids, plan_sync
from bot.core.purchases import Purchase, parse_purchases
from bot.core.report import ManagerLine, Report, ReportRow, grid, read_report
from bot.services.deck import apply_pending, version
from bot.services.state import Deck
from bot.services.sync import sync
from sheets import MemoryBackend
from sheets.base import CellValue, Changes, Grid
from sheets.table import read_clients
from sheets.xlsx import XlsxBackend

LANGS = ("ru", "en")
LINES = [
    JournalLine(datetime(2026, 11, 23, 9, 30), "Ольга", "17", "Альфа", "Недозвон"),
    JournalLine(datetime(2026, 11, 23, 10, 5, 12), "Ольга", "17", "Альфа", "Отказ", "Дорого",
                None, "перезвонить весной"),
    JournalLine(datetime(2026, 11, 24, 11), "Ольга", "K-7", "ООО «Бета»", "Перенесено", "",
                date(2026, 11, 30), ""),
    JournalLine(datetime(2026, 11, 24, 12), "Ольга", "17", "Альфа", "Передача", "",
                date(2026, 12, 1), "Ольга → Игорь (Холодный → Тёплый)"),
    JournalLine(datetime(2026, 11, 25, 8), "Igor", "18", "Gamma", "Incoming request", "",
                date(2026, 11, 25), "=1+1 a bulk order"),
]
BOUGHT = [Purchase("17", date(2026, 11, 1), 125000.5, "Гайка"),
          Purchase("K-7", date(2026, 11, 2), 0.0, ""),
          Purchase("18", date(2026, 11, 3), 999.0, "Bolt, M8")]
MANAGER_ROWS = [ReportRow("Ольга", 4, 1, 125000.5, 1, 0.25, 0.11, 6.0),
                ReportRow("Igor", 0, 0, 0.0, 0, 0.0, 0.0, 6.0)]


def tab(header: list[str], rows: list[list[CellValue]], order: list[int] | None = None,
        extra: bool = False) -> Grid:
    """A tab as a person may have it: columns in `order`, and an extra column of his."""
    order = order or list(range(len(header)))
    out: Grid = [[header[i] for i in order], *([r[i] for i in order] for r in rows)]
    if extra:
        out[0].insert(1, "Доп. поле")
        for r in out[1:]:
            r.insert(1, "что-то своё")
    return out


# --- journal ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_journal_lines_read_back_equal(lang: str) -> None:
    grid_ = tab(journal.headers(lang), [e.cells() for e in LINES])
    assert read_lines(grid_) == LINES


@pytest.mark.parametrize("lang", LANGS)
def test_journal_read_with_columns_reordered_and_an_extra_column(lang: str) -> None:
    grid_ = tab(journal.headers(lang), [e.cells() for e in LINES], [7, 4, 0, 6, 2, 5, 3, 1],
                extra=True)
    assert grid_[0][1] == "Доп. поле"
    assert read_lines(grid_) == LINES


def test_journal_headers_in_either_language_whatever_the_config() -> None:
    assert journal.headers("ru") == ["Когда", "Кто", "ID клиента", "Компания", "Итог",
                                     "Причина", "Следующая дата", "Комментарий"]
    assert journal.headers("en") == ["When", "Who", "Client ID", "Company", "Outcome",
                                     "Reason", "Next date", "Note"]
    # an old Russian journal that an English config keeps appending to, and vice versa
    for header, lang in (("ru", "en"), ("en", "ru")):
        handed = Handover(2, "17", "Альфа", "Ольга", "Игорь", "Холодный", "Тёплый")
        line = handed.journal_line(datetime(2026, 11, 25, 9, 0, 0, 5), lang)
        grid_ = tab(journal.headers(header), [e.cells() for e in [*LINES, line]])
        back = read_lines(grid_)
        assert back[-1] == JournalLine(datetime(2026, 11, 25, 9), "Ольга", "17", "Альфа",
                                       "Hand-over" if lang == "en" else "Передача", "", None,
                                       "Ольга → Игорь (Холодный → Тёплый)")
        assert [e.is_handover for e in back] == [False, False, False, True, False, True]


def test_journal_reads_what_older_versions_wrote() -> None:
    """Serial-number and typed dates, ids as numbers, an unreadable date, blank rows."""
    old: Grid = [["Когда", "Кто", "ID клиента", "Компания", "Итог", "Причина", "Следующая дата",
            "Комментарий"],
           [46349.375, "Ольга", 17.0, "Альфа", "Недозвон", None, "30.11.2026", None],
           ["23.11.2026", "Ольга", "17", "Альфа", "Отказ", "Дорого", "потом", ""],
           [None, None, None, None, None, None, None, None], ["  "]]
    assert read_lines(old) == [
        JournalLine(datetime(2026, 11, 23, 9), "Ольга", "17", "Альфа", "Недозвон", "",
                    date(2026, 11, 30)),
        JournalLine(datetime(2026, 11, 23), "Ольга", "17", "Альфа", "Отказ", "Дорого"),
    ]


def test_journal_lines_through_a_real_workbook(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Клиенты"
    wb.save(path)
    XlsxBackend(path).save(Changes(new_tabs={"Журнал": journal.headers("ru")},
                                   appends={"Журнал": [e.cells() for e in LINES]}))
    assert read_lines(XlsxBackend(path).read("Журнал")) == LINES


def test_history_is_the_last_lines_without_hand_overs() -> None:
    lines = [JournalLine(datetime(2026, 11, d), "Ольга", "17", "Альфа", "Недозвон", "", None,
                         f"#{d}") for d in range(1, 6)]
    lines.insert(4, LINES[3])  # a hand-over among them
    assert HISTORY == 3
    assert recent(lines) == ["03.11 Ольга: Недозвон · #3", "04.11 Ольга: Недозвон · #4",
                             "05.11 Ольга: Недозвон · #5"]


# --- purchases -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_purchases_read_back_equal(lang: str) -> None:
    assert parse_purchases(tab(purchases.headers(lang), [p.cells() for p in BOUGHT])) == BOUGHT


@pytest.mark.parametrize("lang", LANGS)
def test_purchases_read_with_columns_reordered_an_extra_column_and_a_title(lang: str) -> None:
    grid_ = tab(purchases.headers(lang), [p.cells() for p in BOUGHT], [3, 1, 2, 0], extra=True)
    assert parse_purchases([["Покупки за год"], [], *grid_]) == BOUGHT


def test_purchases_headers_in_either_language_and_the_usual_aliases() -> None:
    assert purchases.headers("ru") == ["ID клиента", "Дата", "Сумма", "Товар"]
    assert purchases.headers("en") == ["Client ID", "Date", "Amount", "Product"]
    mixed: Grid = [["Код клиента", "Purchase date", "Сумма:", "Product"],
             [17, "01.11.2026", "125 000,50", "Гайка"]]
    assert parse_purchases(mixed) == [BOUGHT[0]]


# --- report ----------------------------------------------------------------------------------

def report(managers: list[ManagerLine]) -> Report:
    """A report of the given managers with a few reasons and an overdue promise."""
    return Report(date(2026, 11, 23), date(2026, 11, 25), managers, Counter({"Дорого": 2}),
                  {"Холодный": Counter({"Дорого": 2})}, {"Ольга": Counter({"Дорого": 2})},
                  Counter({"Дорого": 2}), 1, {"Игорь": [("Гамма", date(2026, 11, 18))]}, 6.0)


@pytest.mark.parametrize("lang", LANGS)
def test_report_rows_read_back_equal(lang: str) -> None:
    olga = ManagerLine("Ольга", worked=4, paid=1, paid_sum=125000.5, leads_handed=1,
                       minutes=20.0, days=3)
    igor = ManagerLine("Igor", days=3)
    written = grid(report([olga, igor]), lang)
    assert written[2][:2] == (["Менеджер", "Карточек"] if lang == "ru" else ["Manager", "Cards"])
    assert read_report(written) == MANAGER_ROWS


def test_report_row_numbers_typed_as_text_and_missing_ones_read() -> None:
    cells = ["Ольга", "4", None, "125 000,50", "", "n/a", None, "6"]
    assert ReportRow.of(cells) == ReportRow("Ольга", 4, 0, 125000.5, 0, 0.0, 0.0, 6.0)


@pytest.mark.parametrize("lang", LANGS)
def test_report_rows_read_with_columns_reordered_and_an_extra_column(lang: str) -> None:
    written = grid(report([]), lang)
    header = [str(v) for v in written[2]]
    grid_ = tab(header, [r.cells() for r in MANAGER_ROWS], [7, 6, 5, 4, 3, 2, 1, 0], extra=True)
    assert read_report([written[0], [], *grid_, [], ["Причина отказа", "Отказов"]]) == \
        MANAGER_ROWS


# --- IDs -------------------------------------------------------------------------------------

def test_new_ids_one_rule_for_the_sync_and_new_requests() -> None:
    cfg = Config.model_validate({"sheet": {"path": "x"}, "managers": [
        {"name": "Игорь", "role": "closer", "telegram_id": 2}]})
    b = MemoryBackend({"Клиенты": [["ID", "Компания", "Статус"], [7, "А", "Клиент"],
                                   ["K-12", "Б", "Клиент"], ["0012", "В", "Клиент"],
                                   [None, "Г", "Клиент"], [None, "Д", "Клиент"]]})
    table = read_clients(b, cfg.table_settings())
    client_id, row = new_row(table, cfg, Request("Е", "", "", ""), "Игорь", "Игорь",
                             date(2026, 11, 25))
    assert client_id == "13" and row[0] == 13
    plan = plan_sync(table, cfg, date(2026, 11, 25))
    assert [p.client_id for p in plan.rows] == ["7", "K-12", "0012", "13", "14"]
    assert list(islice(new_ids({"1", "3", "²", "12345678901234567"}), 3)) == ["4", "5", "6"]


# --- the writers go through the codecs --------------------------------------------------------

def test_a_batch_with_a_payment_then_another_press_writes_both_through_the_codecs() -> None:
    cfg = Config.model_validate({"sheet": {"path": "x"}, "language": "en", "managers": [
        {"name": "Ольга", "role": "cold_caller", "telegram_id": 1}]})
    b = MemoryBackend({"Клиенты": [["ID", "Компания", "Статус", "Ответственный"],
                                   [1, "Альфа", "", "Ольга"], [2, "Бета", "", "Ольга"]],
                       "Журнал": [journal.headers("ru"), LINES[0].cells()]})
    now = datetime(2026, 11, 25, 10)
    deck = Deck(Path(tempfile.mkdtemp()) / "deck.sqlite3")
    for r, kind, amount in zip(read_clients(b, cfg.table_settings()).rows, ("paid", "no_answer"),
                               (100.0, None), strict=True):
        card = deck.deal(1, r.id, version(r), now.date())
        deck.enqueue(f"press {r.id}", 1, "Ольга", card, kind, amount=amount, now=now)
    assert [a.done for a in apply_pending(b, cfg, deck, now.date(), now)] == [True, True]
    assert parse_purchases(b.data["Покупки"]) == [Purchase("1", now.date(), 100.0, "")]
    assert b.data["Покупки"][0] == purchases.headers("en")
    assert read_lines(b.data["Журнал"])[1:] == [
        JournalLine(now, "Ольга", "1", "Альфа", "Paid"),
        JournalLine(now, "Ольга", "2", "Бета", "No answer", "", date(2026, 11, 26)),
    ]


def test_a_sync_in_english_appends_hand_overs_readable_under_a_russian_header() -> None:
    cfg = Config.model_validate({"sheet": {"path": "x"}, "language": "en", "managers": [
        {"name": "Ольга", "role": "cold_caller", "telegram_id": 1},
        {"name": "Игорь", "role": "closer", "telegram_id": 2}]})
    b = MemoryBackend({"Клиенты": [["ID", "Компания", "Статус", "Ответственный"],
                                   [1, "Альфа", "Интерес", "Ольга"]],
                       "Журнал": [journal.headers("ru")]})
    sync(b, cfg, date(2026, 11, 25), datetime(2026, 11, 25, 9, 30))
    (line,) = read_lines(b.data["Журнал"])
    assert line.is_handover and (line.outcome, line.who, line.client_id) == (
        "Hand-over", "Ольга", "1")
