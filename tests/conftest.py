"""Shared fixtures: a CLI runner (as a subprocess or in this process), the Bot API and Sheets API
stand-ins, a worker run on a fake clock. Tests that use a stand-in or the CLI are marked e2e
(`-m "not e2e"` runs the rest in seconds); they still run by default and in CI."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.services.clock import FakeClock
from bot.worker import Worker

ROOT = Path(__file__).resolve().parent.parent
E2E_FIXTURES = frozenset({"bot_api", "sheets_api", "bot_cli", "bot_main"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark e2e every test that talks to a local stand-in server or runs the command line."""
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


def run_bot(*args: str, cwd: Path, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` in a folder, as a user would, and capture what it prints."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def bot_cli():
    """The run_bot function, for tests that drive the command line."""
    return run_bot


@pytest.fixture
def bot_main(monkeypatch: pytest.MonkeyPatch):
    """Like bot_cli, but the command runs in this process on a clock the test gives (a fake
    one makes retries and 429 waits instant); same arguments, same CompletedProcess back."""
    def run(*args: str, cwd: Path, env: dict[str, str] | None = None,
            clock: FakeClock | None = None) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(cwd)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        out, err = io.StringIO(), io.StringIO()
        with _logging_kept(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args), clock)
        return subprocess.CompletedProcess(["bot", *args], code, out.getvalue(), err.getvalue())
    return run


@contextlib.contextmanager
def _logging_kept() -> Iterator[None]:
    """Put back the root logger's handlers and the levels the CLI sets up for itself."""
    names = ("", "httpx", "httpcore", "urllib3", "google", "telegram")
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    handlers = logging.getLogger().handlers[:]
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
        logging.getLogger().handlers[:] = handlers


def run_worker_until(worker: Worker, clock: FakeClock, until: datetime,
                     timeout: float = 30) -> None:
    """Run the worker (Telegram polling included) on a fake clock until it reads `until`,
    then stop it as SIGTERM would; the worker's own ticks move the clock on."""
    async def go() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        reached = asyncio.create_task(clock.reach(until))
        await asyncio.wait([task, reached], timeout=timeout,
                           return_when=asyncio.FIRST_COMPLETED)
        reached.cancel()
        stop.set()
        await asyncio.wait_for(task, 10)
        assert clock.now() >= until, f"the worker stopped at {clock.now()}, before {until}"

    asyncio.run(go())


from tests.bot_api import bot_api  # noqa: E402,F401  (the Telegram Bot API stand-in)
from tests.sheets_api import sheets_api  # noqa: E402,F401  (the Google Sheets API stand-in)
