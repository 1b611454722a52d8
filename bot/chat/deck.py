"""Telegram side of the deck: /next deals a card, one handler per kind of button records an
outcome or opens a sub-menu, typed text gives a date, a note or a sum. Every press is stored
before anything else, and only the card's manager (or a head) may press its buttons."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from html import escape

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Update, User
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.chat import cards
from bot.chat.access import BotContext, Shared, is_head, manager_of, notify
from bot.core import journal
from bot.core.config import Config, Manager
from bot.core.outcomes import Kind, Outcome, move_day
from bot.core.when import WhenError, parse_when
from bot.services import reminders
from bot.services.deck import UNDO, Applied, apply_pending, version
from bot.services.morning import prepare
from bot.services.state import Card, Deck, Queued, StateBusyError
from bot.words import Words
from sheets.errors import SheetBusyError
from sheets.table import find_tab
from sheets.values import norm, parse_money

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
    context.talk.waiting = None  # a prompt left unanswered is dropped with its card
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
    left = [e for e in entries if e.plan.client_id not in worked and not e.plan.repeated]
    if not left:
        await context.bot.send_message(chat_id, context.words("deck.done"))
        return
    e = left[0]
    r = e.plan.row
    card = _deck(sh).deal(chat_id, e.plan.client_id, version(r), day,
                          r.company or r.contact or e.plan.client_id)
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
    try:
        manager, fresh = _store(context, key, press.chat_id, press.query.from_user, press.card,
                                outcome)
    except StateBusyError:  # kept in memory: the worker stores and writes it in a moment
        await press.query.answer(context.words("deck.kept"), show_alert=True)
        return
    await press.query.answer(context.words("deck.saving"))
    if not fresh:
        return  # a double press or a replayed update: already stored once
    await finish(context, press.chat_id, key, manager)


def _store(context: BotContext, key: str, chat_id: int, user: User, card: Card,
           outcome: Outcome, kind: str = "", target: int | None = None
           ) -> tuple[Manager | None, bool]:
    """Store a press durably under its key (an undo: its kind and target): the presser's
    manager, and False for a repeat."""
    cfg = context.shared.cfg
    manager = manager_of(cfg, user.id)
    who = manager.name if manager else (user.first_name or str(user.id))
    fresh = _deck(context.shared).enqueue(
        key, chat_id, who, card, kind or outcome.kind, reason=outcome.reason, day=outcome.day,
        text=outcome.text, amount=outcome.amount, now=datetime.now(cfg.tz), target=target)
    return manager, fresh


async def typed(update: Update, context: BotContext) -> None:
    """Text after "Своя дата", "Заметка" or "Оплатил": the date, the note or the sum."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    if context.talk.waiting is None:  # nothing asked: say what the bot does understand
        await message.reply_text(context.words("chat.hint"))
        return
    what, token = context.talk.waiting
    card = _deck(context.shared).card(token)
    if card is None:
        context.talk.waiting = None
        return
    now = datetime.now(context.shared.cfg.tz)
    outcome = understood(what, message.text, now)
    if outcome is None:
        await message.reply_text(context.words(misread(what, message.text, now)))
        return
    context.talk.waiting = None
    key = f"{message.chat_id}:{message.message_id}:text"
    try:
        manager, fresh = _store(context, key, message.chat_id, user, card, outcome)
    except StateBusyError:  # kept in memory: the worker stores and writes it in a moment
        await message.reply_text(context.words("deck.kept"))
        return
    if fresh:
        _remind_at(context, key, message.chat_id, card, outcome)
        await finish(context, message.chat_id, key, manager)


def _remind_at(context: BotContext, key: str, chat_id: int, card: Card, outcome: Outcome) -> None:
    """A callback typed with a time ("сегодня 15:00"): the worker reminds the chat then."""
    if outcome.kind is not Kind.moved or outcome.day is None or not outcome.text:
        return
    cfg = context.shared.cfg
    at = datetime.combine(outcome.day, time.fromisoformat(outcome.text), tzinfo=cfg.tz)
    deck = _deck(context.shared)
    try:
        reminders.remind(deck, key, chat_id, card.client_id, at, deck.title(card.token))
    except StateBusyError:  # the callback is recorded; only its reminder is lost
        log.warning("state file busy: the reminder at %s for chat %s not stored", at, chat_id)


def sane_amount(amount: float | None) -> bool:
    """A sum a payment can have: a finite number above zero, below a trillion.

    >>> [sane_amount(x) for x in (85000.0, 0.0, -5.0, float("inf"), float("nan"), 1e309, None)]
    [True, False, False, False, False, False, False]
    """
    return amount is not None and math.isfinite(amount) and 0 < amount < MAX_AMOUNT


def understood(what: str, text: str, now: date | datetime) -> Outcome | None:
    """The outcome typed text gives: a callback not in the past (its time, "15:00", as the
    outcome's text), a sum, or a note; None if unclear.

    >>> understood("amount", "125 000,50", date(2026, 11, 23)).amount
    125000.5
    >>> moved = understood("date", "в чт 15:00", datetime(2026, 11, 23, 10, 0))
    >>> moved.kind, moved.day, moved.text
    (<Kind.moved: 'moved'>, datetime.date(2026, 11, 26), '15:00')
    """
    if what == "date":
        try:
            when = parse_when(text, _moment(now))
        except WhenError:
            return None
        return Outcome(Kind.moved, day=when.day,
                       text=when.at.strftime("%H:%M") if when.at is not None else "")
    if what == "amount":
        try:
            amount = parse_money(text)
        except ValueError:
            return None
        return Outcome(Kind.paid, amount=amount) if sane_amount(amount) else None
    return Outcome(Kind.note, text=text)


def _moment(now: date | datetime) -> datetime:
    """A day as its first moment (a date-time stays as it is)."""
    return now if isinstance(now, datetime) else datetime.combine(now, time.min)


def misread(what: str, text: str, now: datetime) -> str:
    """The catalogue key of the hint for text that was not understood: for a date, why not
    (passed, two readings, or no date at all)."""
    if what == "date":
        try:
            parse_when(text, now)
        except WhenError as err:
            return err.key
    return MISREAD[what]


async def finish(context: BotContext, chat_id: int, key: str, manager: Manager | None) -> None:
    """Write what is stored and show on the card what was recorded (or that it waits for the
    sheet), with an undo button; after an outcome (not a note) deal the next card. When more of
    the chat's updates wait (a restart's backlog), this happens once, after the last of them."""
    sh = context.shared
    if chat_id in sh.behind:
        sh.deferred[chat_id] = lambda: finish(context, chat_id, key, manager)
        return
    sh.deferred.pop(chat_id, None)
    item = _deck(sh).item_by_key(key)
    try:
        results = await write_pending(sh)
    except SheetBusyError:
        results = []
        if item is not None:
            await show_waiting(context.bot, sh.cfg, _deck(sh), item)
    await announce(context.bot, sh.cfg, results)
    if item is not None and item.kind != Kind.note:
        await deal(context, manager, chat_id)


async def show_waiting(bot: Bot, cfg: Config, deck: Deck, item: Queued) -> None:
    """The sheet is busy: the card says what is saved and that it will be written, with undo."""
    w = Words(cfg.language)
    lines = [cards.recorded(item, cfg), w("deck.recorded.waiting"), cards.undo_until(item, cfg)]
    card = deck.card(item.card) if item.card is not None else None
    title = deck.title(card.token) if card else ""
    await _say(bot, item.chat_id, None if item.kind == Kind.note or card is None
               else card.message_id, cards.confirmation(title, lines), cards.undo_keys(item, cfg))


async def _say(bot: Bot, chat_id: int, message_id: int | None, text: str,
               keys: InlineKeyboardMarkup | None) -> None:
    """Edit a card's message into `text` (a new message when there is none to edit)."""
    if message_id is not None:
        try:
            await bot.edit_message_text(text, chat_id, message_id, parse_mode=ParseMode.HTML,
                                        reply_markup=keys)
            return
        except TelegramError:  # too old, deleted, or already says so
            log.info("could not edit card message %s in %s", message_id, chat_id)
    await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keys)


async def announce(bot: Bot, cfg: Config, results: list[Applied]) -> None:
    """Show each presser what was recorded (or why not), each new owner what he was handed,
    and the previous owner where his client went."""
    w = Words(cfg.language)
    for a in results:
        chat = a.item.chat_id
        if a.item.kind == UNDO:
            await _undone(bot, cfg, a)
        elif a.parked:
            await notify(bot, chat, w("deck.parked", id=a.item.client_id, why=a.why))
        elif not a.done:
            await notify(bot, chat, w("deck.not_saved", why=a.why))
            if a.message_id is not None:
                try:
                    await bot.edit_message_reply_markup(chat, a.message_id)
                except TelegramError:  # the keyboard may be gone already
                    pass
        else:
            await _confirm(bot, cfg, a)
            await _tell_owners(bot, cfg, a)


async def _confirm(bot: Bot, cfg: Config, a: Applied) -> None:
    """The card becomes what was recorded, with "↩️ Отменить" (a note: a message of its own,
    the card keeps its buttons)."""
    lines = [cards.recorded(a.item, cfg, a.next_contact)]
    if a.handed_to:
        lines.append(Words(cfg.language)("deck.handed_away", company=escape(a.company),
                                         owner=escape(a.handed_to), why=escape(a.segment)))
    lines.append(cards.undo_until(a.item, cfg))
    note = a.item.kind == Kind.note
    await _say(bot, a.item.chat_id, None if note else a.message_id,
               cards.confirmation("" if note else a.title, lines), cards.undo_keys(a.item, cfg))


async def _undone(bot: Bot, cfg: Config, a: Applied) -> None:
    """An undo written: the card gets its buttons back; refused: why, in words."""
    w = Words(cfg.language)
    if not a.done or a.target is None:
        await notify(bot, a.item.chat_id, w("deck.undo_refused", why=a.why))
        return
    await show_undone(bot, cfg, a.target, a.message_id, a.title, "deck.undone")


async def show_undone(bot: Bot, cfg: Config, target: Queued, message_id: int | None, title: str,
                      key: str) -> None:
    """The card after an undo: what was taken back, and its outcome buttons again."""
    w = Words(cfg.language)
    what = cards.recorded(target, cfg)
    if target.kind == Kind.note or target.card is None:
        await bot.send_message(target.chat_id, w("deck.undone_note", what=what),
                               parse_mode=ParseMode.HTML)
        return
    card = Card(target.card, target.chat_id, target.client_id, "", target.created.date(),
                message_id)
    await _say(bot, target.chat_id, message_id, cards.confirmation(title, [w(key, what=what)]),
               cards.main_keys(card, cfg))


async def _tell_owners(bot: Bot, cfg: Config, a: Applied) -> None:
    """A hand-over: the new owner gets the client (phone, why, history); the previous owner,
    when someone else pressed, learns who has him now."""
    receiver = next((m for m in cfg.managers if m.name == a.handed_to), None)
    if receiver is None:
        return
    await notify(bot, receiver.telegram_id, handover_text(a, cfg))
    previous = next((m for m in cfg.managers if norm(m.name) == norm(a.handed_from)), None)
    if previous is not None and previous.telegram_id != a.item.chat_id:
        await notify(bot, previous.telegram_id, Words(cfg.language)(
            "deck.handed_away", company=escape(a.company), owner=escape(a.handed_to),
            why=escape(a.segment)))


def handover_text(a: Applied, cfg: Config) -> str:
    """The hand-over message: who, from whom, the phone, why, the client's history."""
    w = Words(cfg.language)
    lines = [w("deck.handover", company=escape(a.company), who=escape(a.item.who))]
    if a.phone:
        lines.append(w("deck.handover_phone", phone=escape(a.phone)))
    why = cards.recorded(a.item, cfg, a.next_contact)
    lines.append(w("deck.handover_why", why=f"{why} → {escape(a.segment)}" if a.segment else why))
    if a.history:
        lines.append(w("chat.history"))
        lines += [f"· {escape(h)}" for h in a.history]
    return "\n".join(lines)


async def undo(update: Update, context: BotContext) -> None:
    """↩️ Отменить: take back one outcome within 10 minutes and before the client's next one;
    one not yet written is dropped, a written one is put back through the outbox."""
    query = update.callback_query
    sh = context.shared
    parsed = cards.parse(query.data or "") if query else None
    item = _deck(sh).item(parsed[1]) if parsed else None
    if (query is None or item is None or item.kind == UNDO or item.card is None
            or item.status not in ("pending", "applied")):
        await stale(update, context)
        return
    user = query.from_user
    if item.chat_id != user.id and not is_head(sh.cfg, user.id):
        await query.answer(context.words("deck.not_yours"), show_alert=True)
        return
    now = datetime.now(sh.cfg.tz)
    late = now - item.created > cards.UNDO_FOR
    if late or _deck(sh).later_outcome(item):
        await query.answer(context.words("deck.undo_late" if late else "deck.undo_later"),
                           show_alert=True)
        return
    card = _deck(sh).card(item.card)
    if card is None:
        await stale(update, context)
        return
    async with sh.sheet_lock:  # the outbox is not being written while we look
        cancelled = _deck(sh).cancel(item.id)
        _, fresh = (None, False) if cancelled else _store(
            context, f"undo:{item.id}", item.chat_id, user, card, Outcome(Kind.note),
            kind=UNDO, target=item.id)
    await query.answer(context.words("deck.undo_saving"))
    if cancelled:
        await show_undone(context.bot, sh.cfg, item, card.message_id,
                          _deck(sh).title(card.token), "deck.undone_waiting")
    elif fresh:
        try:
            await announce(context.bot, sh.cfg, await write_pending(sh))
        except SheetBusyError:
            await context.bot.send_message(item.chat_id, context.words("deck.recorded.waiting"))


async def write_pending(sh: Shared) -> list[Applied]:
    """Apply the stored presses to the sheet (in a thread, one at a time); right after another
    write, none: the worker's outbox writes them a moment later (Shared.pace)."""
    now = datetime.now(sh.cfg.tz)
    async with sh.sheet_lock:
        if not sh.pace.take():
            return []
        return await asyncio.to_thread(apply_pending, sh.backend(), sh.cfg, _deck(sh), now.date(),
                                       now)
