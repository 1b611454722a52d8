"""The report's I/O: read the sheet, the journal and the payments; rewrite the `Отчёт` tab."""

from __future__ import annotations

from datetime import date

from bot.core import journal, report
from bot.core.config import Config
from bot.core.purchases import parse_purchases
from bot.services.sync import sync
from sheets.base import Backend, CellValue, CellWrite, Changes
from sheets.table import find_tab
from sheets.values import cell_text


def make(backend: Backend, cfg: Config, start: date, end: date, today: date) -> report.Report:
    """The figures of a period, read from the sheet (nothing is written)."""
    plan = sync(backend, cfg, today, dry_run=True)
    entries: list[journal.JournalLine] = []
    tab = find_tab(backend, cfg.sheet.journal_tab)
    if tab in backend.tabs():
        entries = journal.read_lines(backend.read(tab))
    return report.build(entries, plan, cfg, start, end, payments(backend, cfg))


def payments(backend: Backend, cfg: Config) -> dict[tuple[str, date], float]:
    """Sums paid per (client id, day) from the `Покупки` tab; unreadable rows are skipped."""
    tab = find_tab(backend, cfg.sheet.purchases_tab)
    if tab not in backend.tabs():
        return {}
    out: dict[tuple[str, date], float] = {}
    for p in parse_purchases(backend.read(tab)):
        out[(p.client_id, p.day)] = out.get((p.client_id, p.day), 0.0) + p.amount
    return out


def write_tab(backend: Backend, cfg: Config, rep: report.Report) -> int:
    """Rewrite only the `Отчёт` tab with the report; return the number of cells changed."""
    new = report.grid(rep, cfg.language)
    tab = find_tab(backend, cfg.sheet.report_tab)
    changes = Changes()
    old: list[list[CellValue]] = []
    if tab in backend.tabs():
        old = backend.read(tab)
    else:
        changes.new_tabs[tab] = [str(new[0][0])]
    height = max(len(old), len(new))
    writes = []
    for r in range(height):
        new_row = new[r] if r < len(new) else []
        old_row = old[r] if r < len(old) else []
        for c in range(max(len(new_row), len(old_row))):
            want = new_row[c] if c < len(new_row) else None
            have = old_row[c] if c < len(old_row) else None
            if cell_text(want) != cell_text(have) and not (tab not in backend.tabs() and r == 0
                                                           and c == 0):
                writes.append(CellWrite(r + 1, c + 1, want))
    if writes:
        changes.cells[tab] = writes
    if changes:
        backend.save(changes)
    return len(writes)
