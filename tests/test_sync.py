"""The sync on the memory backend: segments, owners, hand-overs, IDs, flags, idempotence."""

from __future__ import annotations

import copy
from datetime import date, datetime

import pytest

from bot.core import journal
from bot.core.config import Config
from bot.core.segments import Segment
from bot.services.sync import sync
from sheets import MemoryBackend
from sheets.fields import Field
from tests.workbooks import MANAGERS, TODAY, check_synced, messy_base


def config(managers: list[dict] | None = None, **rules: object) -> Config:
    """A config for tests, with the four generated managers by default."""
    return Config.model_validate({"sheet": {"path": "x.xlsx"}, "rules": rules,
                                  "managers": managers or MANAGERS})


def base(rows: list[list[object]]) -> MemoryBackend:
    """A clients tab with the default headers and the given rows under them."""
    header = ["ID", "Компания", "Статус", "Причина отказа", "Дата последнего контакта",
              "Дата следующего контакта", "Дата последней покупки", "Ответственный", "Сегмент",
              "Следующее действие"]
    return MemoryBackend({"Клиенты": [header, *rows]})


def test_messy_2000_rows() -> None:
    grid, expect = messy_base(2000)
    backend = MemoryBackend({"Клиенты": grid, "Прайс": [["Товар"], ["Болт"]]})
    plan = sync(backend, config(), TODAY)
    after = backend.data["Клиенты"]
    cold = check_synced(after, grid, expect)
    assert max(cold.values()) <= 1.5 * min(cold.values()), cold
    assert after[0][0] == grid[0][0]  # the title line
    assert backend.data["Прайс"] == [["Товар"], ["Болт"]]
    assert len(plan.flagged) == sum(e.flagged for e in expect.values())
    assert plan.handovers  # rows owned by another role's manager are handed over
    journal = backend.data["Журнал"]
    assert journal[0][:3] == ["Когда", "Кто", "ID клиента"]
    assert len(journal) == 1 + len(plan.handovers)

    saves = backend.saves
    again = sync(backend, config(), TODAY)
    assert again.changes.cell_count() == 0 and not again.changes
    assert backend.saves == saves  # nothing to write: no save at all
    assert backend.data["Клиенты"] == after


def test_pinned_owner_kept_while_role_fits_then_handed_over() -> None:
    backend = base([[1, "Альфа", "Новый", "", None, None, None, "Пётр", "", ""]])
    sync(backend, config(), TODAY)
    assert backend.data["Клиенты"][1][7] == "Пётр"
    backend.data["Клиенты"][1][2] = "Интерес"  # the cold lead became warm
    plan = sync(backend, config(), TODAY, datetime(2026, 11, 23, 9, 30))
    row = backend.data["Клиенты"][1]
    assert (row[7], row[8]) == ("Игорь", "Тёплый")
    (h,) = plan.handovers
    assert (h.from_owner, h.to_owner, h.client_id) == ("Пётр", "Игорь", "1")
    journal = backend.data["Журнал"]
    assert journal[1][:5] == [datetime(2026, 11, 23, 9, 30), "Пётр", "1", "Альфа", "Передача"]
    assert "Холодный" in journal[1][7] and "Тёплый" in journal[1][7]


def test_lapsed_role_setting_gives_lapsed_to_account_manager() -> None:
    backend = base([[1, "Альфа", "Клиент", "", None, None, date(2025, 1, 1), "", "", ""]])
    sync(backend, config(lapsed_role="account_manager"), TODAY)
    assert backend.data["Клиенты"][1][7:9] == ["Марина", "Реактивация"]


def test_even_stable_spread_and_adding_a_manager_moves_nobody() -> None:
    rows = [[None, f"К{i}", "", "", None, None, None, "", "", ""] for i in range(300)]
    backend = base(rows)
    sync(backend, config(), TODAY)
    owners = [r[7] for r in backend.data["Клиенты"][1:]]
    assert abs(owners.count("Ольга") - owners.count("Пётр")) <= 1
    more = MANAGERS + [{"name": "Вера", "role": "cold_caller", "telegram_id": 9}]
    backend.data["Клиенты"] += [[None, f"Н{i}", "", "", None, None, None, "", "", ""]
                                for i in range(30)]
    sync(backend, config(more), TODAY)
    after = [r[7] for r in backend.data["Клиенты"][1:]]
    assert after[:300] == owners  # nobody moved
    assert set(after[300:]) == {"Ольга", "Пётр", "Вера"}


def test_ids_filled_unique_and_duplicates_flagged_never_changed() -> None:
    backend = base([
        [5, "А", "", "", None, None, None, "", "", ""],
        [None, "Б", "", "", None, None, None, "", "", ""],
        ["K-7", "В", "", "", None, None, None, "", "", ""],
        [5, "Г", "", "", None, None, None, "", "", ""],
        [None, "Д", "", "", None, None, None, "", "", ""],
    ])
    sync(backend, config(), TODAY)
    grid = backend.data["Клиенты"]
    assert [r[0] for r in grid[1:]] == [5, 6, "K-7", 5, 7]
    assert "ID «5» повторяется в строках 2, 5" in grid[1][9]
    assert grid[4][9].startswith("⚠")
    assert not grid[2][9].startswith("⚠")


def test_unknown_status_keeps_previous_segment_and_owner() -> None:
    backend = base([[1, "А", "Думает", "", None, None, None, "Игорь", "Тёплый", ""]])
    plan = sync(backend, config(), TODAY)
    row = backend.data["Клиенты"][1]
    assert row[2:9] == ["Думает", "", None, None, None, "Игорь", "Тёплый"]
    assert "C2" in row[9] and "Думает" in row[9] and "Интерес" in row[9]
    assert plan.rows[0].segment is None


def test_bad_date_flags_but_the_row_still_gets_its_segment() -> None:
    backend = base([[1, "А", "КП отправлено", "", "31.02.2026", None, None, "", "", ""]])
    sync(backend, config(), TODAY)
    row = backend.data["Клиенты"][1]
    assert row[4] == "31.02.2026"  # never changed
    assert row[8] == "Холодный: КП" and row[7] in ("Ольга", "Пётр")
    assert "E2" in row[9] and "ДД.ММ.ГГГГ" in row[9]


def test_missing_bot_columns_are_added_after_the_last_column() -> None:
    backend = MemoryBackend({"Клиенты": [["Компания", "Статус", "Свой столбец"],
                                         ["А", "Интерес", "x"]]})
    sync(backend, config(), TODAY)
    header, row = backend.data["Клиенты"]
    assert header == ["Компания", "Статус", "Свой столбец", "ID", "Ответственный", "Сегмент",
                      "Следующее действие"]
    assert row[:6] == ["А", "Интерес", "x", 1, "Игорь", "Тёплый"]


def test_dry_run_writes_nothing() -> None:
    backend = base([[None, "А", "", "", None, None, None, "", "", ""]])
    before = copy.deepcopy(backend.data)
    plan = sync(backend, config(), TODAY, dry_run=True)
    assert plan.changes.cell_count() == 4 and backend.data == before and backend.saves == 0


@pytest.mark.parametrize(("language", "label"), [("ru", "Тёплый"), ("en", "Warm")])
def test_labels_follow_the_language(language: str, label: str) -> None:
    cfg = Config.model_validate({"sheet": {"path": "x"}, "managers": MANAGERS,
                                 "language": language})
    backend = base([[1, "А", "Interested", "", None, None, None, "", "", ""]])
    sync(backend, cfg, TODAY)
    assert backend.data["Клиенты"][1][8] == label
    assert cfg.segment_of_label(label) is Segment.warm
    assert Field.segment in Field


@pytest.mark.parametrize("last, said", [
    ("Недозвон", "24.11.2026: не дозвонились 23.11, пробуем снова 24.11"),
    ("Перенесено", "24.11.2026: договорились созвониться"),
])
def test_a_missed_call_after_the_offer_is_not_called_a_promise(last: str, said: str) -> None:
    """The status stays «КП отправлено»; only the journal knows the last call was missed."""
    backend = base([["7", "ООО Ромашка", "КП отправлено", "", TODAY, date(2026, 11, 24), "",
                     "", "", ""]])
    backend.data["Журнал"] = [
        journal.headers("ru"),
        [datetime(2026, 11, 20, 10), "Ольга", "7", "ООО Ромашка", "Перенесено", "",
         date(2026, 11, 23), ""],
        [datetime(2026, 11, 23, 11), "Ольга", "7", "ООО Ромашка", last, "",
         date(2026, 11, 24), ""],
        [datetime(2026, 11, 23, 12), "Ольга", "7", "ООО Ромашка", "Заметка", "", None, "x"],
    ]
    plan = sync(backend, config(), TODAY)
    assert plan.rows[0].next_action == said
    assert backend.data["Клиенты"][1][9] == said
