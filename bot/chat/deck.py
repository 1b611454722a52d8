"""Telegram side of the deck: /next deals a card, buttons record outcomes, typed text gives a
date or a note. Every press is stored before anything else, and checked for who is asking."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from html import escape

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.chat import cards
from bot.chat.access import Shared, is_head, manager_of, shared
from bot.chat.commands import start
from bot.core import journal
from bot.core.config import Config, Manager
from bot.core.outcomes import Kind, move_day, typed_day
from bot.services.deck import Applied, apply_pending, version
from bot.services.morning import prepare
from bot.services.state import Card, Deck
from sheets.errors import SheetBusyError
from sheets.table import find_tab
from sheets.values import parse_money

log = logging.getLogger(__name__)
WAIT = "deck_wait"  # user_data key: (what, card token) while typed text is expected
PROMPTS = {
    "date": ("Напишите дату: 25.11, 25.11.2026 или «завтра»",
             "Type a date: 25.11, 25.11.2026 or 'tomorrow'"),
    "note": ("Напишите заметку одним сообщением", "Type the note in one message"),
    "amount": ("Напишите сумму оплаты числом или нажмите «Без суммы»",
               "Type the sum paid, or press 'Without a sum'"),
}


def _deck(sh: Shared) -> Deck:
    """The deck store (the worker always sets one)."""
    assert sh.deck is not None
    return sh.deck


async def next_card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deal the asker the next card of his deck, in the list's order."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sh = shared(context)
    manager = manager_of(sh.cfg, user.id)
    if manager is None and not is_head(sh.cfg, user.id):
        await start(update, context)
        return
    await deal(context, sh, manager, message.chat_id)


async def deal(context: ContextTypes.DEFAULT_TYPE, sh: Shared, manager: Manager | None,
               chat_id: int) -> None:
    """Send the first listed client not worked today, with its buttons: the manager's own
    list, or for a head every manager's, most urgent first."""
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
        await context.bot.send_message(chat_id, "Колода на сегодня пройдена 👍"
                                       if cfg.language != "en" else "Today's deck is done 👍")
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
    history: dict[str, list[journal.Entry]] = {}
    if tab in backend.tabs():
        for entry in journal.read_entries(backend.read(tab)):
            history.setdefault(entry.client_id, []).append(entry)
    return morning, history


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button on a card: open a sub-menu, ask for text, or record an outcome."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    sh = shared(context)
    cfg = sh.cfg
    ru = cfg.language != "en"
    user = query.from_user
    manager = manager_of(cfg, user.id)
    if manager is None and not is_head(cfg, user.id):
        await query.answer(f"Ваш Telegram id: {user.id}" if ru else f"Your Telegram id: {user.id}",
                           show_alert=True)
        return
    parsed = cards.parse(query.data or "")
    card = _deck(sh).card(parsed[1]) if parsed else None
    if parsed is None or card is None:
        await query.answer("Эта кнопка устарела — /next" if ru else "This button is stale — /next")
        return
    if card.chat_id != user.id and not is_head(cfg, user.id):
        await query.answer("Это не ваш клиент." if ru else "Not your client.", show_alert=True)
        return
    action, _, arg = parsed
    if action in ("r", "m", "b"):
        keys = {"r": cards.reason_keys, "m": cards.move_keys, "b": cards.main_keys}[action]
        await query.answer()
        await query.edit_message_reply_markup(keys(card, cfg))
        return
    if action in ("md", "t", "p"):
        what = {"md": "date", "t": "note", "p": "amount"}[action]
        context.user_data[WAIT] = (what, card.token)
        await query.answer()
        if action == "p":
            await query.edit_message_reply_markup(cards.paid_keys(card, cfg))
        await context.bot.send_message(query.message.chat.id, PROMPTS[what][0 if ru else 1])
        return
    day = datetime.now(cfg.tz).date()
    kinds = {"pp": Kind.paid, "rr": Kind.refused, "mm": Kind.moved, "n": Kind.no_answer}
    if action not in kinds:
        await query.answer()
        return
    context.user_data.pop(WAIT, None)
    kind = kinds[action]
    extra: dict[str, object] = {}
    if kind is Kind.refused:
        reasons = cfg.rules.refusal_reasons
        extra["reason"] = reasons[int(arg)] if arg.isdigit() and int(arg) < len(reasons) else ""
    if kind is Kind.moved:
        extra["day"] = move_day(arg if arg in ("1", "3", "7", "30") else "1", day, cfg)
    key = f"{query.message.chat.id}:{query.message.message_id}:{card.token}:{kind}"
    who = manager.name if manager else (user.first_name or str(user.id))
    fresh = _deck(sh).enqueue(key, query.message.chat.id, who, card, kind,
                              now=datetime.now(cfg.tz), **extra)  # type: ignore[arg-type]
    await query.answer("Записываю…" if ru else "Saving…")
    if not fresh:
        return  # a double press or a replayed update: already stored once
    await finish(context, sh, query.message.chat.id, card, manager)


async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text after "Своя дата" or "Заметка": the date or the note for that card."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    sh = shared(context)
    cfg = sh.cfg
    waiting = (context.user_data or {}).get(WAIT)
    manager = manager_of(cfg, user.id)
    if manager is None and not is_head(cfg, user.id):
        await start(update, context)
        return
    if not waiting:
        return
    what, token = waiting
    card = _deck(sh).card(token)
    if card is None:
        context.user_data.pop(WAIT, None)
        return
    day = datetime.now(cfg.tz).date()
    ru = cfg.language != "en"
    extra: dict[str, object]
    if what == "date":
        chosen = typed_day(message.text, day)
        if chosen is None or chosen < day:
            await message.reply_text("Не понял дату. Напишите 25.11, 25.11.2026 или «завтра»."
                                     if ru else "Not a date. Type 25.11, 25.11.2026 or "
                                     "'tomorrow'.")
            return
        kind, extra = Kind.moved, {"day": chosen}
    elif what == "amount":
        try:
            amount = parse_money(message.text)
        except ValueError:
            amount = None
        if amount is None or amount < 0:
            await message.reply_text("Не понял сумму. Напишите число, например 125000, или "
                                     "нажмите «Без суммы»." if ru else "Not a sum. Type a "
                                     "number such as 125000, or press 'Without a sum'.")
            return
        kind, extra = Kind.paid, {"amount": amount}
    else:
        kind, extra = Kind.note, {"text": message.text}
    context.user_data.pop(WAIT, None)
    key = f"{message.chat_id}:{message.message_id}:text"
    who = manager.name if manager else (user.first_name or str(user.id))
    if _deck(sh).enqueue(key, message.chat_id, who, card, kind, now=datetime.now(cfg.tz),
                         **extra):  # type: ignore[arg-type]
        await finish(context, sh, message.chat_id, card, manager)


async def finish(context: ContextTypes.DEFAULT_TYPE, sh: Shared, chat_id: int, card: Card,
                 manager: Manager | None) -> None:
    """Write what is stored, tell the manager how it went, deal the next card."""
    cfg = sh.cfg
    ru = cfg.language != "en"
    try:
        results = await write_pending(sh)
    except SheetBusyError:
        await context.bot.send_message(
            chat_id, "Сохранено. Таблица сейчас занята — запишу, как только освободится."
            if ru else "Saved. The sheet is busy now — I will write it as soon as it is free.")
        results = []
    await announce(context.bot, cfg, results)
    if card.message_id:
        try:
            await context.bot.edit_message_reply_markup(chat_id, card.message_id)
        except Exception:  # noqa: BLE001 - the keyboard may be gone already
            pass
    await deal(context, sh, manager, chat_id)


async def announce(bot: Bot, cfg: Config, results: list[Applied]) -> None:
    """Tell each presser what could not be written, and each new owner what he was handed."""
    ru = cfg.language != "en"
    for a in results:
        if not a.done:
            await bot.send_message(a.item.chat_id, ("Не записано: " if ru else "Not saved: ")
                                   + a.why)
        receiver = next((m for m in cfg.managers if m.name == a.handed_to), None)
        if a.done and receiver is not None:
            await bot.send_message(receiver.telegram_id, handover_text(a, cfg),
                                   parse_mode=ParseMode.HTML)


def handover_text(a: Applied, cfg: Config) -> str:
    """The hand-over message: who, from whom, what happened, the client's history."""
    ru = cfg.language != "en"
    head = (f"🤝 <b>Вам передан клиент: {escape(a.company)}</b>\nот {escape(a.item.who)}"
            if ru else f"🤝 <b>A client is handed to you: {escape(a.company)}</b>\n"
            f"from {escape(a.item.who)}")
    lines = [head] + [f"· {escape(h)}" for h in a.history]
    return "\n".join(lines)


async def write_pending(sh: Shared) -> list[Applied]:
    """Apply the stored presses to the sheet (in a thread, one at a time)."""
    now = datetime.now(sh.cfg.tz)
    async with sh.sheet_lock:
        return await asyncio.to_thread(apply_pending, sh.backend(), sh.cfg, _deck(sh), now.date(),
                                       now)


def register(app: Application) -> None:
    """Attach the deck's handlers."""
    app.add_handler(CommandHandler("next", next_card))
    app.add_handler(CallbackQueryHandler(press))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, typed))

