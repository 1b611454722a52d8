"""A card as Telegram shows it: the client in a few lines, and buttons whose callback data
(at most 64 bytes) carries a short token of the dealt card, never the client's data."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import escape

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.core import texts
from bot.core.config import Config
from bot.core.digest import cap
from bot.core.journal import HISTORY, JournalLine
from bot.core.lists import Entry
from bot.core.outcomes import Kind
from bot.services.state import Card, Queued
from bot.words import LANGUAGES, Words

NEXT_TEXTS = tuple(Words(lang)("deck.button.next_client") for lang in LANGUAGES)

NOTE_TAIL = 1000  # the newest end of a long notes cell: a card stays within Telegram's 4,096


def card_text(e: Entry, history: list[JournalLine], cfg: Config, left: int | None) -> str:
    """Company, contact, phone, segment, why due, sum, last purchase, history and notes (and
    how many cards are left, for a card of the deck)."""
    w = Words(cfg.language)
    r, p = e.plan.row, e.plan
    lines = [f"🃏 <b>{escape(cap(r.company or r.contact or p.client_id))}</b>"]
    who = " · ".join(escape(cap(x)) for x in (r.contact, r.phone) if x)
    if who:
        lines.append(who)
    facts = []
    if p.segment is not None:
        facts.append(w("deck.segment", segment=escape(cfg.label(p.segment))))
    if r.value:
        facts.append(w("deck.value", value=f"{r.value:,.0f}".replace(",", " ")))
    stats = p.purchases
    last = max(filter(None, (r.last_purchase, stats.last if stats else None)), default=None)
    if last:
        facts.append(w("deck.last_purchase", day=texts.full_date(last)))
    if facts:
        lines.append(" · ".join(facts))
    if stats and stats.last_product:
        lines.append(w("deck.bought_last", product=escape(cap(stats.last_product))))
    if e.why:
        lines.append(w("deck.why", why=escape(cap(e.why))))
    past = [h.line() for h in history][-HISTORY:]
    if past:
        lines.append(w("chat.history"))
        lines += [f"· {escape(cap(h))}" for h in past]
    if r.note.strip():
        lines.append(w("deck.notes", note=escape(tail(r.note.strip(), NOTE_TAIL))))
    if left is not None:
        lines.append(w("deck.left", left=left))
    return "\n".join(lines)


def tail(text: str, limit: int) -> str:
    """The last `limit` characters of a long text, marked as cut ("…" first).

    >>> tail("abcdef", 4)
    '…def'
    """
    return text if len(text) <= limit else "…" + text[len(text) - limit + 1:]


def next_keyboard(cfg: Config) -> ReplyKeyboardMarkup:
    """The persistent "▶️ Следующий клиент" button under the message field: a card in one tap."""
    button = KeyboardButton(Words(cfg.language)("deck.button.next_client"))
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, is_persistent=True)


def list_keyboards(cfg: Config) -> dict[int, ReplyKeyboardMarkup]:
    """Each manager's chat -> the "next client" button, sent along with his morning list."""
    return {m.telegram_id: next_keyboard(cfg) for m in cfg.managers}


def main_keys(card: Card, cfg: Config) -> InlineKeyboardMarkup:
    """Оплатил · Отказ · Перенести · Недозвон · Заметка."""
    w = Words(cfg.language)
    t = card.token
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(w("deck.button.paid"), callback_data=f"p:{t}"),
         InlineKeyboardButton(w("deck.button.refused"), callback_data=f"r:{t}")],
        [InlineKeyboardButton(w("deck.button.move"), callback_data=f"m:{t}"),
         InlineKeyboardButton(w("deck.button.no_answer"), callback_data=f"n:{t}")],
        [InlineKeyboardButton(w("deck.button.note"), callback_data=f"t:{t}")],
    ])


def paid_keys(card: Card, cfg: Config) -> InlineKeyboardMarkup:
    """After "Оплатил": record it without a sum (or type the sum), or go back."""
    w = Words(cfg.language)
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(w("deck.button.no_sum"), callback_data=f"pp:{card.token}")],
        [_back(card, cfg)],
    ])


def reason_keys(card: Card, cfg: Config) -> InlineKeyboardMarkup:
    """One button per configured refusal reason, and back."""
    t = card.token
    rows = [[InlineKeyboardButton(reason[:60], callback_data=f"rr:{t}:{i}")]
            for i, reason in enumerate(cfg.rules.refusal_reasons)]
    rows.append([_back(card, cfg)])
    return InlineKeyboardMarkup(rows)


def move_keys(card: Card, cfg: Config) -> InlineKeyboardMarkup:
    """+1 working day, +3, +7, +30, a typed date, and back."""
    w = Words(cfg.language)
    t = card.token
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(w("deck.button.next_workday"), callback_data=f"mm:{t}:1"),
         InlineKeyboardButton("+3", callback_data=f"mm:{t}:3"),
         InlineKeyboardButton("+7", callback_data=f"mm:{t}:7"),
         InlineKeyboardButton("+30", callback_data=f"mm:{t}:30")],
        [InlineKeyboardButton(w("deck.button.own_date"), callback_data=f"md:{t}")],
        [_back(card, cfg)],
    ])


def _back(card: Card, cfg: Config) -> InlineKeyboardButton:
    """Back to the card's main buttons."""
    return InlineKeyboardButton(Words(cfg.language)("deck.button.back"),
                                callback_data=f"b:{card.token}")


_DATA = re.compile(r"([a-z]{1,2}):([0-9]{1,18})(?::([0-9]{1,6}))?")  # ASCII digits, SQLite-sized


def parse(data: str) -> tuple[str, int, str] | None:
    """Callback data as (action, card token, argument); None when it is not ours.

    >>> parse("rr:17:3"), parse("p:5"), parse("junk")
    (('rr', 17, '3'), ('p', 5, ''), None)
    """
    m = _DATA.fullmatch(data)
    if m is None:
        return None
    return m[1], int(m[2]), m[3] or ""


UNDO_FOR = timedelta(minutes=10)  # how long an outcome can be taken back


def recorded(item: Queued, cfg: Config, next_contact: date | None = None) -> str:
    """What an outcome recorded, in one line, the sum and the date echoed so a misread shows:
    "✅ Оплатил 85 000 ₽", "📅 Перенесено на чт 26.11", "📵 Недозвон 23.11, пробуем снова…"."""
    w = Words(cfg.language)
    lang = cfg.language
    if item.kind == Kind.paid:
        if item.amount is None:
            return w("deck.recorded.paid")
        return w("deck.recorded.paid_sum", sum=texts.money(item.amount, lang))
    if item.kind == Kind.refused:
        return w("deck.recorded.refused", reason=escape(item.reason))
    if item.kind == Kind.moved and item.day is not None:
        shown = texts.weekday_date(item.day, lang)
        return w("deck.recorded.moved", day=f"{shown} {item.text}" if item.text else shown)
    if item.kind == Kind.no_answer:
        day = item.created.date()
        again = next_contact or cfg.calendar().next_workday(day)
        return w("deck.recorded.no_answer", day=texts.short_date(day),
                 next=texts.weekday_date(again, lang))
    return w("deck.recorded.note", note=escape(item.text[:200]))


def confirmation(title: str, lines: list[str]) -> str:
    """A card's message once its outcome is recorded: the client's name and what happened."""
    head = [f"🃏 <b>{escape(cap(title))}</b>"] if title else []
    return "\n".join(head + lines)


def undo_until(item: Queued, cfg: Config) -> str:
    """"Отменить можно до 10:42": the end of the undo window, in the configured timezone."""
    end = (item.created + UNDO_FOR).astimezone(cfg.tz)
    return Words(cfg.language)("deck.recorded.undo_until", time=end.strftime("%H:%M"))


def undo_keys(item: Queued, cfg: Config) -> InlineKeyboardMarkup:
    """↩️ Отменить: takes back this one outcome (the data names the stored press)."""
    w = Words(cfg.language)
    return InlineKeyboardMarkup([[InlineKeyboardButton(w("deck.button.undo"),
                                                       callback_data=f"u:{item.id}")]])
