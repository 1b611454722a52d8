"""A manager's day as he meets it: the next card one tap away, /help and a hint for stray text,
a head greeted as a head, the morning list carrying the "next client" button."""

from __future__ import annotations

import asyncio
from datetime import time
from pathlib import Path

from bot.core.config import Config
from tests.bot_api import BotAPI
from tests.test_deck import OLGA, card, config, make_book, worker_for

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
