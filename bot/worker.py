"""The long-running worker: syncs every few minutes, sends the lists in the morning (in the
configured timezone), and answers Telegram — all in one process, stopped cleanly by SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from telegram.ext import Application

from bot.chat.access import Shared
from bot.chat.app import build_app, set_menu
from bot.chat.cards import list_keyboards
from bot.chat.deck import announce, write_pending
from bot.chat.incoming import write_requests
from bot.chat.polling import Poller
from bot.chat.remind import send_due
from bot.core import digest
from bot.core.config import WEEKDAYS, Config
from bot.core.report import period, render
from bot.services.backend import press_pace
from bot.services.chart import picture
from bot.services.clock import Clock, SystemClock
from bot.services.inbox import Inbox
from bot.services.intake import Intake
from bot.services.morning import prepare, send_day
from bot.services.reports import make, write_tab
from bot.services.sender import Limiter, bot_sender, deliver
from bot.services.state import STATE_ERRORS, Deck
from bot.services.sync import sync
from sheets.base import Backend
from sheets.errors import UserError

log = logging.getLogger(__name__)
TICK = 0.5  # seconds between looks at the clock
RETRY_MORNING = 60.0  # seconds before trying again when Telegram or the sheet failed
RETRY_OUTBOX = 5.0  # seconds between tries to write presses that wait for the sheet


class Worker:
    """The schedule: a sync every `sync_every_minutes`, the lists once a working morning; every
    hour, interval and retry timer is read from the injected clock (the system clock unless a
    test passes a fake one)."""

    def __init__(self, cfg: Config, token: str, backend: Callable[[], Backend],
                 clock: Clock | None = None) -> None:
        self.cfg = cfg
        self.token = token
        self.backend = backend
        self.clock = clock or SystemClock(cfg.tz)
        self.lock = asyncio.Lock()
        self.state = Deck(cfg.state)  # type: ignore[arg-type]
        self.sync_at = float("-inf")  # monotonic: the first sync runs at once
        self.morning_retry_at = float("-inf")
        self.outbox_at = float("-inf")
        self.report_retry_at = float("-inf")
        self.remind_retry_at = float("-inf")

    def now(self) -> datetime:
        """The clock's moment in the configured timezone (the machine's zone never matters)."""
        return self.clock.now().astimezone(self.cfg.tz)

    async def run(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set; the sheet write in progress finishes first."""
        intake = Intake(self.cfg.state)  # type: ignore[arg-type]
        shared = Shared(self.cfg, self.backend, self.lock, self.state, intake=intake,
                        pace=press_pace(self.cfg, self.clock.monotonic))
        app = build_app(self.cfg, self.token, shared, self.clock.sleep)
        inbox = Inbox(self.cfg.state)  # type: ignore[arg-type]
        halt = asyncio.Event()
        async with app:
            await app.start()
            await set_menu(app)
            polling = asyncio.create_task(Poller(app, inbox, self.clock).run(halt))
            try:
                while not stop.is_set() and not polling.done():
                    await self.cycle(shared, app)
                    await self._pause(stop)
            finally:
                halt.set()
                await polling  # the update in hand is handled first; its error, if any, rises
                await app.stop()
                inbox.close()
                intake.close()
                self.state.close()

    async def _pause(self, stop: asyncio.Event) -> None:
        """Sleep one tick on the clock, or less when `stop` is set meanwhile (SIGTERM)."""
        tick = asyncio.ensure_future(self.clock.sleep(TICK))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait([tick, stopped], return_when=asyncio.FIRST_COMPLETED)
        tick.cancel()
        stopped.cancel()

    async def cycle(self, shared: Shared, app: Application) -> None:
        """One look at the clock: the sync when due, waiting presses, the morning, the report,
        the reminders due; a state file held by another program (or broken) is said in the log,
        and tried again."""
        try:
            await self._sync()
            await self._outbox(shared, app)
            await self._morning(app)
            await self._report(app)
            await self._remind(shared, app)
        except STATE_ERRORS as err:
            log.warning("%s", self.cfg.words().error(err))

    async def _remind(self, shared: Shared, app: Application) -> None:
        """Send the callbacks whose time has come ("сегодня 15:00"); a failure waits a minute."""
        if self.clock.monotonic() < self.remind_retry_at:
            return
        if not await self._attempt("reminders", send_due(app.bot, shared, self.now())):
            self.remind_retry_at = self.clock.monotonic() + RETRY_MORNING

    async def _outbox(self, shared: Shared, app: Application) -> None:
        """Write presses and /new requests that waited for the sheet (open in Excel, quota),
        every few seconds."""
        assert shared.intake is not None
        if self.clock.monotonic() < self.outbox_at:
            return
        if self.state.queued() or shared.intake.pending():
            self.outbox_at = self.clock.monotonic() + RETRY_OUTBOX
        if self.state.queued():
            await self._attempt("outbox", self._write_outbox(shared, app))
        if shared.intake.pending():
            await self._attempt("requests", write_requests(shared, app.bot))

    async def _write_outbox(self, shared: Shared, app: Application) -> None:
        """Write the stored presses and tell what became of them."""

        done = await write_pending(shared)
        log.info("outbox: %d outcomes written", sum(a.done for a in done))
        await announce(app.bot, self.cfg, done)

    async def _sync(self) -> None:
        """A sync every `sync_every_minutes` (the first at start), in a thread; a busy or
        broken sheet is logged and retried next time."""
        if self.clock.monotonic() < self.sync_at:
            return
        self.sync_at = self.clock.monotonic() + self.cfg.schedule.sync_every_minutes * 60
        await self._attempt("sync", self._sync_once())

    async def _sync_once(self) -> None:
        """Read, plan and write the sheet once."""
        now = self.now()
        async with self.lock:
            plan = await asyncio.to_thread(sync, self.backend(), self.cfg, now.date(),
                                           now.replace(tzinfo=None))
        log.info("sync: %d rows, %d cells written", len(plan.rows), plan.changes.cell_count())

    def morning_done(self, day) -> bool:  # noqa: ANN001
        """True when every manager's list of the day is stored and nothing waits to be sent."""
        stored = all(self.state.has(day, m.telegram_id, "list") for m in self.cfg.managers)
        return stored and not self.state.parts(day, status="pending")

    async def _morning(self, app: Application) -> None:
        """Send today's lists once, at or after the morning hour (a late start catches up)."""
        now = self.now()
        day = now.date()
        if (not self.cfg.calendar().is_workday(day) or now.time() < self.cfg.schedule.morning
                or self.clock.monotonic() < self.morning_retry_at or self.morning_done(day)):
            return
        if not await self._attempt("morning lists", self._send_morning(app, day)):
            self.morning_retry_at = self.clock.monotonic() + RETRY_MORNING

    async def _send_morning(self, app: Application, day: date) -> None:
        """Prepare and send the day's lists; wait a minute before retrying what did not go."""
        async with self.lock:
            morning = await asyncio.to_thread(prepare, self.backend(), self.cfg, day, self.state)
        send = bot_sender(app.bot, list_keyboards(self.cfg))  # the "next client" button
        outcome = await send_day(morning, self.cfg, self.state, send, self.clock,
                                 wait=0.0)  # lists another process sends: looked at next minute
        log.info("morning lists: %d messages sent", outcome.sent)
        if outcome.postponed or outcome.elsewhere:
            self.morning_retry_at = self.clock.monotonic() + RETRY_MORNING

    async def _attempt(self, what: str, work: Awaitable[object]) -> bool:
        """Run one cycle's work; a failure is logged in words and the worker goes on."""
        try:
            await work
            return True
        except UserError as err:
            log.warning("%s: %s", what, self.cfg.words().error(err))
        except Exception:  # noqa: BLE001 - the worker must outlive any one bad cycle
            log.exception("%s failed; the next cycle retries", what)
        return False

    async def _report(self, app: Application) -> None:
        """Each working morning, once: rewrite the report tab (this week so far) and, on the
        configured weekday, send the heads last week's report with its chart."""
        now = self.now()
        day = now.date()
        if (not self.cfg.calendar().is_workday(day) or now.time() < self.cfg.schedule.morning
                or self.clock.monotonic() < self.report_retry_at
                or self.state.get("report_day") == day.isoformat()):
            return
        if await self._attempt("report", self._report_day(app, day)):
            self.state.put("report_day", day.isoformat())
        else:
            self.report_retry_at = self.clock.monotonic() + RETRY_MORNING

    async def _report_day(self, app: Application, day: date) -> None:
        """The morning's report work: the tab always, the heads' message on the weekly day."""

        cfg = self.cfg
        start, end = period("", day)
        async with self.lock:
            backend = self.backend()
            rep = await asyncio.to_thread(make, backend, cfg, start, end, day)
            await asyncio.to_thread(write_tab, backend, cfg, rep)
        weekly = cfg.report.weekly_on
        if not weekly or WEEKDAYS.index(weekly[:3].lower()) != day.weekday():
            return
        last_monday = start - timedelta(days=7)
        async with self.lock:
            week = await asyncio.to_thread(make, self.backend(), cfg, last_monday,
                                           last_monday + timedelta(days=6), day)
        blocks = render(week, cfg.language).split("\n\n")
        parts = digest.split(blocks[0], blocks[1:])
        chart = picture(week, cfg.language)  # none for a week with nothing worked
        for head in cfg.heads:
            if self.state.store(day, head, "report", parts):
                await deliver(self.state.parts(day, "report", "pending"), bot_sender(app.bot),
                              self.state, Limiter(self.clock), self.clock)
                if chart is None:
                    continue
                try:
                    await app.bot.send_photo(head, chart)
                except Exception:  # noqa: BLE001 - the text went; the picture is a bonus
                    log.warning("report chart to %s failed", head)


def run_forever(cfg: Config, token: str, backend: Callable[[], Backend]) -> None:
    """Run the worker until SIGTERM or Ctrl-C."""
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await Worker(cfg, token, backend).run(stop)

    asyncio.run(main())
