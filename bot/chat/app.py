"""One wiring point: the python-telegram-bot Application with every handler registered."""

from __future__ import annotations

import asyncio
import logging
import warnings

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.chat import cards, commands, deck, incoming, lookup
from bot.chat.access import SHARED, BotContext, Shared, Talk, gate
from bot.core.config import Config
from bot.services.sturdy import Sleep, Sturdy
from bot.words import LANGUAGES, Words

GATE = -1  # the group of the gate: before every other handler
# the command menu, in this order
MENU = ("next", "today", "tomorrow", "find", "my", "new", "report", "help", "start")
log = logging.getLogger(__name__)


def build_app(cfg: Config, token: str, shared: Shared,
              sleep: Sleep = asyncio.sleep) -> Application:
    """The python-telegram-bot Application with every handler registered; its requests go
    through Sturdy, which waits on `sleep` (the worker's clock)."""
    app = (Application.builder().token(token).base_url(cfg.telegram.base_url)
           .rate_limiter(Sturdy(sleep))
           .context_types(ContextTypes(context=BotContext, user_data=Talk))
           .request(HTTPXRequest(connection_pool_size=32, read_timeout=20, write_timeout=20))
           .get_updates_request(HTTPXRequest(read_timeout=30))
           .build())
    app.bot_data[SHARED] = shared
    register(app)
    return app


async def set_menu(app: Application) -> None:
    """Set the command menu in both languages (Telegram shows each user his own), the
    configured one as the default; a failure is logged, the bot works without a menu."""
    default = app.bot_data[SHARED].cfg.language
    try:
        for lang in (*LANGUAGES, ""):
            w = Words(lang or default)
            await app.bot.set_my_commands(
                [BotCommand(name, w(f"menu.{name}")) for name in MENU], language_code=lang or None)
    except TelegramError:
        log.warning("could not set the command menu", exc_info=True)


def register(app: Application) -> None:
    """Attach the gate, the commands, the /new dialogue, one handler per kind of button (the
    callback data cards.py writes) and the typed-text handler."""
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(TypeHandler(Update, gate), group=GATE)
    with warnings.catch_warnings():  # PTB warns that buttons are tracked per chat: meant so
        warnings.simplefilter("ignore", PTBUserWarning)
        new = ConversationHandler(
            entry_points=[CommandHandler("new", incoming.begin)],
            states={step: [MessageHandler(text, incoming.answer)] for step in incoming.ASK},
            fallbacks=[CommandHandler("cancel", incoming.cancel),
                       MessageHandler(filters.COMMAND, incoming.interrupted),
                       CallbackQueryHandler(incoming.interrupted)])
    app.add_handler(new)  # first: it takes the answers, and any command or button ends it
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("help", commands.help_cmd))
    app.add_handler(MessageHandler(filters.Text(cards.NEXT_TEXTS), deck.next_card))
    app.add_handler(CommandHandler("today", commands.today))
    app.add_handler(CommandHandler("report", commands.report_cmd))
    app.add_handler(CommandHandler("find", lookup.find))
    app.add_handler(CommandHandler("tomorrow", lookup.tomorrow))
    app.add_handler(CommandHandler("my", lookup.my_week))
    app.add_handler(CommandHandler("next", deck.next_card))
    app.add_handler(CallbackQueryHandler(deck.ask_amount, pattern=r"^p:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.paid, pattern=r"^pp:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.show_reasons, pattern=r"^r:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.refused, pattern=r"^rr:[0-9]{1,18}:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.show_moves, pattern=r"^m:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.moved, pattern=r"^mm:[0-9]{1,18}:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.ask_date, pattern=r"^md:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.no_answer, pattern=r"^n:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.ask_note, pattern=r"^t:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.show_main, pattern=r"^b:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.undo, pattern=r"^u:[0-9]{1,18}\Z"))
    app.add_handler(CallbackQueryHandler(deck.stale))  # any other data: answered, nothing done
    app.add_handler(MessageHandler(text, deck.typed))
    app.add_error_handler(commands.on_error)
