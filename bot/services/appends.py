"""Lines the bot appends to its own tabs (journal, purchases) put under the tab's own headers:
a person may have moved, removed or added columns there since the bot made the tab."""

from __future__ import annotations

from bot.core import journal, purchases
from bot.core.config import Config
from sheets.base import Backend, Changes
from sheets.table import find_tab


def fit_appends(backend: Backend, cfg: Config, changes: Changes) -> Changes:
    """The same changes, with journal and purchases lines arranged as their tab's header
    row says (a tab the same save makes gets the standard order)."""
    codecs = {find_tab(backend, cfg.sheet.journal_tab): journal.COLUMNS,
              find_tab(backend, cfg.sheet.purchases_tab): purchases.COLUMNS}
    for tab, rows in changes.appends.items():
        columns = codecs.get(tab)
        if columns is None or not rows or tab in changes.new_tabs or tab not in backend.tabs():
            continue
        changes.appends[tab] = columns.arrange(backend.read(tab), rows)
    return changes
