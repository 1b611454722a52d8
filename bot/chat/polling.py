"""Our own getUpdates loop, in place of PTB's updater (which confirms updates to Telegram before
their handlers run): a polled batch is committed to the inbox first, only then does the next
offset confirm it; each stored update is handled in update_id order and marked done after its
handler finished. On start, what a killed run stored but did not finish is handled first."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable
from typing import Any, TypeVar

from telegram import Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application

from bot.chat.access import SHARED, Shared
from bot.services.clock import Clock
from bot.services.inbox import Inbox
from bot.services.sender import retry_seconds

log = logging.getLogger(__name__)
ALLOWED = ["message", "callback_query"]  # what the handlers take; edits are never asked for
POLL_TIMEOUT = 5  # seconds a getUpdates call waits for an update (long polling)
CONFLICT_WAIT = 10.0  # seconds before polling again while another poller holds the token
TOKEN_WAIT = 60.0  # seconds before trying again after Telegram rejected the token
MAX_BACKOFF = 30.0  # the longest wait after repeated network failures
STORE_WAIT = 2.0  # seconds before polling again when the inbox file could not keep a batch
T = TypeVar("T")


class Poller:
    """Polls Telegram for one Application, keeping every update in the inbox until handled."""

    def __init__(self, app: Application, inbox: Inbox, clock: Clock,
                 timeout: int = POLL_TIMEOUT) -> None:
        self.app, self.inbox, self.clock, self.timeout = app, inbox, clock, timeout
        self.failures = 0  # getUpdates failures in a row, for the back-off

    async def run(self, halt: asyncio.Event) -> None:
        """Handle what was stored before, then poll and handle until `halt` is set (the
        update being handled then finishes first; a cut long poll confirms nothing)."""
        await self._no_webhook()
        await self.handle_waiting(halt)
        while not halt.is_set():
            fetched = await _unless(halt, self.fetch(halt))
            if fetched is None:
                return
            if fetched and await self._stored(fetched, halt):
                await self.handle_waiting(halt)

    async def _no_webhook(self) -> None:
        """Remove a webhook left from another setup (Telegram refuses getUpdates while one is
        set), keeping the updates that wait; a failure is logged and polling says the rest."""
        try:
            await self.app.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as err:
            log.warning("could not remove a webhook before polling: %s", self._scrub(err))

    async def _stored(self, updates: list[dict[str, Any]], halt: asyncio.Event) -> bool:
        """Keep a batch in the inbox; when its file cannot take it (locked, full disk), say
        so and wait: Telegram keeps the updates until a later offset confirms them."""
        try:
            self.inbox.store(updates)
            return True
        except sqlite3.Error as err:
            log.warning("updates from Telegram cannot be kept in %s (%s); trying again in "
                        "%.0f s", self.inbox.path, err, STORE_WAIT)
            await _unless(halt, self.clock.sleep(STORE_WAIT))
            return False

    async def handle_waiting(self, halt: asyncio.Event) -> None:
        """Feed every stored, unhandled update to the application, oldest first; while more
        from the same chat wait behind one, its press is stored but not yet written (one
        write and one next card for a backlog, not one per press)."""
        waiting = [(uid, Update.de_json(body, self.app.bot)) for uid, body in self.inbox.waiting()]
        shared: Shared = self.app.bot_data[SHARED]
        for i, (update_id, update) in enumerate(waiting):
            if halt.is_set():
                return
            if not self.inbox.begin(update_id):
                log.error("update %d was cut short by a crash several times; skipped",
                          update_id)
                continue
            shared.behind = {u.effective_chat.id for _, u in waiting[i + 1:] if u.effective_chat}
            chat = update.effective_chat.id if update.effective_chat else None
            try:
                await self.app.process_update(update)
                last = chat is not None and chat not in shared.behind
                put_off = shared.deferred.pop(chat, None) if last and chat else None
                shared.behind = set()
                if put_off is not None:
                    await put_off()
            except Exception:  # noqa: BLE001 - one bad update must not stop the others
                log.exception("update %d could not be handled", update_id)
            finally:
                shared.behind = set()
            self.inbox.done(update_id)

    async def fetch(self, halt: asyncio.Event) -> list[dict[str, Any]]:
        """One getUpdates from the stored offset; a failure is logged in words and waited
        out on the clock (an empty list then)."""
        try:
            updates = await self.app.bot.get_updates(
                offset=self.inbox.offset(), timeout=self.timeout, allowed_updates=ALLOWED)
        except TelegramError as err:
            wait = self._explain(err)
            self.failures += 1
            await _unless(halt, self.clock.sleep(wait))
            return []
        self.failures = 0
        return [u.to_dict() for u in updates]

    def _explain(self, err: TelegramError) -> float:
        """Log why getUpdates failed, in words and without the token; the wait before the next."""
        backoff = min(MAX_BACKOFF, 2.0 ** self.failures)
        if isinstance(err, RetryAfter):
            wait = retry_seconds(err)
            log.warning("Telegram asks to wait %.0f s before polling again", wait)
            return wait
        if isinstance(err, Conflict):
            log.warning("another copy of this bot is polling Telegram with the same token (or a "
                        "webhook is set); only one may run; polling again in %.0f s",
                        CONFLICT_WAIT)
            return CONFLICT_WAIT
        if isinstance(err, InvalidToken | Forbidden):
            env = self.app.bot_data[SHARED].cfg.telegram.token_env
            log.error("Telegram rejected the token in %s; polling again in %.0f s", env,
                      TOKEN_WAIT)
            return TOKEN_WAIT
        if isinstance(err, NetworkError) and not isinstance(err, BadRequest):
            log.warning("Telegram is unreachable (%s); polling again in %.0f s",
                        self._scrub(err), backoff)
            return backoff
        log.warning("Telegram refused the request for updates (%s); polling again in %.0f s",
                    self._scrub(err), backoff)
        return backoff

    def _scrub(self, err: Exception) -> str:
        """An error's text with the bot token cut out."""
        token = self.app.bot.token
        return str(err).replace(token, "***") if token else str(err)


async def _unless(halt: asyncio.Event, work: Awaitable[T]) -> T | None:
    """The work's result, or None when `halt` is set first (the work is then cancelled)."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(halt.wait())
    await asyncio.wait([task, stopped], return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if task.done():
        return task.result()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    return None
