"""The report's I/O: read the sheet, the journal and the payments; rewrite the `Отчёт` tab."""

from __future__ import annotations

from datetime import date

from sheets.base import Backend, CellValue, CellWrite, Changes
from sheets.table import find_tab
from sheets.values import cell_text, norm, parse_date, parse_money

from . import journal, report
from .config import Config
from .sync import sync

_ID = {norm("ID клиента"), norm("Client ID")}
_DATE = {norm("Дата"), norm("Date")}
_SUM = {norm("Сумма"), norm("Amount")}


def make(backend: Backend, cfg: Config, start: date, end: date, today: date) -> report.Report:
    """The figures of a period, read from the sheet (nothing is written)."""
    plan = sync(backend, cfg, today, dry_run=True)
    entries: list[journal.Entry] = []
    tab = find_tab(backend, cfg.sheet.journal_tab)
    if tab in backend.tabs():
        entries = journal.read_entries(backend.read(tab))
    return report.build(entries, plan, cfg, start, end, payments(backend, cfg))


def payments(backend: Backend, cfg: Config) -> dict[tuple[str, date], float]:
    """Sums paid per (client id, day) from the `Покупки` tab; unreadable rows are skipped."""
    tab = find_tab(backend, cfg.sheet.purchases_tab)
    if tab not in backend.tabs():
        return {}
    grid = backend.read(tab)
    if not grid:
        return {}
    names = [norm(cell_text(v)) for v in grid[0]]
    cols = [next((i for i, n in enumerate(names) if n in wanted), None)
            for wanted in (_ID, _DATE, _SUM)]
    if None in cols:
        return {}
    out: dict[tuple[str, date], float] = {}
    for row in grid[1:]:
        try:
            values = [row[c] if c < len(row) else None for c in cols]  # type: ignore[operator]
            client, day, amount = cell_text(values[0]), parse_date(values[1]), parse_money(
                values[2])
        except ValueError:
            continue
        if client and day and amount is not None:
            out[(client, day)] = out.get((client, day), 0.0) + amount
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
