"""`run`, the long-running worker: as a subprocess against the Bot API stand-in (the morning
lists once, the first sync, /start and /today answered, SIGTERM obeyed within 5 s), and in
this process on a fake clock (the next sync comes on schedule, not a minute early)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.core.config import Config
from bot.services.backend import open_sheet
from bot.services.clock import FakeClock
from bot.worker import Worker
from tests.bot_api import BotAPI
from tests.conftest import ROOT
from tests.workbooks import COL, MANAGERS, Expect, config_text, messy_base, write_xlsx

TZ = ZoneInfo("Europe/Moscow")
STRANGER = 999_000_111


def header_count(api: BotAPI, chat: int) -> int:
    """How many list headers (first parts) a chat received."""
    day = datetime.now(TZ).strftime("%d.%m.%Y")
    return sum(f"ваш список на {day}" in t for t in api.sent_texts(chat))


def summaries(api: BotAPI) -> list[str]:
    """The head's after-the-lists summaries (a Monday also brings the weekly report)."""
    return [t for t in api.sent_texts(444444444) if "Списки на" in t]


def cell(path: Path, row: int, col: int) -> object:
    """One cell of the clients tab as openpyxl reads it now."""
    return openpyxl.load_workbook(path)["Клиенты"].cell(row, col + 1).value


def edit(path: Path, row: int, col: int, value: object) -> None:
    """A person's edit, saved the way a spreadsheet program replaces the file."""
    wb = openpyxl.load_workbook(path)
    wb["Клиенты"].cell(row, col + 1).value = value
    tmp = path.with_name("edit.xlsx")
    wb.save(tmp)
    os.replace(tmp, path)


def wait_until(check, timeout: float, what: str) -> None:  # noqa: ANN001
    """Poll a condition; fail with a message when it does not come true in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def first_new(expect: dict[int, Expect]) -> int:
    """The sheet row of the first new lead whose owner the sync decides."""
    return next(r for r, e in expect.items() if e.segment and e.segment.value == "new"
                and not e.pinned)


@pytest.mark.e2e
def test_run_worker(tmp_path: Path, bot_api: BotAPI) -> None:
    now = datetime.now(TZ)
    grid, expect = messy_base(300, today=now.date())
    book = tmp_path / "clients.xlsx"
    write_xlsx(book, grid)
    (tmp_path / "config.yaml").write_text(config_text(
        telegram={"base_url": bot_api.base_url},
        schedule={"morning": "00:00", "sync_every_minutes": 1,  # the morning is already due
                  "workdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
    ), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": bot_api.token}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "-v", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    failure: AssertionError | None = None
    try:
        bot_api.wait_for_polling(timeout=30)
        first = first_new(expect)
        wait_until(lambda: cell(book, first, COL["Сегмент"]) == "Холодный", 60,
                   "the first sync")

        olga, igor = MANAGERS[0]["telegram_id"], MANAGERS[2]["telegram_id"]
        bot_api.send_text(olga, "/start")
        bot_api.wait_for(lambda c: c.chat_id == olga and "Здравствуйте" in (c.text or ""))
        bot_api.send_text(STRANGER, "/start", first_name="Чужой")
        reply = bot_api.wait_for(lambda c: c.chat_id == STRANGER)
        assert str(STRANGER) in reply.text and "Клиент" not in reply.text
        mark = bot_api.mark()
        bot_api.send_text(STRANGER, "/today", first_name="Чужой")
        bot_api.wait_for(lambda c: c.chat_id == STRANGER, since=mark)  # his id again
        assert all("ООО" not in t for t in bot_api.sent_texts(STRANGER))
        bot_api.send_text(igor, "/today")
        bot_api.wait_for(lambda c: c.chat_id == igor and "ваш список на" in (c.text or ""))

        wait_until(lambda: all(header_count(bot_api, m["telegram_id"]) >= 1
                               for m in MANAGERS if m["telegram_id"] != igor)
                   and header_count(bot_api, igor) >= 2, 60, "the morning lists")
        wait_until(lambda: summaries(bot_api), 30, "the head's summary")
        time.sleep(3)  # nothing more must come
        for m in MANAGERS:
            chat = m["telegram_id"]
            got = [t[:60] for t in bot_api.sent_texts(chat)]
            assert header_count(bot_api, chat) == (2 if chat == igor else 1), (m, got)
        assert len(summaries(bot_api)) == 1
    except AssertionError as err:
        failure = err
    finally:
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        stopped = time.monotonic() - started
    if failure is not None:
        raise AssertionError(f"{failure}\n--- worker's log ---\n{err[-3000:]}") from failure
    assert proc.returncode == 0, err
    assert stopped < 5, f"took {stopped:.1f} s to stop"
    assert bot_api.token not in out + err


def test_the_next_sync_comes_on_schedule(tmp_path: Path, bot_api: BotAPI) -> None:
    start = datetime(2026, 11, 23, 7, 0, tzinfo=TZ)  # a Monday, before the morning hour
    grid, expect = messy_base(300, today=start.date())
    book = tmp_path / "clients.xlsx"
    write_xlsx(book, grid)
    cfg = Config.model_validate({
        "sheet": {"path": str(book)}, "state": str(tmp_path / "state.sqlite3"),
        "managers": MANAGERS, "heads": [444444444], "telegram": {"base_url": bot_api.base_url},
        "schedule": {"sync_every_minutes": 1}})
    clock = FakeClock(start)
    worker = Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock)
    first = first_new(expect)

    async def watch() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        await asyncio.wait_for(clock.reach(start + timedelta(seconds=1)), 30)
        assert cell(book, first, COL["Сегмент"]) == "Холодный"  # the first sync, at once
        edit(book, first, COL["Этап"], "Интерес")  # the cold lead became warm
        await asyncio.wait_for(clock.reach(start + timedelta(seconds=59.5)), 30)
        assert cell(book, first, COL["Сегмент"]) == "Холодный"  # not a minute yet
        await asyncio.wait_for(clock.reach(start + timedelta(seconds=61)), 30)
        assert cell(book, first, COL["Сегмент"]) == "Тёплый"  # the next sync
        await asyncio.wait_for(clock.reach(start + timedelta(minutes=5)), 30)
        stop.set()
        await asyncio.wait_for(task, 10)

    asyncio.run(watch())
    assert not bot_api.calls("sendMessage")  # 07:05: no lists before the morning hour
