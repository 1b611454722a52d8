"""The morning job's decisions: hand-overs first with their history, the right day only, once,
in the configured timezone — driven through the real python-telegram-bot and the stand-in."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.config import Config
from bot.core.digest import render
from bot.services.clock import FakeClock
from bot.services.morning import prepare
from bot.services.state import State
from bot.services.sync import sync
from bot.worker import Worker
from sheets import MemoryBackend
from tests.bot_api import BotAPI
from tests.conftest import run_worker_until

DAY = date(2026, 11, 23)  # a Monday
HEADER = ["ID", "Компания", "Контактное лицо", "Телефон", "Статус", "Дата следующего контакта",
          "Ответственный", "Сегмент", "Комментарий"]


def config(tmp_path: Path, api: BotAPI | None = None, **schedule: object) -> Config:
    """Two managers and a head; the state file in the test's folder."""
    return Config.model_validate({
        "sheet": {"path": "x"}, "state": str(tmp_path / "state.sqlite3"),
        "timezone": "Europe/Berlin", "heads": [9],
        "telegram": {"base_url": api.base_url if api else "http://127.0.0.1:9/bot"},
        "schedule": {"morning": "09:00", **schedule},
        "managers": [{"name": "Ольга", "role": "cold_caller", "telegram_id": 1},
                     {"name": "Игорь", "role": "closer", "telegram_id": 2},
                     {"name": "Марина", "role": "account_manager", "telegram_id": 3}]})


def sheet() -> MemoryBackend:
    """A cold client that became warm (owned by the cold caller still), and a new one."""
    return MemoryBackend({
        "Клиенты": [HEADER,
                    [1, "ООО Тёплое", "Анна", "+7 900 1", "Интерес", DAY, "Ольга", "Холодный",
                     "ждут счёт"],
                    [2, "ООО Новое", "Пётр", "+7 900 2", "", None, "", "", ""]],
        "Журнал": [["Когда", "Кто", "ID клиента", "Компания", "Итог", "Причина",
                    "Следующая дата", "Комментарий"],
                   [datetime(2026, 11, 19, 11, 0), "Ольга", "1", "ООО Тёплое", "Недозвон", "",
                    None, ""],
                   [datetime(2026, 11, 20, 15, 0), "Ольга", "1", "ООО Тёплое", "Интерес", "",
                    DAY, "просили КП на опт"]],
    })


def test_handed_over_clients_come_first_with_who_and_history(tmp_path: Path) -> None:
    backend = sheet()
    cfg = config(tmp_path)
    sync(backend, cfg, DAY, datetime(2026, 11, 22, 18, 0))  # the hand-over lands in the journal
    morning = prepare(backend, cfg, DAY, State(tmp_path / "s.sqlite3"))
    igor = next(ml for ml in morning.lists if ml.manager.name == "Игорь")
    (text,) = render(igor, "ru", morning.handed["Игорь"])
    lines = text.splitlines()
    start = lines.index("🤝 <b>Переданы вам</b>")
    card = "\n".join(lines[start:start + 9])
    assert "ООО Тёплое" in card and "от Ольга" in card
    assert "20.11 Ольга: Интерес · просили КП на опт" in card
    assert "19.11 Ольга: Недозвон" in card
    assert text.count("ООО Тёплое") == 1  # not listed a second time below
    olga = next(ml for ml in morning.lists if ml.manager.name == "Ольга")
    assert not morning.handed["Ольга"] and "ООО Новое" in render(olga, "ru")[0]


def run_worker(cfg: Config, backend: MemoryBackend, api: BotAPI, clock: FakeClock,
               minutes: float = 2) -> None:
    """Run the worker on a fake clock for a few of its minutes, then stop it."""
    worker = Worker(cfg, api.token, lambda: backend, clock)
    run_worker_until(worker, clock, clock.now() + timedelta(minutes=minutes))


def list_headers(api: BotAPI, chat: int) -> int:
    """How many list headers a chat received."""
    return sum("ваш список на" in t for t in api.sent_texts(chat))


def sent_at(cfg: Config, kind: str) -> list[datetime]:
    """When each stored part of this kind was sent, as the worker's clock read it."""
    state = State(cfg.state)  # type: ignore[arg-type]
    try:
        rows = state.db.execute("SELECT sent_at FROM parts WHERE kind=? AND status='sent'",
                                (kind,)).fetchall()
    finally:
        state.close()
    return [datetime.fromisoformat(r[0]) for r in rows]


def test_worker_waits_for_the_morning_in_the_configured_timezone(tmp_path: Path,
                                                                 bot_api: BotAPI) -> None:
    cfg = config(tmp_path, bot_api)
    berlin = ZoneInfo("Europe/Berlin")
    clock = FakeClock(datetime(2026, 11, 23, 8, 59, tzinfo=berlin))
    backend = sheet()
    worker = Worker(cfg, bot_api.token, lambda: backend, clock)
    nine = datetime(2026, 11, 23, 9, 0, tzinfo=berlin)

    async def morning() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        # the same instant in Moscow is already 10:59 — the machine's zone must not matter
        await asyncio.wait_for(clock.reach(nine - timedelta(seconds=0.5)), 30)
        assert list_headers(bot_api, 1) == 0 and not bot_api.calls("sendMessage")
        await asyncio.wait_for(clock.reach(nine + timedelta(minutes=5)), 30)
        stop.set()
        await asyncio.wait_for(task, 10)

    asyncio.run(morning())
    assert list_headers(bot_api, 1) == 1 and list_headers(bot_api, 2) == 1
    assert len([t for t in bot_api.sent_texts(9) if "Списки на" in t]) == 1
    sent = sent_at(cfg, "list") + sent_at(cfg, "summary")
    assert sent and all(nine <= t < nine + timedelta(seconds=30) for t in sent), sent


def test_worker_down_at_the_morning_hour_sends_late_once_and_never_an_old_day(
        tmp_path: Path, bot_api: BotAPI) -> None:
    cfg = config(tmp_path, bot_api)
    state = State(cfg.state)  # type: ignore[arg-type]
    state.store(DAY - timedelta(days=3), 1, "list", ["вчерашний список"])  # never sent
    state.close()
    late = datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    run_worker(cfg, sheet(), bot_api, FakeClock(late))
    assert all(late <= t < late + timedelta(seconds=30) for t in sent_at(cfg, "list"))
    run_worker(cfg, sheet(), bot_api, FakeClock(late + timedelta(hours=1)))  # a restart
    assert list_headers(bot_api, 1) == 1 and list_headers(bot_api, 2) == 1
    assert "вчерашний список" not in bot_api.sent_texts(1)


def test_no_lists_on_a_day_off(tmp_path: Path, bot_api: BotAPI) -> None:
    cfg = config(tmp_path, bot_api, holidays=["2026-11-23"])
    run_worker(cfg, sheet(), bot_api, FakeClock(datetime(2026, 11, 23, 10, 0,
                                                         tzinfo=ZoneInfo("UTC"))), 30)
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    run_worker(config(tmp_path, bot_api), sheet(), bot_api, FakeClock(saturday), 30)
    assert not bot_api.calls("sendMessage")
