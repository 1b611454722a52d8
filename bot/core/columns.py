"""A tab the bot writes and reads back (journal, purchases, report): its columns found by header
name in either language (and the other spellings people type), in any order, with any extra
columns a person added ignored; the header it writes, in the configured language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from bot.words import LANGUAGES, Words
from sheets.base import CellValue, Grid
from sheets.values import cell_text, is_blank, norm

Cells = Sequence[CellValue]  # one row's cells in the order of its Columns' keys


def header_key(value: CellValue) -> str:
    """A header cell as it is matched: case, spaces, ё and a trailing ':' or '*' ignored.

    >>> header_key(" ID Клиента:* ") == header_key("id клиента")
    True
    """
    return norm(cell_text(value)).rstrip(":*").strip()


@dataclass(frozen=True)
class Columns:
    """A tab's columns: the catalogue keys of their headers, in the order the bot writes them."""

    keys: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # other spellings
    required: tuple[str, ...] = ()  # a header row has at least these
    scan: int = 1  # how many top rows may hold the header

    def header(self, lang: str) -> list[str]:
        """The header row the bot writes in a language."""
        w = Words(lang)
        return [w(key) for key in self.keys]

    def spellings(self) -> dict[str, str]:
        """Every accepted header (both languages, the aliases), matched form -> column key."""
        out: dict[str, str] = {}
        for key in self.keys:
            for name in (*(Words(lang)(key) for lang in LANGUAGES), *self.aliases.get(key, ())):
                out.setdefault(header_key(name), key)
        return out

    def locate(self, grid: Grid) -> tuple[int, dict[str, int]] | None:
        """The header row (0-based) and each found column's index; None when there is none."""
        wanted = self.spellings()
        for r, cells in enumerate(grid[:self.scan]):
            found: dict[str, int] = {}
            for c, value in enumerate(cells):
                key = wanted.get(header_key(value))
                if key is not None and key not in found:
                    found[key] = c
            if all(k in found for k in self.required):
                return r, found
        return None

    def rows(self, grid: Grid, until_blank: bool = False) -> Iterator[Cells]:
        """The rows under the header, each as its cells in the keys' order (None for a column
        the tab lacks); blank rows skipped, or ending the table."""
        located = self.locate(grid)
        if located is None:
            return
        header, cols = located
        width = max(cols.values(), default=-1) + 1
        index = [cols.get(k, width) for k in self.keys]  # width: the None padding a row
        pick = itemgetter(*index) if len(index) > 1 else lambda row: (row[index[0]],)
        for cells in grid[header + 1:]:
            if all(is_blank(v) for v in cells):
                if until_blank:
                    return
                continue
            row = cells[:width]
            yield pick(row + [None] * (width + 1 - len(row)))

    def arrange(self, grid: Grid, rows: Sequence[Cells]) -> list[list[CellValue]]:
        """Rows in the keys' order put under the tab's own headers (a person may have moved
        or removed columns): each value in its header's column, a column the tab lacks after
        the last one, columns a person added left empty.

        >>> cols = Columns(("tab.journal.who", "tab.journal.client_id"))
        >>> cols.arrange([["Заметки", "ID клиента", "Кто"]], [["Ольга", "7"]])
        [[None, '7', 'Ольга']]
        >>> cols.arrange([["ID клиента"]], [["Ольга", "7"]])
        [['7', 'Ольга']]
        """
        located = self.locate(grid)
        if located is None:
            return [list(r) for r in rows]
        found = located[1]
        width = max(max(found.values(), default=-1) + 1, len(grid[located[0]]))
        missing = [key for key in self.keys if key not in found]
        at = {**found, **{key: width + i for i, key in enumerate(missing)}}
        size = width + len(missing)
        out = []
        for cells in rows:
            line: list[CellValue] = [None] * size
            for key, value in zip(self.keys, cells, strict=True):
                line[at[key]] = value
            while line and line[-1] is None:
                line.pop()
            out.append(line)
        return out
