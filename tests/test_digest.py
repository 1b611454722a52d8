"""The morning list: order, limits, HTML escaping, splitting at 4,096 without cutting a client."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from bot.core.config import Config
from bot.core.digest import LIMIT, render, size, split
from bot.core.lists import build_lists
from bot.core.rules import DueKind
from bot.services.sync import sync
from sheets import MemoryBackend
from tests.workbooks import MANAGERS, TODAY, messy_base

HEADER = ["ID", "Компания", "Контактное лицо", "Телефон", "Статус", "Дата последнего контакта",
          "Дата следующего контакта", "Сумма", "Ответственный", "Комментарий"]


def config(limit: int = 40) -> Config:
    """One cold caller with a daily limit, one closer, one account manager."""
    managers = [
        {"name": "Ольга", "role": "cold_caller", "telegram_id": 1, "daily_limit": limit},
        {"name": "Игорь", "role": "closer", "telegram_id": 2},
        {"name": "Марина", "role": "account_manager", "telegram_id": 3},
    ]
    return Config.model_validate({"sheet": {"path": "x"}, "managers": managers})


def days(n: int) -> date:
    """TODAY plus n days."""
    return TODAY + timedelta(days=n)


def test_order_overdue_then_today_then_pool_by_money_with_limit() -> None:
    rows = [
        [1, "Пул дешёвый", "", "", "", None, None, 100, "", ""],
        [2, "Обещали давно", "", "", "Интерес", days(-2), days(-9), 5, "", ""],
        [3, "Пул дорогой", "", "", "", None, None, "250 000", "", ""],
        [4, "Сегодня", "", "", "КП отправлено", days(-1), days(0), 0, "", ""],
        [5, "Обещали вчера", "", "", "КП отправлено", days(-2), days(-1), 0, "", ""],
        [6, "Пул без суммы", "", "", "", None, None, None, "", ""],
        [7, "Пул дорогой 2", "", "", "", None, None, 250000, "", ""],
        [8, "Потом", "", "", "КП отправлено", days(-1), days(3), 0, "", ""],
    ]
    backend = MemoryBackend({"Клиенты": [HEADER, *rows]})
    plan = sync(backend, config(limit=2), TODAY, dry_run=True)
    olga, igor, _ = build_lists(plan, config(limit=2))
    assert [e.plan.row.company for e in olga.overdue] == ["Обещали вчера"]
    assert [e.plan.row.company for e in olga.today] == ["Сегодня"]
    assert [e.plan.row.company for e in olga.pool] == ["Пул дорогой", "Пул дорогой 2"]
    assert [e.plan.row.company for e in igor.overdue] == ["Обещали давно"]
    assert olga.overdue[0].why == "обещали перезвонить " + days(-1).strftime("%d.%m")


def test_each_manager_gets_exactly_his_due_clients_on_2000_rows() -> None:
    grid, _ = messy_base(2000)
    cfg = Config.model_validate({"sheet": {"path": "x"}, "managers": MANAGERS})
    plan = sync(MemoryBackend({"Клиенты": grid}), cfg, TODAY, dry_run=True)
    lists = build_lists(plan, cfg)
    listed = [e.plan.row.row for ml in lists for e in ml.entries]
    assert len(listed) == len(set(listed))
    for ml in lists:
        mine = [p for p in plan.rows if p.owner.casefold() == ml.manager.name.casefold()
                and p.due and p.due.listed]
        promised = {p.row.row for p in mine if p.due.kind is not DueKind.pool}
        pool = [p for p in mine if p.due.kind is DueKind.pool]
        assert {e.plan.row.row for e in ml.overdue + ml.today} == promised
        assert len(ml.pool) == min(len(pool), ml.manager.daily_limit)
        overdue_dates = [e.plan.due.on for e in ml.overdue]
        assert overdue_dates == sorted(overdue_dates)
        messages = render(ml, "ru")
        assert all(size(m) <= LIMIT for m in messages)


def test_html_is_escaped_and_long_lists_split_between_clients() -> None:
    rows = [[i, f"<ООО & Co {i}>", "Иван <b>", "+7 900", "", None, None, 1000 - i, "",
             "звонил\n" + "длинная заметка " * 30] for i in range(1, 120)]
    backend = MemoryBackend({"Клиенты": [HEADER, *rows]})
    cfg = config(limit=500)
    plan = sync(backend, cfg, TODAY, dry_run=True)
    olga = build_lists(plan, cfg)[0]
    messages = render(olga, "ru")
    assert len(messages) > 1
    assert all(size(m) <= LIMIT for m in messages)
    text = "\n".join(messages)
    assert "&lt;ООО &amp; Co 1&gt;" in text and "<ООО" not in text
    plain = unescape(re.sub(r"</?[a-z]+>", "", text))
    for i in range(1, 120):  # every client whole, in one message, once
        assert plain.count(f"<ООО & Co {i}>") == 1
        assert sum(f"<ООО & Co {i}>" in m for m in (unescape(x) for x in messages)) == 1
    assert messages[1].startswith(f"(2/{len(messages)})")


def test_empty_day_says_so() -> None:
    backend = MemoryBackend({"Клиенты": [HEADER]})
    cfg = config()
    plan = sync(backend, cfg, TODAY, dry_run=True)
    (msg,) = render(build_lists(plan, cfg)[1], "ru")
    assert "звонков нет" in msg and "Игорь" in msg
    (msg_en,) = render(build_lists(plan, cfg)[1], "en")
    assert "No calls" in msg_en


def test_split_keeps_every_block_whole() -> None:
    blocks = [f"block {i} " + "x" * (i * 37 % 900) for i in range(60)]
    parts = split("HEAD", blocks, limit=1000)
    assert all(size(p) <= 1000 for p in parts)
    joined = "\n\n".join(parts)
    for b in blocks:
        assert joined.count(b) == 1
