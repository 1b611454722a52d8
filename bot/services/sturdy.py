"""Every request the bot makes, made sturdy in one place (python-telegram-bot's rate-limiter
hook): a 429 is waited out a few times, a message too long for Telegram goes as several, an
expired button press or an unchanged edit is taken as done — so one of these never loses the
presser his next card."""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.core.digest import LIMIT, pieces, size
from bot.services.sender import retry_seconds

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]
Result = bool | dict[str, Any] | list[dict[str, Any]]
Call = Callable[..., Coroutine[Any, Any, Result]]
RETRIES = 3  # 429s waited out for one request before the caller hears of it
MAX_WAIT = 30.0  # seconds: a longer wait is the caller's decision (the morning retries later)
_DONE = ("query is too old", "query id is invalid", "message is not modified")
_TAG = re.compile(r"<[^>]*>")


class Sturdy(BaseRateLimiter[None]):
    """The hook: waits on the injected `sleep` (the worker's clock), splits long texts."""

    def __init__(self, sleep: Sleep = asyncio.sleep, retries: int = RETRIES,
                 max_wait: float = MAX_WAIT) -> None:
        self.sleep, self.retries, self.max_wait = sleep, retries, max_wait

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(self, callback: Call, args: Any, kwargs: dict[str, Any],
                              endpoint: str, data: dict[str, Any],
                              rate_limit_args: None) -> Result:
        """One request: split when too long, 429s waited out, harmless 400s taken as done."""
        if endpoint == "sendMessage" and size(str(data.get("text", ""))) > LIMIT:
            return await self._in_parts(callback, kwargs, data, pieces(str(data["text"])))
        try:
            return await self._call(callback, (endpoint, data), kwargs)
        except BadRequest as err:
            said = err.message.lower()
            if any(d in said for d in _DONE):
                log.info("%s: %s (taken as done)", endpoint, err.message)
                return True
            if endpoint == "sendMessage" and "too long" in said:
                text = str(data.get("text", ""))
                return await self._in_parts(callback, kwargs, data, _halves(text))
            if endpoint == "sendMessage" and "parse entities" in said and data.get("parse_mode"):
                plain = {**data, "text": html.unescape(_TAG.sub("", str(data["text"]))),
                         "parse_mode": None}
                return await self._call(callback, (endpoint, plain), kwargs)
            raise

    async def _in_parts(self, callback: Call, kwargs: dict[str, Any], data: dict[str, Any],
                        texts: list[str]) -> Result:
        """Send a text as several messages, the buttons under the last; the last's result."""
        result: Result = True
        for i, text in enumerate(texts):
            part = {**data, "text": text}
            if i < len(texts) - 1:
                part.pop("reply_markup", None)
            result = await self.process_request(callback, ("sendMessage", part), kwargs,
                                                "sendMessage", part, None)
        return result

    async def _call(self, callback: Call, args: tuple[str, dict[str, Any]],
                    kwargs: dict[str, Any]) -> Result:
        """The request, with Telegram's 'retry after' waited out up to `retries` times."""
        for _ in range(self.retries):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as err:
                seconds = retry_seconds(err)
                if seconds > self.max_wait:
                    raise
                log.info("%s: Telegram asks to wait %.0f s", args[0], seconds)
                await self.sleep(seconds)
        return await callback(*args, **kwargs)


def _halves(text: str) -> list[str]:
    """A text Telegram found too long, as two halves cut between lines (or mid-line)."""
    lines = text.split("\n")
    if len(lines) > 1:
        mid = len(lines) // 2
        return ["\n".join(lines[:mid]), "\n".join(lines[mid:])]
    return [text[: len(text) // 2], text[len(text) // 2:]]
