"""The worker's reminders: at a callback's moment the manager gets the client's card (with its
buttons) under "⏰ перезвонить в 15:00" — once, marked sent after Telegram took it."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from html import escape

from telegram import Bot

from bot.chat.access import Shared
from bot.chat.lookup import sheet_view, show_card
from bot.services import reminders
from bot.words import Words

log = logging.getLogger(__name__)


async def send_due(bot: Bot, sh: Shared, now: datetime) -> None:
    """Send every reminder whose moment has come (the sheet read once). One whose outcome was
    undone or followed by another is dropped unsent."""
    deck = sh.deck
    assert deck is not None
    live = []
    for r in reminders.due(deck, now):
        if reminders.obsolete(deck, r):
            reminders.drop(deck, r.id)
        else:
            live.append(r)
    if not live:
        return
    day = now.astimezone(sh.cfg.tz).date()
    async with sh.sheet_lock:
        morning, history = await asyncio.to_thread(sheet_view, sh, day)
    rows = {p.client_id.strip(): p for p in morning.plan.rows if not p.repeated}
    w = Words(sh.cfg.language)
    for r in live:
        at = r.at.astimezone(sh.cfg.tz).strftime("%H:%M")
        p = rows.get(r.client_id.strip())
        if p is None:
            sent = await bot.send_message(r.chat_id, w("remind.gone", time=at,
                                                       title=escape(r.title)),
                                          parse_mode="HTML")
        else:
            sent = await show_card(bot, sh, r.chat_id, p, history, day,
                                   w("remind.title", time=at))
        reminders.mark_sent(deck, r.id, sent.message_id, now)
    log.info("reminders: %d sent", len(live))
