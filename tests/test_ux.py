"""A manager's day as he meets it: the next card one tap away, /help and a hint for stray text,
a head greeted as a head, the morning list carrying the "next client" button."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.chat.cards import recorded
from bot.chat.deck import understood
from bot.core.config import Config
from bot.core.outcomes import Kind, Outcome, cell_updates
from bot.core.rules import due_of
from bot.core.segments import Segment
from bot.core.texts import next_action, why_due
from bot.services.state import DECK_SCHEMA, Deck, Queued
from sheets.fields import Field, Status
from sheets.table import ClientRow
from tests.bot_api import BotAPI
from tests.test_deck import COL, OLGA, TZ, button, card, config, make_book, rows, worker_for

HEAD = 444
NEXT = "▶️ Следующий клиент"


def keyboard_texts(call) -> list[str]:  # noqa: ANN001
    """The reply-keyboard buttons a message carried (none: [])."""
    markup = call.params.get("reply_markup") or {}
    return [b["text"] if isinstance(b, dict) else b for row in markup.get("keyboard", [])
            for b in row]


async def first_day(api: BotAPI, cfg: Config) -> dict[str, object]:
    """A new manager opens the chat, taps the button; a head says /start and /help; stray text."""
    seen: dict[str, object] = {}
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/start")
        hello = await api.wait_for_async(lambda c: c.chat_id == OLGA, since=mark)
        seen["hello_keys"] = keyboard_texts(hello)
        mark = api.mark()
        api.send_text(OLGA, NEXT)  # the one tap
        first = await card(api, mark)
        seen["card"] = first.text
        mark = api.mark()
        api.send_text(OLGA, "привет")
        seen["hint"] = (await api.wait_for_async(lambda c: c.chat_id == OLGA, since=mark)).text
        mark = api.mark()
        api.send_text(OLGA, "/help")
        seen["help"] = (await api.wait_for_async(lambda c: c.chat_id == OLGA, since=mark)).text
        for command in ("/start", "/help"):
            mark = api.mark()
            api.send_text(HEAD, command, first_name="Анна")
            seen[f"head {command}"] = (await api.wait_for_async(
                lambda c: c.chat_id == HEAD, since=mark)).text
    return seen


def test_the_first_card_is_one_tap_after_start_and_nothing_is_met_with_silence(
        tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    seen = asyncio.run(first_day(bot_api, config(tmp_path, bot_api)))
    assert seen["hello_keys"] == [NEXT]
    assert "Клиент 1" in str(seen["card"])
    assert "/help" in str(seen["hint"]) and NEXT in str(seen["hint"])
    manager_help = str(seen["help"])
    for told in ("/new", "/today", "Оплатил", "Отказ", "Перенести", "Недозвон", "Заметка",
                 "Отменить"):
        assert told in manager_help, told
    head_hello, head_help = str(seen["head /start"]), str(seen["head /help"])
    assert "руководитель" in head_hello and "/report" in head_hello
    assert "список звонков" not in head_hello
    assert "/report" in head_help and "Оплатил" not in head_help


async def morning(api: BotAPI, cfg: Config) -> object:
    """The worker sends the morning list; the call that carried its first part."""
    async with worker_for(cfg, api):
        return await api.wait_for_async(
            lambda c: c.chat_id == OLGA and "ваш список на" in (c.text or ""), timeout=30)


def test_the_morning_list_brings_the_next_client_button(tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    cfg = cfg.model_copy(update={"schedule": cfg.schedule.model_copy(update={
        "holidays": (), "morning": time(0, 0), "workdays": tuple(range(7))})})
    listed = asyncio.run(morning(bot_api, cfg))
    assert keyboard_texts(listed) == [NEXT]


def inline(api: BotAPI, message_id: int) -> list[str]:
    """The callback data of a message's inline buttons as it stands."""
    markup = api.message(OLGA, message_id).get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def pay_then_undo(api: BotAPI, cfg: Config, state: Path) -> dict[str, object]:
    """Ольга records "85.000" for client 1, sees it echoed, undoes it, then records a no-answer
    on the same card; an undo 11 minutes later is refused."""
    seen: dict[str, object] = {}
    book = cfg.sheet.path
    async with worker_for(cfg, api):
        for _ in range(100):  # the worker's first sync fills the segments: then the "before"
            if rows(book)[1][COL["Сегмент"]]:
                break
            await asyncio.sleep(0.1)
        seen["before"] = rows(book)[1]
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        m1 = c1.answer["message_id"]
        api.press(OLGA, m1, button(c1, "p:"))
        await api.wait_for_async(lambda c: "сумму" in (c.text or ""), since=mark)
        api.send_text(OLGA, "85.000")
        done = await api.wait_for_async(
            lambda c: c.method == "editMessageText" and c.params.get("message_id") == m1,
            since=mark)
        seen["confirmed"] = done.text
        await card(api, mark)  # the next card comes on its own
        seen["paid"] = rows(book)[1]
        seen["purchases"] = rows(book, "Покупки")
        undo = next(d for d in inline(api, m1) if d.startswith("u:"))
        mark = api.mark()
        api.press(OLGA, m1, undo)
        back = await api.wait_for_async(
            lambda c: c.method == "editMessageText" and "Отменено" in (c.text or ""), since=mark)
        seen["undone"] = back.text
        seen["buttons"] = inline(api, m1)
        seen["after"] = rows(book)[1]
        seen["purchases after"] = rows(book, "Покупки")
        mark = api.mark()
        api.press(OLGA, m1, button(api.calls("editMessageText")[-1], "n:"))
        missed = await api.wait_for_async(
            lambda c: c.method == "editMessageText" and "Недозвон" in (c.text or ""), since=mark)
        seen["missed"] = missed.text
        with sqlite3.connect(state) as db:
            db.execute("UPDATE outbox SET created=? WHERE kind='no_answer'",
                       ((datetime.now(TZ) - timedelta(minutes=11)).isoformat(),))
        mark = api.mark()
        api.press(OLGA, m1, next(d for d in inline(api, m1) if d.startswith("u:")))
        late = await api.wait_for_async("answerCallbackQuery", since=mark)
        seen["late"] = late.params.get("text")
    return seen


def test_an_outcome_is_echoed_and_its_undo_restores_the_sheet_and_journal_exactly(
        tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    seen = asyncio.run(pay_then_undo(bot_api, cfg, tmp_path / "state.sqlite3"))
    confirmed = str(seen["confirmed"])
    assert "Клиент 1" in confirmed and "✅ Оплатил 85 000 ₽" in confirmed
    assert "Отменить можно до" in str(seen["confirmed"])
    paid = seen["paid"]
    assert isinstance(paid, list) and paid[COL["Статус"]] == "Клиент"
    assert seen["purchases"] == [["ID клиента", "Дата", "Сумма", "Товар"],
                                 ["1", datetime.now(TZ).replace(tzinfo=None, hour=0, minute=0,
                                                                second=0, microsecond=0),
                                  85000, None]]
    assert "↩️ Отменено: ✅ Оплатил 85 000 ₽" in str(seen["undone"])
    assert seen["after"] == seen["before"]  # every cell of the row as it was
    assert seen["purchases after"][1:] == [[None] * 4]  # the payment's row blanked
    assert any(d.startswith("n:") for d in seen["buttons"])  # the card is live again
    assert "📵 Недозвон" in str(seen["missed"]) and "пробуем снова" in str(seen["missed"])
    assert "10 минут" in str(seen["late"])
    journal = rows(tmp_path / "clients.xlsx", "Журнал")
    assert [(r[1], r[2], r[4], r[5]) for r in journal[1:]] == [
        ("Ольга", "1", "Оплатил", None), ("Ольга", "1", "Передача", None),
        ("Ольга", "1", "Отмена", "Оплатил"), ("Ольга", "1", "Недозвон", None)]
    assert rows(tmp_path / "clients.xlsx")[1][COL["Статус"]] == "Недозвон"  # not undone late


@pytest.mark.parametrize(("typed", "echo"), [
    ("85 000", "85 000"), ("85.000", "85 000"), ("85к", "85 000"), ("85 тыс", "85 000"),
    ("1,5 млн", "1 500 000"), ("1.5m", "1 500 000"), ("85000 руб", "85 000"),
    ("125 000,50", "125 000,50")])
def test_every_way_of_writing_a_sum_is_read_and_echoed(typed: str, echo: str) -> None:
    cfg = Config.model_validate({"sheet": {"path": "clients.xlsx"}, "managers": [
        {"name": "Ольга", "role": "cold_caller", "telegram_id": OLGA}]})
    outcome = understood("amount", typed, date(2026, 11, 23))
    assert outcome is not None
    item = Queued(1, "k", OLGA, "Ольга", "1", "v", "paid", "", None, "", outcome.amount,
                  datetime(2026, 11, 23, 10, 0, tzinfo=TZ), "pending", "")
    assert recorded(item, cfg) == f"✅ Оплатил {echo} ₽"


def test_an_old_state_file_gains_the_new_columns_and_keeps_its_presses(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:  # the outbox as the first release made it
        db.executescript(DECK_SCHEMA)
        db.execute("INSERT INTO outbox (key, chat_id, who, client_id, version, kind, created) "
                   "VALUES ('k', 1, 'Ольга', '7', 'v', 'paid', '2026-11-23T10:00:00+03:00')")
    deck = Deck(path)
    try:
        (old,) = deck.queued()
        assert (old.client_id, old.card, old.target, old.before) == ("7", None, None, "")
        card = deck.deal(1, "7", "v", date(2026, 11, 23), "Клиент 7")
        deck.enqueue("k2", 1, "Ольга", card, "refused", now=datetime(2026, 11, 23, 10, 1))
        assert deck.later_outcome(old) and deck.title(card.token) == "Клиент 7"
    finally:
        deck.close()
    Deck(path).close()  # opening it again adds nothing twice


@pytest.mark.parametrize("status", [Status.new, Status.no_answer])
def test_a_missed_call_says_so_in_the_sheet_and_on_the_next_card(status: Status) -> None:
    cfg = Config.model_validate({"sheet": {"path": "clients.xlsx"}, "managers": [
        {"name": "Ольга", "role": "cold_caller", "telegram_id": OLGA}]})
    monday = date(2026, 11, 23)
    row = ClientRow(2, "1", "Клиент 1", status=status, status_text="", owner="Ольга")
    updates = cell_updates(row, Outcome(Kind.no_answer), monday, cfg, "Ольга")
    after = replace(row, status=Status.no_answer, last_contact=updates[Field.last_contact],
                    next_contact=updates[Field.next_contact])
    settings = cfg.rule_settings()
    later = due_of(after, Segment.new, monday, settings)
    assert next_action(later, "ru") == "24.11.2026: не дозвонились 23.11, пробуем снова 24.11"
    due = due_of(after, Segment.new, date(2026, 11, 24), settings)
    assert why_due(due, "ru") == "не дозвонились 23.11, пробуем снова 24.11"
    assert why_due(due, "en") == "no answer on 23.11, trying again 24.11"
    for lang in ("ru", "en"):
        text = next_action(later, lang) + why_due(due, lang)
        assert "договорились" not in text and "обещали" not in text and "promised" not in text
