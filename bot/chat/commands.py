"""Telegram commands: /start, /today, /report, and the error handler."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.chat.access import is_head, manager_of, shared
from bot.core import digest
from bot.core.report import period, render
from bot.services.chart import png
from bot.services.morning import prepare
from bot.services.reports import make
from sheets.errors import UserError


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet a known manager with what he can do; tell anyone else only his Telegram id."""
    user = update.effective_user
    if user is None or update.effective_message is None:
        return
    cfg = shared(context).cfg
    ru = cfg.language != "en"
    manager = manager_of(cfg, user.id)
    if manager is None and not is_head(cfg, user.id):
        text = (f"Ваш Telegram id: <code>{user.id}</code>\nПередайте его руководителю отдела "
                f"продаж — он добавит вас в config.yaml." if ru else
                f"Your Telegram id: <code>{user.id}</code>\nGive it to your head of sales — "
                f"he will add you to config.yaml.")
    else:
        name = manager.name if manager else (user.first_name or "")
        text = (f"Здравствуйте, {digest.escape(name)}! Каждое рабочее утро я пришлю ваш список "
                f"звонков.\n/next — следующая карточка: звоните и жмите итог\n"
                f"/today — список на сегодня ещё раз" if ru else
                f"Hello, {digest.escape(name)}! Every working morning I send your call list.\n"
                f"/next — the next card: call and press the outcome\n"
                f"/new — record an incoming request\n"
                f"/today — today's list again")
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the asker his list for today again (a head gets the per-manager summary)."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    sh = shared(context)
    cfg = sh.cfg
    manager = manager_of(cfg, user.id)
    if manager is None and not is_head(cfg, user.id):
        await start(update, context)
        return
    day = datetime.now(cfg.tz).date()
    async with sh.sheet_lock:
        morning = await asyncio.to_thread(prepare, sh.backend(), cfg, day)
    if manager is None:
        texts = digest.head_summary(morning.lists, [], cfg.language)
    else:
        ml = next(m for m in morning.lists if m.manager.telegram_id == manager.telegram_id)
        texts = morning.messages(ml, cfg.language)
    for text in texts:
        await message.reply_text(text, parse_mode=ParseMode.HTML)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the asker in words when the sheet cannot be read; log anything else."""
    err = context.error
    if isinstance(err, UserError) and isinstance(update, Update) and update.effective_message:
        await update.effective_message.reply_text(err.text(shared(context).cfg.language))
        return
    logging.getLogger(__name__).error("handler failed: %s", err, exc_info=err)


async def report_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a head the report (text and chart) for a period: /report, /report month,
    /report 01.11 15.11. A manager gets a polite no; anyone else only his id."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sh = shared(context)
    cfg = sh.cfg
    ru = cfg.language != "en"
    if not is_head(cfg, user.id):
        if manager_of(cfg, user.id) is None:
            await start(update, context)
        else:
            await message.reply_text("Отчёт доступен руководителю отдела. Ваши цифры он "
                                     "увидит сам 🙂" if ru else
                                     "The report is for the head of sales.")
        return
    today = datetime.now(cfg.tz).date()
    try:
        start_day, end_day = period(" ".join(context.args or []), today)
    except ValueError:
        await message.reply_text("Не понял период. Примеры: /report, /report month, "
                                 "/report 01.11 15.11" if ru else "Unknown period. Examples: "
                                 "/report, /report month, /report 01.11 15.11")
        return
    async with sh.sheet_lock:
        rep = await asyncio.to_thread(make, sh.backend(), cfg, start_day, end_day, today)
    blocks = render(rep, cfg.language).split("\n\n")
    for part in digest.split(blocks[0], blocks[1:]):
        await message.reply_text(part, parse_mode=ParseMode.HTML)
    await message.reply_photo(png(rep, cfg.language))
