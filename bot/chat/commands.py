"""Telegram commands: /start, /help, /today, /report, and the error handler."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime

from telegram import Update
from telegram.constants import ParseMode

from bot.chat.access import BotContext, is_head, manager_of
from bot.chat.cards import next_keyboard
from bot.core import digest
from bot.core.report import period, render
from bot.services.chart import picture
from bot.services.morning import prepare
from bot.services.reports import make
from sheets.errors import UserError


async def start(update: Update, context: BotContext) -> None:
    """Greet a manager or a head with what he can do (the gate told strangers their id)."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    cfg = context.shared.cfg
    manager = manager_of(cfg, user.id)
    name = digest.escape(manager.name if manager else (user.first_name or ""))
    if manager is None:  # the gate let him in: a head, who has no call list of his own
        await message.reply_text(context.words("chat.hello_head", name=name),
                                 parse_mode=ParseMode.HTML)
        return
    await message.reply_text(context.words("chat.hello", name=name), parse_mode=ParseMode.HTML,
                             reply_markup=next_keyboard(cfg))


async def help_cmd(update: Update, context: BotContext) -> None:
    """Explain what the asker can do: a manager the deck, its outcomes, /new and /today; a head
    his own commands (someone both gets both)."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    cfg = context.shared.cfg
    manager = manager_of(cfg, user.id)
    if manager is not None:
        await message.reply_text(context.words("chat.help_manager"), parse_mode=ParseMode.HTML,
                                 reply_markup=next_keyboard(cfg))
    if is_head(cfg, user.id):
        await message.reply_text(context.words("chat.help_head"), parse_mode=ParseMode.HTML)


async def today(update: Update, context: BotContext) -> None:
    """Send the asker his list for today again (a head gets the per-manager summary)."""
    cfg = context.shared.cfg
    await send_list(update, context, datetime.now(cfg.tz).date())


async def send_list(update: Update, context: BotContext, day: date) -> None:
    """The asker's list for a day (/today, /tomorrow); a head gets the per-manager summary."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sh = context.shared
    cfg = sh.cfg
    async with sh.sheet_lock:
        morning = await asyncio.to_thread(prepare, sh.backend(), cfg, day)
    manager = manager_of(cfg, user.id)
    if manager is None:
        texts = digest.head_summary(morning.lists, [], cfg.language, morning.plan)
    else:
        ml = next(m for m in morning.lists if m.manager.telegram_id == manager.telegram_id)
        texts = morning.messages(ml, cfg.language)
    for text in texts:
        await message.reply_text(text, parse_mode=ParseMode.HTML)


async def on_error(update: object, context: BotContext) -> None:
    """Tell the asker in words when the sheet cannot be read; log anything else."""
    err = context.error
    if isinstance(err, UserError) and isinstance(update, Update) and update.effective_message:
        await update.effective_message.reply_text(context.words.error(err))
        return
    logging.getLogger(__name__).error("handler failed: %s", err, exc_info=err)


async def report_cmd(update: Update, context: BotContext) -> None:
    """Send a head the report (text and chart) for a period: /report, /report month,
    /report 01.11 15.11. A manager gets a polite no."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sh = context.shared
    cfg = sh.cfg
    if not is_head(cfg, user.id):
        await message.reply_text(context.words("chat.report_for_heads"))
        return
    today = datetime.now(cfg.tz).date()
    try:
        start_day, end_day = period(" ".join(context.args or []), today)
    except ValueError:
        await message.reply_text(context.words("chat.report_period"))
        return
    async with sh.sheet_lock:
        rep = await asyncio.to_thread(make, sh.backend(), cfg, start_day, end_day, today)
    blocks = render(rep, cfg.language).split("\n\n")
    for part in digest.split(blocks[0], blocks[1:]):
        await message.reply_text(part, parse_mode=ParseMode.HTML)
    chart = picture(rep, cfg.language)  # none for a period with nothing worked
    if chart is not None:
        await message.reply_photo(chart)
