"""Formula results a save makes stale: the formula cells that read, directly or through other
formulas, names or whole columns, a cell the save changes. Their cached results (<v> and the
type that goes with it) are dropped, so every application (and the bot's next read) computes
them again instead of showing the old ones."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .cells import MAX_COL, MAX_ROW, attrs, parse_ref, unescape
from .formulas import Area, Inputs, reads, shifted
from .sheet import SheetXml

_PASSES = 6
_CACHED_TYPES = (b"str", b"e", b"b", b"n")
_F_TEXT = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*)>([^<]*)</")
# A cell reference's row, where it can be nothing else (not in a name, a sheet's name, a text):
# the rows are all one to a summary, so formulas that differ only in them are read once.
_REF_ROW = re.compile(r"(?<![\w.\\?$])(\$?[A-Za-z]{1,3}\$?)[0-9]+(?![\w.\\?(:\[])")
_CALL_ON_NEXT_LINE = re.compile(r"^\s*\(", re.M)
_T_ATTR = re.compile(rb"""\st\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass
class FormulaCell:
    """One formula cell of a sheet as the part holds it."""

    row: int
    col: int
    start: int  # its extent in the part
    end: int
    text: str | None  # None: a shared formula's member, its text is its master's
    si: bytes | None
    array: tuple[int, int, int, int] | None = None
    cached: bool = False  # holds a <v> or a value type


def formula_cells(xml: SheetXml) -> Iterator[FormulaCell]:
    """Every formula cell of a worksheet, in document order."""
    data, p = xml.data, xml.p
    if b"<" + p + b"f" not in data:
        return
    opener = re.compile(rb"<%bf(?=[\s>/])([^>]*?)(/?)>" % re.escape(p))
    cell_tag, cell_end = b"<" + p + b"c", b"</" + p + b"c>"
    for m in opener.finditer(data, xml.open_end, xml.close_start):
        start = data.rfind(cell_tag, xml.open_end, m.start())
        while start >= 0 and data[start + len(cell_tag)] not in b" \t\r\n>/":
            start = data.rfind(cell_tag, xml.open_end, start)
        end = data.find(cell_end, m.end())
        if start < 0 or end < 0:
            continue
        end += len(cell_end)
        head = data[start:data.index(b">", start) + 1]
        a, f = attrs(head[len(cell_tag):]), attrs(m[1])
        where = _where(xml, a.get(b"r"), start)
        if where is None:
            continue
        text = None
        if not m[2]:
            close = data.find(b"</", m.end())
            text = unescape(data[m.end():close]) if close > m.end() else None
        shared = f.get(b"t") == b"shared"
        array = None
        if f.get(b"t") == b"array" and f.get(b"ref"):
            array = _range(f[b"ref"])
        cached = b"<" + p + b"v" in data[m.end():end] or a.get(b"t") in _CACHED_TYPES
        yield FormulaCell(where[0], where[1], start, end, text,
                          f.get(b"si") if shared else None, array, cached)


def _where(xml: SheetXml, r: bytes | None, start: int) -> tuple[int, int] | None:
    """(row, col) of a cell: from its r attribute, or from its place in its row."""
    if r:
        try:
            return parse_ref(r.decode())
        except ValueError:
            return None
    found = xml.cell_at(start)
    return (found[0], found[1].col) if found else None


def _range(text: bytes) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of a ref attribute, None when it is not one."""
    first, _, last = text.decode().partition(":")
    try:
        r1, c1 = parse_ref(first)
        r2, c2 = parse_ref(last) if last else (r1, c1)
    except ValueError:
        return None
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def summary(xml: SheetXml, names: Mapping[str, str]) -> list[Area] | None:
    """The columns a sheet's formulas read, all rows (a shared formula's widened by its span):
    a sheet none of whose columns changed is passed over without looking at each cell."""
    texts: list[bytes] = []
    spread = 0
    for m in _F_TEXT.finditer(xml.data, xml.open_end, xml.close_start):
        texts.append(m[2])
        if b"shared" in m[1]:
            ref = attrs(m[1]).get(b"ref")
            found = _range(ref) if ref else None
            spread = max(spread, found[3] - found[1]) if found else MAX_COL
    areas = reads(_distinct(unescape(b"\n".join(texts))), names)
    if areas is None:
        return None
    cols = {(t, max(1, left - spread), min(MAX_COL, right + spread))
            for t, _, left, _, right in areas}
    return [(t, 1, left, MAX_ROW, right) for t, left, right in cols]


def _distinct(formulas: str) -> str:
    r"""The formulas (one a line) with cell references' rows made 1 and each line once: the
    same tabs, columns and names read, for a fraction of the parsing. As they are when a sheet
    name, a text or a line starting "(" (a call across lines) could make that untrue.

    >>> _distinct("L4*1.2\nL5*1.2\nSUM($B$2:B9)+Tax2023")
    'L1*1.2\nSUM($B$2:B1)+Tax1'
    """
    if "'" in formulas or '"' in formulas or "!" in formulas:
        return formulas
    lines = _REF_ROW.sub(_row_one, formulas)
    if _CALL_ON_NEXT_LINE.search(lines):
        return formulas
    return "\n".join(dict.fromkeys(lines.split("\n")))


def _row_one(m: re.Match[str]) -> str:
    """A cell reference with its row made 1."""
    return m[1] + "1"


def stale(sheets: list[tuple[str, SheetXml]], inputs: Inputs,
          names: Mapping[str, str]) -> list[tuple[str, FormulaCell]]:
    """The formula cells (with their tab) fed by the changed cells, which grow with each
    stale formula; after a few passes every formula not yet found counts as stale."""
    known: dict[str, list[Area] | None] = {}
    masters: dict[tuple[str, bytes], tuple[int, int, list[Area] | None]] = {}
    found: list[tuple[str, FormulaCell]] = []
    done: set[tuple[str, int, int]] = set()
    with_formulas = [(t, x) for t, x in sheets if b"<" + x.p + b"f" in x.data]
    summaries = {t: summary(x, names) for t, x in with_formulas}
    cells_of: dict[str, list[FormulaCell]] = {}
    for n in range(_PASSES + 1):
        grew = False
        for tab, xml in with_formulas:
            key = tab.casefold()
            seen = summaries[tab]
            if seen is not None and n < _PASSES and not inputs.fed(seen, key):
                continue
            if tab not in cells_of:
                cells_of[tab] = list(formula_cells(xml))
            for cell in cells_of[tab]:
                if (key, cell.row, cell.col) in done:
                    continue
                areas = _areas(key, cell, known, masters, names)
                if n < _PASSES and areas is not None and not inputs.fed(areas, key):
                    continue
                done.add((key, cell.row, cell.col))
                found.append((tab, cell))
                grew = True
                for row, col in _results(cell):
                    inputs.add(key, row, col)
        if not grew:
            break
    return found


def _areas(tab: str, cell: FormulaCell, known: dict[str, list[Area] | None],
           masters: dict[tuple[str, bytes], tuple[int, int, list[Area] | None]],
           names: Mapping[str, str]) -> list[Area] | None:
    """What one formula cell reads (None: anything)."""
    if cell.text is not None:
        if cell.text not in known:
            known[cell.text] = reads(cell.text, names)
        areas = known[cell.text]
        if cell.si is not None:
            masters.setdefault((tab, cell.si), (cell.row, cell.col, areas))
        return areas
    if cell.si is None or (tab, cell.si) not in masters:
        return None
    row, col, areas = masters[(tab, cell.si)]
    return None if areas is None else shifted(areas, cell.row - row, cell.col - col)


def _results(cell: FormulaCell) -> Iterator[tuple[int, int]]:
    """The cells whose values a formula gives: itself, or its array's whole range."""
    if cell.array is None:
        yield cell.row, cell.col
        return
    top, left, bottom, right = cell.array
    for r in range(top, min(bottom, top + 10_000) + 1):
        for c in range(left, min(right, left + 100) + 1):
            yield r, c


def without_cache(raw: bytes, p: bytes) -> bytes:
    """A formula cell's XML without its cached result: no <v>, no value type."""
    head_end = raw.index(b">") + 1
    head = raw[:head_end]
    t = _T_ATTR.search(head)
    if t is not None and (t[1] or t[2] or b"") in _CACHED_TYPES:
        head = head[:t.start()] + head[t.end():]
    body = re.sub(rb"<%bv\b[^>]*?(?:/>|>[^<]*</%bv>)" % (re.escape(p), re.escape(p)), b"",
                  raw[head_end:])
    return head + body
