"""Nothing a manager presses is lost or doubled: `run` as a subprocess, killed with SIGKILL at
random moments while the Bot API stand-in feeds a burst of presses from several managers,
restarted each time; at the end every press is in the journal exactly once."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from telegram import Bot

from bot.chat import polling
from bot.core.config import Config
from bot.services.backend import open_sheet
from bot.services.clock import FakeClock
from bot.services.deck import apply_pending, version
from bot.services.inbox import Inbox, inbox_file
from bot.services.state import Deck
from bot.services.sync import sync
from bot.worker import Worker
from sheets.table import read_clients
from tests.bot_api import BotAPI
from tests.conftest import ROOT, run_worker_until
from tests.test_deck import HEADER, IGOR, OLGA, TZ, make_book, rows

MANAGERS = [{"name": "Ольга", "role": "cold_caller", "telegram_id": OLGA},
            {"name": "Пётр", "role": "cold_caller", "telegram_id": 555},
            {"name": "Игорь", "role": "closer", "telegram_id": 222}]
STAFF = [*MANAGERS, {"name": "Марина", "role": "account_manager", "telegram_id": 333}]
PER_MANAGER = 100  # clients (and presses) per manager
KILLS = 20


def many_clients(path: Path) -> None:
    """PER_MANAGER new clients for each manager (the closer's already interested)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(HEADER)
    n = 0
    for m in MANAGERS:
        status = "Интерес" if m["role"] == "closer" else ""
        for _ in range(PER_MANAGER):
            n += 1
            ws.append([n, f"Клиент {n}", "", "", status, None, None, None, None, 1000 + n,
                       m["name"], None, None, None])
    wb.save(path)


def setup(tmp_path: Path, api: BotAPI) -> tuple[Config, list[tuple[int, str, str]]]:
    """The workbook synced once, the config, and one pre-dealt card per client: (presser,
    callback data, client id) for every press to come, the managers interleaved."""
    today = datetime.now(TZ).date()
    keys = {"sheet": {"path": "clients.xlsx"}, "state": "state.sqlite3", "heads": [444],
            "telegram": {"base_url": api.base_url}, "managers": STAFF,
            "schedule": {"holidays": [today.isoformat()]}}  # no morning lists
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(keys, allow_unicode=True), "utf-8")
    many_clients(tmp_path / "clients.xlsx")
    cfg = Config.model_validate({**keys, "sheet": {"path": str(tmp_path / "clients.xlsx")},
                                 "state": str(tmp_path / "state.sqlite3")})
    now = datetime.now(TZ)
    sync(open_sheet(cfg), cfg, today, now.replace(tzinfo=None))
    ids = {m["name"]: m["telegram_id"] for m in MANAGERS}
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    per: dict[int, list[tuple[int, str, str]]] = {}
    for row in read_clients(open_sheet(cfg), cfg.table_settings()).rows:
        chat = ids[row.owner]
        card = deck.deal(chat, row.id, version(row), today)
        data = f"n:{card.token}" if card.token % 2 else f"mm:{card.token}:3"
        per.setdefault(chat, []).append((chat, data, row.id))
    deck.close()
    presses = [p for group in zip(*per.values(), strict=True) for p in group]
    return cfg, presses


def journal_ids(book: Path) -> Counter[str]:
    """How often each client has an outcome line in the journal (hand-overs aside)."""
    try:
        lines = rows(book, "Журнал")[1:]
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return Counter()
    return Counter(str(r[2]) for r in lines if r[4] != "Передача")


def settled(cfg: Config) -> int:
    """How many presses the bot has stored and dealt with (written, stale or parked)."""
    with sqlite3.connect(cfg.state, timeout=10) as db:  # type: ignore[arg-type]
        return db.execute("SELECT COUNT(*) FROM outbox WHERE status!='pending'").fetchone()[0]


def test_sigkill_during_a_burst_of_presses_loses_none_and_doubles_none(
        tmp_path: Path, bot_api: BotAPI) -> None:
    cfg, presses = setup(tmp_path, bot_api)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": bot_api.token}
    log = (tmp_path / "worker.log").open("a", encoding="utf-8")

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "bot", "-v", "run"], cwd=tmp_path, env=env,
                                stdout=log, stderr=log, text=True)

    rnd = random.Random(11)
    proc = start()
    bot_api.wait_for_polling(timeout=30)
    anchors = {}
    for chat in {p[0] for p in presses}:  # a bot message in each chat to press under
        mark = bot_api.mark()
        bot_api.send_text(chat, "/start")
        anchors[chat] = bot_api.wait_for(lambda c, u=chat: c.chat_id == u, since=mark,
                                         timeout=30).answer["message_id"]
    started = time.monotonic()
    fed = kills = 0
    chunk = len(presses) // KILLS + 1
    while kills < KILLS:
        for chat, data, _ in presses[fed:fed + chunk]:
            bot_api.press(chat, anchors[chat], data, check=False)
        fed = min(len(presses), fed + chunk)
        time.sleep(rnd.uniform(0.3, 2.0))  # the worker starts, replays, polls, handles...
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        proc = start()
    for chat, data, _ in presses[fed:]:
        bot_api.press(chat, anchors[chat], data, check=False)
    want = {client for _, _, client in presses}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and settled(cfg) < len(presses):
        time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)
    took = time.monotonic() - started
    seen = journal_ids(cfg.sheet.path)
    lost = want - set(seen)
    doubled = {c: n for c, n in seen.items() if n > 1}
    with sqlite3.connect(cfg.state) as db:
        outbox = dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
    print(f"\n{len(presses)} presses from {len(MANAGERS)} managers, {kills} SIGKILLs, "
          f"{took:.0f} s: lost {len(lost)}, doubled {len(doubled)}; outbox {outbox}")
    assert bot_api.token not in (tmp_path / "worker.log").read_text("utf-8")
    assert (len(lost), len(doubled)) == (0, 0), (
        f"lost {sorted(lost)[:20]}, doubled {doubled}\n--- the workers' log ---\n"
        + (tmp_path / "worker.log").read_text("utf-8")[-3000:])


def test_a_press_that_cannot_be_written_is_parked_and_the_next_is_written(
        tmp_path: Path, bot_api: BotAPI) -> None:
    start = datetime(2026, 11, 23, 8, 59, tzinfo=TZ)  # a Monday, a minute before the lists
    make_book(tmp_path / "clients.xlsx")
    cfg = Config.model_validate({
        "sheet": {"path": str(tmp_path / "clients.xlsx")},
        "state": str(tmp_path / "state.sqlite3"), "heads": [444],
        "telegram": {"base_url": bot_api.base_url}, "managers": STAFF})
    sync(open_sheet(cfg), cfg, start.date(), start.replace(tzinfo=None))
    first, second = read_clients(open_sheet(cfg), cfg.table_settings()).rows[:2]
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    for key, row, kind, amount in (("poison", first, "paid", float("inf")),  # stored by an
                                   ("fine", second, "no_answer", None)):   # older version
        card = deck.deal(OLGA, row.id, version(row), start.date())
        deck.enqueue(key, OLGA, "Ольга", card, kind, amount=amount, now=datetime.now(TZ))
    deck.close()
    clock = FakeClock(start)
    run_worker_until(Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock), clock,
                     start + timedelta(minutes=2))
    with sqlite3.connect(cfg.state) as db:  # type: ignore[arg-type]
        statuses = dict(db.execute("SELECT key, status FROM outbox"))
    assert statuses == {"poison": "parked", "fine": "applied"}
    assert journal_ids(cfg.sheet.path) == Counter({second.id: 1})
    told = [t for t in bot_api.sent_texts(OLGA) if "Не удалось записать" in t]
    assert len(told) == 1 and f"ID {first.id}" in told[0] and "вручную" in told[0], told
    summary = "\n".join(t for t in bot_api.sent_texts(444) if "Списки на" in t)
    assert f"Не записаны в таблицу нажатия (1): Ольга — ID {first.id}" in summary, summary


def holiday_config(tmp_path: Path, api: BotAPI) -> Config:
    """Ольга and the head on the book of test_deck; today a holiday (no lists)."""
    make_book(tmp_path / "clients.xlsx")
    return Config.model_validate({
        "sheet": {"path": str(tmp_path / "clients.xlsx")},
        "state": str(tmp_path / "state.sqlite3"), "heads": [444],
        "telegram": {"base_url": api.base_url}, "managers": STAFF,
        "schedule": {"holidays": [datetime.now(TZ).date().isoformat()]}})


async def run_until(worker: Worker, done: Callable[[], bool]) -> None:
    """Run the worker until `done()` comes true (looked at every 50 ms, for 30 s at most)."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        for _ in range(600):
            if done() or task.done():
                break
            await asyncio.sleep(0.05)
        assert done(), "the worker never got there"
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def said(api: BotAPI, chat: int, text: str) -> Callable[[], bool]:
    """True once the bot has sent `chat` a message containing `text`."""
    return lambda: any(text in t for t in api.sent_texts(chat))


def inbox_counts(cfg: Config) -> dict[str, int]:
    """The stored updates by status."""
    inbox = Inbox(cfg.state)  # type: ignore[arg-type]
    try:
        return inbox.counts()
    finally:
        inbox.close()


async def fetch_all(api: BotAPI) -> list[dict[str, Any]]:
    """What a run polled just before it was killed: the waiting updates, not confirmed."""
    async with Bot(api.token, base_url=api.base_url) as bot:
        return [u.to_dict() for u in await bot.get_updates(timeout=0)]


def test_polling_waits_out_conflicts_floods_outages_and_a_rejected_token(
        tmp_path: Path, bot_api: BotAPI, caplog: pytest.LogCaptureFixture) -> None:
    cfg = holiday_config(tmp_path, bot_api)
    for status in (409, 429, 502, 401):
        bot_api.fail_next("getUpdates", status=status, retry_after=7)
    bot_api.send_text(OLGA, "/start")
    clock = FakeClock(datetime.now(TZ))
    with caplog.at_level(logging.INFO):
        asyncio.run(run_until(Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock),
                              said(bot_api, OLGA, "Здравствуйте")))
    assert {polling.CONFLICT_WAIT, 7, polling.TOKEN_WAIT} <= set(clock.slept)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == polling.__name__)
    for words in ("another copy of this bot", "wait 7 s", "Telegram is unreachable",
                  "Telegram rejected the token in TELEGRAM_BOT_TOKEN"):
        assert words in logged, logged
    ours = [r for r in caplog.records if r.name.startswith("bot")]  # httpx's URLs aside:
    assert not [r for r in ours if bot_api.token in r.getMessage()]  # the CLI quiets them
    assert len([t for t in bot_api.sent_texts(OLGA) if "Здравствуйте" in t]) == 1


def test_an_update_stored_but_not_handled_is_handled_once_after_a_restart(
        tmp_path: Path, bot_api: BotAPI) -> None:
    cfg = holiday_config(tmp_path, bot_api)
    now = datetime.now(TZ)
    sync(open_sheet(cfg), cfg, now.date(), now.replace(tzinfo=None))
    first, second = read_clients(open_sheet(cfg), cfg.table_settings()).rows[:2]
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    cards = [deck.deal(OLGA, row.id, version(row), datetime.now(TZ).date())
             for row in (first, second)]
    deck.close()
    bot_api.send_text(OLGA, "/start")
    clock = FakeClock(datetime.now(TZ))

    def worker() -> Worker:
        return Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock)

    asyncio.run(run_until(worker(), said(bot_api, OLGA, "Здравствуйте")))
    message = bot_api.calls("sendMessage", OLGA)[0].answer["message_id"]
    for card in cards:  # pressed, polled and stored; the run is killed before the handlers
        bot_api.press(OLGA, message, f"n:{card.token}", check=False)
    inbox = Inbox(cfg.state)  # type: ignore[arg-type]
    updates = asyncio.run(fetch_all(bot_api))
    inbox.store(updates)
    inbox.begin(updates[-2]["update_id"])  # the first press's handler had started
    inbox.close()
    asyncio.run(run_until(worker(), said(bot_api, OLGA, "Клиент 3")))  # the next card
    assert journal_ids(cfg.sheet.path) == Counter({first.id: 1, second.id: 1})
    assert inbox_counts(cfg) == {"done": 3}
    with sqlite3.connect(inbox_file(cfg.state)) as db:  # type: ignore[arg-type]
        db.execute("UPDATE inbox SET status='new' WHERE body LIKE '%callback_query%'")
    asyncio.run(run_until(worker(), lambda: inbox_counts(cfg) == {"done": 3}  # handled, and
                          and bot_api.pending_updates() == 0))  # the stored offset confirmed
    assert journal_ids(cfg.sheet.path) == Counter({first.id: 1, second.id: 1})  # not marked


def test_a_new_request_while_the_workbook_is_open_is_written_once_it_is_closed(
        tmp_path: Path, bot_api: BotAPI) -> None:
    cfg = holiday_config(tmp_path, bot_api)
    marina = 333
    lock = tmp_path / "~$clients.xlsx"  # Excel has the workbook open
    lock.write_text("Марина", encoding="utf-8")
    for text in ("/new", "ООО «Новый»", "Иван", "+7 999 000-00-00", "доставку в Казань"):
        bot_api.send_text(marina, text, first_name="Марина")
    clock = FakeClock(datetime.now(TZ))

    def worker() -> Worker:
        return Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock)

    asyncio.run(run_until(worker(), said(bot_api, marina, "запишу запрос")))
    assert len(rows(cfg.sheet.path)) == 6  # nothing written while it is open
    lock.unlink()  # Excel closed
    asyncio.run(run_until(worker(), said(bot_api, marina, "Записано. Новый клиент")))
    grid = rows(cfg.sheet.path)
    assert [r[1] for r in grid].count("ООО «Новый»") == 1
    assert "ООО «Новый»" in "\n".join(bot_api.sent_texts(IGOR))  # the closer is told
    asyncio.run(run_until(worker(), lambda: clock.monotonic() > 30))  # more cycles: no more
    assert [r[1] for r in rows(cfg.sheet.path)].count("ООО «Новый»") == 1
    assert len([t for t in bot_api.sent_texts(marina) if "Записано" in t]) == 1


def test_a_press_written_but_not_marked_before_a_kill_is_not_written_again(
        tmp_path: Path) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = Config.model_validate({
        "sheet": {"path": str(tmp_path / "clients.xlsx")},
        "state": str(tmp_path / "state.sqlite3"), "heads": [444], "managers": STAFF})
    now = datetime.now(TZ)
    sync(open_sheet(cfg), cfg, now.date(), now.replace(tzinfo=None))
    row = read_clients(open_sheet(cfg), cfg.table_settings()).rows[0]
    deck = Deck(cfg.state)  # type: ignore[arg-type]
    card = deck.deal(OLGA, row.id, version(row), now.date())
    deck.enqueue("press", OLGA, "Ольга", card, "no_answer", now=now)
    [first] = apply_pending(open_sheet(cfg), cfg, deck, now.date(), now)
    deck.db.execute("UPDATE outbox SET status='pending'")  # killed before the mark
    [again] = apply_pending(open_sheet(cfg), cfg, deck, now.date(), datetime.now(TZ))
    assert (first.done, again.done, again.why) == (True, True, "")  # no "the client changed"
    assert [q.status for q in deck.queued("applied")] == ["applied"]
    assert journal_ids(cfg.sheet.path) == Counter({row.id: 1})


def test_a_webhook_left_from_another_setup_is_removed_and_nothing_waiting_is_lost(
        tmp_path: Path, bot_api: BotAPI) -> None:
    cfg = holiday_config(tmp_path, bot_api)

    async def set_hook() -> None:
        async with Bot(bot_api.token, base_url=bot_api.base_url) as bot:
            await bot.set_webhook("https://example.com/hook")

    asyncio.run(set_hook())
    bot_api.send_text(OLGA, "/start")  # waiting while the webhook was set
    clock = FakeClock(datetime.now(TZ))
    asyncio.run(run_until(Worker(cfg, bot_api.token, lambda: open_sheet(cfg), clock),
                          said(bot_api, OLGA, "Здравствуйте")))
    assert [c.status for c in bot_api.calls("deleteWebhook")] == [200]
    assert not [c for c in bot_api.calls("getUpdates") if c.status == 409]
