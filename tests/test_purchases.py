"""The `Покупки` tab: per-client stats, the reorder rhythm of active clients, and the last purchase
date moved forward (never back) by the sync — on the memory backend, with values as people type
them. Expectations come from how each history was generated, not from the code under test."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from bot.core.config import Config
from bot.core.plan import plan_sync
from bot.core.purchases import PurchaseStats, purchase_stats
from bot.core.rules import DueKind, Why
from bot.core.segments import Segment
from bot.services.sync import read_purchases, sync
from sheets import MemoryBackend
from sheets.table import read_clients
from sheets.values import to_serial
from tests.workbooks import MANAGERS, TODAY

CLIENTS = ["ID", "Компания", "Статус", "Причина отказа", "Дата последнего контакта",
           "Дата следующего контакта", "Дата последней покупки", "Ответственный", "Сегмент",
           "Следующее действие"]
LAST, OWNER, SEGMENT, ACTION = 6, 7, 8, 9  # 0-based columns of CLIENTS
PURCHASES = ["ID клиента", "Дата", "Сумма", "Товар"]


def ago(days: int) -> date:
    """TODAY minus days."""
    return TODAY - timedelta(days=days)


def config(language: str = "ru", **rules: object) -> Config:
    """A config for tests with the generated managers."""
    return Config.model_validate({"sheet": {"path": "x.xlsx"}, "rules": rules,
                                  "managers": MANAGERS, "language": language})


def client(cid: object, last_purchase: object = None, last_contact: object = None,
           status: str = "Клиент", next_contact: object = None, owner: str = "",
           segment: str = "") -> list[object]:
    """One clients-tab row under CLIENTS."""
    return [cid, f"Компания {cid}", status, "", last_contact, next_contact, last_purchase,
            owner, segment, ""]


def book(clients: list[list[object]], purchases: list[list[object]] | None = None,
         header: list[str] | None = None) -> MemoryBackend:
    """A workbook with the clients tab and, when given, the purchases tab under its header."""
    tabs: dict[str, list[list[object]]] = {"Клиенты": [CLIENTS, *clients]}
    if purchases is not None:
        tabs["Покупки"] = [header or PURCHASES, *purchases]
    return MemoryBackend(tabs)


def every(cid: object, period: int, times: int, last: int, product: str = "Болт"
          ) -> list[list[object]]:
    """A regular history: `times` purchases `period` days apart, the last `last` days ago."""
    return [[cid, ago(last + period * k), 1000.0 * (k + 1), product] for k in range(times)]


class CountingBackend(MemoryBackend):
    """A memory workbook that counts reads per tab."""

    def __init__(self, tabs: dict[str, list[list[object]]]) -> None:
        super().__init__(tabs)
        self.reads: list[str] = []

    def read(self, tab: str) -> list[list[object]]:
        """A copy of the tab's rows, counted."""
        self.reads.append(tab)
        return super().read(tab)


# -- the stats, from the grid ---------------------------------------------------------------------

def test_stats_of_a_regular_history() -> None:
    grid = [PURCHASES, *every(17, 30, 5, 3, "Гайка")]
    stats = purchase_stats(grid)
    assert stats == {"17": PurchaseStats(count=5, first=ago(3 + 120), last=ago(3),
                                         total=15000.0, median_gap_days=30,
                                         last_product="Гайка")}


def test_header_in_english_any_order_under_a_title_and_ids_as_numbers() -> None:
    grid = [["Purchase history 2026", None, None, None],
            [None],
            ["Product", "Amount", "Date", "Client ID", "Own column"],
            ["Bolts", "1 200,50", "01.10.2026", 17.0, "x"],
            ["Nuts", 300, datetime(2026, 11, 1, 15, 30), 17, None],
            ["Screws", None, to_serial(date(2026, 11, 1)), " 17 ", None],
            ["Washers", 50, "2026-09-01", "K-7", None]]
    stats = purchase_stats(grid)
    assert set(stats) == {"17", "K-7"}
    s = stats["17"]
    assert (s.count, s.first, s.last, s.total) == (3, date(2026, 10, 1), date(2026, 11, 1),
                                                   1500.5)
    assert s.median_gap_days == 31  # two purchases on 01.11 are one purchase day
    assert s.last_product == "Nuts, Screws"  # what he bought on his last day, in sheet order
    assert stats["K-7"].median_gap_days is None


def test_bad_rows_are_skipped_never_crash() -> None:
    grid = [PURCHASES,
            [1, "31.02.2026", 100, "дата не существует"],
            [1, "вчера", 100, "не дата"],
            [1, True, 100, "не дата"],
            [1, None, 100, "нет даты"],
            [None, ago(5), 100, "нет клиента"],
            ["  ", ago(5), 100, "нет клиента"],
            [99, ago(5), 100, "неизвестный клиент"],
            [],
            [1, ago(40), "сто рублей", "сумма не читается"],
            [1, ago(10)]]  # a short row: no amount, no product
    stats = purchase_stats(grid, known={"1", "2"})
    assert set(stats) == {"1"}
    assert stats["1"] == PurchaseStats(2, ago(40), ago(10), 0.0, 30, "")
    assert purchase_stats(grid)["99"].count == 1  # without a list of clients, any id counts


@pytest.mark.parametrize("grid", [[], [[None]], [["Товар", "Сумма"], ["Болт", 5]],
                                  [["ID клиента"], [1]], [[date(2026, 1, 1), 5, True]]])
def test_a_tab_without_a_header_row_gives_nothing(grid: list[list[object]]) -> None:
    assert purchase_stats(grid) == {}


def test_read_purchases_missing_tab_and_tab_name_spelt_otherwise() -> None:
    cfg = config()
    assert read_purchases(book([client(1)]), cfg) == {}
    backend = MemoryBackend({"Клиенты": [CLIENTS], " покупки ": [PURCHASES, [1, ago(3), 5, ""]]})
    assert read_purchases(backend, cfg)["1"].last == ago(3)


# -- the reorder rhythm ---------------------------------------------------------------------------

@pytest.mark.parametrize(("since", "kind", "words"), [
    (30, DueKind.today, "Позвонить: обычно покупает раз в 30 дней, прошло 30"),
    (52, DueKind.overdue, "Просрочено: обычно покупает раз в 30 дней, прошло 52"),
])
def test_regular_buyer_is_due_when_his_interval_has_passed(since: int, kind: DueKind,
                                                           words: str) -> None:
    backend = book([client(7, ago(since), ago(since))], every(7, 30, 4, since))
    plan = sync(backend, config(), TODAY)
    due = plan.rows[0].due
    assert due is not None and (due.kind, due.why) == (kind, Why.reorder)
    assert (due.on, due.days, due.every) == (ago(since - 30), since, 30)
    row = backend.data["Клиенты"][1]
    assert row[SEGMENT] == "Текущий" and row[OWNER] == "Марина" and row[ACTION] == words


def test_regular_buyer_not_yet_due_says_when() -> None:
    backend = book([client(7, ago(25), ago(25))], every(7, 30, 4, 25))
    plan = sync(backend, config(), TODAY)
    assert plan.rows[0].due is not None and plan.rows[0].due.kind is DueKind.later
    assert backend.data["Клиенты"][1][ACTION] == "28.11.2026: напомнить о повторной покупке"


def test_english_words() -> None:
    backend = book([client(7, ago(45), ago(45))], every(7, 45, 3, 45))
    sync(backend, config("en"), TODAY)
    assert backend.data["Клиенты"][1][ACTION] == "Call: usually buys every 45 days, 45 since"
    backend = book([client(7, ago(5))], every(7, 20, 3, 5))
    sync(backend, config("en"), TODAY)
    assert backend.data["Клиенты"][1][ACTION] == "08.12.2026: reorder reminder"


def test_irregular_buyer_uses_the_median_gap() -> None:
    # gaps 10, 20, 40, 50, 100 (oldest first: 100, 10, 50, 20, 40): median 40, mean 44
    days = [45, 85, 105, 155, 165, 265]
    backend = book([client(3, ago(45), ago(20))],
                   [[3, ago(d), 500, "Кабель"] for d in reversed(days)])
    plan = sync(backend, config(), TODAY)
    p = plan.rows[0]
    assert p.purchases is not None and p.purchases.median_gap_days == 40
    assert p.due is not None and (p.due.kind, p.due.why, p.due.every) == (DueKind.overdue,
                                                                        Why.reorder, 40)
    assert backend.data["Клиенты"][1][ACTION] == (
        "Просрочено: обычно покупает раз в 40 дней, прошло 45")


def test_even_number_of_gaps_takes_the_middle_of_the_two() -> None:
    backend = book([client(3, ago(31))], [[3, ago(d), 1, ""] for d in (91, 71, 31)])
    plan = sync(backend, config(), TODAY)  # gaps 20 and 40: usual 30, 31 days since
    assert plan.rows[0].due is not None and plan.rows[0].due.every == 30
    assert backend.data["Клиенты"][1][ACTION] == (
        "Просрочено: обычно покупает раз в 30 дней, прошло 31")


@pytest.mark.parametrize("purchases", [
    [[5, ago(31), 1000, "Болт"]],  # a single purchase: no rhythm yet
    [[5, ago(31), 1000, "Болт"], [5, ago(31), 50, "Гайка"]],  # two lines of one order
    [[6, ago(3), 1000, "Болт"], [6, ago(33), 1000, "Болт"]],  # none of his own
    None,  # no purchases tab at all
])
def test_without_a_rhythm_the_touch_rule_decides(purchases: list[list[object]] | None) -> None:
    backend = book([client(5, ago(31))], purchases)
    plan = sync(backend, config(), TODAY)
    due = plan.rows[0].due
    assert due is not None and (due.kind, due.why) == (DueKind.overdue, Why.touch)
    assert backend.data["Клиенты"][1][ACTION] == "Просрочено: нет контакта 31 день"


def test_a_rare_buyer_still_gets_the_planned_touch_first() -> None:
    # buys every 90 days, bought 20 days ago: the touch (30 days) comes before the reorder date
    backend = book([client(4, ago(20), ago(20))], every(4, 90, 3, 20))
    plan = sync(backend, config(), TODAY)
    due = plan.rows[0].due
    assert due is not None and (due.why, due.on) == (Why.touch, ago(-10))
    assert backend.data["Клиенты"][1][ACTION] == "03.12.2026: плановый контакт"
    later = sync(backend, config(), ago(-12)).rows[0].due  # 32 days after the purchase
    assert later is not None and (later.kind, later.why) == (DueKind.overdue, Why.touch)


def test_a_contact_after_the_reorder_date_served_it() -> None:
    # due for reorder 10 days ago; the manager called 5 days ago: the touch rule takes over
    backend = book([client(8, ago(40), ago(5))], every(8, 30, 3, 40))
    plan = sync(backend, config(), TODAY)
    due = plan.rows[0].due
    assert due is not None and (due.kind, due.why, due.on) == (DueKind.later, Why.touch,
                                                             ago(-25))
    # ... and a contact before the reorder date did not
    backend = book([client(8, ago(40), ago(15))], every(8, 30, 3, 40))
    due = sync(backend, config(), TODAY).rows[0].due
    assert due is not None and (due.kind, due.why) == (DueKind.overdue, Why.reorder)


def test_a_next_contact_date_set_by_a_person_wins() -> None:
    backend = book([client(7, ago(52), next_contact=ago(-3))], every(7, 30, 4, 52))
    plan = sync(backend, config(), TODAY)
    due = plan.rows[0].due
    assert due is not None and (due.kind, due.why) == (DueKind.later, Why.promised)
    assert backend.data["Клиенты"][1][ACTION] == "26.11.2026: договорились созвониться"


def test_generated_histories_of_many_clients() -> None:
    rnd = random.Random(7)
    clients, purchases, expect = [], [], {}
    for cid in range(1, 301):
        usual = rnd.randint(7, 90)
        low = [rnd.randint(1, usual - 1) for _ in range(rnd.randint(0, 3))]
        gaps = low + [usual] + [rnd.randint(usual + 1, 200) for _ in low]  # median: usual
        rnd.shuffle(gaps)
        since = rnd.randint(0, 150)
        days = [since]
        for g in gaps:
            days.append(days[-1] + g)
        rows = [[rnd.choice([float(cid), cid, str(cid)]),
                 rnd.choice([ago(d), ago(d).strftime("%d.%m.%Y"), to_serial(ago(d))]),
                 rnd.randint(1, 9) * 1000, f"Товар {d}"] for d in days]
        rnd.shuffle(rows)
        purchases += rows
        clients.append(client(cid, ago(since)))
        kind = (DueKind.overdue if since > usual else
                DueKind.today if since == usual else DueKind.later)
        expect[str(cid)] = (usual, since, kind, f"Товар {since}", len(days))
    backend = book(clients, purchases)
    plan = sync(backend, config(touch_every_days=365), TODAY)
    for p, sheet_row in zip(plan.rows, backend.data["Клиенты"][1:], strict=True):
        usual, since, kind, product, count = expect[p.client_id]
        assert p.purchases is not None
        assert (p.purchases.median_gap_days, p.purchases.last, p.purchases.last_product,
                p.purchases.count) == (usual, ago(since), product, count)
        assert p.due is not None and (p.due.why, p.due.kind) == (Why.reorder, kind)
        if kind is not DueKind.later:
            assert f"обычно покупает раз в {usual} д" in sheet_row[ACTION]
            assert sheet_row[ACTION].endswith(f"прошло {since}")


# -- the last purchase date moves forward, never back ---------------------------------------------

def test_a_later_purchase_moves_the_date_forward_and_wins_back_a_lapsed_client() -> None:
    backend = book([client(1, date(2025, 1, 10), date(2025, 3, 1), owner="Игорь",
                           segment="Реактивация"),
                    client(2, "01.10.2026", segment="Текущий")],
                   [[1, date(2025, 1, 10), 100, "Болт"], [1, "05.11.2026", 300, "Гайка"],
                    [2, datetime(2026, 11, 20, 12, 0), 50, "Шайба"]])
    plan = sync(backend, config(), TODAY)
    first, second = backend.data["Клиенты"][1:]
    assert first[LAST] == date(2026, 11, 5) and type(first[LAST]) is date  # a real date
    assert first[SEGMENT] == "Текущий" and first[OWNER] == "Марина"
    assert [(h.from_owner, h.to_owner) for h in plan.handovers] == [("Игорь", "Марина")]
    assert second[LAST] == date(2026, 11, 20)
    assert plan.rows[0].row.last_purchase == date(2025, 1, 10)  # the row as read
    assert plan.rows[0].purchases is not None and plan.rows[0].purchases.last_product == "Гайка"
    assert plan.rows[0].segment is Segment.active


def test_a_client_with_no_date_gets_one_and_becomes_active() -> None:
    backend = book([client(1, status="Интерес")], [[1, ago(3), 100, "Болт"]])
    sync(backend, config(), TODAY)
    row = backend.data["Клиенты"][1]
    assert (row[LAST], row[SEGMENT], row[OWNER]) == (ago(3), "Текущий", "Марина")


def test_an_earlier_purchase_never_moves_the_date_back() -> None:
    backend = book([client(1, "10.11.2026"), client(2, date(2026, 11, 10))],
                   [[1, date(2026, 10, 1), 100, ""], [2, date(2026, 11, 10), 100, ""]])
    plan = sync(backend, config(), TODAY)
    assert [r[LAST] for r in backend.data["Клиенты"][1:]] == ["10.11.2026", date(2026, 11, 10)]
    writes = plan.changes.cells["Клиенты"]
    assert not [w for w in writes if w.col == LAST + 1]


def test_dates_are_never_moved_over_an_unreadable_cell_a_duplicate_id_or_a_new_id() -> None:
    backend = book([client(1, "31.02.2026"), client(2, None), client(2, None),
                    client(None, None, status="Новый")],
                   [[1, ago(3), 1, ""], [2, ago(3), 1, ""], [3, ago(3), 1, ""]])
    plan = sync(backend, config(), TODAY)
    grid = backend.data["Клиенты"]
    assert [r[LAST] for r in grid[1:]] == ["31.02.2026", None, None, None]
    assert grid[4][0] == 3 and grid[4][SEGMENT] == "Холодный"  # the new ID 3 owns no purchases
    assert plan.rows[0].purchases is not None  # his history is shown, his cell left alone
    assert [p.purchases for p in plan.rows[1:]] == [None, None, None]
    assert "G2" in grid[1][ACTION]  # the unreadable cell is flagged, not overwritten


def test_a_purchase_dated_in_the_future_is_ignored() -> None:
    backend = book([client(1, ago(10))], [[1, ago(10), 1, ""], [1, ago(-200), 1, "опечатка"]])
    plan = sync(backend, config(), TODAY)
    assert backend.data["Клиенты"][1][LAST] == ago(10)
    assert plan.rows[0].purchases is not None and plan.rows[0].purchases.count == 1


def test_a_sheet_without_the_purchase_column_still_sees_the_client_as_active() -> None:
    backend = MemoryBackend({"Клиенты": [["ID", "Компания", "Статус"], [1, "А", "Клиент"],
                                         [2, "Б", "Новый"]],
                             "Покупки": [PURCHASES, [1, ago(400), 1, ""], [2, ago(3), 1, ""]]})
    sync(backend, config(), TODAY)
    header, first, second = backend.data["Клиенты"]
    assert "Дата последней покупки" not in header
    assert first[header.index("Сегмент")] == "Реактивация"
    assert second[header.index("Сегмент")] == "Текущий"
    saves = backend.saves
    assert not sync(backend, config(), TODAY).changes and backend.saves == saves


def test_a_second_sync_writes_no_cell() -> None:
    rnd = random.Random(3)
    clients, purchases = [], []
    for cid in range(1, 201):
        last = rnd.choice([None, ago(rnd.randint(0, 400)), ago(rnd.randint(0, 400)).isoformat()])
        clients.append(client(cid, last, rnd.choice([None, ago(rnd.randint(0, 60))]),
                              status=rnd.choice(["Клиент", "Новый", "Интерес"])))
        for _ in range(rnd.randint(0, 5)):
            purchases.append([cid, ago(rnd.randint(0, 500)), 100, "Товар"])
    backend = book(clients, purchases)
    first = sync(backend, config(), TODAY)
    moved = [w for w in first.changes.cells["Клиенты"] if w.col == LAST + 1]
    assert moved and all(type(w.value) is date for w in moved)
    for w in moved:  # only forward
        before = clients[w.row - 2][LAST]
        assert before is None or w.value > (before if isinstance(before, date)
                                            else date.fromisoformat(before))
    after = [list(r) for r in backend.data["Клиенты"]]
    saves = backend.saves
    again = sync(backend, config(), TODAY)
    assert again.changes.cell_count() == 0 and not again.changes and backend.saves == saves
    assert backend.data["Клиенты"] == after


def test_one_extra_read_only_when_the_tab_exists() -> None:
    without = CountingBackend({"Клиенты": [CLIENTS, client(1, ago(3))]})
    sync(without, config(), TODAY)
    assert without.reads == ["Клиенты"]
    with_tab = CountingBackend({"Клиенты": [CLIENTS, client(1, ago(3))],
                                "Покупки": [PURCHASES, [1, ago(1), 1, ""]]})
    sync(with_tab, config(), TODAY)
    assert with_tab.reads == ["Клиенты", "Покупки"]


def test_plan_sync_without_purchases_keeps_working() -> None:
    backend = book([client(1, ago(31))])
    table = read_clients(backend, config().table_settings())
    plan = plan_sync(table, config(), TODAY)
    assert plan.rows[0].purchases is None and plan.rows[0].due is not None
    assert plan.rows[0].due.why is Why.touch
