"""The optional `Покупки` tab: purchase history read into per-client stats (rhythm, money).

Pure functions over the tab's grid, plus one small reader. A row whose date cannot be read, or
whose client id is blank or unknown, is skipped: a messy history never stops the sync.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import NamedTuple

from bot.core.columns import Cells, Columns
from sheets.base import CellValue, Grid
from sheets.table import HEADER_SCAN_ROWS
from sheets.values import cell_text, parse_date, parse_money

COLUMNS = Columns(
    ("tab.purchases.client_id", "tab.purchases.date", "tab.purchases.amount",
     "tab.purchases.product"),
    aliases={"tab.purchases.client_id": ("ID", "Код клиента"),
             "tab.purchases.date": ("Дата покупки", "Purchase date")},
    required=("tab.purchases.client_id", "tab.purchases.date"),
    scan=HEADER_SCAN_ROWS,
)


def headers(lang: str) -> list[str]:
    """The tab's header row in the configured language."""
    return COLUMNS.header(lang)




@dataclass(frozen=True)
class PurchaseStats:
    """One client's purchase history in numbers: how often, when first and last, how much."""

    count: int  # purchase rows read
    first: date
    last: date
    total: float  # sum of the readable amounts
    median_gap_days: int | None  # usual days between purchase days; None with fewer than two
    last_product: str  # what he bought on his last purchase day ("" when not written)


class Purchase(NamedTuple):
    """One readable row of the tab: the tab's one codec (`cells` to write, `of` to read)."""

    client_id: str
    day: date
    amount: float
    product: str

    def cells(self) -> list[CellValue]:
        """The row to append, in the header's order."""
        return [self.client_id, self.day, self.amount, self.product]

    @classmethod
    def of(cls, cells: Cells) -> Purchase | None:
        """A row read back (its cells in the header's order); None without an id or a date."""
        cell_id, cell_day, cell_amount, product = cells
        client_id = client_key(cell_id)
        if not client_id:
            return None
        try:
            day = parse_date(cell_day)
        except ValueError:
            return None
        if day is None:
            return None
        try:
            amount = parse_money(cell_amount) or 0.0
        except ValueError:
            amount = 0.0  # the purchase happened; only its sum is unreadable
        return cls(client_id, day, amount, cell_text(product))


def client_key(value: CellValue) -> str:
    """A client id as text, the way the clients tab reads it: stripped, 17.0 -> "17".

    >>> client_key(17.0), client_key(" K-7 "), client_key(None)
    ('17', 'K-7', '')
    """
    return cell_text(value).strip()


def parse_purchases(grid: Grid, known: Collection[str] | None = None,
                    until: date | None = None) -> list[Purchase]:
    """Readable rows; skips unreadable dates, blank or unknown ids and days after `until`."""
    out = []
    for cells in COLUMNS.rows(grid):
        purchase = Purchase.of(cells)
        if purchase is None:
            continue
        if known is not None and purchase.client_id not in known:
            continue
        if until is not None and purchase.day > until:
            continue
        out.append(purchase)
    return out


def median_gap(days: Collection[date]) -> int | None:
    """The median of the gaps between distinct purchase days, in whole days (half rounds up).

    >>> median_gap([date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2)])
    30
    >>> median_gap([date(2026, 1, 1), date(2026, 1, 1)]) is None
    True
    """
    ordered = sorted(set(days))
    if len(ordered) < 2:
        return None
    gaps = [(b - a).days for a, b in zip(ordered, ordered[1:], strict=False)]
    return int(median(gaps) + 0.5)


def stats_of(purchases: list[Purchase]) -> PurchaseStats:
    """One client's stats from his purchases (at least one), in sheet order."""
    days = [p.day for p in purchases]
    last = max(days)
    products = [p.product for p in purchases if p.day == last and p.product]
    return PurchaseStats(
        count=len(purchases),
        first=min(days),
        last=last,
        total=sum(p.amount for p in purchases),
        median_gap_days=median_gap(days),
        last_product=", ".join(dict.fromkeys(products)),
    )


def purchase_stats(grid: Grid, known: Collection[str] | None = None,
                   until: date | None = None) -> dict[str, PurchaseStats]:
    """Per-client stats from the tab's grid, keyed by client id as text."""
    by_client: dict[str, list[Purchase]] = defaultdict(list)
    for p in parse_purchases(grid, known, until):
        by_client[p.client_id].append(p)
    return {cid: stats_of(ps) for cid, ps in by_client.items()}


def find_purchase(grid: Grid, client_id: str, day: date,
                  amount: float) -> tuple[int, list[int]] | None:
    """The last row (1-based) holding this payment, with the 1-based columns of the tab's
    fields; None when no row does (a person removed it).

    >>> g = [["ID клиента", "Дата", "Сумма", "Товар"], ["5", date(2026, 11, 23), 85000, ""]]
    >>> find_purchase(g, "5", date(2026, 11, 23), 85000.0)
    (2, [1, 2, 3, 4])
    """
    located = COLUMNS.locate(grid)
    if located is None:
        return None
    header, cols = located
    keys = COLUMNS.keys
    for r in range(len(grid) - 1, header, -1):
        cells = grid[r]
        picked = [cells[cols[k]] if k in cols and cols[k] < len(cells) else None for k in keys]
        p = Purchase.of(picked)
        if p is not None and (p.client_id, p.day, p.amount) == (client_id.strip(), day, amount):
            return r + 1, sorted(c + 1 for c in cols.values())
    return None
