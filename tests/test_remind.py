"""Callbacks at a time end to end: "завтра 10:00" typed after "Своя дата" goes to the sheet
(the date), the journal and the state file (the time); at that moment the worker, on a fake
clock, sends the card with its buttons once — after a restart in between too."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.config import Config
from bot.core.when import parse_when
from bot.services import reminders
from bot.services.backend import open_sheet
from bot.services.clock import FakeClock
from bot.services.state import Deck
from bot.worker import Worker
from tests.bot_api import BotAPI
from tests.conftest import run_worker_until
from tests.test_deck import (
    COL,
    OLGA,
    TZ,
    as_day,
    button,
    card,
    config,
    make_book,
    rows,
    worker_for,
)

START = datetime(2026, 11, 23, 14, 50, tzinfo=TZ)  # a Monday, Moscow


def reminder_calls(api: BotAPI) -> list:  # noqa: ANN001
    """The messages that carried a reminder to Ольга."""
    return [c for c in api.calls("sendMessage", OLGA) if "⏰" in (c.text or "")]


def test_a_reminder_at_today_15_00_comes_once_at_15_00_after_a_restart_too(
        tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    cfg = cfg.model_copy(update={"schedule": cfg.schedule.model_copy(update={
        "holidays": (START.date(),)})})  # no morning list in the way
    when = parse_when("сегодня 15:00", START)
    at = datetime.combine(when.day, when.at or datetime.min.time(), tzinfo=TZ)
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    try:
        assert reminders.remind(deck, "press-1", OLGA, "1", at, "Клиент 1")
        assert not reminders.remind(deck, "press-1", OLGA, "1", at, "Клиент 1")  # one a press
    finally:
        deck.close()

    def run(start: datetime, until: datetime) -> None:
        clock = FakeClock(start)
        run_worker_until(Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock), clock,
                         until)

    fifteen = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)
    run(START, fifteen - timedelta(seconds=1))
    assert reminder_calls(bot_api) == []  # not before
    run(fifteen - timedelta(seconds=1), fifteen + timedelta(minutes=5))  # a restart in between
    (sent,) = reminder_calls(bot_api)
    assert "перезвонить в 15:00" in sent.text and "Клиент 1" in sent.text
    assert button(sent, "p:") and button(sent, "n:")  # the card's own buttons
    run(fifteen + timedelta(minutes=5), fifteen + timedelta(minutes=30))  # another restart
    assert len(reminder_calls(bot_api)) == 1  # never twice
    with sqlite3.connect(cfg.state) as db:  # type: ignore[arg-type]
        ((status, sent_at),) = db.execute("SELECT status, sent_at FROM reminders").fetchall()
    assert status == "sent"
    assert fifteen <= datetime.fromisoformat(sent_at) < fifteen + timedelta(seconds=30)


def test_an_undone_callback_reminds_of_nothing(tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    try:
        card_ = deck.deal(OLGA, "1", "v", START.date(), "Клиент 1")
        deck.enqueue("press-1", OLGA, "Ольга", card_, "moved", day=START.date(), text="15:00",
                     now=START)
        reminders.remind(deck, "press-1", OLGA, "1", START + timedelta(minutes=10))
        (item,) = deck.queued()
        deck.finish(item.id, "undone")
        (due,) = reminders.due(deck, START + timedelta(minutes=11))
        assert reminders.obsolete(deck, due)
        assert not reminders.due(deck, START + timedelta(minutes=9))
    finally:
        deck.close()


async def callback_at(api: BotAPI, cfg: Config) -> dict[str, object]:
    """Ольга opens a card, presses Перенести → Своя дата, tries a past and an ambiguous time,
    then types "завтра 10:00"."""
    seen: dict[str, object] = {}
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        m1 = c1.answer["message_id"]
        api.press(OLGA, m1, button(c1, "m:"))
        await api.wait_for_async("editMessageReplyMarkup", since=mark)
        mark = api.mark()
        api.click(OLGA, "✍️ Своя дата", m1)
        prompt = await api.wait_for_async(lambda c: c.chat_id == OLGA and c.method ==
                                          "sendMessage", since=mark)
        seen["prompt"] = prompt.text
        for typed in ("01.01.2020 10:00", "10"):
            mark = api.mark()
            api.send_text(OLGA, typed)
            seen[typed] = (await api.wait_for_async(lambda c: c.chat_id == OLGA, since=mark)).text
        mark = api.mark()
        api.send_text(OLGA, "завтра 10:00")
        done = await api.wait_for_async(
            lambda c: c.method == "editMessageText" and c.params.get("message_id") == m1,
            since=mark)
        seen["confirmed"] = done.text
        await card(api, mark)  # the next card comes
    return seen


def test_a_callback_typed_with_a_time_goes_to_the_sheet_the_journal_and_the_state(
        tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    seen = asyncio.run(callback_at(bot_api, cfg))
    assert "сегодня 15:00" in str(seen["prompt"])  # the manager learns he can give a time
    assert "уже прошло" in str(seen["01.01.2020 10:00"])
    assert "по-разному" in str(seen["10"])
    tomorrow = datetime.now(TZ).date() + timedelta(days=1)
    assert "📅 Перенесено на" in str(seen["confirmed"]) and "10:00" in str(seen["confirmed"])
    row = rows(tmp_path / "clients.xlsx")[1]
    assert as_day(row[COL["Дата следующего контакта"]]) == tomorrow
    journal = rows(tmp_path / "clients.xlsx", "Журнал")
    assert [(r[4], as_day(r[6]), r[7]) for r in journal[1:] if r[4] == "Перенесено"] == [
        ("Перенесено", tomorrow, "10:00")]
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    try:
        (waiting,) = reminders.pending(deck)
    finally:
        deck.close()
    assert (waiting.chat_id, waiting.client_id, waiting.title) == (OLGA, "1", "Клиент 1")
    assert waiting.at == datetime.combine(tomorrow, datetime.min.time(), tzinfo=TZ).replace(
        hour=10)
