"""/new: a short dialogue that records an incoming request and tells its manager at once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from telegram import Bot, Update
from telegram.ext import ConversationHandler

from bot.chat.access import BotContext, Shared, manager_of, notify
from bot.core import journal
from bot.core.config import Config, Manager
from bot.core.incoming import Request, find_known, journal_line, new_row, pick_closer
from bot.core.owners import find_manager
from bot.services.appends import fit_appends
from bot.services.intake import Intake
from bot.words import Words
from sheets.base import Backend, CellWrite, Changes
from sheets.errors import SheetBusyError, SheetError, UserError
from sheets.fields import Field
from sheets.table import find_tab, read_clients
from sheets.values import norm

COMPANY, CONTACT, PHONE, WANT = range(4)
TIMEOUT = timedelta(minutes=10)  # an answer later than this after a question starts afresh
ASK = {COMPANY: "incoming.ask_company", CONTACT: "incoming.ask_contact",
       PHONE: "incoming.ask_phone", WANT: "incoming.ask_want"}  # each step's question


@dataclass(frozen=True)
class Routed:
    """Where a request went: to a known client's owner, or a new row of a closer."""

    known: bool
    client_id: str
    owner: Manager | None
    history: list[str]


async def begin(update: Update, context: BotContext) -> int:
    """Start the dialogue: ask for the company."""
    message = update.effective_message
    if message is None:
        return ConversationHandler.END
    context.talk.answers = []
    context.talk.waiting = None  # a card's pending question gives way to the new request
    context.talk.asked_at = datetime.now(context.shared.cfg.tz)
    await message.reply_text(context.words(ASK[COMPANY]))
    return COMPANY


async def answer(update: Update, context: BotContext) -> int:
    """Take one answer; ask the next question or record the request."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return ConversationHandler.END
    sh = context.shared
    now = datetime.now(sh.cfg.tz)
    asked = context.talk.asked_at
    if asked is not None and now - asked > TIMEOUT:
        context.talk.answers, context.talk.asked_at = [], None
        await message.reply_text(context.words("incoming.timed_out",
                                               minutes=int(TIMEOUT.total_seconds() // 60)))
        redo(context, update)  # the text as if no /new was open
        return ConversationHandler.END
    answers = context.talk.answers
    answers.append(message.text or "")
    step = len(answers)
    if step <= WANT:
        context.talk.asked_at = now
        await message.reply_text(context.words(ASK[step]))
        return step
    context.talk.asked_at = None
    context.talk.answers = []
    req = Request(*answers[:4])
    manager = manager_of(sh.cfg, user.id)
    who = manager.name if manager else user.first_name or str(user.id)
    key = f"{message.chat_id}:{message.message_id}"
    if not _intake(sh).add(key, message.chat_id, who, req, datetime.now(sh.cfg.tz)):
        return ConversationHandler.END  # a replayed update: stored (and told) once already
    try:
        await write_requests(sh, context.bot)
    except SheetBusyError:
        await message.reply_text(context.words("incoming.busy"))
    return ConversationHandler.END


async def interrupted(update: Update, context: BotContext) -> int:
    """A command or a button during /new: the dialogue ends (nothing written, the asker is
    told) and the command or button does what it always does."""
    context.talk.answers, context.talk.asked_at = [], None
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id,
                                       context.words("incoming.interrupted"))
    redo(context, update)
    return ConversationHandler.END


def redo(context: BotContext, update: Update) -> None:
    """Handle the update again once the dialogue has ended (a task: the conversation's state
    changes only after this handler returns)."""
    context.application.create_task(context.application.process_update(update), update=update)


def _intake(sh: Shared) -> Intake:
    """The request store (the worker always sets one)."""
    assert sh.intake is not None
    return sh.intake


async def write_requests(sh: Shared, bot: Bot) -> int:
    """Write the stored requests, oldest first, and tell each recorder (and owner); a busy or
    unreadable sheet leaves them stored (SheetError rises), a request that cannot be written
    for another reason is set aside and its recorder told."""
    written = 0
    for item in _intake(sh).pending():
        now = datetime.now(sh.cfg.tz)
        try:
            async with sh.sheet_lock:
                routed = await asyncio.to_thread(record, sh.backend(), sh.cfg, item.request,
                                                 item.who, now.date(), now)
        except SheetError:
            raise  # busy, unreadable: the sheet's problem, every request waits for it
        except Exception as err:  # noqa: BLE001 - this request is set aside, the rest go on
            w = Words(sh.cfg.language)
            why = w.error(err) if isinstance(err, UserError) else w(
                "press.failed", error=" ".join(f"{type(err).__name__}: {err}".split())[:200])
            _intake(sh).finish(item.id, "parked", why)
            await notify(bot, item.chat_id, w("incoming.parked", why=why))
            continue
        _intake(sh).finish(item.id, "written")
        written += 1
        await _tell(bot, sh.cfg, item.request, routed, item.who, item.chat_id)
    return written


async def cancel(update: Update, context: BotContext) -> int:
    """Drop the dialogue; nothing is written."""
    context.talk.answers, context.talk.asked_at = [], None
    if update.effective_message:
        await update.effective_message.reply_text(context.words("incoming.cancelled"))
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
    backend.save(fit_appends(backend, cfg, changes))
    return Routed(known is not None, client_id, owner, history)


async def _tell(bot: Bot, cfg: Config, req: Request, routed: Routed, who: str,
                chat_id: int) -> None:
    """Confirm to the recorder; tell the owner at once, with the client's history."""
    w = Words(cfg.language)
    owner = routed.owner.name if routed.owner else "—"
    done = w("incoming.saved_known" if routed.known else "incoming.saved_new", owner=owner)
    await bot.send_message(chat_id, done)
    if routed.owner is None:
        return
    lines = [w("incoming.title_known" if routed.known else "incoming.title"),
             f"<b>{escape(req.company)}</b> — {escape(req.contact)}, {escape(req.phone)}",
             w("incoming.wants", want=escape(req.want)),
             w("incoming.recorded_by", who=escape(who))]
    if routed.history:
        lines.append(w("chat.history"))
        lines += [f"· {escape(h)}" for h in routed.history]
    if norm(routed.owner.name) != norm(who):
        await notify(bot, routed.owner.telegram_id, "\n".join(lines))
