"""One wiring point: the python-telegram-bot Application with every handler registered."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler
from telegram.request import HTTPXRequest

from bot.chat import commands
from bot.chat import deck as deck_chat
from bot.chat import incoming as incoming_chat
from bot.chat.access import Shared
from bot.core.config import Config


def build_app(cfg: Config, token: str, shared: Shared) -> Application:
    """The python-telegram-bot Application with every handler registered."""
    app = (Application.builder().token(token).base_url(cfg.telegram.base_url)
           .request(HTTPXRequest(connection_pool_size=32, read_timeout=20, write_timeout=20))
           .get_updates_request(HTTPXRequest(read_timeout=30))
           .build())
    app.bot_data["shared"] = shared
    register(app)
    return app


def register(app: Application) -> None:
    """Attach every command handler to the application."""
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("today", commands.today))
    app.add_handler(CommandHandler("report", commands.report_cmd))
    app.add_error_handler(commands.on_error)
    incoming_chat.register(app)
    deck_chat.register(app)
