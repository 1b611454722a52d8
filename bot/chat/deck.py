"""Telegram side of the deck: /next deals a card, one handler per kind of button records an
outcome or opens a sub-menu, typed text gives a date, a note or a sum. Every press is stored
before anything else, and only the card's manager (or a head) may press its buttons."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Update, User
from telegram.constants import ParseMode

from bot.chat import cards
from bot.chat.access import BotContext, Shared, is_head, manager_of
from bot.core import journal
from bot.core.config import Config, Manager
from bot.core.outcomes import Kind, Outcome, move_day, typed_day
from bot.services.deck import Applied, apply_pending, version
from bot.services.morning import prepare
from bot.services.state import Card, Deck
from bot.words import Words
from sheets.errors import SheetBusyError
from sheets.table import find_tab
from sheets.values import parse_money

log = logging.getLogger(__name__)
MOVES = ("1", "3", "7", "30")  # the reschedule buttons: +1 working day, +3, +7, +30 days
MAX_AMOUNT = 1e12  # a sum at or above this is a typo, not a payment
PROMPTS = {"date": "deck.ask_date", "note": "deck.ask_note", "amount": "deck.ask_amount"}
MISREAD = {"date": "deck.bad_date", "amount": "deck.bad_amount"}
Keys = Callable[[Card, Config], InlineKeyboardMarkup]


def _deck(sh: Shared) -> Deck:
    """The deck store (the worker always sets one)."""
    assert sh.deck is not None
    return sh.deck


async def next_card(update: Update, context: BotContext) -> None:
    """Deal the asker the next card of his deck, in the list's order."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    await deal(context, manager_of(context.shared.cfg, user.id), message.chat_id)


async def deal(context: BotContext, manager: Manager | None, chat_id: int) -> None:
    """Send the first listed client not worked today, with its buttons: the manager's own
    list, or for a head every manager's, most urgent first."""
    sh = context.shared
    cfg = sh.cfg
    day = datetime.now(cfg.tz).date()
    async with sh.sheet_lock:
        morning, history = await asyncio.to_thread(_read_deck, sh, day)
    if manager is not None:
        entries = next(m for m in morning.lists
                       if m.manager.telegram_id == manager.telegram_id).entries
    else:
        entries = _everyone(morning.lists)
    worked = _deck(sh).worked(chat_id, day)
    left = [e for e in entries if e.plan.client_id not in worked]
    if not left:
        await context.bot.send_message(chat_id, context.words("deck.done"))
        return
    e = left[0]
    card = _deck(sh).deal(chat_id, e.plan.client_id, version(e.plan.row), day)
    text = cards.card_text(e, history.get(e.plan.client_id, []), cfg, len(left) - 1)
    sent = await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                                          reply_markup=cards.main_keys(card, cfg))
    _deck(sh).shown(card.token, sent.message_id)


def _everyone(lists: list) -> list:  # noqa: ANN001
    """All managers' cards in one deck for a head: overdue (oldest first), today's, new."""
    overdue = sorted((e for ml in lists for e in ml.overdue), key=lambda e: e.plan.due.on)
    return overdue + [e for ml in lists for e in ml.today] + [e for ml in lists for e in ml.pool]


def _read_deck(sh: Shared, day):  # noqa: ANN001, ANN202
    """The day's lists and each client's journal lines (runs in a worker thread)."""
    backend = sh.backend()
    morning = prepare(backend, sh.cfg, day)
    tab = find_tab(backend, sh.cfg.sheet.journal_tab)
    history: dict[str, list[journal.JournalLine]] = {}
    if tab in backend.tabs():
        for entry in journal.read_lines(backend.read(tab)):
            history.setdefault(entry.client_id, []).append(entry)
    return morning, history


async def show_reasons(update: Update, context: BotContext) -> None:
    """Отказ: the card's buttons become the refusal reasons."""
    await _menu(update, context, cards.reason_keys)


async def show_moves(update: Update, context: BotContext) -> None:
    """Перенести: the card's buttons become +1 working day, +3, +7, +30 and a typed date."""
    await _menu(update, context, cards.move_keys)


async def show_main(update: Update, context: BotContext) -> None:
    """Назад: the card's own buttons again."""
    await _menu(update, context, cards.main_keys)


async def ask_amount(update: Update, context: BotContext) -> None:
    """Оплатил: ask for the sum paid; a button records the payment without one."""
    await _ask(update, context, "amount", cards.paid_keys)


async def ask_date(update: Update, context: BotContext) -> None:
    """Своя дата: ask for the date of the next contact."""
    await _ask(update, context, "date")


async def ask_note(update: Update, context: BotContext) -> None:
    """Заметка: ask for the note."""
    await _ask(update, context, "note")


async def paid(update: Update, context: BotContext) -> None:
    """Без суммы: record the payment without a sum."""
    await _record(update, context, Outcome(Kind.paid))


async def refused(update: Update, context: BotContext) -> None:
    """A refusal reason: record the refusal with it."""
    reasons = context.shared.cfg.rules.refusal_reasons
    arg = _argument(update)
    if not (arg.isdigit() and int(arg) < len(reasons)):  # forged, or a reason since removed
        await stale(update, context)
        return
    await _record(update, context, Outcome(Kind.refused, reason=reasons[int(arg)]))


async def moved(update: Update, context: BotContext) -> None:
    """+1 working day, +3, +7 or +30 days: record the next contact moved so far."""
    cfg = context.shared.cfg
    arg = _argument(update)
    if arg not in MOVES:  # forged: only the buttons' own shifts mean anything
        await stale(update, context)
        return
    today = datetime.now(cfg.tz).date()
    day = move_day(arg, today, cfg)
    await _record(update, context, Outcome(Kind.moved, day=day))


async def no_answer(update: Update, context: BotContext) -> None:
    """Недозвон: record the missed call."""
    await _record(update, context, Outcome(Kind.no_answer))


async def stale(update: Update, context: BotContext) -> None:
    """A button no other handler knows (old or forged data): answer it, change nothing."""
    if update.callback_query is not None:
        await update.callback_query.answer(context.words("deck.stale"))


@dataclass(frozen=True)
class Press:
    """A press that may act: its query, the chat and message of its card, and the card."""

    query: CallbackQuery
    chat_id: int
    message_id: int
    card: Card


async def _pressed(update: Update, context: BotContext) -> Press | None:
    """The press, when its card is still dealt and the presser may act on it; otherwise the
    press is answered with why not, and None."""
    query = update.callback_query
    if query is None:
        return None
    sh = context.shared
    parsed = cards.parse(query.data or "")
    card = _deck(sh).card(parsed[1]) if parsed else None
    if card is None or query.message is None:
        await query.answer(context.words("deck.stale"))
        return None
    if card.chat_id != query.from_user.id and not is_head(sh.cfg, query.from_user.id):
        await query.answer(context.words("deck.not_yours"), show_alert=True)
        return None
    return Press(query, query.message.chat.id, query.message.message_id, card)


def _argument(update: Update) -> str:
    """What a button's data carries after the card's token: a reason's index, the days."""
    parsed = cards.parse(update.callback_query.data or "") if update.callback_query else None
    return parsed[2] if parsed else ""


async def _menu(update: Update, context: BotContext, keys: Keys) -> None:
    """Swap the pressed card's buttons for another set."""
    press = await _pressed(update, context)
    if press is None:
        return
    await press.query.answer()
    await press.query.edit_message_reply_markup(keys(press.card, context.shared.cfg))


async def _ask(update: Update, context: BotContext, what: str, keys: Keys | None = None) -> None:
    """Wait for typed text for the pressed card (a date, a note or a sum) and ask for it."""
    press = await _pressed(update, context)
    if press is None:
        return
    context.talk.waiting = (what, press.card.token)
    await press.query.answer()
    if keys is not None:
        await press.query.edit_message_reply_markup(keys(press.card, context.shared.cfg))
    await context.bot.send_message(press.chat_id, context.words(PROMPTS[what]))


async def _record(update: Update, context: BotContext, outcome: Outcome) -> None:
    """Store the pressed card's outcome once, then write it and deal the next card."""
    press = await _pressed(update, context)
    if press is None:
        return
    context.talk.waiting = None
    key = f"{press.chat_id}:{press.message_id}:{press.card.token}:{outcome.kind}"
    manager, fresh = _store(context, key, press.chat_id, press.query.from_user, press.card,
                            outcome)
    await press.query.answer(context.words("deck.saving"))
    if not fresh:
        return  # a double press or a replayed update: already stored once
    await finish(context, press.chat_id, press.card, manager)


def _store(context: BotContext, key: str, chat_id: int, user: User, card: Card,
           outcome: Outcome) -> tuple[Manager | None, bool]:
    """Store a press durably under its key: the presser's manager, and False for a repeat."""
    cfg = context.shared.cfg
    manager = manager_of(cfg, user.id)
    who = manager.name if manager else (user.first_name or str(user.id))
    fresh = _deck(context.shared).enqueue(
        key, chat_id, who, card, outcome.kind, reason=outcome.reason, day=outcome.day,
        text=outcome.text, amount=outcome.amount, now=datetime.now(cfg.tz))
    return manager, fresh


async def typed(update: Update, context: BotContext) -> None:
    """Text after "Своя дата", "Заметка" or "Оплатил": the date, the note or the sum."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text or context.talk.waiting is None:
        return
    what, token = context.talk.waiting
    card = _deck(context.shared).card(token)
    if card is None:
        context.talk.waiting = None
        return
    outcome = understood(what, message.text, datetime.now(context.shared.cfg.tz).date())
    if outcome is None:
        await message.reply_text(context.words(MISREAD[what]))
        return
    context.talk.waiting = None
    key = f"{message.chat_id}:{message.message_id}:text"
    manager, fresh = _store(context, key, message.chat_id, user, card, outcome)
    if fresh:
        await finish(context, message.chat_id, card, manager)


def sane_amount(amount: float | None) -> bool:
    """A sum a payment can have: a finite number above zero, below a trillion.

    >>> [sane_amount(x) for x in (85000.0, 0.0, -5.0, float("inf"), float("nan"), 1e309, None)]
    [True, False, False, False, False, False, False]
    """
    return amount is not None and math.isfinite(amount) and 0 < amount < MAX_AMOUNT


def understood(what: str, text: str, today: date) -> Outcome | None:
    """The outcome typed text gives: a date not in the past, a sum, or a note; None if unclear.

    >>> understood("amount", "125 000,50", date(2026, 11, 23)).amount
    125000.5
    """
    if what == "date":
        chosen = typed_day(text, today)
        return Outcome(Kind.moved, day=chosen) if chosen and chosen >= today else None
    if what == "amount":
        try:
            amount = parse_money(text)
        except ValueError:
            return None
        return Outcome(Kind.paid, amount=amount) if sane_amount(amount) else None
    return Outcome(Kind.note, text=text)


async def finish(context: BotContext, chat_id: int, card: Card, manager: Manager | None) -> None:
    """Write what is stored, tell the manager how it went, deal the next card."""
    if chat_id in context.shared.behind:  # more of his updates wait: once, after them
        context.shared.deferred[chat_id] = lambda: finish(context, chat_id, card, manager)
        return
    context.shared.deferred.pop(chat_id, None)
    try:
        results = await write_pending(context.shared)
    except SheetBusyError:
        await context.bot.send_message(chat_id, context.words("deck.busy"))
        results = []
    await announce(context.bot, context.shared.cfg, results)
    if card.message_id:
        try:
            await context.bot.edit_message_reply_markup(chat_id, card.message_id)
        except Exception:  # noqa: BLE001 - the keyboard may be gone already
            pass
    await deal(context, manager, chat_id)


async def announce(bot: Bot, cfg: Config, results: list[Applied]) -> None:
    """Tell each presser what could not be written, and each new owner what he was handed."""
    w = Words(cfg.language)
    for a in results:
        if a.parked:
            await bot.send_message(a.item.chat_id, w("deck.parked", id=a.item.client_id,
                                                     why=a.why))
        elif not a.done:
            await bot.send_message(a.item.chat_id, w("deck.not_saved", why=a.why))
        receiver = next((m for m in cfg.managers if m.name == a.handed_to), None)
        if a.done and receiver is not None:
            await bot.send_message(receiver.telegram_id, handover_text(a, cfg),
                                   parse_mode=ParseMode.HTML)


def handover_text(a: Applied, cfg: Config) -> str:
    """The hand-over message: who, from whom, what happened, the client's history."""
    head = Words(cfg.language)("deck.handover", company=escape(a.company), who=escape(a.item.who))
    lines = [head] + [f"· {escape(h)}" for h in a.history]
    return "\n".join(lines)


async def write_pending(sh: Shared) -> list[Applied]:
    """Apply the stored presses to the sheet (in a thread, one at a time)."""
    now = datetime.now(sh.cfg.tz)
    async with sh.sheet_lock:
        return await asyncio.to_thread(apply_pending, sh.backend(), sh.cfg, _deck(sh), now.date(),
                                       now)
