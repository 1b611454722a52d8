"""What a formula reads, as cell areas: enough to tell which formulas the cells a save writes
feed (their cached results are dropped and the workbook asks to be recalculated on open).
Unknown means "maybe": names that cannot be resolved, structured references, INDIRECT, OFFSET
and the like read anything."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from .cells import MAX_COL, MAX_ROW, col_number

Area = tuple[str, int, int, int, int]  # (tab casefolded or "", top, left, bottom, right)
Reads = list[Area] | None  # None: it may read anything

_SHEET = r"(?:'(?:[^']|'')+'|[^\s!'\"(),;=+\-*/^&<>{}\[\]]+)!"
_TOKEN = re.compile(
    r'"(?:[^"]|"")*"'  # a string literal: skipped
    r"|(?P<sheet>" + _SHEET + r")?(?:"
    r"(?P<c1>\$?[A-Za-z]{1,3})\$?(?P<r1>\d+)"
    r"(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>\d+))?(?![\w(])"
    r"|(?P<k1>\$?[A-Za-z]{1,3}):(?P<k2>\$?[A-Za-z]{1,3})(?![\w(])"
    r"|\$?(?P<w1>\d+):\$?(?P<w2>\d+)(?![\w(])"
    r"|(?P<name>[^\W\d][\w.\\?]*)(?P<call>\s*\(|\[)?"
    r")",
    re.UNICODE,
)
_UNKNOWN_FUNCS = frozenset({"INDIRECT", "OFFSET", "CELL", "INFO", "EVALUATE", "GET.CELL"})
_CONSTANTS = frozenset({"TRUE", "FALSE"})


def reads(formula: str, names: Mapping[str, str], depth: int = 0) -> Reads:
    """The areas a formula reads; "" stands for the formula's own tab.

    >>> reads("SUM(Клиенты!E:E)+B3*2", {})
    [('клиенты', 1, 5, 1048576, 5), ('', 3, 2, 3, 2)]
    >>> reads("INDIRECT(A1)", {}) is None
    True
    """
    found: list[Area] = []
    for m in _TOKEN.finditer(formula):
        if m[0].startswith('"'):
            continue
        tab = _tab(m["sheet"])
        if tab is None:
            return None  # a 3D reference (Sheet1:Sheet3!A1): any tab between
        if m["c1"]:
            c1, r1 = col_number(m["c1"].lstrip("$")), int(m["r1"])
            c2 = col_number(m["c2"].lstrip("$")) if m["c2"] else c1
            r2 = int(m["r2"]) if m["r2"] else r1
            found.append((tab, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        elif m["k1"]:
            c1, c2 = col_number(m["k1"].lstrip("$")), col_number(m["k2"].lstrip("$"))
            found.append((tab, 1, min(c1, c2), MAX_ROW, max(c1, c2)))
        elif m["w1"]:
            r1, r2 = int(m["w1"]), int(m["w2"])
            found.append((tab, min(r1, r2), 1, max(r1, r2), MAX_COL))
        elif m["name"]:
            more = _name_reads(m["name"], m["call"], names, depth)
            if more is None:
                return None
            found.extend((tab or t, top, left, bottom, right)
                         for t, top, left, bottom, right in more)
    return found


def _name_reads(name: str, call: str | None, names: Mapping[str, str], depth: int) -> Reads:
    """What an identifier reads: a function reads its arguments (nothing itself), a defined
    name what its formula reads, a table reference anything."""
    upper = name.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
    if call and call.strip() == "(":
        return None if upper in _UNKNOWN_FUNCS else []
    if call == "[":
        return None  # a structured reference: its table may be on any tab
    if upper in _CONSTANTS:
        return []
    target = names.get(name.casefold())
    if target is None or depth > 5:
        return None
    return reads(target, names, depth + 1)


def _tab(sheet: str | None) -> str | None:
    """The tab name of a sheet prefix, casefolded ("" when there is none, None for a 3D one)."""
    if not sheet:
        return ""
    name = sheet[:-1]
    if name.startswith("'"):
        name = name[1:-1].replace("''", "'")
    elif ":" in name:
        return None
    return name.casefold()


def shifted(areas: list[Area], rows: int, cols: int) -> list[Area]:
    """The areas a shared formula's member reads, rows and cols away from its master: each
    area both as it is and moved (which refs are absolute is not worked out: both count)."""
    if not rows and not cols:
        return areas
    out = list(areas)
    for tab, top, left, bottom, right in areas:
        out.append((tab, _clamp(top + rows, MAX_ROW), _clamp(left + cols, MAX_COL),
                    _clamp(bottom + rows, MAX_ROW), _clamp(right + cols, MAX_COL)))
    return out


def _clamp(n: int, most: int) -> int:
    """n kept within 1..most."""
    return min(max(n, 1), most)


class Inputs:
    """Cells whose values change in a save, by tab (casefolded) and column: sorted rows."""

    def __init__(self) -> None:
        self.tabs: dict[str, dict[int, list[int]]] = {}

    def __bool__(self) -> bool:
        return bool(self.tabs)

    def add(self, tab: str, row: int, col: int) -> None:
        """One more changed cell."""
        rows = self.tabs.setdefault(tab.casefold(), {}).setdefault(col, [])
        i = bisect.bisect_left(rows, row)
        if i == len(rows) or rows[i] != row:
            rows.insert(i, row)

    def fed(self, areas: list[Area], tab: str) -> bool:
        """Whether any of these areas (read by a formula on tab) holds a changed cell."""
        for sheet, top, left, bottom, right in areas:
            cols = self.tabs.get(sheet or tab)
            if not cols:
                continue
            for col, rows in cols.items():
                if left <= col <= right:
                    i = bisect.bisect_left(rows, top)
                    if i < len(rows) and rows[i] <= bottom:
                        return True
        return False
