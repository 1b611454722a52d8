"""Who is asking and what handlers share: the gate that lets only managers and heads in, and the
typed context every handler gets (the config, the sheet, one lock for its I/O, the words)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram import Bot, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, CallbackContext, ExtBot

from bot.core.config import Config, Manager
from bot.services.backend import Pace
from bot.services.intake import Intake
from bot.services.state import Deck
from bot.words import Words
from sheets.base import Backend

log = logging.getLogger(__name__)
SHARED = "shared"  # the bot_data key BotContext.shared reads


@dataclass
class Shared:
    """What handlers need, kept in bot_data: the config, the sheet and one lock for its I/O."""

    cfg: Config
    backend_factory: object  # Callable[[], Backend]
    sheet_lock: asyncio.Lock
    deck: Deck | None = None
    intake: Intake | None = None  # /new requests stored before they are written
    behind: set[int] = field(default_factory=set)  # chats with more stored updates waiting
    deferred: dict[int, Callable[[], Awaitable[None]]] = field(default_factory=dict)  # a
    # chat's write and next card, put off while more of his updates wait (see polling.py)
    pace: Pace = field(default_factory=Pace)  # how often presses may be written (none: always)

    def backend(self) -> Backend:
        """The sheet (the worker's factory gives the process's one backend)."""
        return self.backend_factory()  # type: ignore[operator]


@dataclass
class Talk:
    """One user's conversation with the bot between updates (his user_data)."""

    waiting: tuple[str, int] | None = None  # (what, card token) while typed text is expected
    answers: list[str] = field(default_factory=list)  # /new's answers so far
    asked_at: datetime | None = None  # when /new asked its last question (it times out)


class BotContext(CallbackContext[ExtBot[None], Talk, dict[Any, Any], dict[str, Any]]):
    """The context every handler gets: the Shared object, the user's Talk and the words, typed."""

    @property
    def shared(self) -> Shared:
        """The Shared object set up when the application was built."""
        return self.bot_data[SHARED]

    @property
    def talk(self) -> Talk:
        """The asker's conversation state (the gate lets only updates with a user through)."""
        if self.user_data is None:
            raise RuntimeError("an update without a user got past the gate")
        return self.user_data

    @property
    def words(self) -> Words:
        """The catalogue of the configured language."""
        return Words(self.shared.cfg.language)


def manager_of(cfg: Config, user_id: int) -> Manager | None:
    """The configured manager with this Telegram id."""
    return next((m for m in cfg.managers if m.telegram_id == user_id), None)


def is_head(cfg: Config, user_id: int) -> bool:
    """True for a Telegram id listed under heads."""
    return user_id in cfg.heads


def is_known(cfg: Config, user_id: int) -> bool:
    """True for a configured manager or head."""
    return manager_of(cfg, user_id) is not None or is_head(cfg, user_id)


async def gate(update: Update, context: BotContext) -> None:
    """Let managers and heads through in a private chat; tell anyone else his Telegram id only,
    and a known person in a group to write privately (client data goes to private chats only)."""
    if update.edited_message is not None or update.edited_channel_post is not None:
        raise ApplicationHandlerStop  # an edit is not a new answer: nothing acts on it
    user = update.effective_user
    if user is not None and is_known(context.shared.cfg, user.id):
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        await _say(update, context.words("chat.private_only"))
        raise ApplicationHandlerStop
    try:
        await tell_id(update, context)
    except Exception:  # whatever failed, a stranger goes no further than this
        log.warning("could not tell a stranger his Telegram id", exc_info=True)
    raise ApplicationHandlerStop


async def _say(update: Update, text: str) -> None:
    """Answer a message or a button with a short text (a button gets it as a pop-up)."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None:
            await update.message.reply_text(text)
    except Exception:  # noqa: BLE001 - the hint is a courtesy; the stop is what matters
        log.warning("could not answer in a group chat", exc_info=True)


async def tell_id(update: Update, context: BotContext) -> None:
    """Answer a stranger's message or button once, with his Telegram id (no spinner left)."""
    user, query, message = update.effective_user, update.callback_query, update.message
    if user is None:
        return
    if query is not None:
        await query.answer(context.words("chat.stranger_alert", id=user.id), show_alert=True)
    elif message is not None:
        await message.reply_text(context.words("chat.stranger", id=user.id),
                                 parse_mode=ParseMode.HTML)


async def notify(bot: Bot, chat_id: int, text: str) -> bool:
    """Send a notice (HTML); a chat that cannot get it (blocked the bot, 400, Telegram down)
    is logged, so one person's failure never stops another's deck. True when it went."""
    try:
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
        return True
    except TelegramError as err:
        log.warning("notice to chat %s not delivered: %s", chat_id, err)
        return False
