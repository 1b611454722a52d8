"""Time, passed in: the worker's ticks, the morning hour, retry timers and the sender's waits all
read one `Clock`, so a test of "09:00 tomorrow" or "four retries" runs on a fake one in
milliseconds instead of waiting for the wall clock."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where the time comes from: the moment, a monotonic counter, and a way to wait."""

    def now(self) -> datetime:
        """The current moment, timezone-aware (the configured zone for the system clock)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that never go back: for intervals and timers."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait this long (or, on a fake clock, move time on by this much)."""
        ...


class SystemClock:
    """The real clock: wall time in the configured zone, real sleeps."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        """The wall-clock moment in the configured zone."""
        return datetime.now(self.tz)

    def monotonic(self) -> float:
        """The process's monotonic clock."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Really wait."""
        await asyncio.sleep(max(0.0, seconds))


class FakeClock:
    """A clock for tests: it stands still until something sleeps on it, then jumps forward by
    the sleep at once (so concurrent sleepers add up: every wait lasts at least as asked)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware start, e.g. 09:00 in Europe/Moscow")
        self.start = start
        self.elapsed = 0.0
        self.slept: list[float] = []  # every sleep asked for, in order: what tests check
        self._watcher: asyncio.Future[None] | None = None

    def now(self) -> datetime:
        """The start plus the time slept away, in the start's zone (real elapsed time, across
        a daylight-saving change too)."""
        moment = self.start.astimezone(UTC) + timedelta(seconds=self.elapsed)
        return moment.astimezone(self.start.tzinfo)

    def monotonic(self) -> float:
        """Seconds slept away since the start."""
        return self.elapsed

    def advance(self, seconds: float) -> None:
        """Move time on without anyone sleeping (a test's "an hour later")."""
        self.elapsed += max(0.0, seconds)

    async def sleep(self, seconds: float) -> None:
        """Jump forward at once, wake a test waiting in `reach`, then let the others run."""
        self.slept.append(seconds)
        self.advance(seconds)
        if self._watcher is not None and not self._watcher.done():
            self._watcher.set_result(None)
        await asyncio.sleep(0)

    async def reach(self, moment: datetime) -> None:
        """Wait (for real) until the sleepers have moved the clock to `moment`: a test runs the
        worker on this clock, awaits this, then stops it."""
        while self.now() < moment:
            self._watcher = asyncio.get_running_loop().create_future()
            await self._watcher
