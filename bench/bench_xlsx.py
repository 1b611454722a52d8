"""The patching .xlsx backend against openpyxl's own load + save, run by hand:

    python bench/bench_xlsx.py [--readers] [ROWS ...]

Per size (10,000 rows by default, in one run side by side): openpyxl's load + save of the
workbook; our typical save (read the tab, write 1% of the rows' three bot cells); a save with
nothing to write; the whole bot sync (typical and nothing to write); one button press (the
backend's save alone, and the deck's whole press). Then the
peak memory of reading and saving 100,000 rows, each in a fresh process. --readers adds the
evidence for the reader: python-calamine against streaming parses in Python (expat, iterparse).
The workbooks have shared strings, as Excel and LibreOffice write them.
"""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.parsers import expat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from bot.core.config import Config  # noqa: E402
from bot.services.deck import apply_pending, version  # noqa: E402
from bot.services.state import Deck  # noqa: E402
from bot.services.sync import sync  # noqa: E402
from sheets.base import CellWrite, Changes  # noqa: E402
from sheets.table import read_clients  # noqa: E402
from sheets.xlsx import XlsxBackend  # noqa: E402
from tests.workbooks import HEADER, MANAGERS, TODAY, messy_base, write_xlsx  # noqa: E402

TAB = "Клиенты"
SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call takes, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def best(fn: Callable[[], Any], runs: int = 3) -> float:
    """The best of a few runs: this machine's timings wander by a third."""
    return min(timed(fn)[0] for _ in range(runs))


# -- the workbook ------------------------------------------------------------------------------


def workbook(rows: int, folder: Path) -> Path:
    """The generated base as a workbook with shared strings."""
    path = folder / f"clients_{rows}.xlsx"
    if not path.exists():
        grid, _ = messy_base(rows)
        write_xlsx(path, grid)
        shared_strings(path)
    return path


def shared_strings(path: Path) -> None:
    """Move the inline strings openpyxl wrote into a shared strings table, as Excel keeps them."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    table: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = table.setdefault(m[3], len(table))
        return b'<c r="%b"%b t="s"><v>%d</v></c>' % (m[1], m[2] or b"", index)

    pattern = rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t>([^<]*)</t></is></c>'
    parts[SHEET] = re.sub(pattern, shared, parts[SHEET])
    items = b"".join(b"<si><t>%b</t></si>" % text for text in table)
    parts["xl/sharedStrings.xml"] = b'<sst xmlns="%b" uniqueCount="%d">%b</sst>' % (
        MAIN.encode(), len(table), items)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def typical_changes(rows: int, status_col: int = HEADER.index("Этап") + 1) -> Changes:
    """1% of the clients get a new status, segment and next action, as a day's sync writes."""
    step = 100
    writes = []
    for r in range(4, rows + 4, step):
        writes += [CellWrite(r, status_col, "Интерес"), CellWrite(r, 16, "Тёплый"),
                   CellWrite(r, 17, "Перезвонить: интерес")]
    return Changes(cells={TAB: writes})


def config() -> Config:
    """The generated base's managers."""
    return Config.model_validate({"sheet": {"path": "x.xlsx"}, "managers": MANAGERS})


# -- the comparisons ---------------------------------------------------------------------------


def openpyxl_round_trip(path: Path, folder: Path) -> float:
    """Seconds of openpyxl's load + save of a copy."""
    copy = folder / "copy.xlsx"
    shutil.copy(path, copy)

    def round_trip() -> None:
        wb = openpyxl.load_workbook(copy)
        wb.save(copy)

    return best(round_trip, 2)


def ours(path: Path, folder: Path, rows: int) -> dict[str, float]:
    """Our backend: typical save, nothing to write, whole syncs, a button press."""
    work = folder / "work.xlsx"
    found: dict[str, float] = {}

    def typical() -> None:
        shutil.copy(path, work)
        backend = XlsxBackend(work)
        backend.read(TAB)
        backend.save(typical_changes(rows))

    def quiet() -> None:
        backend = XlsxBackend(work)
        backend.read(TAB)
        backend.save(Changes())

    found["typical"] = best(typical)
    found["quiet"] = best(quiet)
    shutil.copy(path, work)
    sync(XlsxBackend(work), config(), TODAY)  # the first sync fills every bot cell
    synced = folder / "synced.xlsx"
    shutil.copy(work, synced)
    backend = XlsxBackend(work)
    backend.save(typical_changes(rows))  # a day of a person's work: 1% of statuses changed
    changed = folder / "changed.xlsx"
    shutil.copy(work, changed)

    def sync_typical() -> None:
        shutil.copy(changed, work)
        sync(XlsxBackend(work), config(), TODAY)

    found["sync typical"] = best(sync_typical)
    found["sync quiet"] = best(lambda: sync(XlsxBackend(work), config(), TODAY))
    found["press, save"] = press(synced, folder)
    found["press, deck"] = deck_press(synced, folder)
    return found


def press(path: Path, folder: Path) -> float:
    """One button press with a backend kept by the process: read the journal, write the
    client's status and date and a journal line. The best of five presses after the first."""
    work = folder / "press.xlsx"
    shutil.copy(path, work)
    backend = XlsxBackend(work)
    backend.read(TAB)
    times = []
    for n in range(6):
        start = time.perf_counter()
        if "Журнал" in backend.tabs():
            backend.read("Журнал")
        backend.save(Changes(cells={TAB: [CellWrite(10 + n, 4, "Интерес"),
                                          CellWrite(10 + n, 8, "23.11.2026")]},
                             appends={"Журнал": [["23.11.2026 10:00", "Ольга", 1000 + n]]}))
        times.append(time.perf_counter() - start)
    return min(times[1:])


def deck_press(path: Path, folder: Path) -> float:
    """One button press as the worker writes it (bot/services/deck.py apply_pending: read the
    client's row and the journal, check, write the outcome, the next action and a journal
    line), with one backend kept by the process. The best of five presses after the first."""
    work = folder / "deck.xlsx"
    shutil.copy(path, work)
    backend = XlsxBackend(work)
    deck = Deck(folder / f"deck_{path.stem}.sqlite3")
    cfg = config()
    rows = [r for r in read_clients(backend, cfg.table_settings()).rows if r.id][100:106]
    now = datetime(2026, 11, 23, 10)
    times = []
    for n, row in enumerate(rows):
        card = deck.deal(1, row.id, version(row), now.date())
        deck.enqueue(f"press {n}", 1, row.owner, card, "no_answer", now=now)
        start = time.perf_counter()
        done = apply_pending(backend, cfg, deck, now.date(), now)
        times.append(time.perf_counter() - start)
        assert [a.done for a in done] == [True], done
    deck.close()
    return min(times[1:])


def peak_memory(path: Path, kind: str) -> float:
    """Peak resident memory (MB) of a fresh process that reads and saves the workbook
    (Linux: its high-water mark in /proc)."""
    script = f"""
import re, shutil, sys
sys.path.insert(0, {str(ROOT)!r})
path = {str(path)!r}
work = path.replace(".xlsx", ".mem.xlsx")
shutil.copy(path, work)
if {kind!r} == "ours":  # the grid stays alive through the save, as in a sync
    from sheets.base import CellWrite, Changes
    from sheets.xlsx import XlsxBackend
    backend = XlsxBackend(work)
    grid = backend.read("Клиенты")
    writes = [CellWrite(r, c, "Тёплый") for r in range(4, len(grid), 100) for c in (4, 16, 17)]
    backend.save(Changes(cells={{"Клиенты": writes}}))
else:
    import openpyxl
    wb = openpyxl.load_workbook(work)
    wb.save(work)
status = open("/proc/self/status").read()  # VmHWM: this process's own peak (ru_maxrss
print(int(re.search(r"VmHWM:\\s+(\\d+)", status)[1]) / 1024)  # would carry the parent's)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return float(done.stdout.strip().splitlines()[-1])


def bench_size(rows: int, folder: Path) -> None:
    """Print one size's table."""
    path = workbook(rows, folder)
    base = openpyxl_round_trip(path, folder)
    found = ours(path, folder, rows)
    print(f"\n{rows:,} rows, {path.stat().st_size / 1e6:.1f} MB; openpyxl load + save "
          f"{base:.2f} s")
    for name, took in found.items():
        print(f"  {name:<14} {took:6.3f} s  {took / base:5.2f}x openpyxl")


# -- the readers ------------------------------------------------------------------------------


def read_calamine(path: Path) -> int:
    """python-calamine: the grid of the clients tab."""
    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(TAB).to_python(
        skip_empty_area=False))


def _strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared strings table, text of every item."""
    root = ET.fromstring(zf.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")) for si in root]


def read_iterparse(path: Path) -> int:
    """ElementTree's iterparse over the sheet, a row at a time."""
    rows: dict[int, dict[str, object]] = {}
    with zipfile.ZipFile(path) as zf, zf.open(SHEET) as fh:
        strings = _strings(zf)
        for _, el in ET.iterparse(fh):
            if el.tag == f"{{{MAIN}}}row":
                cells = {}
                for c in el:
                    v = c.findtext(f"{{{MAIN}}}v")
                    if v is not None:
                        cells[c.get("r", "")] = strings[int(v)] if c.get("t") == "s" else v
                rows[int(el.get("r", "0"))] = cells
                el.clear()
    return len(rows)


def read_expat(path: Path) -> int:
    """expat with handlers, the leanest streaming parse in Python."""
    rows: dict[int, dict[str, object]] = {}
    state: dict[str, Any] = {"text": [], "on": False, "cell": None, "row": None}
    with zipfile.ZipFile(path) as zf:
        strings = _strings(zf)

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == "c":
                state["cell"] = (attrs.get("r", ""), attrs.get("t", "n"))
                state["text"] = []
            elif name == "v":
                state["on"] = True
            elif name == "row":
                state["row"] = rows.setdefault(int(attrs.get("r", "0")), {})

        def end(name: str) -> None:
            if name == "v":
                state["on"] = False
                ref, kind = state["cell"]
                text = "".join(state["text"])
                state["row"][ref] = strings[int(text)] if kind == "s" else text

        def chars(data: str) -> None:
            if state["on"]:
                state["text"].append(data)

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        with zf.open(SHEET) as fh:
            parser.ParseFile(fh)
    return len(rows)


def bench_readers(rows: int, folder: Path) -> None:
    """The reader's evidence: time and peak memory of each way to read the tab."""
    path = workbook(rows, folder)
    print(f"\nreaders, {rows:,} rows:")
    for name, fn in (("python-calamine", read_calamine), ("expat", read_expat),
                     ("iterparse", read_iterparse)):
        gc.collect()
        took = best(lambda fn=fn: fn(path), 2)
        print(f"  {name:<16} {took:6.3f} s")


def main(args: list[str]) -> None:
    """Run the comparisons."""
    readers = "--readers" in args
    sizes = [int(a) for a in args if a.isdigit()] or [10_000]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sizes:
            bench_size(rows, folder)
        if readers:
            for rows in (10_000, 100_000):
                bench_readers(rows, folder)
        big = workbook(100_000, folder)
        print(f"\n100,000 rows ({big.stat().st_size / 1e6:.1f} MB), peak memory of a process "
              f"that reads and saves (typical): ours {peak_memory(big, 'ours'):.0f} MB, "
              f"openpyxl load + save {peak_memory(big, 'openpyxl'):.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
