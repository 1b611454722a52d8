"""The Telegram Bot API stand-in, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

import tests.bot_api as stand_in
from tests.bot_api import BotAPI, HtmlParseError, parse_html

bot_api = stand_in.bot_api  # the fixture, until conftest imports it for every module
USER = 5001
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big")
       + (480).to_bytes(4, "big") + b"\x08\x02\x00\x00\x00rest-of-png")
ignore_ptb_deprecation = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning")


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])


def with_bot(api: BotAPI, scenario: Callable[[Bot], Awaitable[Any]]) -> Any:
    """Run scenario(bot) with an initialised telegram.Bot aimed at the stand-in."""

    async def main() -> Any:
        """Open the bot, run, close."""
        async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            return await scenario(bot)

    return asyncio.run(main())


def raw(api: BotAPI, method: str, body: bytes | None = None, content_type: str = "",
        token: str | None = None) -> tuple[int, dict[str, Any]]:
    """A bare HTTP call, for what PTB never sends (JSON bodies, unknown methods)."""
    request = urllib.request.Request(f"{api.url}/bot{token or api.token}/{method}", data=body)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def retry_seconds(err: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds (an int or a timedelta, depending on PTB_TIMEDELTA)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = err.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# -- the basics --------------------------------------------------------------------------------


def test_get_me_answers_the_bot_user(bot_api: BotAPI) -> None:
    """getMe de-jsons into a User; Bot.initialize itself calls it."""
    me = with_bot(bot_api, lambda bot: bot.get_me())
    assert (me.id, me.username, me.is_bot) == (123456, "test_bot", True)
    assert bot_api.calls("getMe") and all(c.ok for c in bot_api.calls("getMe"))


def test_a_wrong_token_is_unauthorized(bot_api: BotAPI) -> None:
    """Telegram answers 401 to a token it does not know; PTB makes it InvalidToken."""

    async def scenario() -> None:
        """Call with someone else's token."""
        async with Bot("999:other", base_url=bot_api.base_url) as bot:
            await bot.get_me()

    with pytest.raises(InvalidToken, match="rejected by the server"):
        asyncio.run(scenario())
    assert bot_api.calls("getMe")[-1].status == 401


def test_unknown_methods_and_json_and_form_bodies(bot_api: BotAPI) -> None:
    """404 for an unknown method; JSON and form bodies decode to the same typed params."""
    assert raw(bot_api, "sendPigeon", b"{}", "application/json") == (
        404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    status, answer = raw(bot_api, "SENDMESSAGE", json.dumps(
        {"chat_id": 7, "text": "json", "reply_markup": markup}).encode(), "application/json")
    assert status == 200 and answer["result"]["reply_markup"] == markup
    form = f"chat_id=7&text=form&reply_markup={json.dumps(markup)}".encode()
    assert raw(bot_api, "sendMessage", form, "application/x-www-form-urlencoded")[0] == 200
    assert [c.params for c in bot_api.calls("sendMessage")] == [
        {"chat_id": 7, "text": "json", "reply_markup": markup},
        {"chat_id": 7, "text": "form", "reply_markup": markup}]
    assert bot_api.sent_texts(7) == ["json", "form"]


def test_send_message_is_recorded_and_echoed(bot_api: BotAPI) -> None:
    """The Message comes back with ids per chat and the keyboard; the call keeps the dict."""

    async def scenario(bot: Bot) -> list[Any]:
        """Two messages to one chat, one to another."""
        return [await bot.send_message(USER, "первое", reply_markup=keyboard(("Да", "yes"))),
                await bot.send_message(USER, "второе"),
                await bot.send_message(USER + 1, "другому")]

    first, second, other = with_bot(bot_api, scenario)
    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.reply_markup.inline_keyboard[0][0].callback_data == "yes"
    assert first.chat.id == USER and first.text == "первое"
    call = bot_api.calls("sendMessage", USER)[0]
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Да", "callback_data": "yes"}]]}
    assert bot_api.sent_texts(USER) == ["первое", "второе"]
    assert [m["text"] for m in bot_api.messages(USER)] == ["первое", "второе"]


# -- updates -----------------------------------------------------------------------------------


def test_command_and_button_reach_the_application(bot_api: BotAPI) -> None:
    """A fed /start reaches a CommandHandler; a pressed button reaches a CallbackQueryHandler."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet with a button."""
        await update.message.reply_text(
            f"<b>Привет</b>, {update.effective_user.first_name}", parse_mode="HTML",
            reply_markup=keyboard(("Оплатил", "paid:7"), ("Отказ", "refuse:7")))

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer and edit the card."""
        await update.callback_query.answer("Записано")
        await update.callback_query.edit_message_text(f"Готово: {update.callback_query.data}")

    app = (Application.builder().token(bot_api.token).base_url(bot_api.base_url)
           .base_file_url(bot_api.base_file_url).build())
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))

    async def scenario() -> None:
        """Run the app, talk to it, stop it."""
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0.05, timeout=1)
            try:
                bot_api.send_text(USER, "/start", first_name="Ольга")
                await bot_api.wait_for_async(lambda c: c.method == "sendMessage" and c.ok)
                bot_api.click(USER, "Оплатил")
                await bot_api.wait_for_async("editMessageText")
            finally:
                await app.updater.stop()
                await app.stop()

    asyncio.run(scenario())
    assert bot_api.sent_texts(USER) == ["<b>Привет</b>, Ольга"]
    [card] = bot_api.messages(USER)
    assert card["text"] == card["plain_text"] == card["sent_text"] == "Готово: paid:7"
    assert "reply_markup" not in card  # editMessageText without a keyboard drops it
    assert bot_api.calls("answerCallbackQuery", USER)[0].params["text"] == "Записано"
    assert bot_api.pending_updates() == 0  # the updater confirmed what it got


def test_send_text_marks_commands_like_telegram(bot_api: BotAPI) -> None:
    """Only a real /command at the start gets a bot_command entity."""
    for text in ("/today", "/next@test_bot 3", "просто текст", "/старт"):
        bot_api.send_text(USER, text)
    updates = with_bot(bot_api, lambda bot: bot.get_updates())
    entities = [[(e.type, e.length) for e in u.message.entities] for u in updates]
    assert entities == [[("bot_command", 6)], [("bot_command", 14)], [], []]
    assert updates[0].message.from_user.first_name == "Ольга"


def test_get_updates_long_polls_and_honours_offset(bot_api: BotAPI) -> None:
    """A poll returns as soon as an update is fed; offset confirms; allowed_updates filters."""
    threading.Timer(0.2, bot_api.send_text, (USER, "hi")).start()

    async def scenario(bot: Bot) -> None:
        """Wait, confirm, filter, time out."""
        began = time.monotonic()
        [update] = await bot.get_updates(timeout=5)
        assert time.monotonic() - began < 2
        assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
        assert bot_api.pending_updates() == 0
        bot_api.send_text(USER, "dropped")
        bot_api.feed({"callback_query": {"id": "q", "from": {"id": USER, "is_bot": False,
                                                             "first_name": "О"},
                                         "chat_instance": "1", "data": "x"}})
        [query] = await bot.get_updates(allowed_updates=["callback_query"], timeout=0)
        assert query.callback_query.data == "x"
        began = time.monotonic()
        await bot.get_updates(offset=query.update_id + 1, timeout=timedelta(seconds=0.3))
        assert 0.25 < time.monotonic() - began < 2

    with_bot(bot_api, scenario)


def test_a_second_poller_conflicts_with_the_first(bot_api: BotAPI) -> None:
    """Two getUpdates at once: the older one gets 409, like two workers on one token."""

    async def scenario() -> None:
        """Two bots, one token."""
        async with Bot(bot_api.token, base_url=bot_api.base_url) as one, \
                Bot(bot_api.token, base_url=bot_api.base_url) as two:
            first = asyncio.create_task(one.get_updates(timeout=3))
            while not bot_api.calls("getUpdates"):  # the first poll is in
                await asyncio.sleep(0.01)
            assert await two.get_updates(timeout=0) == ()
            with pytest.raises(Conflict, match="terminated by other getUpdates"):
                await first

    asyncio.run(scenario())


def test_press_checks_the_button_exists(bot_api: BotAPI) -> None:
    """Pressing a button the bot never showed is a test error, not a silent update."""
    with_bot(bot_api, lambda bot: bot.send_message(USER, "card", reply_markup=keyboard(
        ("A", "a"))))
    bot_api.press(USER, 1, "a")
    with pytest.raises(AssertionError, match="no button"):
        bot_api.press(USER, 1, "b")
    with pytest.raises(AssertionError, match="no bot message"):
        bot_api.press(USER, 9, "a")


def test_wait_for_times_out_with_a_dump(bot_api: BotAPI) -> None:
    """wait_for fails with the recent calls listed."""
    with_bot(bot_api, lambda bot: bot.send_message(USER, "hello"))
    with pytest.raises(AssertionError, match=r"(?s)no call matched editMessageText.*hello"):
        bot_api.wait_for("editMessageText", timeout=0.1)
    assert bot_api.wait_for(lambda c: c.params["text"] == "hello").chat_id == USER
    since = bot_api.mark()
    with_bot(bot_api, lambda bot: bot.send_message(USER, "again"))
    assert bot_api.wait_for("sendMessage", since=since).params["text"] == "again"


# -- misbehaviour ------------------------------------------------------------------------------


@ignore_ptb_deprecation
def test_429_surfaces_as_retry_after(bot_api: BotAPI) -> None:
    """fail_next(429) answers Telegram's flood error once, then the method works again."""
    bot_api.fail_next("sendMessage", 1, status=429, retry_after=7)

    async def scenario(bot: Bot) -> None:
        """Fail, then succeed."""
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "first")
        assert retry_seconds(caught.value) == 7
        await bot.send_message(USER, "second")

    with_bot(bot_api, scenario)
    assert [c.status for c in bot_api.calls("sendMessage")] == [429, 200]
    assert bot_api.calls("sendMessage")[0].answer == "Too Many Requests: retry after 7"
    assert bot_api.sent_texts(USER) == ["second"]


@ignore_ptb_deprecation
def test_flood_control_limits_per_chat_and_overall(bot_api: BotAPI) -> None:
    """flood(): a second send to a chat within a second, or over the overall rate, is 429."""

    async def scenario(bot: Bot) -> None:
        """Burst into one chat, then across chats."""
        bot_api.flood(per_chat_per_second=1, overall_per_second=30)
        await bot.send_message(1, "a")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(1, "b")
        assert retry_seconds(caught.value) == 1
        await bot.send_message(2, "other chat is fine")
        bot_api.flood(per_chat_per_second=10, overall_per_second=2)
        await bot.send_message(3, "c")
        await bot.send_message(4, "d")
        with pytest.raises(RetryAfter):
            await bot.send_message(5, "e")
        bot_api.flood_off()
        await bot.send_message(5, "e")

    with_bot(bot_api, scenario)
    assert len(bot_api.calls("sendMessage", status=429)) == 2


def test_blocked_and_unknown_chats(bot_api: BotAPI) -> None:
    """block → 403 Forbidden on every send; unknown_chat → 400 chat not found."""
    bot_api.block(USER)
    bot_api.unknown_chat(USER + 1)

    async def scenario(bot: Bot) -> None:
        """Try both chats, then unblock."""
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(USER, "hi")
        with pytest.raises(Forbidden):
            await bot.send_chat_action(USER, "typing")
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(USER + 1, "hi")
        bot_api.unblock(USER)
        await bot.send_message(USER, "hi again")

    with_bot(bot_api, scenario)
    assert bot_api.sent_texts(USER) == ["hi again"]


def test_server_errors_surface_as_network_errors(bot_api: BotAPI) -> None:
    """500 and 502 answers become NetworkError in PTB."""

    async def scenario(bot: Bot) -> None:
        """Two failures, then fine."""
        bot_api.fail_next("sendMessage", 1, status=500)
        bot_api.fail_next(None, 1, status=502)
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(USER, "x")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(USER, "x")
        await bot.send_message(USER, "x")

    with_bot(bot_api, scenario)


def test_hang_times_out_but_the_message_still_arrives(bot_api: BotAPI) -> None:
    """A slow answer is TimedOut for the bot, yet Telegram delivered it (duplicate risk)."""
    bot_api.hang("sendMessage", 0.4)

    async def scenario(bot: Bot) -> None:
        """Time out, then see the delivery."""
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "slow", read_timeout=0.1)
        await bot_api.wait_for_async(lambda c: c.method == "sendMessage" and c.ok, timeout=3)

    with_bot(bot_api, scenario)
    assert bot_api.sent_texts(USER) == ["slow"]


# -- Telegram's own checks ---------------------------------------------------------------------


def test_overlong_text_is_refused_after_entity_parsing(bot_api: BotAPI) -> None:
    """4096 characters pass, 4097 do not; tags and entities do not count."""

    async def scenario(bot: Bot) -> None:
        """At, over, and over-only-in-markup."""
        await bot.send_message(USER, "я" * 4096)
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await bot.send_message(USER, "я" * 4097)
        await bot.send_message(USER, "<b>" + "&lt;" * 4096 + "</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)caption is too long"):
            await bot.send_photo(USER, PNG, caption="x" * 1025)

    with_bot(bot_api, scenario)
    assert [len(m["plain_text"]) for m in bot_api.messages(USER)] == [4096, 4096]


@pytest.mark.parametrize(("html", "error"), [
    ("a < b", 'unsupported start tag "" at byte offset 2'),
    ("<foo>x</foo>", 'unsupported start tag "foo" at byte offset 0'),
    ("<b><i>x</b></i>", 'unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("<b>x", "can't find end tag corresponding to start tag b"),
    ("x</b>", "unexpected end tag at byte offset 1"),
    ('<span class="red">x</span>', 'tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<b", "unclosed start tag at byte offset 0"),
])
def test_bad_html_is_refused_like_telegram(bot_api: BotAPI, html: str, error: str) -> None:
    """Markup tdlib cannot parse is a 400 "can't parse entities" (PTB: BadRequest)."""
    with pytest.raises(BadRequest) as caught:
        with_bot(bot_api, lambda bot: bot.send_message(USER, html, parse_mode="HTML"))
    assert caught.value.message == f"Can't parse entities: {error}"
    assert bot_api.messages(USER) == []


def test_html_parses_to_plain_text_and_entities() -> None:
    """Entities are in UTF-16 units; & and > alone pass unless strict."""
    plain, entities = parse_html(
        '😀 <b>Ж<i>и</i></b> &amp; &lt;x&gt; <a href="https://t.me/x?a=1&amp;b=2">link</a>\n'
        '<pre><code class="language-python">print(1)</code></pre> <tg-spoiler>s</tg-spoiler> '
        "A & B > C <blockquote expandable>q</blockquote>")
    assert plain == "😀 Жи & <x> link\nprint(1) s A & B > C q"
    assert entities[:4] == [
        {"offset": 3, "length": 2, "type": "bold"},
        {"offset": 4, "length": 1, "type": "italic"},
        {"offset": 12, "length": 4, "type": "text_link", "url": "https://t.me/x?a=1&b=2"},
        {"offset": 17, "length": 8, "type": "pre", "language": "python"},
    ]
    assert [e["type"] for e in entities[4:]] == ["spoiler", "expandable_blockquote"]
    with pytest.raises(HtmlParseError, match="Unescaped"):
        parse_html("A & B", strict=True)


def test_edits_deletes_and_answers_follow_telegram_rules(bot_api: BotAPI) -> None:
    """No-op edits, double answers and overlong callback_data are refused like Telegram."""

    async def scenario(bot: Bot) -> None:
        """Walk through the rules on one card."""
        card = await bot.send_message(USER, "card", reply_markup=keyboard(("A", "a")))
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await card.edit_text("card", reply_markup=keyboard(("A", "a")))
        await card.edit_reply_markup(keyboard(("B", "b")))
        assert bot_api.messages(USER)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "B"
        bot_api.press(USER, card.message_id, "b")
        [update] = await bot.get_updates()
        await update.callback_query.answer()
        with pytest.raises(BadRequest, match="(?i)query id is invalid"):
            await update.callback_query.answer()
        with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
            await bot.send_message(USER, "x", reply_markup=keyboard(("Long", "я" * 33)))
        await card.delete()
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await card.edit_text("gone")

    with_bot(bot_api, scenario)
    assert bot_api.messages(USER) == []
    assert bot_api.message(USER, 1)["deleted"] is True


def test_photos_and_documents_keep_their_bytes(bot_api: BotAPI) -> None:
    """sendPhoto/sendDocument uploads are recorded and downloadable through getFile."""

    async def scenario(bot: Bot) -> bytes:
        """Upload, then fetch back through base_file_url."""
        sent = await bot.send_photo(USER, PNG, caption="<b>Отчёт</b>", parse_mode="HTML")
        assert (sent.photo[-1].width, sent.photo[-1].height) == (640, 480)
        assert sent.caption == "Отчёт"
        await bot.send_document(USER, b"a;b\n1;2\n", filename="report.csv")
        await bot.send_photo(USER, sent.photo[-1].file_id)  # re-sent by file_id
        file = await bot.get_file(sent.photo[-1].file_id)
        return bytes(await file.download_as_bytearray())

    assert with_bot(bot_api, scenario) == PNG
    assert bot_api.photos(USER) == [PNG, PNG]
    assert bot_api.documents(USER) == [("report.csv", b"a;b\n1;2\n")]


def test_bot_commands_are_stored_and_checked(bot_api: BotAPI) -> None:
    """setMyCommands keeps the list per scope; Telegram refuses capitals in command names."""

    async def scenario(bot: Bot) -> Any:
        """Set, read back, try a bad one."""
        await bot.set_my_commands([BotCommand("today", "Список на сегодня")])
        with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Today", "x")])
        return await bot.get_my_commands()

    commands = with_bot(bot_api, scenario)
    assert [(c.command, c.description) for c in commands] == [("today", "Список на сегодня")]
    assert bot_api.commands() == [{"command": "today", "description": "Список на сегодня"}]
