"""The state file: each morning part is claimed before it is sent, so two `digest` runs at once
(or the worker plus a cron `once`) send it once; a lock is waited for a bounded time and said in
words (a press is kept in memory meanwhile); a damaged, unopenable or missing file is said in
words or made anew."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.services.clock import FakeClock
from bot.services.state import (
    BUSY_CODES,
    LEASE,
    Card,
    Deck,
    State,
    StateBusyError,
    StateFileError,
    claimant,
)
from bot.words import Words
from tests.bot_api import BotAPI
from tests.conftest import ROOT
from tests.test_deck import COL, OLGA, button, make_book, rows, worker_for
from tests.test_deck import card as next_card
from tests.test_deck import config as deck_config
from tests.workbooks import MANAGERS, config_text, messy_base, write_xlsx

TZ = ZoneInfo("Europe/Moscow")
HEAD = 444444444
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SEND_TAKES = 3.0  # seconds the stand-in holds each sendMessage: the two runs surely overlap


def now() -> datetime:
    """Now in the configured timezone."""
    return datetime.now(TZ)


@pytest.fixture
def folder(tmp_path: Path, bot_api: BotAPI) -> Path:
    """A 400-row workbook dated today and a config whose morning is already due."""
    grid, _ = messy_base(400, today=now().date())
    write_xlsx(tmp_path / "clients.xlsx", grid)
    (tmp_path / "config.yaml").write_text(config_text(
        telegram={"base_url": bot_api.base_url},
        schedule={"morning": "00:00", "workdays": ALL_DAYS}), encoding="utf-8")
    return tmp_path


def start(folder: Path, token: str, *args: str) -> subprocess.Popen[str]:
    """`python -m bot ARGS` in the folder, as cron or systemd would start it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": token}
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored(folder: Path) -> dict[int, list[str]]:
    """Each chat's stored parts of today, in order."""
    with sqlite3.connect(folder / ".bot-state.sqlite3", timeout=10) as db:
        rows = db.execute("SELECT chat_id, text FROM parts WHERE day=? ORDER BY chat_id, kind, "
                          "part", (now().date().isoformat(),)).fetchall()
    out: dict[int, list[str]] = {}
    for chat, text in rows:
        out.setdefault(chat, []).append(text)
    return out


def assert_each_part_once(folder: Path, api: BotAPI) -> None:
    """Every manager and the head hold each stored part exactly once, in order."""
    parts = stored(folder)
    assert set(parts) == {m["telegram_id"] for m in MANAGERS} | {HEAD}
    for chat, texts in parts.items():
        assert api.sent_texts(chat) == texts, chat
    assert len(api.sent_texts(HEAD)) == 1


def test_two_digests_at_the_same_moment_send_each_part_once(folder: Path,
                                                            bot_api: BotAPI) -> None:
    bot_api.hang("sendMessage", SEND_TAKES, count=None)
    runs = [start(folder, bot_api.token, "digest") for _ in range(2)]
    outs = [run.communicate(timeout=240) for run in runs]
    for run, (out, err) in zip(runs, outs, strict=True):
        assert run.returncode == 0, out + err
    assert_each_part_once(folder, bot_api)
    said = "\n".join(out for out, _ in outs)
    assert "отправил другой запуск бота" in said  # the second run does not claim the sends


def test_the_worker_and_a_cron_once_send_each_part_once(folder: Path, bot_api: BotAPI) -> None:
    bot_api.hang("sendMessage", SEND_TAKES, count=None)
    worker = start(folder, bot_api.token, "run")
    once = start(folder, bot_api.token, "once")
    try:
        out, err = once.communicate(timeout=240)
        assert once.returncode == 0, out + err
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not bot_api.sent_texts(HEAD):
            time.sleep(0.2)
        time.sleep(2 * SEND_TAKES)  # nothing more must come
    finally:
        worker.send_signal(signal.SIGTERM)
        _, log = worker.communicate(timeout=30)
    assert_each_part_once(folder, bot_api)
    assert "Traceback" not in log


def held_claim(state: State, owner: str, when: datetime) -> None:
    """Store one chat's list and let `owner` claim it at `when`."""
    state.store(when.date(), 1, "list", ["one", "two"])
    mine, _ = state.claim(state.parts(when.date(), "list", "pending"), owner, when)
    assert len(mine) == 2


def test_a_live_claim_is_left_alone_until_its_lease_runs_out(tmp_path: Path) -> None:
    state = State(tmp_path / "s.sqlite3")
    clock = FakeClock(now())
    held_claim(state, claimant(), clock.now())  # this process: alive
    pending = state.parts(clock.now().date(), "list", "pending")
    mine, theirs = state.claim(pending, claimant(), clock.now())
    assert (mine, len(theirs)) == ([], 2)
    clock.advance(LEASE + 1)
    mine, theirs = state.claim(pending, claimant(), clock.now())
    assert (len(mine), theirs) == (2, [])


def test_a_dead_process_claim_is_taken_over_at_once(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state = State(tmp_path / "s.sqlite3")
    when = now()
    held_claim(state, claimant().replace(f"/{os.getpid()}/", f"/{dead.pid}/"), when)
    mine, theirs = state.claim(state.parts(when.date(), "list", "pending"), claimant(), when)
    assert (len(mine), theirs) == (2, [])


def test_a_claim_from_another_host_holds_for_its_lease(tmp_path: Path) -> None:
    state = State(tmp_path / "s.sqlite3")
    when = now()
    held_claim(state, "elsewhere.example/1/abcd", when)
    pending = state.parts(when.date(), "list", "pending")
    assert state.claim(pending, claimant(), when + timedelta(seconds=LEASE - 1))[0] == []
    assert len(state.claim(pending, claimant(), when + timedelta(seconds=LEASE + 1))[0]) == 2


def lock(path: Path) -> sqlite3.Connection:
    """Another program holding the state file: an open exclusive transaction."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_locked_state_file_is_said_busy_after_a_short_wait_then_works(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    state = State(path, wait=0.2)
    other = lock(path)
    with pytest.raises(StateBusyError) as caught:
        state.store(now().date(), 1, "list", ["x"])
    assert str(path) in Words("ru").error(caught.value)
    assert caught.value.key == "state.busy"
    assert (caught.value.__cause__.sqlite_errorcode & 0xFF) in BUSY_CODES  # type: ignore[union-attr]
    other.execute("ROLLBACK")
    assert state.store(now().date(), 1, "list", ["x"])  # the retry goes through


def test_a_lock_released_within_the_wait_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    state = State(path, wait=10)
    other = lock(path)
    threading.Timer(0.3, other.execute, ("ROLLBACK",)).start()
    assert state.store(now().date(), 1, "list", ["x"])


def card() -> Card:
    """A dealt card."""
    return Card(1, 5, "C-1", "v1", now().date(), None)


def test_a_press_on_a_locked_file_is_kept_in_memory_and_stored_next_time(
        tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    deck = Deck(path, wait=0.2)
    other = lock(path)
    with pytest.raises(StateBusyError):
        deck.enqueue("5:10:1:paid", 5, "Ольга", card(), "paid", now=now())
    assert deck.enqueue("5:10:1:paid", 5, "Ольга", card(), "paid", now=now()) is False
    assert deck.queued() == []  # still locked: kept, not lost
    assert list(deck.held) == ["5:10:1:paid"]
    other.execute("ROLLBACK")
    (item,) = deck.queued()  # the worker's outbox look stores it
    assert (item.key, item.kind, deck.held) == ("5:10:1:paid", "paid", {})
    assert deck.enqueue("5:10:1:paid", 5, "Ольга", card(), "paid", now=now()) is False


def test_a_held_press_is_stored_when_the_deck_closes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    deck = Deck(path, wait=0.2)
    other = lock(path)
    with pytest.raises(StateBusyError):
        deck.enqueue("5:11:text", 5, "Ольга", card(), "note", text="перезвонить", now=now())
    other.execute("ROLLBACK")
    deck.close()
    assert [q.text for q in Deck(path).queued()] == ["перезвонить"]


def test_garbage_in_the_state_file_is_said_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(StateFileError) as caught:
        State(path)
    assert caught.value.key == "state.corrupt"
    text = Words("en").error(caught.value)
    assert str(path) in text and "Move it somewhere else" in text


def test_a_damaged_database_is_said_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    state = State(path)
    state.store(now().date(), 1, "list", ["слово " * 500] * 40)
    state.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    state.close()
    data = bytearray(path.read_bytes())
    data[4096:len(data)] = b"\xff" * (len(data) - 4096)  # every page after the first
    path.write_bytes(bytes(data))
    with pytest.raises(StateFileError) as caught:
        Deck(path).parts(now().date())
    assert caught.value.key == "state.corrupt"


def test_a_folder_in_place_of_the_state_file_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.mkdir()
    with pytest.raises(StateFileError) as caught:
        State(path)
    assert caught.value.key == "state.cannot_open"
    assert str(path) in Words("ru").error(caught.value)


def test_a_missing_state_file_and_folder_are_made_anew(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "deeper" / "s.sqlite3"
    state = Deck(path)
    assert state.store(now().date(), 1, "list", ["x"]) and path.is_file()


@pytest.mark.parametrize("damage", ["garbage", "folder"])
def test_digest_says_a_broken_state_file_in_words(folder: Path, bot_api: BotAPI, bot_main,
                                                  damage: str) -> None:
    path = folder / ".bot-state.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"not a database at all " * 400)
    else:
        path.mkdir()
    out = bot_main("digest", cwd=folder, env={"TELEGRAM_BOT_TOKEN": bot_api.token},
                   clock=FakeClock(now()))
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and str(path) in out.stderr
    assert ("повреждён" if damage == "garbage" else "не открывается") in out.stderr
    assert not bot_api.calls("sendMessage")


def test_a_press_while_the_state_file_is_locked_is_written_once_it_frees(
        tmp_path: Path, bot_api: BotAPI) -> None:
    make_book(tmp_path / "clients.xlsx")
    cfg = deck_config(tmp_path, bot_api)

    async def go() -> None:
        async with worker_for(cfg, bot_api):
            mark = bot_api.mark()
            bot_api.send_text(OLGA, "/next")
            c1 = await next_card(bot_api, mark)
            other = lock(tmp_path / "state.sqlite3")
            mark = bot_api.mark()
            bot_api.press(OLGA, c1.answer["message_id"], button(c1, "n:"))
            said = await bot_api.wait_for_async("answerCallbackQuery", timeout=20, since=mark)
            assert "файл состояния бота сейчас занят" in (said.text or "")
            await asyncio.sleep(1)  # the worker looks at its outbox meanwhile: still locked
            assert rows(tmp_path / "clients.xlsx")[1][COL["Статус"]] is None
            other.execute("ROLLBACK")
            for _ in range(100):
                if rows(tmp_path / "clients.xlsx")[1][COL["Статус"]] == "Недозвон":
                    break
                await asyncio.sleep(0.2)
            assert rows(tmp_path / "clients.xlsx")[1][COL["Статус"]] == "Недозвон"

    asyncio.run(go())
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        assert db.execute("SELECT kind, status FROM outbox").fetchall() == [("no_answer",
                                                                             "applied")]
