"""Look-ups through the Bot API stand-in: /find a caller by name or phone (a manager his own, a
head everyone's, five cards then "ещё N"), /tomorrow's list, /my own week; all in the menu."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import openpyxl

from bot.chat.app import MENU
from bot.core.config import Config
from bot.core.texts import full_date
from bot.words import Words
from tests.bot_api import BotAPI
from tests.test_deck import IGOR, OLGA, TZ, button, card, config, make_book, worker_for

HEAD = 444


def add_igors(path: Path) -> None:
    """Two more clients, Игорь's, one with a full Russian phone number."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    ws.append([6, "Клиент 6 Лютик", "Пётр", "+7 (916) 555-12-34", "Интерес", None, None, None,
               None, 50, "Игорь", None, None, None])
    ws.append([7, "Клиент 7", "Анна", "+7 917 000 00 00", "Интерес", None, None, None, None, 40,
               "Игорь", None, None, None])
    wb.save(path)


async def ask(api: BotAPI, user: int, text: str, count: int = 1) -> list:  # noqa: ANN001
    """Send a command; the first `count` messages the bot sends back to that chat."""
    mark = api.mark()
    api.send_text(user, text, first_name="Анна" if user == HEAD else "Ольга")
    def sent() -> list:  # noqa: ANN202
        return [x for x in api.calls()[mark:]
                if x.method == "sendMessage" and x.chat_id == user]

    await api.wait_for_async(lambda c: len(sent()) >= count, timeout=20, since=mark)
    await asyncio.sleep(0.3)  # nothing more should follow
    return sent()


async def look_ups(api: BotAPI, cfg: Config) -> dict[str, list]:
    """Each look-up once."""
    seen: dict[str, list] = {}
    async with worker_for(cfg, api):
        seen["olga клиент"] = await ask(api, OLGA, "/find клиент", 5)
        seen["olga phone of igor's"] = await ask(api, OLGA, "/find 9165551234")
        seen["head клиент"] = await ask(api, HEAD, "/find КЛИЕНТ", 6)
        seen["head phone"] = await ask(api, HEAD, "/find 8 916 555")
        seen["igor name"] = await ask(api, IGOR, "/find пётр")
        seen["igor digits"] = await ask(api, IGOR, "/find 555-12-34")
        seen["empty"] = await ask(api, OLGA, "/find")
        seen["tomorrow"] = await ask(api, OLGA, "/tomorrow")
        seen["head tomorrow"] = await ask(api, HEAD, "/tomorrow")
        mark = api.mark()
        api.send_text(OLGA, "/next")
        c1 = await card(api, mark)
        api.press(OLGA, c1.answer["message_id"], button(c1, "p:"))
        await api.wait_for_async(lambda c: "сумму" in (c.text or ""), since=mark)
        mark = api.mark()
        api.send_text(OLGA, "85 000")
        await card(api, mark)  # the payment is written: the next card came
        seen["my"] = await ask(api, OLGA, "/my")
        seen["head my"] = await ask(api, HEAD, "/my")
    return seen


def texts_of(calls: list) -> list[str]:  # noqa: ANN001
    """The texts of the calls."""
    return [c.text or "" for c in calls]


def test_find_tomorrow_and_my_through_the_chat(tmp_path: Path, bot_api: BotAPI) -> None:
    book = tmp_path / "clients.xlsx"
    make_book(book)
    add_igors(book)
    cfg = config(tmp_path, bot_api)
    seen = asyncio.run(look_ups(bot_api, cfg))

    olga = seen["olga клиент"]
    assert len(olga) == 5 and all("🃏" in t for t in texts_of(olga))  # her five, no more line
    assert not any("Клиент 6" in t for t in texts_of(olga))
    assert all(button(c, "p:") and button(c, "n:") for c in olga)  # cards with their buttons
    assert texts_of(seen["olga phone of igor's"]) == ["Никого не нашёл по «9165551234»."]
    head = texts_of(seen["head клиент"])
    assert len(head) == 6 and head[-1] == "Ещё 2 — уточните запрос."
    (found,) = texts_of(seen["head phone"])
    assert "Клиент 6 Лютик" in found
    assert "Клиент 6 Лютик" in texts_of(seen["igor name"])[0]
    assert "Клиент 6 Лютик" in texts_of(seen["igor digits"])[0]
    assert "/find" in texts_of(seen["empty"])[0]

    today = datetime.now(TZ).date()
    day = full_date(cfg.calendar().next_workday(today))
    assert f"Ольга, ваш список на {day}" in texts_of(seen["tomorrow"])[0]
    assert day in texts_of(seen["head tomorrow"])[0]

    (my,) = [t for t in texts_of(seen["my"]) if "неделя" in t]
    assert "Ваша неделя" in my and "Карточек с итогом: 1" in my
    assert "· Оплатил: 1" in my and "Оплат: 1 на 85 000 ₽" in my and "Норма-часы" in my
    assert "/report" in texts_of(seen["head my"])[0]


def test_the_look_ups_are_in_the_menu_and_in_help_in_both_languages(
        tmp_path: Path, bot_api: BotAPI) -> None:
    for name in ("find", "tomorrow", "my"):
        assert name in MENU
    for lang in ("ru", "en"):
        w = Words(lang)
        for name in ("find", "tomorrow", "my"):
            assert w(f"menu.{name}")
            assert f"/{name}" in w("chat.help_manager")
        assert "/find" in w("chat.help_head") and "/tomorrow" in w("chat.help_head")
    make_book(tmp_path / "clients.xlsx")

    async def start() -> None:
        async with worker_for(config(tmp_path, bot_api), bot_api):
            pass

    asyncio.run(start())
    for lang in ("ru", "en"):
        names = [c["command"] for c in bot_api.commands(language_code=lang)]
        assert {"find", "tomorrow", "my"} <= set(names), (lang, names)
