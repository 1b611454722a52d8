"""The head's report: figures from a journal with known counts, the same in the text, the
chart and the report tab; the chart is a real, readable PNG; /report is for heads only."""

from __future__ import annotations

import asyncio
import io
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from bot.core.config import Config
from bot.core.outcomes import Kind
from bot.core.report import grid, period, render
from bot.services.chart import OUTCOME_COLOURS, colour, picture, png
from bot.services.clock import FakeClock
from bot.services.reports import make, write_tab
from bot.services.sync import sync
from bot.worker import Worker
from sheets import MemoryBackend
from sheets.xlsx import XlsxBackend
from tests.bot_api import BotAPI
from tests.conftest import run_worker_until
from tests.lo import soffice_csv

DAY = date(2026, 11, 25)  # a Wednesday
JOURNAL = ["Когда", "Кто", "ID клиента", "Компания", "Итог", "Причина", "Следующая дата",
           "Комментарий"]


def config(tmp_path: Path | None = None, api: BotAPI | None = None) -> Config:
    """A cold caller, a closer, an account manager and a head."""
    extra = {"state": str(tmp_path / "s.sqlite3")} if tmp_path else {}
    if api:
        extra["telegram"] = {"base_url": api.base_url}
    return Config.model_validate({
        "sheet": {"path": "x"}, "heads": [9], **extra,
        "managers": [{"name": "Ольга", "role": "cold_caller", "telegram_id": 1},
                     {"name": "Игорь", "role": "closer", "telegram_id": 2},
                     {"name": "Марина", "role": "account_manager", "telegram_id": 3}]})


def at(day: int, hour: int = 10) -> datetime:
    """A moment in November 2026."""
    return datetime(2026, 11, day, hour, 0)


def backend() -> MemoryBackend:
    """Clients, a journal with known counts this week (and one line before it), payments."""
    clients = [["ID", "Компания", "Статус", "Дата последнего контакта",
                "Дата следующего контакта", "Ответственный"],
               [1, "Альфа", "Отказ сразу", date(2026, 11, 23), None, "Ольга"],
               [2, "Бета", "Отказ после КП", date(2026, 11, 24), None, "Ольга"],
               [3, "Гамма", "Интерес", date(2026, 11, 10), date(2026, 11, 18), "Игорь"],
               [4, "Дельта", "Интерес", date(2026, 11, 10), date(2026, 11, 12), "Игорь"],
               [5, "Эпсилон", "Клиент", date(2026, 11, 24), None, "Марина"]]
    journal = [JOURNAL,
               [at(16), "Ольга", "1", "Альфа", "Отказ", "Дорого", None, ""],  # last week
               [at(23), "Ольга", "1", "Альфа", "Отказ", "Дорого", None, ""],
               [at(23, 11), "Ольга", "2", "Бета", "Недозвон", "", None, ""],
               [at(24), "Ольга", "2", "Бета", "Отказ", "Нет потребности", None, ""],
               [at(24, 11), "Ольга", "3", "Гамма", "Передача", "", None,
                "Ольга → Игорь (Холодный → Тёплый)"],
               [at(24, 12), "Ольга", "6", "Зета", "Перенесено", "", date(2026, 11, 30), ""],
               [at(24, 13), "Ольга", "6", "Зета", "Заметка", "", None, "перезвонить"],
               [at(24, 14), "Марина", "5", "Эпсилон", "Оплатил", "", None, ""],
               [at(25), "Марина", "5", "Эпсилон", "Отказ", "Дорого", None, ""]]
    purchases = [["ID клиента", "Дата", "Сумма", "Товар"], ["5", date(2026, 11, 24), 125000.5, ""],
                 ["5", date(2026, 11, 1), 999, ""]]
    return MemoryBackend({"Клиенты": clients, "Журнал": journal, "Покупки": purchases})


def test_figures_from_a_journal_with_known_counts() -> None:
    cfg = config()
    start, end = period("", DAY)
    assert (start, end) == (date(2026, 11, 23), DAY)
    rep = make(backend(), cfg, start, end, DAY)
    olga, igor, marina = rep.managers
    assert (olga.worked, olga.paid, olga.leads_handed) == (4, 0, 1)
    assert dict(olga.outcomes) == {"Отказ": 2, "Недозвон": 1, "Перенесено": 1}
    assert olga.notes == 1  # a note is no card: the breakdown adds up to the card count
    assert all(sum(m.outcomes.values()) == m.worked for m in rep.managers)
    assert (marina.worked, marina.paid, marina.paid_sum, marina.conversion) == (
        2, 1, 125000.5, 0.5)
    assert igor.worked == 0
    assert olga.minutes == 4 * 5  # four calls at the norm of 5 minutes; a note is no call
    assert round(olga.hours_per_day, 4) == round(20 / 60 / 3, 4)  # Mon..Wed
    assert dict(rep.reasons) == {"Дорого": 2, "Нет потребности": 1}
    assert dict(rep.last_reasons) == {"Дорого": 3, "Нет потребности": 1}
    assert dict(rep.reasons_by_manager["Ольга"]) == {"Дорого": 1, "Нет потребности": 1}
    assert rep.handovers == 1
    assert [c for c, _ in rep.overdue["Игорь"]] == ["Дельта", "Гамма"]  # oldest first

    text = render(rep, "ru")
    assert "Ольга: карточек 4 (Отказ 2, Недозвон 1, Перенесено 1); заметок 1;" in text
    assert "передано лидов 1" in text
    assert "Марина: карточек 2" in text and "на 125 000" in text and "конверсия 50%" in text
    assert "Дорого: 2 (67%)" in text and "Нет потребности: 1 (33%)" in text
    assert "Игорь: 2 — Дельта (12.11), Гамма (18.11)" in text
    assert "По менеджерам: Марина — Дорого 1; Ольга — Дорого 1, Нет потребности 1" in text
    assert "По сегментам: Повторный холодный — Дорого 1, Нет потребности 1; Текущий — " \
           "Дорого 1" in text  # segments as the sheet has them now
    tab = grid(rep, "ru")
    assert ["Ольга", 4, 0, 0, 1, 0.0] == tab[3][:6]
    assert ["Марина", 2, 1, 125000.5, 0, 0.5] == tab[5][:6]
    assert ["Дорого", 2, 0.667] in tab and ["Нет потребности", 1, 0.333] in tab
    assert ["Ольга", "Нет потребности", 1, 0.5] in tab


def test_an_undone_outcome_counts_nowhere() -> None:
    b, cfg = backend(), config()
    b.data["Журнал"] += [[at(25, 11), "Ольга", "1", "Альфа", "Оплатил", "", None, ""],
                         [at(25, 11), "Ольга", "1", "Альфа", "Отмена", "Оплатил", None, ""],
                         [at(25, 12), "Ольга", "2", "Бета", "Отказ", "Дорого", None, ""],
                         [at(25, 12), "Ольга", "2", "Бета", "Отмена", "Отказ", None, "Дорого"]]
    olga = make(b, cfg, date(2026, 11, 23), DAY, DAY).managers[0]
    assert (olga.worked, olga.paid, olga.notes) == (4, 0, 1)  # as before the two presses
    assert dict(olga.outcomes) == {"Отказ": 2, "Недозвон": 1, "Перенесено": 1}


def test_the_report_tab_is_rewritten_alone_and_a_second_run_changes_nothing() -> None:
    cfg = config()
    b = backend()
    b.data["Отчёт"] = [["старый отчёт"]] + [["x"] * 10 for _ in range(40)]
    clients_before = [list(r) for r in b.data["Клиенты"]]
    rep = make(b, cfg, date(2026, 11, 23), DAY, DAY)
    assert write_tab(b, cfg, rep) > 0
    tab = [r for r in b.data["Отчёт"] if any(v not in (None, "") for v in r)]
    assert [[v for v in r if v is not None] for r in tab] == [
        [v for v in r if v is not None] for r in grid(rep, "ru") if r]
    assert b.data["Клиенты"] == clients_before
    assert write_tab(b, cfg, make(b, cfg, date(2026, 11, 23), DAY, DAY)) == 0


def test_the_chart_is_a_readable_png_with_cyrillic_labels() -> None:
    rep = make(backend(), config(), date(2026, 11, 23), DAY, DAY)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: make it fail
        data = png(rep, "ru")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (880, 990)
    colors = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 50  # bars, text: not a blank picture


def stale_workbook(path: Path) -> None:
    """The test's sheet as an .xlsx whose `Отчёт` tab has date formats left in its cells."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for tab, rows in backend().data.items():
        sheet = book.create_sheet(tab)
        for row in rows:
            sheet.append(row)
    old = book.create_sheet("Отчёт")
    for r in range(1, 30):
        for c in range(1, 9):
            old.cell(r, c, date(2026, 11, 1)).number_format = "DD.MM.YYYY"
    book.save(path)


def test_the_report_tab_shows_counts_as_numbers_and_shares_as_percentages(
        tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    stale_workbook(path)
    b = XlsxBackend(path)
    cfg = config()
    write_tab(b, cfg, make(b, cfg, date(2026, 11, 23), DAY, DAY))
    tab = openpyxl.load_workbook(path)["Отчёт"]
    marina = next(r for r in tab.iter_rows(min_row=4) if r[0].value == "Марина")
    assert [(c.value, c.number_format) for c in marina[1:6]] == [
        (2, "0"), (1, "0"), (125000.5, "#,##0"), (0, "0"), (0.5, "0%")]
    reason = next(r for r in tab.iter_rows() if r[0].value == "Дорого")
    assert [(c.value, c.number_format) for c in reason[1:3]] == [(2, "0"), (0.667, "0%")]
    shown = soffice_csv(path, "Отчёт", shown=True)
    if shown is None:
        pytest.skip("LibreOffice is not installed")
    rows: dict[str, list[str]] = {}
    for r in shown:
        if r:
            rows.setdefault(r[0], r[1:])  # the first line of a name: the managers' table
    assert rows["Марина"][:5] == ["2", "1", "125,001", "0", "50%"]
    assert rows["Ольга"][:5] == ["4", "0", "0", "1", "0%"]
    assert rows["Дорого"][:2] == ["2", "67%"]
    before = path.stat().st_mtime_ns, path.read_bytes()
    assert write_tab(b, cfg, make(b, cfg, date(2026, 11, 23), DAY, DAY)) == 0
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before  # nothing left to write


def test_the_report_tab_formats_go_to_any_backend() -> None:
    b, cfg = backend(), config()
    write_tab(b, cfg, make(b, cfg, date(2026, 11, 23), DAY, DAY))
    tab, fmts = b.data["Отчёт"], b.formats["Отчёт"]
    row = next(i for i, r in enumerate(tab, 1) if r and r[0] == "Марина")
    assert [fmts.get((row, c)) for c in range(1, 9)] == [
        None, "0", "0", "#,##0", "0", "0%", "0.0", "0.0"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_an_empty_period_says_no_data_and_has_no_chart(lang: str) -> None:
    b, cfg = backend(), config()
    rep = make(b, cfg, date(2026, 11, 2), date(2026, 11, 8), DAY)  # a week nobody worked
    assert rep.empty and picture(rep, lang) is None
    text = render(rep, lang)
    assert ("Нет данных" if lang == "ru" else "No data") in text
    assert ("карточек" if lang == "ru" else "cards") not in text
    assert "12.11" in text  # the overdue promises are still named
    assert not make(b, cfg, date(2026, 11, 23), DAY, DAY).empty


def pixels(data: bytes, hex_colour: str) -> int:
    """How many pixels of the PNG have exactly this colour."""
    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    counts = Image.open(io.BytesIO(data)).convert("RGB").getcolors(maxcolors=1 << 20) or []
    return sum(n for n, c in counts if c == rgb)


def test_an_outcome_has_one_colour_on_every_chart() -> None:
    assert colour("Оплатил") == colour("Paid") == OUTCOME_COLOURS[Kind.paid]
    assert colour("Отказ") == colour("Refusal") == OUTCOME_COLOURS[Kind.refused]
    b, cfg = backend(), config()
    b.data["Журнал"] = [JOURNAL, [at(23), "Ольга", "2", "Бета", "Недозвон", "", None, ""]]
    only_no_answer = png(make(b, cfg, date(2026, 11, 23), DAY, DAY), "ru")
    assert pixels(only_no_answer, OUTCOME_COLOURS[Kind.no_answer]) > 1000
    assert pixels(only_no_answer, OUTCOME_COLOURS[Kind.paid]) == 0
    b.data["Журнал"].append([at(24), "Марина", "5", "Эпсилон", "Оплатил", "", None, ""])
    both = png(make(b, cfg, date(2026, 11, 23), DAY, DAY), "ru")
    assert pixels(both, OUTCOME_COLOURS[Kind.paid]) > 1000
    assert pixels(both, OUTCOME_COLOURS[Kind.no_answer]) > 1000


async def ask(api: BotAPI, cfg: Config) -> None:
    """A head and a manager send /report to the worker."""
    stop = asyncio.Event()
    b = backend()
    sync(b, cfg, DAY)
    worker = Worker(cfg, api.token, lambda: b)
    task = asyncio.create_task(worker.run(stop))
    try:
        await api.wait_for_polling_async(timeout=20)
        mark = api.mark()
        api.send_text(9, "/report 23.11 25.11", first_name="Босс")
        await api.wait_for_async(lambda c: c.method == "sendPhoto" and c.chat_id == 9,
                                 since=mark, timeout=30)
        api.send_text(1, "/report")
        await api.wait_for_async(lambda c: c.chat_id == 1 and "руководителю" in (c.text or ""),
                                 since=mark)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def test_report_in_telegram_for_heads_only(tmp_path: Path, bot_api: BotAPI) -> None:
    asyncio.run(ask(bot_api, config(tmp_path, bot_api)))
    head = "\n".join(bot_api.sent_texts(9))
    assert "Ольга: карточек" in head and "Дорого" in head
    photos = bot_api.photos(9)  # /report's chart (and on a real Monday, the weekly one)
    assert photos and Image.open(io.BytesIO(photos[-1])).size == (880, 990)
    assert not bot_api.photos(1)
    assert "карточек" not in "\n".join(bot_api.sent_texts(1))


def monday_morning(api: BotAPI, cfg: Config, b: MemoryBackend, now: datetime) -> None:
    """The worker on a fake clock from `now` for a few of its minutes."""
    clock = FakeClock(now)
    run_worker_until(Worker(cfg, api.token, lambda: b, clock), clock, now + timedelta(minutes=3))


def test_weekly_report_goes_to_the_heads_on_monday_once_and_the_tab_is_written(
        tmp_path: Path, bot_api: BotAPI) -> None:
    from zoneinfo import ZoneInfo

    cfg = config(tmp_path, bot_api)
    b = backend()
    for row in b.data["Журнал"][1:]:  # move the week's work back by a week
        row[0] = row[0].replace(day=row[0].day - 7)
    monday = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Moscow"))
    monday_morning(bot_api, cfg, b, monday)
    monday_morning(bot_api, cfg, b, monday.replace(hour=11))  # a restart
    reports = [t for t in bot_api.sent_texts(9) if "Отчёт 16.11.2026 – 22.11.2026" in t]
    assert len(reports) == 1 and "Ольга: карточек 4" in reports[0]
    assert len(bot_api.photos(9)) == 1
    assert b.data["Отчёт"][0][0].startswith("Отчёт за 23.11.2026")
    tuesday = monday.replace(day=24)
    monday_morning(bot_api, cfg, b, tuesday)
    assert len([t for t in bot_api.sent_texts(9) if t.startswith("📊")]) == 1
