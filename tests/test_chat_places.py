"""Where the bot speaks: client data only in private chats, the command menu in both languages."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.core.config import Config
from tests.bot_api import BotAPI
from tests.test_deck import OLGA, config, make_book, outbox, worker_for


async def in_a_group(api: BotAPI, cfg: Config, texts: list[str]) -> int:
    """Ольга writes commands in a group the bot is in; the mark before them."""
    group = -1001234567890
    async with worker_for(cfg, api):
        start = api.mark()
        for text in texts:
            mark = api.mark()
            message = {"message_id": 7, "from": {"id": OLGA, "is_bot": False,
                                                 "first_name": "Ольга"},
                       "chat": {"id": group, "type": "supergroup", "title": "Отдел продаж"},
                       "date": 1, "text": text,
                       "entities": [{"type": "bot_command", "offset": 0,
                                     "length": len(text.split()[0])}]}
            api.feed({"message": message})
            await api.wait_for_async(lambda c: c.chat_id == group, since=mark)
        return start


def test_client_data_goes_to_private_chats_only(tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    texts = ["/next", "/today", "/find Клиент", "/report"]
    start = asyncio.run(in_a_group(bot_api, cfg, texts))
    after = [c for c in bot_api.calls()[start:] if c.method != "getUpdates"]
    assert [(c.method, c.chat_id) for c in after] == [("sendMessage", -1001234567890)] * 4
    assert {c.params.get("text") for c in after} == {
        "Списки и карточки клиентов — только в личном чате: напишите мне лично."}
    assert outbox(cfg) == 0


async def menus(api: BotAPI, cfg: Config) -> dict[str, list[str]]:
    """The command menus set once the worker has started, per language ("" = default)."""
    async with worker_for(cfg, api):
        return {lang: [c["command"] for c in api.commands(language_code=lang)]
                for lang in ("ru", "en", "")}


def test_the_command_menu_is_set_in_both_languages(tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = config(tmp_path, bot_api)
    found = asyncio.run(menus(bot_api, cfg))
    menu = ["next", "today", "tomorrow", "find", "my", "new", "report", "help", "start"]
    assert found == {lang: menu for lang in ("ru", "en", "")}
    assert bot_api.commands(language_code="ru")[0]["description"].startswith("следующий клиент")
    assert bot_api.commands(language_code="en")[0]["description"].startswith("the next client")
