"""Look-ups a manager asks for between calls: /find a client (an inbound caller) as cards with
their buttons, /tomorrow's list, /my own week; and the one way a single client's card is sent
outside the deck (also used by the worker's reminders)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from telegram import Bot, Message, Update
from telegram.constants import ParseMode

from bot.chat import cards
from bot.chat.access import BotContext, Shared, is_head, manager_of
from bot.chat.commands import send_list
from bot.core import journal, texts
from bot.core.find import matches
from bot.core.lists import Entry
from bot.core.plan import RowPlan
from bot.core.report import period, week_text
from bot.services.deck import version
from bot.services.morning import Morning, prepare
from bot.services.reports import make
from sheets.table import find_tab
from sheets.values import norm

MAX_FOUND = 5  # cards /find sends; beyond these it asks for a narrower query
History = dict[str, list[journal.JournalLine]]


def sheet_view(sh: Shared, day: date) -> tuple[Morning, History]:
    """The sheet as of a day (nothing written) and each client's journal lines (in a thread)."""
    backend = sh.backend()
    morning = prepare(backend, sh.cfg, day)
    tab = find_tab(backend, sh.cfg.sheet.journal_tab)
    history: History = {}
    if tab in backend.tabs():
        for entry in journal.read_lines(backend.read(tab)):
            history.setdefault(entry.client_id, []).append(entry)
    return morning, history


async def show_card(bot: Bot, sh: Shared, chat_id: int, p: RowPlan, history: History,
                    day: date, head: str = "") -> Message:
    """Deal one client's card to a chat (its buttons act like the deck's) and send it, with
    `head` above it (a reminder's line)."""
    cfg = sh.cfg
    assert sh.deck is not None
    r = p.row
    card = sh.deck.deal(chat_id, p.client_id, version(r), day,
                        r.company or r.contact or p.client_id)
    why = texts.why_due(p.due, cfg.language) if p.due else ""
    text = cards.card_text(Entry(p, why), history.get(p.client_id, []), cfg, None)
    sent = await bot.send_message(chat_id, f"{head}\n{text}" if head else text,
                                  parse_mode=ParseMode.HTML,
                                  reply_markup=cards.main_keys(card, cfg))
    sh.deck.shown(card.token, sent.message_id)
    return sent


async def find(update: Update, context: BotContext) -> None:
    """/find <name or phone digits>: the matching clients as cards (a manager's own, a head's
    everyone's), at most five, then how many more."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sh = context.shared
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(context.words("find.usage"))
        return
    manager = manager_of(sh.cfg, user.id)
    mine = None if is_head(sh.cfg, user.id) or manager is None else norm(manager.name)
    day = datetime.now(sh.cfg.tz).date()
    async with sh.sheet_lock:
        morning, history = await asyncio.to_thread(sheet_view, sh, day)
    found = [p for p in morning.plan.rows if not p.repeated and matches(p.row, query)
             and (mine is None or norm(p.owner) == mine)]
    if not found:
        await message.reply_text(context.words("find.none", query=query[:100]))
        return
    for p in found[:MAX_FOUND]:
        await show_card(context.bot, sh, message.chat_id, p, history, day)
    if len(found) > MAX_FOUND:
        await message.reply_text(context.words("find.more", more=len(found) - MAX_FOUND))


async def tomorrow(update: Update, context: BotContext) -> None:
    """/tomorrow: the asker's list for the next working day (a head: the summary)."""
    cfg = context.shared.cfg
    await send_list(update, context, cfg.calendar().next_workday(datetime.now(cfg.tz).date()))


async def my_week(update: Update, context: BotContext) -> None:
    """/my: a manager's own week so far — cards worked, outcomes, payments, norm-hours."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sh = context.shared
    manager = manager_of(sh.cfg, user.id)
    if manager is None:
        await message.reply_text(context.words("my.heads_only"))
        return
    today = datetime.now(sh.cfg.tz).date()
    start, end = period("", today)
    async with sh.sheet_lock:
        rep = await asyncio.to_thread(make, sh.backend(), sh.cfg, start, end, today)
    await message.reply_text(week_text(rep, manager.name, sh.cfg.language),
                             parse_mode=ParseMode.HTML)
