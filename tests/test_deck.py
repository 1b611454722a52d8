"""The deck of cards end to end: the real python-telegram-bot Application in the worker,
updates fed through the Bot API stand-in's getUpdates, outcomes checked in the re-opened
workbook and its journal."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.core.config import Config
from bot.core.outcomes import move_day
from bot.worker import Worker
from tests.bot_api import BotAPI

TZ = ZoneInfo("Europe/Moscow")
OLGA, IGOR, STRANGER = 111, 222, 999
HEADER = ["ID", "Компания", "Контактное лицо", "Телефон", "Статус", "Причина отказа",
          "Дата последнего контакта", "Дата следующего контакта", "Дата последней покупки",
          "Сумма", "Ответственный", "Сегмент", "Следующее действие", "Комментарий"]
COL = {h: i for i, h in enumerate(HEADER)}


@asynccontextmanager
async def worker_for(cfg: Config, api: BotAPI) -> AsyncIterator[None]:
    """The worker (schedule and Telegram bot) running on the config's sheet, polling the
    stand-in, for the time of the block; stopped as SIGTERM would."""
    from bot.services.backend import open_sheet

    stop = asyncio.Event()
    task = asyncio.create_task(Worker(cfg, api.token, lambda: open_sheet(cfg)).run(stop))
    try:
        await api.wait_for_polling_async(timeout=20)
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def make_book(path: Path) -> None:
    """Five new clients for the cold caller, richest first in the deck."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(HEADER)
    for i, value in enumerate([500, 400, 300, 200, 100], start=1):
        ws.append([i, f"Клиент {i}", f"Контакт {i}", f"+7 900 {i}", "", None, None, None,
                   None, value, "Ольга", None, None, "старая заметка" if i == 5 else None])
    wb.save(path)


def config(tmp_path: Path, api: BotAPI) -> Config:
    """One manager per role; today is a holiday so no morning list interferes."""
    today = datetime.now(TZ).date().isoformat()
    return Config.model_validate({
        "sheet": {"path": str(tmp_path / "clients.xlsx")},
        "state": str(tmp_path / "state.sqlite3"), "heads": [444],
        "telegram": {"base_url": api.base_url},
        "schedule": {"holidays": [today]},
        "managers": [{"name": "Ольга", "role": "cold_caller", "telegram_id": OLGA},
                     {"name": "Игорь", "role": "closer", "telegram_id": IGOR},
                     {"name": "Марина", "role": "account_manager", "telegram_id": 333}]})


def rows(path: Path, tab: str = "Клиенты") -> list[list[object]]:
    """A tab's rows as openpyxl reads them back."""
    return [list(r) for r in openpyxl.load_workbook(path)[tab].iter_rows(values_only=True)]


async def card(api: BotAPI, since: int):  # noqa: ANN201
    """The next card the bot sends Ольга after `since`."""
    return await api.wait_for_async(
        lambda c: c.method == "sendMessage" and c.chat_id == OLGA and "🃏" in (c.text or ""),
        timeout=20, since=since)


def button(call, prefix: str) -> str:  # noqa: ANN001
    """The callback data of the card's button starting with `prefix`."""
    keys = call.params["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in keys for b in row
                if b["callback_data"].startswith(prefix))


async def work_deck(api: BotAPI, cfg: Config) -> None:
    """Ольга works her whole deck: paid, refusal, +3 days, no answer, a typed note."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(STRANGER, "/next", first_name="Чужой")
        reply = await api.wait_for_async(lambda c: c.chat_id == STRANGER, since=mark)
        assert str(STRANGER) in reply.text and "Клиент" not in reply.text

        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        assert "Клиент 1" in c1.text and "Контакт 1" in c1.text
        m1 = c1.answer["message_id"]
        mark = api.mark()
        api.press(OLGA, m1, button(c1, "p:"))
        await api.wait_for_async(lambda c: c.chat_id == OLGA and "сумму" in (c.text or ""),
                                 since=mark)
        for poison in ("inf", "1e309", "nan", "-5", "0"):  # never a payment's sum
            mark = api.mark()
            api.send_text(OLGA, poison)
            await api.wait_for_async(
                lambda c: c.chat_id == OLGA and "Не понял сумму" in (c.text or ""), since=mark)
        mark = api.mark()
        api.send_text(OLGA, "125 000,50")
        c2 = await card(api, mark)
        assert "Клиент 2" in c2.text
        mark = api.mark()
        api.press(OLGA, c2.answer["message_id"], button(c2, "r:"))
        await api.wait_for_async("editMessageReplyMarkup", since=mark)
        api.click(OLGA, "Дорого", c2.answer["message_id"])
        c3 = await card(api, mark)
        mark = api.mark()
        api.press(OLGA, c3.answer["message_id"], button(c3, "m:"))
        await api.wait_for_async("editMessageReplyMarkup", since=mark)
        api.click(OLGA, "+3", c3.answer["message_id"])
        c4 = await card(api, mark)
        mark = api.mark()
        api.press(OLGA, c4.answer["message_id"], button(c4, "n:"))
        api.press(OLGA, c4.answer["message_id"], button(c4, "n:"))  # a double press
        c5 = await card(api, mark)
        assert "старая заметка" in c5.text
        mark = api.mark()
        api.press(OLGA, c5.answer["message_id"], button(c5, "t:"))
        await api.wait_for_async(lambda c: c.chat_id == OLGA and "заметку" in (c.text or ""),
                                 since=mark)
        api.send_text(OLGA, '=HYPERLINK("http://x","y")')
        noted = await api.wait_for_async(
            lambda c: c.chat_id == OLGA and "Заметка добавлена" in (c.text or ""), since=mark)
        assert noted.method == "sendMessage"  # the card keeps its outcome buttons
        assert button(c5, "n:") in [b["callback_data"] for row in api.message(
            OLGA, c5.answer["message_id"])["reply_markup"]["inline_keyboard"] for b in row]


def as_day(value: object) -> object:
    """A date cell as a date, whether openpyxl gave a datetime or Google a serial number."""
    from sheets.values import from_serial

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_serial(value)
    return value


@pytest.mark.parametrize("backend", ["xlsx", "google"])
def test_a_manager_works_his_whole_deck(tmp_path: Path, bot_api: BotAPI, sheets_api,
                                        backend: str) -> None:  # noqa: ANN001
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    if backend == "google":
        book = sheets_api.add_spreadsheet("CRM", {"Клиенты": rows(tmp_path / "clients.xlsx")})
        key = tmp_path / "sa.json"
        sheets_api.service_account(key)
        cfg = cfg.model_copy(update={"sheet": cfg.sheet.model_copy(update={
            "backend": "google", "spreadsheet": book, "credentials": key,
            "api_url": sheets_api.url})})

        def read(tab: str) -> list[list[object]]:
            return [r + [None] * (len(HEADER) - len(r)) for r in sheets_api.values(book, tab)]
    else:
        def read(tab: str) -> list[list[object]]:
            return rows(tmp_path / "clients.xlsx", tab)
    asyncio.run(work_deck(bot_api, cfg))
    today = datetime.now(TZ).date()
    grid = read("Клиенты")
    by_company = {r[COL["Компания"]]: r for r in grid[1:]}
    paid = by_company["Клиент 1"]
    assert paid[COL["Статус"]] == "Клиент"
    assert as_day(paid[COL["Дата последней покупки"]]) == today
    assert paid[COL["Сегмент"]] == "Текущий" and paid[COL["Ответственный"]] == "Марина"
    refused = by_company["Клиент 2"]
    assert (refused[COL["Статус"]], refused[COL["Причина отказа"]]) == ("Отказ сразу", "Дорого")
    assert refused[COL["Сегмент"]] == "Дожим" and refused[COL["Ответственный"]] == "Игорь"
    moved = by_company["Клиент 3"]
    assert as_day(moved[COL["Дата следующего контакта"]]) == move_day("3", today, cfg)
    assert as_day(moved[COL["Дата последнего контакта"]]) == today
    missed = by_company["Клиент 4"]
    assert missed[COL["Статус"]] == "Недозвон"
    assert as_day(missed[COL["Дата следующего контакта"]]) == cfg.calendar().next_workday(today)
    note = by_company["Клиент 5"][COL["Комментарий"]]
    assert note.startswith("старая заметка\n") and note.endswith(
        'Ольга: =HYPERLINK("http://x","y")')
    if backend == "xlsx":
        cell = openpyxl.load_workbook(tmp_path / "clients.xlsx")["Клиенты"].cell(6, 14)
        assert cell.data_type == "s"  # text, never a formula
    else:
        assert sheets_api.cell(book, "Клиенты", 6, 14)["formula"] is None

    journal = read("Журнал")
    outcomes = [r[4] for r in journal[1:]]
    assert outcomes.count("Недозвон") == 1  # the double press was applied once
    assert {"Оплатил", "Отказ", "Перенесено", "Недозвон", "Заметка", "Передача"} <= set(outcomes)
    assert all(r[1] in ("Ольга",) for r in journal[1:] if r[4] != "Передача")
    purchases = read("Покупки")
    assert str(purchases[1][0]) == "1" and purchases[1][2] == 125000.5
    handed = "\n".join(bot_api.sent_texts(IGOR))
    assert "Вам передан клиент: Клиент 2" in handed and "от Ольга" in handed
    assert "Отказ · Дорого" in handed
    assert "Телефон: +7 900 2" in handed and "Почему: ❌ Отказ: Дорого → Дожим" in handed
    told = "\n".join(c.text or "" for c in bot_api.calls("editMessageText", OLGA))
    assert "🤝 Клиент 2 теперь у Игорь: Дожим." in told  # the previous owner knows
    assert "Вам передан клиент: Клиент 1" in "\n".join(bot_api.sent_texts(333))


def ten_clients(path: Path) -> None:
    """Ten new clients for the cold caller."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(HEADER)
    for i in range(1, 11):
        ws.append([i, f"Клиент {i}", "", "", "", None, None, None, None, 1000 - i, "Ольга",
                   None, None, None])
    wb.save(path)


async def press_while_locked(api: BotAPI, cfg: Config, lock: Path) -> None:
    """Ten outcomes pressed while the workbook is open elsewhere, then it is closed."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        for i in range(10):
            c = await card(api, mark)
            assert f"Клиент {i + 1}<" in c.text or f"Клиент {i + 1}\n" in c.text.replace(
                "</b>", "\n")
            mark = api.mark()
            api.press(OLGA, c.answer["message_id"], button(c, "n:"))
            await api.wait_for_async(
                lambda c: c.chat_id == OLGA and "освободится" in (c.text or ""), since=mark)
        assert not rows(cfg.sheet.path)[1][COL["Статус"]]  # nothing written yet
        lock.unlink()  # the person closes Excel
        await api.wait_for_async(lambda c: c.chat_id == OLGA and "пройдена" in (c.text or ""),
                                 timeout=20)
        for _ in range(100):
            if rows(cfg.sheet.path)[10][COL["Статус"]] == "Недозвон":
                break
            await asyncio.sleep(0.2)


def test_presses_wait_for_a_locked_workbook_and_are_applied_once_in_order(
        tmp_path: Path, bot_api: BotAPI) -> None:
    book = tmp_path / "clients.xlsx"
    ten_clients(book)
    lock = tmp_path / ".~lock.clients.xlsx#"
    lock.write_text("Марина,pc,23.11.2026 10:00;", encoding="utf-8")
    cfg = config(tmp_path, bot_api)
    asyncio.run(press_while_locked(bot_api, cfg, lock))
    grid = rows(book)
    assert all(r[COL["Статус"]] == "Недозвон" for r in grid[1:])
    journal = rows(book, "Журнал")
    assert [r[2] for r in journal[1:]] == [str(i) for i in range(1, 11)]  # in order, once


async def stale_press(api: BotAPI, cfg: Config) -> None:
    """A card is dealt, a person changes the client in the sheet, then the button is pressed."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        wb = openpyxl.load_workbook(cfg.sheet.path)
        wb["Клиенты"].cell(2, COL["Статус"] + 1).value = "КП отправлено"  # someone else called
        wb.save(cfg.sheet.path)
        mark = api.mark()
        api.press(OLGA, c1.answer["message_id"], button(c1, "n:"))
        await api.wait_for_async(lambda c: c.chat_id == OLGA and "Не записано" in (c.text or ""),
                                 since=mark)


def test_a_stale_button_says_what_happened_instead_of_writing(tmp_path: Path,
                                                              bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    asyncio.run(stale_press(bot_api, config(tmp_path, bot_api)))
    row = rows(tmp_path / "clients.xlsx")[1]
    assert row[COL["Статус"]] == "КП отправлено"  # the person's edit stands
    text = "\n".join(bot_api.sent_texts(OLGA))
    assert "клиент изменился" in text


async def note_and_move_on_google(api: BotAPI, cfg: Config) -> None:
    """On a Google sheet: a typed note that looks like a formula, then a reschedule."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        mark = api.mark()
        api.press(OLGA, c1.answer["message_id"], button(c1, "t:"))
        await api.wait_for_async(lambda c: c.chat_id == OLGA and "заметку" in (c.text or ""),
                                 since=mark)
        api.send_text(OLGA, '=HYPERLINK("http://x","y")')
        await api.wait_for_async(
            lambda c: c.chat_id == OLGA and "Заметка добавлена" in (c.text or ""), since=mark)
        mark = api.mark()  # the same card, its buttons kept: now the outcome
        api.press(OLGA, c1.answer["message_id"], button(c1, "m:"))
        await api.wait_for_async("editMessageReplyMarkup", since=mark)
        api.click(OLGA, "+7", c1.answer["message_id"])
        await card(api, mark)


def test_outcomes_on_google_land_as_text_and_real_dates(tmp_path: Path, bot_api: BotAPI,
                                                         sheets_api) -> None:  # noqa: ANN001
    from sheets.values import to_serial

    book_path = tmp_path / "src.xlsx"
    make_book(book_path)
    grid = rows(book_path)
    book = sheets_api.add_spreadsheet("CRM", {"Клиенты": grid})
    key = tmp_path / "sa.json"
    sheets_api.service_account(key)
    cfg = config(tmp_path, bot_api)
    cfg = cfg.model_copy(update={"sheet": cfg.sheet.model_copy(update={
        "backend": "google", "spreadsheet": book, "credentials": key,
        "api_url": sheets_api.url})})
    asyncio.run(note_and_move_on_google(bot_api, cfg))
    today = datetime.now(TZ).date()
    note = sheets_api.cell(book, "Клиенты", 2, COL["Комментарий"] + 1)
    assert note["formula"] is None and note["value"].endswith('=HYPERLINK("http://x","y")')
    moved = sheets_api.cell(book, "Клиенты", 2, COL["Дата следующего контакта"] + 1)
    assert moved["value"] == to_serial(move_day("7", today, cfg))
    assert moved["format"]["numberFormat"]["type"] == "DATE"
    journal = sheets_api.values(book, "Журнал")
    assert [r[4] for r in journal[1:]] == ["Заметка", "Перенесено"]


@pytest.mark.e2e
def test_a_press_survives_sigkill_before_its_write(tmp_path: Path, bot_api: BotAPI) -> None:
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    (tmp_path / "config.yaml").write_text(json.dumps({
        "sheet": {"path": "clients.xlsx"}, "state": "state.sqlite3",
        "telegram": {"base_url": bot_api.base_url},
        "schedule": {"holidays": [str(h) for h in cfg.schedule.holidays]},
        "managers": [m.model_dump(mode="json") for m in cfg.managers]}), encoding="utf-8")
    lock = tmp_path / "~$clients.xlsx"
    lock.write_text("x", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": bot_api.token}

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    proc = start()
    try:
        mark = bot_api.mark()
        bot_api.wait_for_polling(timeout=30)
        bot_api.send_text(OLGA, "/next")
        c1 = bot_api.wait_for(lambda c: c.chat_id == OLGA and "🃏" in (c.text or ""),
                              timeout=30, since=mark)
        bot_api.press(OLGA, c1.answer["message_id"], button(c1, "n:"))
        deadline = time.monotonic() + 30
        stored = 0
        while time.monotonic() < deadline and not stored:
            with sqlite3.connect(tmp_path / "state.sqlite3", timeout=5) as db:
                stored = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
            time.sleep(0.05)
        assert stored == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert not rows(tmp_path / "clients.xlsx")[1][COL["Статус"]]  # not written before the kill
    lock.unlink()
    proc = start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if rows(tmp_path / "clients.xlsx")[1][COL["Статус"]] == "Недозвон":
                break
            time.sleep(0.3)
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
    assert rows(tmp_path / "clients.xlsx")[1][COL["Статус"]] == "Недозвон"
    journal = rows(tmp_path / "clients.xlsx", "Журнал")
    assert [r[4] for r in journal[1:]] == ["Недозвон"]  # applied once


async def incoming(api: BotAPI, cfg: Config) -> None:
    """Марина records three calls: a known client, a new one, and one she cancels."""
    marina = 333

    async def say(text: str, expect: str) -> None:
        mark = api.mark()
        api.send_text(marina, text, first_name="Марина")
        await api.wait_for_async(lambda c: c.chat_id == marina and expect in (c.text or ""),
                                 since=mark, timeout=20)

    async with worker_for(cfg, api):
        await say("/new", "Компания")
        await say("клиент 3", "Контактное")
        await say("Контакт 3", "Телефон")
        await say("8 (900) 3", "хотят")
        await say("=1+1 счёт на опт", "Записано")
        await say("/new", "Компания")
        await say("ООО «Новый»", "Контактное")
        await say("Иван", "Телефон")
        await say("+7 999 000-00-00", "хотят")
        await say("доставку в Казань", "Записано")
        await say("/new", "Компания")
        await say("Отменённая", "Контактное")
        await say("/cancel", "Отменено")


def test_new_requests_go_to_the_owner_or_to_a_closer(tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    asyncio.run(incoming(bot_api, config(tmp_path, bot_api)))
    today = datetime.now(TZ).date()
    grid = rows(tmp_path / "clients.xlsx")
    known = grid[3]
    assert known[COL["Компания"]] == "Клиент 3"
    assert known[COL["Дата следующего контакта"]].date() == today
    new = grid[6]
    assert new[COL["Компания"]] == "ООО «Новый»" and new[COL["Статус"]] == "Интерес"
    assert new[COL["Ответственный"]] == "Игорь" and new[COL["ID"]] == 6
    assert new[COL["Телефон"]] == "+7 999 000-00-00"
    assert new[COL["Дата следующего контакта"]].date() == today
    assert len(grid) == 7  # the cancelled request wrote nothing
    olga = "\n".join(bot_api.sent_texts(OLGA))
    assert "Входящий запрос" in olga and "=1+1 счёт на опт" in olga
    assert "ООО «Новый»" in "\n".join(bot_api.sent_texts(IGOR))
    journal = rows(tmp_path / "clients.xlsx", "Журнал")
    assert [(r[2], r[4]) for r in journal[1:]] == [("3", "Входящий запрос"),
                                                    ("6", "Входящий запрос")]
    assert journal[1][7] == "=1+1 счёт на опт"


async def foreign_presses(api: BotAPI, cfg: Config) -> None:
    """A stranger and another manager press buttons of Ольга's card."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        data = button(c1, "n:")
        for user in (STRANGER, IGOR):
            mark = api.mark()
            api.send_text(user, "/start")
            own = await api.wait_for_async(lambda c, u=user: c.chat_id == u, since=mark)
            mark = api.mark()
            api.press(user, own.answer["message_id"], data, check=False)
            await api.wait_for_async("answerCallbackQuery", since=mark)
        await asyncio.sleep(1)


def test_only_the_owner_acts_and_strangers_learn_nothing(tmp_path: Path,
                                                         bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    before = rows(tmp_path / "clients.xlsx")
    asyncio.run(foreign_presses(bot_api, config(tmp_path, bot_api)))
    owned = [COL[h] for h in HEADER if h not in ("Сегмент", "Следующее действие")]
    after = rows(tmp_path / "clients.xlsx")
    assert [[r[i] for i in owned] for r in after] == [[r[i] for i in owned] for r in before]
    assert "Журнал" not in openpyxl.load_workbook(tmp_path / "clients.xlsx").sheetnames
    answers = [c.params.get("text", "") for c in bot_api.calls("answerCallbackQuery")]
    assert any(str(STRANGER) in a for a in answers) and any("не ваш" in a for a in answers)
    stranger = "\n".join(bot_api.sent_texts(STRANGER))
    assert "Клиент" not in stranger and str(STRANGER) in stranger


ID_TEXT = (f"Ваш Telegram id: <code>{STRANGER}</code>\nПередайте его руководителю отдела "
           f"продаж — он добавит вас в config.yaml.")
STALE = "Эта кнопка устарела — /next"


def outbox(cfg: Config) -> int:
    """How many presses the bot has stored."""
    with sqlite3.connect(str(cfg.state), timeout=5) as db:
        return db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]


async def knocks(api: BotAPI, cfg: Config, texts: list[str], presses: list[str]) -> int:
    """Ольга is dealt a card; then a stranger sends `texts` one by one and presses `presses`
    (Ольга's real buttons among them) under the bot's reply, and last her "n:" again when
    Telegram refuses the answer. The mark before the stranger."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        start = api.mark()
        for text in texts:
            mark = api.mark()
            api.send_text(STRANGER, text, first_name="Чужой")
            await api.wait_for_async(lambda c: c.chat_id == STRANGER, since=mark)
        own = api.calls("sendMessage", STRANGER)[0].answer["message_id"]
        for data in presses:
            mark = api.mark()
            api.press(STRANGER, own, button(c1, data) if data.endswith(":") else data,
                      check=False)
            await api.wait_for_async("answerCallbackQuery", since=mark)
        mark = api.mark()
        api.fail_next("answerCallbackQuery", status=400, description="Bad Request: query is "
                      "too old and response timeout expired or query ID is invalid")
        api.press(STRANGER, own, button(c1, "n:"), check=False)
        await api.wait_for_async("answerCallbackQuery", since=mark)
        await asyncio.sleep(1)  # anything more the bot would send comes by now
        return start


def test_the_gate_tells_a_stranger_his_id_once_per_update_and_nothing_else(
        tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    texts = ["привет", "/start", "/next", "/today", "/report", "/new", "ООО Чужая", "/cancel"]
    presses = ["n:", "p:", "r:", "t:", "junk"]
    start = asyncio.run(knocks(bot_api, cfg, texts, presses))
    after = [c for c in bot_api.calls()[start:] if c.method != "getUpdates"]
    assert [(c.method, c.chat_id, c.ok) for c in after] == (
        [("sendMessage", STRANGER, True)] * len(texts)
        + [("answerCallbackQuery", STRANGER, True)] * len(presses)
        + [("answerCallbackQuery", None, False)])  # refused: he still goes no further
    assert bot_api.sent_texts(STRANGER) == [ID_TEXT] * len(texts)
    assert [(c.params.get("text"), c.params.get("show_alert")) for c in after[len(texts):]] == [
        (f"Ваш Telegram id: {STRANGER}", True)] * (len(presses) + 1)
    assert outbox(cfg) == 0
    assert "Журнал" not in openpyxl.load_workbook(tmp_path / "clients.xlsx").sheetnames


async def press_forged(api: BotAPI, cfg: Config) -> tuple[int, int, object]:
    """Ольга is dealt a card and presses forged buttons under it; the mark before them, the
    card's message id and its keyboard."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        m1 = c1.answer["message_id"]
        token = int(button(c1, "n:").split(":")[1])
        start = api.mark()
        for data in forged_data(token):
            mark = api.mark()
            api.press(OLGA, m1, data, check=False)
            await api.wait_for_async("answerCallbackQuery", since=mark)
        await asyncio.sleep(1)  # anything more the bot would send comes by now
        return start, m1, c1.params["reply_markup"]


def forged_data(t: int) -> list[str]:
    """Callback data no button of card `t` carries: unknown kinds, bad shapes, other tokens."""
    return ["junk", "x:1", f"N:{t}", f"n:{t}:5", f"p:{t}x", f"rr:{t}", f"mm:{t}:", f"r:{t}:1",
            f"pp:-{t}", f"n:{t + 1000}", f"rr:{t + 1000}:0", f"b:{t + 1000}",
            f"rr:{t}:999", f"mm:{t}:99999", f"mm:{t}:2", f"p:{t}\u00b2", "p:" + "9" * 40]


def test_forged_button_data_is_answered_and_changes_nothing(tmp_path: Path,
                                                            bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    start, m1, keys = asyncio.run(press_forged(bot_api, cfg))
    after = [c for c in bot_api.calls()[start:] if c.method != "getUpdates"]
    assert [(c.method, c.chat_id, c.ok, c.params.get("text")) for c in after] == [
        ("answerCallbackQuery", OLGA, True, STALE)] * len(forged_data(0))
    assert bot_api.message(OLGA, m1)["reply_markup"] == keys  # the card's buttons stand
    assert outbox(cfg) == 0
    assert "Журнал" not in openpyxl.load_workbook(tmp_path / "clients.xlsx").sheetnames

