"""Benchmarks of the sync, run by hand: python bench/bench_sync.py [ROWS ...]

Prints, per size: openpyxl's own load + save of the workbook, our first sync (writes every
bot cell), our second sync (nothing to write), the rules alone, and the Google backend against
the local Sheets API stand-in (HTTP calls and time).
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from bot.core.config import Config  # noqa: E402
from bot.core.plan import plan_sync  # noqa: E402
from bot.core.rules import due_of, role_of, segment_of  # noqa: E402
from bot.services.sync import sync  # noqa: E402
from sheets import MemoryBackend  # noqa: E402
from sheets.table import TableSettings, read_clients  # noqa: E402
from sheets.xlsx import XlsxBackend  # noqa: E402
from tests.workbooks import HEADER, MANAGERS, TODAY, messy_base, write_xlsx  # noqa: E402


def timed(fn):
    """Seconds one call takes, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def config() -> Config:
    """The generated base's managers."""
    return Config.model_validate({"sheet": {"path": "x.xlsx"}, "managers": MANAGERS})


def bench_xlsx(rows: int, folder: Path) -> None:
    """openpyxl's own load + save of a workbook against our sync of the same file.

    Two cases: the first sync (every bot cell of every row is new, so the saved file grows)
    and a typical one (the base already synced, 1% of the statuses changed since).
    """
    grid, _ = messy_base(rows)
    path = folder / f"clients_{rows}.xlsx"
    write_xlsx(path, grid)
    base, base_nogc = openpyxl_round_trip(path, folder)
    first, plan = timed(lambda: sync(XlsxBackend(path), config(), TODAY))
    print(f"xlsx {rows:>7} rows, first sync: openpyxl load+save {base:6.2f} s "
          f"({base_nogc:6.2f} s with the collector paused) | our sync {first:6.2f} s, "
          f"{plan.changes.cell_count()} cells ({first / base:4.2f}x / {first / base_nogc:4.2f}x)")
    change_statuses(path, rows // 100)
    base, base_nogc = openpyxl_round_trip(path, folder)
    typical, plan = timed(lambda: sync(XlsxBackend(path), config(), TODAY))
    quiet, plan2 = timed(lambda: sync(XlsxBackend(path), config(), TODAY))
    print(f"xlsx {rows:>7} rows, typical sync: openpyxl load+save {base:6.2f} s "
          f"({base_nogc:6.2f} s paused) | our sync {typical:6.2f} s, "
          f"{plan.changes.cell_count()} cells ({typical / base:4.2f}x / "
          f"{typical / base_nogc:4.2f}x) | nothing to write: {quiet:6.2f} s, "
          f"{plan2.changes.cell_count()} cells")


def openpyxl_round_trip(path: Path, folder: Path) -> tuple[float, float]:
    """Seconds of openpyxl's load + save of a copy, with and without the cycle collector."""
    copy = folder / "copy.xlsx"
    shutil.copy(path, copy)

    def round_trip() -> None:
        wb = openpyxl.load_workbook(copy)
        wb.save(copy)

    plain, _ = timed(round_trip)
    gc.disable()
    try:
        paused, _ = timed(round_trip)
    finally:
        gc.enable()
    return plain, paused


def change_statuses(path: Path, count: int) -> None:
    """A day of a person's work: `count` cold clients marked as interested."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    column = HEADER.index("Этап") + 1
    changed = 0
    for row in range(4, ws.max_row + 1):
        if changed >= count:
            break
        if ws.cell(row, column).value in (None, "", "Новый"):
            ws.cell(row, column).value = "Интерес"
            changed += 1
    wb.save(path)


def bench_rules(rows: int) -> None:
    """The rules alone (segment, role, due), and the whole plan, on rows already read.

    Best of three runs: this machine's timings wander by a third from run to run.
    """
    grid, _ = messy_base(rows)
    table = read_clients(MemoryBackend({"Клиенты": grid}), TableSettings())
    cfg = config()
    settings = cfg.rule_settings()

    def rules_only() -> int:
        due = 0
        for r in table.rows:
            segment = segment_of(r, TODAY, settings)
            if segment is not None:
                role_of(segment, settings)
                due += due_of(r, segment, TODAY, settings).listed
        return due

    rules = min(timed(rules_only)[0] for _ in range(3))
    took = min(timed(lambda: plan_sync(table, cfg, TODAY))[0] for _ in range(3))
    print(f"rules {rows:>7} rows: rules alone {rules:6.3f} s | whole plan (owners, IDs, "
          f"texts, changed cells) {took:6.3f} s")


def bench_google(rows: int) -> None:
    """The Google backend against the stand-in: HTTP calls and time of two syncs."""
    from sheets.google import connect
    from tests.sheets_api import SheetsAPI

    grid, _ = messy_base(rows)
    server = SheetsAPI().start()
    try:
        sid = server.add_spreadsheet("bench", {"Клиенты": grid})
        key = Path(tempfile.mkdtemp()) / "sa.json"
        server.service_account(key)
        calls0 = len(server.api_calls())
        first, plan = timed(lambda: sync(connect(sid, str(key), server.url), config(), TODAY))
        calls1 = len(server.api_calls())
        second, _ = timed(lambda: sync(connect(sid, str(key), server.url), config(), TODAY))
        calls2 = len(server.api_calls())
    finally:
        server.stop()
    print(f"google {rows:>6} rows: first {first:6.2f} s, {calls1 - calls0} HTTP calls "
          f"({plan.changes.cell_count()} cells) | second {second:6.2f} s, "
          f"{calls2 - calls1} calls")


def main(sizes: list[int]) -> None:
    """Run every benchmark for each size."""
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            bench_rules(rows)
        for rows in sizes:
            bench_xlsx(rows, Path(tmp))
            bench_google(rows)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
