"""One person's trouble is not another's: through the worker and the Bot API stand-in, a card
too long for Telegram, an expired button, a 429, a colleague who blocked the bot and a client
whose ID repeats each leave the presser with his next card."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import ExtBot

from bot.core.config import Config
from bot.services.sturdy import Sturdy
from tests.bot_api import BotAPI
from tests.test_deck import HEADER, OLGA, button, config, rows, worker_for

HEAD = 444
EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def book(path: Path, clients: list[dict[str, object]]) -> None:
    """A client tab with these clients (by header name), all Ольга's new clients."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(HEADER)
    for i, c in enumerate(clients, start=1):
        values = {"ID": i, "Компания": f"Клиент {i}", "Контактное лицо": f"Контакт {i}",
                  "Телефон": f"+7 900 {i}", "Сумма": 1000 - i, "Ответственный": "Ольга", **c}
        ws.append([values.get(h) for h in HEADER])
    wb.save(path)


async def card(api: BotAPI, since: int):  # noqa: ANN201
    """The next card Telegram accepted for Ольга after `since`."""
    return await api.wait_for_async(
        lambda c: c.method == "sendMessage" and c.chat_id == OLGA and c.ok
        and "🃏" in (c.text or "") and "p:" in str(c.params.get("reply_markup")),
        timeout=20, since=since)


async def two_cards(api: BotAPI) -> tuple[str, str]:
    """Ольга asks for a card and presses Недозвон on it (a worker runs): the two cards' texts."""
    mark = api.mark()
    api.send_text(OLGA, "/next")
    first = await card(api, mark)
    mark = api.mark()
    api.press(OLGA, first.answer["message_id"], button(first, "n:"))
    second = await card(api, mark)
    return first.text or "", second.text or ""


async def next_after_no_answer(api: BotAPI, cfg: Config) -> tuple[str, str]:
    """Two cards, a worker running for them."""
    async with worker_for(cfg, api):
        return await two_cards(api)


def test_a_card_with_huge_cells_fits_and_the_deck_goes_on(tmp_path: Path,
                                                          bot_api: BotAPI) -> None:
    huge = {"Компания": "ООО " + "Ромашка " * 800, "Контактное лицо": "Иван " * 700,
            "Комментарий": "\n".join(f"звонок {i}: " + "длинная заметка " * 30
                                     for i in range(60))}
    book(tmp_path / "clients.xlsx", [huge, {}])
    first, second = asyncio.run(next_after_no_answer(bot_api, config(tmp_path, bot_api)))
    assert len(first) <= 4096 and "Ромашка" in first and "…" in first
    assert "звонок 59" in first  # the newest end of the notes is what is shown
    assert "Клиент 2" in second
    edits = bot_api.calls("editMessageText", OLGA)
    assert [c.status for c in edits] == [200] and len(edits[0].text or "") <= 4096


def test_an_expired_button_press_still_records_and_deals(tmp_path: Path,
                                                         bot_api: BotAPI) -> None:
    book(tmp_path / "clients.xlsx", [{}, {}])
    bot_api.fail_next("answerCallbackQuery", status=400, description=EXPIRED)
    first, second = asyncio.run(next_after_no_answer(bot_api, config(tmp_path, bot_api)))
    assert "Клиент 1" in first and "Клиент 2" in second
    journal = rows(tmp_path / "clients.xlsx", "Журнал")
    assert [r[4] for r in journal[1:]] == ["Недозвон"]


def test_a_429_on_a_card_is_waited_out(tmp_path: Path, bot_api: BotAPI) -> None:
    book(tmp_path / "clients.xlsx", [{}, {}])
    bot_api.fail_next("sendMessage", count=2, status=429, retry_after=1)
    first, second = asyncio.run(next_after_no_answer(bot_api, config(tmp_path, bot_api)))
    assert "Клиент 1" in first and "Клиент 2" in second
    assert [c.status for c in bot_api.calls("sendMessage", OLGA)][:3] == [429, 429, 200]


async def paid_to_a_blocked_colleague(api: BotAPI, cfg: Config) -> str:
    """Ольга records a payment (the client goes to Марина, who blocked the bot): the next card."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/next")
        first = await card(api, mark)
        mark = api.mark()
        api.press(OLGA, first.answer["message_id"], button(first, "p:"))
        await api.wait_for_async(lambda c: c.chat_id == OLGA and "сумму" in (c.text or ""),
                                 since=mark)
        mark = api.mark()
        api.send_text(OLGA, "5000")
        return (await card(api, mark)).text or ""


def test_a_colleague_who_blocked_the_bot_does_not_stop_the_presser(tmp_path: Path,
                                                                  bot_api: BotAPI) -> None:
    book(tmp_path / "clients.xlsx", [{}, {}])
    bot_api.block(333)  # Марина, who gets paying clients
    second = asyncio.run(paid_to_a_blocked_colleague(bot_api, config(tmp_path, bot_api)))
    assert "Клиент 2" in second
    assert [c.status for c in bot_api.calls("sendMessage", 333)] == [403]
    grid = rows(tmp_path / "clients.xlsx")
    assert grid[1][HEADER.index("Ответственный")] == "Марина"


async def deck_and_head_today(api: BotAPI, cfg: Config) -> tuple[str, str, str]:
    """Ольга's first card and the one after it; the head's /today."""
    async with worker_for(cfg, api):
        first, second = await two_cards(api)
        mark = api.mark()
        api.send_text(HEAD, "/today")
        summary = await api.wait_for_async(lambda c: c.chat_id == HEAD and c.ok, since=mark)
        return first, second, summary.text or ""


def test_a_client_whose_id_repeats_is_not_dealt_and_the_head_is_told(tmp_path: Path,
                                                                     bot_api: BotAPI) -> None:
    book(tmp_path / "clients.xlsx", [{"ID": 7}, {"ID": 7}, {}, {}])
    first, second, summary = asyncio.run(deck_and_head_today(bot_api,
                                                             config(tmp_path, bot_api)))
    assert "Клиент 3" in first and "Клиент 4" in second
    assert "строка 2:" in summary and "строка 3:" in summary and "«7»" in summary


@pytest.mark.parametrize("size,parts", [(3000, 1), (9000, 3)])
def test_a_long_text_goes_in_parts_with_the_buttons_under_the_last(bot_api: BotAPI, size: int,
                                                                   parts: int) -> None:
    keys = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="b:1")]])
    text = "\n".join(f"строка {i} " + "x" * 80 for i in range(size // 90))

    async def send() -> None:
        async with ExtBot(bot_api.token, base_url=bot_api.base_url,
                          rate_limiter=Sturdy()) as bot:
            await bot.send_message(OLGA, text, reply_markup=keys)

    asyncio.run(send())
    calls = [c for c in bot_api.calls("sendMessage", OLGA) if c.ok]
    assert len(calls) == parts
    assert "\n".join(c.text or "" for c in calls) == text
    assert ["reply_markup" in c.params for c in calls] == [False] * (parts - 1) + [True]


def test_a_message_telegram_finds_too_long_is_resent_in_halves(bot_api: BotAPI) -> None:
    bot_api.fail_next("sendMessage", status=400, description="Bad Request: message is too long")
    text = "\n".join(f"строка {i}" for i in range(10))

    async def send() -> None:
        async with ExtBot(bot_api.token, base_url=bot_api.base_url,
                          rate_limiter=Sturdy()) as bot:
            await bot.send_message(OLGA, text)

    asyncio.run(send())
    sent = [c.text for c in bot_api.calls("sendMessage", OLGA) if c.ok]
    assert sent == ["\n".join(f"строка {i}" for i in range(5)),
                    "\n".join(f"строка {i}" for i in range(5, 10))]


def edited(api: BotAPI, user_id: int, text: str) -> None:
    """The user edits a message he sent (Telegram sends it as an edited_message update)."""
    message = {"message_id": 10_000, "date": 0, "edit_date": 1, "text": text,
               "chat": {"id": user_id, "type": "private", "first_name": "Ольга"},
               "from": {"id": user_id, "is_bot": False, "first_name": "Ольга"}}
    api.feed({"edited_message": message})


async def said(api: BotAPI, words: str, since: int) -> str:
    """The next text the bot sends Ольга containing `words`."""
    call = await api.wait_for_async(
        lambda c: c.chat_id == OLGA and c.ok and words in (c.text or ""), timeout=20, since=since)
    return call.text or ""


async def new_then_next(api: BotAPI, cfg: Config) -> list[str]:
    """/new, one answer, an edit, /next in the middle, then a stray text: what Ольга is told."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/new")
        await said(api, "Компания?", mark)
        api.send_text(OLGA, "ООО Ромашка")
        await said(api, "Контактное лицо?", mark)
        edited(api, OLGA, "ООО Лютик")  # an edit is no answer: the question stays
        api.send_text(OLGA, "Иван")
        await said(api, "Телефон?", mark)
        api.send_text(OLGA, "/next")
        await said(api, "ничего не записано", mark)
        await card(api, mark)
        api.send_text(OLGA, "просто текст")
        await asyncio.sleep(1.0)
        return [c.text or "" for c in api.calls("sendMessage", OLGA) if c.ok]


def test_a_command_ends_new_and_an_edit_is_no_answer(tmp_path: Path, bot_api: BotAPI) -> None:
    book(tmp_path / "clients.xlsx", [{}])
    texts = asyncio.run(new_then_next(bot_api, config(tmp_path, bot_api)))
    assert [t for t in texts if "?" in t and "🃏" not in t] == [
        "Новый запрос. Компания? (/cancel — отменить)", "Контактное лицо?", "Телефон?"]
    assert not any("Что хотят" in t for t in texts)  # the stray text was not the 4th answer
    grid = rows(tmp_path / "clients.xlsx")
    assert [r[1] for r in grid[1:]] == ["Клиент 1"]  # no junk client


async def new_left_open(api: BotAPI, cfg: Config) -> str:
    """/new, one answer, then an answer after the timeout: what Ольга is told."""
    async with worker_for(cfg, api):
        mark = api.mark()
        api.send_text(OLGA, "/new")
        await said(api, "Компания?", mark)
        await asyncio.sleep(1.5)
        api.send_text(OLGA, "ООО Ромашка")
        return await said(api, "отменён", mark)


def test_new_times_out_and_writes_nothing(tmp_path: Path, bot_api: BotAPI,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.chat.incoming.TIMEOUT", timedelta(seconds=1))
    book(tmp_path / "clients.xlsx", [{}])
    told = asyncio.run(new_left_open(bot_api, config(tmp_path, bot_api)))
    assert "ничего не записано" in told
    assert not any("Контактное лицо?" in (c.text or "") for c in bot_api.calls("sendMessage"))
    assert len(rows(tmp_path / "clients.xlsx")) == 2
