"""People and tabs that change under the bot: a press waiting when its manager leaves the
config is still written (the client was his when he pressed); journal and purchases lines land
under headers a person moved; a name that is no manager's is replaced in the open; rows that
errors hold back are counted in the manager's list and named to the head."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from bot.core.config import Config
from bot.core.digest import head_summary
from bot.core.outcomes import Kind
from bot.services.deck import apply_pending, version
from bot.services.morning import prepare
from bot.services.state import Deck
from bot.services.sync import sync
from sheets import MemoryBackend
from sheets.table import read_clients

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 0)
HEADER = ["ID", "Компания", "Статус", "Дата следующего контакта", "Ответственный", "Сегмент",
          "Следующее действие"]


def config(*names: str) -> Config:
    """Cold callers by these names, with ids 1, 2, ..."""
    return Config.model_validate({"sheet": {"path": "x.xlsx"}, "managers": [
        {"name": n, "role": "cold_caller", "telegram_id": i} for i, n in enumerate(names, 1)]})


def test_a_press_of_a_manager_who_left_is_written(tmp_path: Path) -> None:
    backend = MemoryBackend({"Клиенты": [HEADER, ["7", "ООО Ромашка", "", None, "Ольга", "", ""]]})
    before = config("Ольга", "Пётр")
    row = read_clients(backend, before.table_settings()).rows[0]
    deck = Deck(tmp_path / "state.sqlite3")
    card = deck.deal(1, "7", version(row), TODAY)
    assert deck.enqueue("k1", 1, "Ольга", card, Kind.no_answer, now=NOW)
    backend.data["Клиенты"][1][4] = "Пётр"  # Ольга left: a sync gave her client to Пётр
    (done,) = apply_pending(backend, config("Пётр"), deck, TODAY, NOW)
    assert done.done, done.why
    assert backend.data["Клиенты"][1][2] == "Недозвон"
    journal = backend.data["Журнал"]
    assert [(r[1], r[2], r[4]) for r in journal[1:]] == [("Ольга", "7", "Недозвон")]
    deck.close()


def test_a_press_on_a_row_a_person_changed_since_stays_stale(tmp_path: Path) -> None:
    backend = MemoryBackend({"Клиенты": [HEADER, ["7", "ООО Ромашка", "", None, "Ольга", "", ""]]})
    cfg = config("Ольга", "Пётр")
    row = read_clients(backend, cfg.table_settings()).rows[0]
    deck = Deck(tmp_path / "state.sqlite3")
    card = deck.deal(1, "7", version(row), TODAY)
    deck.enqueue("k1", 1, "Ольга", card, Kind.no_answer, now=NOW)
    backend.data["Клиенты"][1][2] = "Отказ сразу"  # someone recorded a refusal meanwhile
    (stale,) = apply_pending(backend, cfg, deck, TODAY, NOW)
    assert not stale.done and backend.data["Клиенты"][1][2] == "Отказ сразу"
    deck.close()


def test_lines_land_under_the_tabs_own_headers_when_a_person_moved_them(tmp_path: Path) -> None:
    """Журнал with its columns reordered and one added; Покупки with the date first."""
    backend = MemoryBackend({
        "Клиенты": [HEADER, ["7", "ООО Ромашка", "", None, "Ольга", "", ""]],
        "Журнал": [["Итог", "Мой столбец", "ID клиента", "Кто", "Когда", "Компания"]],
        "Покупки": [["Дата", "Сумма", "ID клиента"]],
    })
    cfg = config("Ольга")
    row = read_clients(backend, cfg.table_settings()).rows[0]
    deck = Deck(tmp_path / "state.sqlite3")
    card = deck.deal(1, "7", version(row), TODAY)
    deck.enqueue("k1", 1, "Ольга", card, Kind.paid, amount=85000.0, now=NOW)
    (done,) = apply_pending(backend, cfg, deck, TODAY, NOW)
    assert done.done, done.why
    paid = [r for r in backend.data["Журнал"][1:] if r[0] == "Оплатил"]
    assert [r[:6] for r in paid] == [["Оплатил", None, "7", "Ольга", NOW, "ООО Ромашка"]]
    assert all(len(r) > 6 for r in paid)  # the reason, next date and note after the last column
    assert backend.data["Покупки"][1][:3] == [TODAY, 85000.0, "7"]
    deck.close()


def test_a_name_that_is_no_managers_is_replaced_in_the_open(tmp_path: Path) -> None:
    """«Оля» typed in Ответственный: the sync gives the client to Ольга, journals the move, the
    new owner's list says from whom, and the head's summary names the name."""
    backend = MemoryBackend({"Клиенты": [HEADER, ["7", "ООО Ромашка", "", None, "Оля", "", ""],
                                         ["8", "ООО Лютик", "", None, "Ольга", "", ""]]})
    cfg = config("Ольга").model_copy(update={"heads": [9]})
    sync(backend, cfg, TODAY, NOW)
    assert backend.data["Клиенты"][1][4] == "Ольга"
    moves = [(r[1], r[2], r[4]) for r in backend.data["Журнал"][1:]]
    assert moves == [("Оля", "7", "Передача")]
    morning = prepare(backend, cfg, TODAY)
    (text,) = morning.messages(morning.lists[0], "ru")[:1]
    assert "ООО Ромашка" in text and "Оля" in text  # handed to her, from «Оля»
    summary = "\n".join(head_summary(morning.lists, [], "ru", morning.plan, [], morning.renamed))
    assert "«Оля» → Ольга" in summary


def test_a_managers_list_says_how_many_of_his_clients_errors_hold_back() -> None:
    """A status nobody configured leaves the row out of every list; the list says so."""
    backend = MemoryBackend({"Клиенты": [HEADER, ["7", "ООО Ромашка", "Недозон", None, "Ольга",
                                                  "", ""],
                                         ["8", "ООО Лютик", "", None, "Ольга", "", ""]]})
    cfg = config("Ольга")
    morning = prepare(backend, cfg, TODAY)
    text = "\n".join(morning.messages(morning.lists[0], "ru"))
    assert "ООО Лютик" in text and "ООО Ромашка" not in text
    assert "Ещё 1 ваш клиент не в списке" in text
    summary = "\n".join(head_summary(morning.lists, [], "ru", morning.plan))
    assert "строка 2:" in summary and "Недозон" in summary
