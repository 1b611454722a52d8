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

from sheets.base import CellValue, Grid
from sheets.table import HEADER_SCAN_ROWS
from sheets.values import cell_text, norm, parse_date, parse_money

PURCHASES_RU = ["ID клиента", "Дата", "Сумма", "Товар"]
PURCHASES_EN = ["Client ID", "Date", "Amount", "Product"]

# Column key -> header spellings recognised (Russian, English, a few common aliases).
_NAMES: dict[str, tuple[str, ...]] = {
    "id": (PURCHASES_RU[0], PURCHASES_EN[0], "ID", "Код клиента"),
    "date": (PURCHASES_RU[1], PURCHASES_EN[1], "Дата покупки", "Purchase date"),
    "amount": (PURCHASES_RU[2], PURCHASES_EN[2]),
    "product": (PURCHASES_RU[3], PURCHASES_EN[3]),
}
_REQUIRED = ("id", "date")


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
    """One readable row of the tab."""

    client_id: str
    day: date
    amount: float
    product: str


def client_key(value: CellValue) -> str:
    """A client id as text, the way the clients tab reads it: stripped, 17.0 -> "17".

    >>> client_key(17.0), client_key(" K-7 "), client_key(None)
    ('17', 'K-7', '')
    """
    return cell_text(value).strip()


def find_columns(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and column of each known header; None when there is none."""
    wanted = {norm(name): key for key, names in _NAMES.items() for name in names}
    for r, cells in enumerate(grid[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for c, value in enumerate(cells):
            key = wanted.get(norm(cell_text(value)).rstrip(":*").strip())
            if key is not None and key not in found:
                found[key] = c
        if all(k in found for k in _REQUIRED):
            return r, found
    return None


def parse_purchases(grid: Grid, known: Collection[str] | None = None,
                    until: date | None = None) -> list[Purchase]:
    """Readable rows; skips unreadable dates, blank or unknown ids and days after `until`."""
    located = find_columns(grid)
    if located is None:
        return []
    header, cols = located
    out = []
    for cells in grid[header + 1:]:
        purchase = _purchase(cells, cols)
        if purchase is None:
            continue
        if known is not None and purchase.client_id not in known:
            continue
        if until is not None and purchase.day > until:
            continue
        out.append(purchase)
    return out


def _purchase(cells: list[CellValue], cols: dict[str, int]) -> Purchase | None:
    """One row as a Purchase; None when its client id or date cannot be read."""
    def cell(key: str) -> CellValue:
        c = cols.get(key)
        return cells[c] if c is not None and c < len(cells) else None

    client_id = client_key(cell("id"))
    if not client_id:
        return None
    try:
        day = parse_date(cell("date"))
    except ValueError:
        return None
    if day is None:
        return None
    try:
        amount = parse_money(cell("amount")) or 0.0
    except ValueError:
        amount = 0.0  # the purchase happened; only its sum is unreadable
    return Purchase(client_id, day, amount, cell_text(cell("product")))


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
