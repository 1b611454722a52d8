"""Sending to Telegram politely: ≤ 30 messages a second overall and ≤ 1 a second per chat,
waiting out 429s, retrying network errors, and recording chats that cannot be reached. Each
stored part is claimed in the state file before it goes, so two processes never both send it."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from telegram import Bot, LinkPreviewOptions, ReplyKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.services.clock import Clock
from bot.services.state import LEASE, STATE_ERRORS, Part, State, claimant

log = logging.getLogger(__name__)
MAX_WAITS = 20  # 429s waited out for one message before leaving it for the next run


def make_bot(token: str, base_url: str, pool: int = 32) -> Bot:
    """A python-telegram-bot Bot with a connection pool big enough to send in parallel."""
    request = HTTPXRequest(connection_pool_size=pool, connect_timeout=10, read_timeout=20,
                           write_timeout=20, pool_timeout=30)
    return Bot(token, base_url=base_url, request=request, get_updates_request=HTTPXRequest())


def retry_seconds(err: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds, whatever PTB's representation."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = err.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Limiter:
    """At most `overall` sends per second in all, and one per `per_chat` seconds to one chat
    (a little under Telegram's 30/s and 1/s, for the jitter between our clock and theirs);
    it reads and sleeps on the injected clock."""

    def __init__(self, clock: Clock, overall: int = 28, per_chat: float = 1.1) -> None:
        self.overall = overall
        self.per_chat = per_chat
        self.clock = clock
        self.recent: deque[float] = deque()
        self.last: dict[int, float] = {}
        self.lock = asyncio.Lock()

    async def wait(self, chat_id: int) -> None:
        """Sleep until a send to this chat keeps both limits."""
        async with self.lock:
            while True:
                now = self.clock.monotonic()
                while self.recent and now - self.recent[0] >= 1.0:
                    self.recent.popleft()
                waits = [self.last.get(chat_id, -1e9) + self.per_chat - now]
                if len(self.recent) >= self.overall:
                    waits.append(self.recent[0] + 1.0 - now)
                delay = max(waits)
                if delay <= 0:
                    break
                await self.clock.sleep(delay)
            self.recent.append(now)
            self.last[chat_id] = now

    def pause(self, chat_id: int, seconds: float) -> None:
        """Telegram said wait: push this chat's next slot out."""
        self.last[chat_id] = self.clock.monotonic() + seconds - self.per_chat


@dataclass
class Outcome:
    """What happened to the sends of one run."""

    sent: int = 0
    unreachable: dict[int, str] = field(default_factory=dict)  # chat -> Telegram's words
    postponed: set[int] = field(default_factory=set)  # network trouble: the next run retries
    # parts another process claimed (and sends, or has sent) while this one ran
    elsewhere: set[tuple[date, int, str, int]] = field(default_factory=set)


class Claim:
    """One run's hold on the parts it sends: renewed well before its lease runs out."""

    def __init__(self, state: State, clock: Clock) -> None:
        self.state = state
        self.clock = clock
        self.owner = claimant()
        self.renewed = clock.monotonic()

    def take(self, parts: list[Part]) -> tuple[list[Part], list[Part]]:
        """Claim what is free: (ours, another's)."""
        self.renewed = self.clock.monotonic()
        return self.state.claim(parts, self.owner, self.clock.now())

    def keep(self, p: Part) -> bool:
        """True while this part is still ours to send (the lease renewed at a quarter of it)."""
        if self.clock.monotonic() - self.renewed < LEASE / 4:
            return True
        self.renewed = self.clock.monotonic()
        return self.state.renew(p, self.owner, self.clock.now())

    def release(self) -> None:
        """Give back what was not sent; a busy file lets the lease run out instead."""
        try:
            self.state.release(self.owner)
        except STATE_ERRORS as err:
            log.warning("claims left to expire: %s", err)


Send = Callable[[int, str], Awaitable[int]]


def bot_sender(bot: Bot, keys: Mapping[int, ReplyKeyboardMarkup] | None = None) -> Send:
    """A send function over a Bot: HTML, no link previews, the chat's reply keyboard (`keys`,
    e.g. a manager's "next client" button) attached; returns the message id."""
    async def send(chat_id: int, text: str) -> int:
        msg = await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                                     link_preview_options=LinkPreviewOptions(is_disabled=True),
                                     reply_markup=(keys or {}).get(chat_id))
        return msg.message_id
    return send


async def deliver(parts: list[Part], send: Send, state: State, limiter: Limiter,
                  clock: Clock, tries: int = 5, backoff: float = 1.0,
                  outcome: Outcome | None = None) -> Outcome:
    """Claim the stored parts and send those this run holds, each chat's in order, chats in
    parallel; mark each as it goes; parts another process holds are left to it (`elsewhere`).
    Every wait (pacing, 429s, the 1+2+4+8 s backoff) sleeps on `clock`."""
    outcome = outcome if outcome is not None else Outcome()
    claim = Claim(state, clock)
    try:
        mine, theirs = claim.take(parts)
        outcome.elsewhere.update(p.key for p in theirs)
        by_chat: dict[int, list[Part]] = {}
        for p in mine:
            by_chat.setdefault(p.chat_id, []).append(p)
        await asyncio.gather(*(_chat(ps, send, state, limiter, claim, outcome, tries, backoff)
                               for ps in by_chat.values()))
    finally:
        claim.release()
    return outcome


async def _chat(parts: list[Part], send: Send, state: State, limiter: Limiter,
                claim: Claim, outcome: Outcome, tries: int, backoff: float) -> None:
    """One chat's parts in order; stop at the first part that cannot go."""
    clock = claim.clock
    for p in parts:
        result = await _one(p, send, limiter, claim, tries, backoff)
        if isinstance(result, int):
            state.mark_sent(p, result, clock.now())
            outcome.sent += 1
            outcome.elsewhere.discard(p.key)
            continue
        kind, words = result
        if kind == "elsewhere":
            outcome.elsewhere.update(q.key for q in parts if q.part >= p.part)
            return
        if kind == "unreachable":
            state.mark_failed(p.day, p.chat_id, p.kind, words)
            outcome.unreachable[p.chat_id] = words
        else:
            outcome.postponed.add(p.chat_id)
        log.warning("chat %s: %s", p.chat_id, words)
        return


async def _one(p: Part, send: Send, limiter: Limiter, claim: Claim, tries: int,
               backoff: float) -> int | tuple[str, str]:
    """Send one part: a message id, or (unreachable | postponed | elsewhere, why)."""
    clock = claim.clock
    failures = waits = 0
    while True:
        await limiter.wait(p.chat_id)
        if not claim.keep(p):
            return "elsewhere", "taken over by another run"
        try:
            return await send(p.chat_id, p.text)
        except RetryAfter as err:
            waits += 1
            if waits > MAX_WAITS:
                return "postponed", str(err)
            seconds = retry_seconds(err)
            limiter.pause(p.chat_id, seconds)
            await clock.sleep(seconds)
        except Forbidden as err:
            return "unreachable", err.message
        except BadRequest as err:
            return "unreachable", err.message
        except (NetworkError, TelegramError) as err:
            failures += 1
            if failures >= tries:
                return "postponed", str(err)
            await clock.sleep(backoff * 2 ** (failures - 1))
