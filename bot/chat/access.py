"""Who is asking and what handlers share: the config, the sheet, one lock for its I/O."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from telegram.ext import ContextTypes

from bot.core.config import Config, Manager
from bot.services.state import Deck
from sheets.base import Backend


@dataclass
class Shared:
    """What handlers need, kept in bot_data: the config, the sheet and one lock for its I/O."""

    cfg: Config
    backend_factory: object  # Callable[[], Backend]
    sheet_lock: asyncio.Lock
    deck: Deck | None = None

    def backend(self) -> Backend:
        """A fresh backend (re-reads the sheet)."""
        return self.backend_factory()  # type: ignore[operator]


def shared(context: ContextTypes.DEFAULT_TYPE) -> Shared:
    """The Shared object set up when the application was built."""
    return context.application.bot_data["shared"]


def manager_of(cfg: Config, user_id: int) -> Manager | None:
    """The configured manager with this Telegram id."""
    return next((m for m in cfg.managers if m.telegram_id == user_id), None)


def is_head(cfg: Config, user_id: int) -> bool:
    """True for a Telegram id listed under heads."""
    return user_id in cfg.heads


