"""The Telegram layer's wiring and words, without a bot running: every button of a card reaches
exactly one handler, forged data reaches none, both languages say the same, no language
switches in bot/chat."""

from __future__ import annotations

import ast
import asyncio
import re
import string
from datetime import date
from pathlib import Path

import pytest
from telegram import CallbackQuery, Update, User
from telegram.ext import CallbackQueryHandler

from bot.chat import cards
from bot.chat.access import Shared
from bot.chat.app import build_app
from bot.chat.deck import understood
from bot.core.config import Config
from bot.core.outcomes import Kind
from bot.services.state import Card
from bot.words import CATALOGUES, LANGUAGES, Words
from tests.bot_api import parse_html

ROOT = Path(__file__).resolve().parent.parent
CHAT_SECTIONS = ("chat.", "deck.", "incoming.")
CARD = Card(17, 111, "5", "v", date(2026, 11, 23), 42)


def config(language: str = "ru") -> Config:
    """One manager, one head."""
    return Config.model_validate({
        "sheet": {"path": "clients.xlsx"}, "language": language, "heads": [444],
        "managers": [{"name": "Ольга", "role": "cold_caller", "telegram_id": 111}]})


def routes(data: str) -> list[str]:
    """The names of the pattern-routed button handlers that take this callback data."""
    app = build_app(config(), "123:abc", Shared(config(), object(), asyncio.Lock()))
    query = CallbackQuery("1", User(111, "Ольга", False), "ci", data=data)
    update = Update(1, callback_query=query)
    return [h.callback.__name__ for h in app.handlers[0]
            if isinstance(h, CallbackQueryHandler) and h.pattern is not None
            and h.check_update(update)]


def every_button(cfg: Config) -> list[str]:
    """The callback data of every keyboard a card can show."""
    boards = (cards.main_keys, cards.paid_keys, cards.reason_keys, cards.move_keys)
    return [b.callback_data for keys in boards for row in keys(CARD, cfg).inline_keyboard
            for b in row if isinstance(b.callback_data, str)]


def test_every_button_of_a_card_reaches_exactly_one_handler() -> None:
    found = {data: routes(data) for data in every_button(config())}
    assert {d: r for d, r in found.items() if len(r) != 1} == {}
    assert sorted({r[0] for r in found.values()}) == sorted([
        "ask_amount", "paid", "show_reasons", "refused", "show_moves", "moved", "ask_date",
        "no_answer", "ask_note", "show_main"])


@pytest.mark.parametrize("data", ["junk", "x:17", "p:", "p:17x", "p:17:1", "rr:17", "mm:17:",
                                  "N:17", "pp:-17", "p:17\n", " n:17"])
def test_forged_data_reaches_no_button_handler(data: str) -> None:
    assert routes(data) == []


def test_start_names_the_same_commands_in_both_languages() -> None:
    said = {lang: re.findall(r"/\w+", Words(lang)("chat.hello", name="Ольга"))
            for lang in LANGUAGES}
    assert said == {"ru": ["/next", "/new", "/today"], "en": ["/next", "/new", "/today"]}


def test_the_chat_words_are_html_telegram_accepts() -> None:
    for lang in LANGUAGES:
        for key, text in CATALOGUES[lang].items():
            if key.startswith(CHAT_SECTIONS) and isinstance(text, str):
                names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
                parse_html(text.format(**dict.fromkeys(names, "x")), strict=True)


def test_the_english_card_buttons_are_english() -> None:
    labels = [b.text for row in cards.main_keys(CARD, config("en")).inline_keyboard
              for b in row]
    assert labels == ["✅ Paid", "❌ Refusal", "📅 Reschedule", "📵 No answer", "📝 Note"]


def test_typed_text_becomes_a_date_a_sum_or_a_note() -> None:
    today = date(2026, 11, 23)
    assert understood("date", "завтра", today).day == date(2026, 11, 24)
    assert understood("date", "когда-нибудь", today) is None
    assert understood("amount", "125 000,50", today).amount == 125000.5
    assert understood("amount", "много", today) is None
    assert understood("note", "=1+1", today).kind is Kind.note


def test_no_language_switch_is_left_in_the_telegram_layer() -> None:
    switches = []
    for path in sorted((ROOT / "bot" / "chat").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and "language" in ast.unparse(node):
                switches.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert switches == []
