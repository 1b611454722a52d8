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
    """Rewrite only the `Отчёт` tab with the report; return the number of cells whose value
    changed. Every figure is written with its number format, changed or not, so a format left
    from before (a date's, a plain number's) never shows through; a backend that sees the same
    value in the same format writes nothing."""
    new = report.grid(rep, cfg.language)
    fmts = report.formats(rep, cfg.language)
    tab = find_tab(backend, cfg.sheet.report_tab)
    exists = tab in backend.tabs()
    changes = Changes()
    old: list[list[CellValue]] = backend.read(tab) if exists else []
    if not exists:
        changes.new_tabs[tab] = [str(new[0][0])]
    writes, changed = [], 0
    for r in range(max(len(old), len(new))):
        new_row = new[r] if r < len(new) else []
        old_row = old[r] if r < len(old) else []
        for c in range(max(len(new_row), len(old_row))):
            want = new_row[c] if c < len(new_row) else None
            have = old_row[c] if c < len(old_row) else None
            if not exists and r == 0 and c == 0:
                continue  # the new tab's header is the title
            differs = cell_text(want) != cell_text(have)
            changed += differs
            fmt = fmts.get((r + 1, c + 1))
            if differs or fmt is not None:
                writes.append(CellWrite(r + 1, c + 1, want, fmt))
    if writes:
        changes.cells[tab] = writes
    if changes:
        backend.save(changes)
    return changed
