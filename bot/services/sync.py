"""The sync as a job: read the clients and purchases tabs, plan, save the changes at once."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime

from bot.core import journal
from bot.core.config import Config
from bot.core.plan import SyncPlan, no_gc, plan_sync
from bot.core.purchases import PurchaseStats, purchase_stats
from bot.services.appends import fit_appends
from sheets.base import Backend
from sheets.errors import SheetChangedError
from sheets.table import find_tab, read_clients

REPLANS = 3  # reads and plans of one sync when the table keeps changing under it


def read_purchases(backend: Backend, cfg: Config, known: Collection[str] | None = None,
                   until: date | None = None) -> dict[str, PurchaseStats]:
    """Read the purchases tab (sheet.purchases_tab) into stats; {} when the tab is missing."""
    tab = find_tab(backend, cfg.sheet.purchases_tab)
    if tab not in backend.tabs():
        return {}
    return purchase_stats(backend.read(tab), known, until)


def sync(backend: Backend, cfg: Config, today: date, now: datetime | None = None,
         dry_run: bool = False) -> SyncPlan:
    """Read the clients tab (and the purchases tab, when there is one), plan, and (unless
    dry_run) save the changes in one batch; when the table changed between the read and the
    write (another run of the bot, a person's save), read and plan again, a few times."""
    for _ in range(REPLANS - 1):
        try:
            return _sync(backend, cfg, today, now, dry_run)
        except SheetChangedError:
            continue
    return _sync(backend, cfg, today, now, dry_run)


def _sync(backend: Backend, cfg: Config, today: date, now: datetime | None,
          dry_run: bool) -> SyncPlan:
    """One read, plan and save."""
    with no_gc():
        table = read_clients(backend, replace(cfg.table_settings(), today=today))
        journal_tab = find_tab(backend, cfg.sheet.journal_tab)
        has_journal = journal_tab in backend.tabs()
        known = {r.id for r in table.rows if r.id}
        purchases = read_purchases(backend, cfg, known, until=today)
        missed = (journal.missed_calls(journal.read_lines(backend.read(journal_tab)))
                  if has_journal else {})
        plan = plan_sync(table, cfg, today, now, journal_exists=has_journal,
                         journal_tab=journal_tab, purchases=purchases, missed=missed)
        if plan.changes and not dry_run:
            backend.save(fit_appends(backend, cfg, plan.changes))
    return plan
