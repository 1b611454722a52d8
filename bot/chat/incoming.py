"""/new: a short dialogue that records an incoming request and tells its manager at once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.chat.access import is_head, manager_of, shared
from bot.chat.commands import start
from bot.core import journal
from bot.core.config import Config, Manager
from bot.core.incoming import Request, find_known, journal_line, new_row, pick_closer
from bot.core.owners import find_manager
from sheets.base import Backend, CellWrite, Changes
from sheets.errors import UserError
from sheets.fields import Field
from sheets.table import find_tab, read_clients
from sheets.values import norm

COMPANY, CONTACT, PHONE, WANT = range(4)
KEY = "new_request"
ASK = {
    COMPANY: ("Новый запрос. Компания? (/cancel — отменить)", "New request. Company? (/cancel)"),
    CONTACT: ("Контактное лицо?", "Contact person?"),
    PHONE: ("Телефон?", "Phone?"),
    WANT: ("Что хотят?", "What do they want?"),
}


@dataclass(frozen=True)
class Routed:
    """Where a request went: to a known client's owner, or a new row of a closer."""

    known: bool
    client_id: str
    owner: Manager | None
    history: list[str]


def _ask(cfg: Config, step: int) -> str:
    """The question of a step in the configured language."""
    return ASK[step][0 if cfg.language != "en" else 1]


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Start the dialogue (managers and heads only)."""
    user, message = update.effective_user, update.effective_message
    sh = shared(context)
    if user is None or message is None:
        return ConversationHandler.END
    if manager_of(sh.cfg, user.id) is None and not is_head(sh.cfg, user.id):
        await start(update, context)
        return ConversationHandler.END
    context.user_data[KEY] = []
    await message.reply_text(_ask(sh.cfg, COMPANY))
    return COMPANY


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take one answer; ask the next question or record the request."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return ConversationHandler.END
    sh = shared(context)
    answers: list[str] = context.user_data.setdefault(KEY, [])
    answers.append(message.text or "")
    step = len(answers)
    if step <= WANT:
        await message.reply_text(_ask(sh.cfg, step))
        return step
    context.user_data.pop(KEY, None)
    req = Request(*answers[:4])
    manager = manager_of(sh.cfg, user.id)
    who = manager.name if manager else user.first_name or str(user.id)
    now = datetime.now(sh.cfg.tz)
    try:
        async with sh.sheet_lock:
            routed = await asyncio.to_thread(record, sh.backend(), sh.cfg, req, who, now.date(),
                                             now)
    except UserError as err:
        await message.reply_text(err.text(sh.cfg.language))
        return ConversationHandler.END
    await _tell(context, sh.cfg, req, routed, who, message.chat_id)
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Drop the dialogue; nothing is written."""
    context.user_data.pop(KEY, None)
    if update.effective_message:
        ru = shared(context).cfg.language != "en"
        await update.effective_message.reply_text("Отменено." if ru else "Cancelled.")
    return ConversationHandler.END


def record(backend: Backend, cfg: Config, req: Request, who: str, today: date,
           now: datetime) -> Routed:
    """Write the request: a journal line (and a next contact today) for a known client, or a
    new row owned by a closer; one save."""
    table = read_clients(backend, cfg.table_settings())
    tab = table.layout.tab
    changes = Changes()
    known = find_known(table, req)
    if known is not None:
        owner = find_manager(known.owner, cfg.managers)
        client_id = known.id
        col = table.layout.columns.get(Field.next_contact)
        if col and (known.next_contact is None or known.next_contact > today):
            changes.cells[tab] = [CellWrite(known.row, col, today)]
    else:
        owner = pick_closer(table, cfg, req.company or req.phone)
        client_id, row = new_row(table, cfg, req, owner.name if owner else "", who, today)
        changes.appends[tab] = [row]
    jtab = find_tab(backend, cfg.sheet.journal_tab)
    history: list[str] = []
    if jtab in backend.tabs():
        history = journal.recent(e for e in journal.read_lines(backend.read(jtab))
                                 if e.client_id == client_id)
    else:
        changes.new_tabs[jtab] = journal.headers(cfg.language)
    changes.appends[jtab] = [journal_line(req, client_id, who, now, today,
                                          cfg.language).cells()]
    backend.save(changes)
    return Routed(known is not None, client_id, owner, history)


async def _tell(context: ContextTypes.DEFAULT_TYPE, cfg: Config, req: Request, routed: Routed,
                who: str, chat_id: int) -> None:
    """Confirm to the recorder; tell the owner at once, with the client's history."""
    ru = cfg.language != "en"
    owner = routed.owner.name if routed.owner else "—"
    if ru:
        done = (f"Записано. Клиент уже есть в базе — передан: {owner}." if routed.known
                else f"Записано. Новый клиент, тёплый лид — ведёт {owner}.")
    else:
        done = (f"Saved. A known client — sent to {owner}." if routed.known
                else f"Saved. A new client, a warm lead — {owner} takes it.")
    await context.bot.send_message(chat_id, done)
    if routed.owner is None:
        return
    lines = [("📞 <b>Входящий запрос</b>" if ru else "📞 <b>Incoming request</b>")
             + (" (" + ("клиент из базы" if ru else "known client") + ")" if routed.known
                else ""),
             f"<b>{escape(req.company)}</b> — {escape(req.contact)}, {escape(req.phone)}",
             ("Хотят: " if ru else "Wants: ") + escape(req.want),
             ("Записал: " if ru else "Recorded by: ") + escape(who)]
    if routed.history:
        lines.append("История:" if ru else "History:")
        lines += [f"· {escape(h)}" for h in routed.history]
    if norm(routed.owner.name) != norm(who):
        await context.bot.send_message(routed.owner.telegram_id, "\n".join(lines),
                                       parse_mode=ParseMode.HTML)


def register(app: Application) -> None:
    """Attach the /new dialogue (before the deck's text handler, so it gets the answers)."""
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(ConversationHandler(
        entry_points=[CommandHandler("new", begin)],
        states={step: [MessageHandler(text, answer)] for step in ASK},
        fallbacks=[CommandHandler("cancel", cancel)],
    ))

