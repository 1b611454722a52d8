"""What a formula reads, by column: enough to tell whether cells a save writes feed formulas
(then the workbook asks to be recalculated on open). Unknown means "maybe": names that cannot
be resolved, INDIRECT, OFFSET and the like read anything."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .cells import col_number

Reads = list[tuple[str, int, int]] | None  # (tab casefolded or "", first col, last col); None: ?

_SHEET = r"(?:'(?:[^']|'')+'|[^\s!'\"(),;:=+\-*/^&<>{}\[\]]+)!"
_TOKEN = re.compile(
    r'"(?:[^"]|"")*"'  # a string literal: skipped
    r"|(?P<sheet>" + _SHEET + r")?(?:"
    r"(?P<c1>\$?[A-Za-z]{1,3})\$?\d+(?::\$?(?P<c2>[A-Za-z]{1,3})\$?\d+)?(?![\w(])"
    r"|(?P<k1>\$?[A-Za-z]{1,3}):(?P<k2>\$?[A-Za-z]{1,3})(?![\w(])"
    r"|\$?\d+:\$?\d+(?![\w(])"
    r"|(?P<name>[^\W\d][\w.\\?]*)(?P<call>\s*\(|\[)?"
    r")",
    re.UNICODE,
)
_UNKNOWN_FUNCS = frozenset({"INDIRECT", "OFFSET", "CELL", "INFO", "EVALUATE", "GET.CELL"})
_CONSTANTS = frozenset({"TRUE", "FALSE"})


def reads(formula: str, names: Mapping[str, str], depth: int = 0) -> Reads:
    """The column ranges a formula reads; "" stands for the formula's own tab.

    >>> reads("SUM(Клиенты!E:E)+B3*2", {})
    [('клиенты', 5, 5), ('', 2, 2)]
    >>> reads("INDIRECT(A1)", {}) is None
    True
    """
    found: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(formula):
        if m[0].startswith('"'):
            continue
        tab = _tab(m["sheet"])
        if m["c1"]:
            first = col_number(m["c1"].lstrip("$"))
            last = col_number(m["c2"].lstrip("$")) if m["c2"] else first
            found.append((tab, min(first, last), max(first, last)))
        elif m["k1"]:
            first, last = col_number(m["k1"].lstrip("$")), col_number(m["k2"].lstrip("$"))
            found.append((tab, min(first, last), max(first, last)))
        elif m["name"]:
            more = _name_reads(m["name"], m["call"], names, depth)
            if more is None:
                return None
            found.extend((tab or t, a, b) for t, a, b in more)
        elif m[0]:
            found.append((tab, 1, 16_384))  # whole rows
    return found


def _name_reads(name: str, call: str | None, names: Mapping[str, str], depth: int) -> Reads:
    """What an identifier reads: a function reads its arguments (nothing itself), a defined
    name what its formula reads, a table reference its whole tab."""
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


def _tab(sheet: str | None) -> str:
    """The tab name of a sheet prefix, casefolded ("" when there is none)."""
    if not sheet:
        return ""
    name = sheet[:-1]
    if name.startswith("'"):
        name = name[1:-1].replace("''", "'")
    return name.casefold()


def feeds(formulas: Iterable[tuple[str, str]], written: Mapping[str, set[int]],
          names: Mapping[str, str]) -> bool:
    """Whether any (tab, formula) reads a written column; written: tab casefolded -> columns."""
    seen: dict[str, Reads] = {}
    for tab, text in formulas:
        if text not in seen:
            seen[text] = reads(text, names)
        found = seen[text]
        if found is None:
            return True
        for sheet, first, last in found:
            cols = written.get(sheet or tab.casefold())
            if cols and any(first <= c <= last for c in cols):
                return True
    return False
