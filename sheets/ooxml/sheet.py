"""One worksheet part, patched where it changes and kept byte for byte everywhere else.

The rows of <sheetData> are located by a scan of their tags; only the rows a save writes are
parsed into cells and rebuilt. Everything outside them (views, columns, merges, rules,
validations, drawings, extensions) stays as it is, except the <dimension> it must widen.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

from .cells import attrs, col_number, parse_range, range_text

_ROW_NUM = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d+)["']""")
_SPANS = re.compile(rb"""(\sspans\s*=\s*)["'](\d+):(\d+)["']""")

Chunks = list[bytes | memoryview]


@dataclass
class Cell:
    """One <c> element of a row as it is in the part."""

    col: int
    raw: bytes
    has_ref: bool
    at: int = 0  # where it starts in its row's XML

    @property
    def attrs(self) -> dict[bytes, bytes]:
        """The attributes of its start tag."""
        return attrs(self.raw[: self.raw.index(b">") + 1])

    @property
    def style(self) -> int:
        """Its cell format index."""
        return int(self.attrs.get(b"s", b"0") or 0)

    def formula(self) -> dict[bytes, bytes] | None:
        """The attributes of its <f> (with b"text" for the formula), None without one."""
        m = re.search(rb"<([\w.-]+:)?f\b([^>]*?)(/?)>", self.raw)
        if m is None:
            return None
        found = attrs(m[2])
        if not m[3]:
            close = self.raw.find(b"</", m.end())
            found[b"text"] = self.raw[m.end():close] if close >= 0 else b""
        return found


@dataclass
class Row:
    """One <row> element: its start tag, its cells in order, what follows them."""

    num: int
    tag: bytes
    cells: list[Cell]
    rest: bytes  # anything after the cells (an extLst), kept


class SheetXml:
    """A worksheet part's bytes and the positions of its rows."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        m = re.search(rb"<([\w.-]+:)?sheetData\b[^>]*?(/?)>", data)
        if m is None:
            raise ValueError("the worksheet has no <sheetData>")
        self.p = m[1] or b""
        self.open_start, self.open_end = m.start(), m.end()
        self.self_closed = bool(m[2])
        self.close_start = (
            self.open_end if self.self_closed
            else data.index(b"</" + self.p + b"sheetData", self.open_end)
        )
        self._nums: array[int] | None = None
        self._starts: array[int] = array("q")
        self._ends: array[int] = array("q")
        self._parsed: dict[int, Row] = {}

    # -- the rows ------------------------------------------------------------------------

    def _scan(self) -> None:
        """Find every row's number and extent (numbers may be implicit: the previous + 1)."""
        p = re.escape(self.p)
        events = re.compile(rb"<%brow\b([^>]*?)(/?)>|</%brow\s*>" % (p, p))
        nums, starts, ends = array("q"), array("q"), array("q")
        last, pending = 0, -1
        for m in events.finditer(self.data, self.open_end, self.close_start):
            if m.lastindex:
                found = _ROW_NUM.search(m[1])
                last = int(found[1]) if found else last + 1
                if m[2]:
                    nums.append(last)
                    starts.append(m.start())
                    ends.append(m.end())
                else:
                    pending = m.start()
            elif pending >= 0:
                nums.append(last)
                starts.append(pending)
                ends.append(m.end())
                pending = -1
        self._nums, self._starts, self._ends = nums, starts, ends

    @property
    def nums(self) -> array[int]:
        """Row numbers in document order."""
        if self._nums is None:
            self._scan()
        assert self._nums is not None
        return self._nums

    def row(self, num: int) -> Row | None:
        """A row parsed into cells, None when the part has no such row."""
        if num in self._parsed:
            return self._parsed[num]
        nums = self.nums
        i = bisect.bisect_left(nums, num)
        if i >= len(nums) or nums[i] != num:
            return None
        parsed = self._parse_row(num, self.data[self._starts[i]:self._ends[i]])
        self._parsed[num] = parsed
        return parsed

    def _parse_row(self, num: int, raw: bytes) -> Row:
        """Split a row's XML into its start tag and cells."""
        tag_end = raw.index(b">") + 1
        tag = raw[:tag_end]
        if tag.endswith(b"/>"):
            return Row(num, tag[:-2].rstrip() + b">", [], b"")
        inner = raw[tag_end: raw.rindex(b"</")]
        p = re.escape(self.p)
        start = re.compile(rb"<%bc\b[^>]*?(/?)>" % p)
        close = b"</" + self.p + b"c>"
        cells: list[Cell] = []
        pos, col = 0, 0
        while (m := start.search(inner, pos)) is not None:
            end = m.end() if m[1] else inner.index(close, m.end()) + len(close)
            cell_raw = inner[m.start():end]
            found = _CELL_REF.search(m[0])
            col = col_number(found[1].decode()) if found else col + 1
            cells.append(Cell(col, cell_raw, found is not None, tag_end + m.start()))
            pos = end
        return Row(num, tag, cells, inner[pos:].strip())

    def last_row(self) -> int:
        """The number of the last row element (0 when there is none)."""
        nums = self.nums
        return nums[-1] if nums else 0

    def row_style(self, num: int) -> int | None:
        """The format a row gives its empty cells (customFormat), None when it gives none."""
        row = self.row(num)
        if row is None:
            return None
        a = attrs(row.tag)
        if a.get(b"customFormat", b"0") in (b"1", b"true"):
            return int(a.get(b"s", b"0") or 0)
        return None

    # -- what else the sheet holds ----------------------------------------------------------

    def merges(self) -> list[tuple[int, int, int, int]]:
        """The merged ranges (top, left, bottom, right)."""
        p = re.escape(self.p)
        found = []
        pattern = re.compile(rb"<%bmergeCell\b[^>]*?\sref\s*=\s*[\"']([^\"']+)" % p)
        for m in pattern.finditer(self.data, self.close_start):
            try:
                found.append(parse_range(m[1].decode()))
            except ValueError:
                continue
        return found

    def table_ids(self) -> list[str]:
        """The relationship ids of the sheet's tables (ListObjects)."""
        p = re.escape(self.p)
        pattern = re.compile(rb"<%btablePart\b[^>]*?:id\s*=\s*[\"']([^\"']+)" % p)
        return [m[1].decode() for m in pattern.finditer(self.data, self.close_start)]

    def col_styles(self) -> list[tuple[int, int, int]]:
        """(first, last, format) of the column ranges that give their cells a format."""
        p = re.escape(self.p)
        found = []
        for m in re.compile(rb"<%bcol\b([^>]*)>" % p).finditer(self.data, 0, self.open_start):
            a = attrs(m[1])
            if b"style" in a:
                found.append((int(a.get(b"min", b"0")), int(a.get(b"max", b"0")),
                              int(a[b"style"] or 0)))
        return found

    def arrays(self) -> list[tuple[int, int, int, int]]:
        """The ranges of array formulas (legacy and dynamic), each with its master first."""
        if b"array" not in self.data:
            return []
        p = re.escape(self.p)
        found = []
        pattern = re.compile(rb"<%bf\b([^>]*t\s*=\s*[\"']array[\"'][^>]*)>" % p)
        for m in pattern.finditer(self.data, self.open_end, self.close_start):
            ref = attrs(m[1]).get(b"ref")
            if ref:
                try:
                    found.append(parse_range(ref.decode()))
                except ValueError:
                    continue
        return found

    def shared_members(self, si: bytes) -> list[tuple[int, Cell]]:
        """(row, cell) of every cell that uses the shared formula si."""
        p = re.escape(self.p)
        pattern = re.compile(rb"<%bf\b[^>]*\ssi\s*=\s*[\"']%b[\"']" % (p, re.escape(si)))
        found: list[tuple[int, Cell]] = []
        for m in pattern.finditer(self.data, self.open_end, self.close_start):
            cell = self.cell_at(m.start())
            if cell is not None:
                found.append(cell)
        return found

    def cell_at(self, pos: int) -> tuple[int, Cell] | None:
        """(row, cell) of the cell whose XML holds this position of the part."""
        nums = self.nums
        i = bisect.bisect_right(self._starts, pos) - 1
        row = self.row(nums[i]) if i >= 0 else None
        if row is None:
            return None
        offset = pos - self._starts[i]
        cell = next((c for c in row.cells if c.at <= offset < c.at + len(c.raw)), None)
        return (row.num, cell) if cell is not None else None

    # -- writing -------------------------------------------------------------------------

    def render(self, rows: dict[int, bytes], area: tuple[int, int, int, int] | None) -> Chunks:
        """The part with these rows replaced or inserted, the dimension widened to area."""
        data = memoryview(self.data)
        head = self._head(area)
        if self.self_closed:
            block = b"<%bsheetData>%b</%bsheetData>" % (
                self.p, b"".join(rows[n] for n in sorted(rows)), self.p)
            return [head, data[self.open_start:self.open_start], block, data[self.open_end:]]
        chunks: Chunks = [head, data[self.open_start:self.open_end]]
        pos = self.open_end
        nums = self.nums
        for num in sorted(rows):
            i = bisect.bisect_left(nums, num)
            exists = i < len(nums) and nums[i] == num
            at = self._starts[i] if i < len(nums) else self.close_start
            chunks.append(data[pos:at])
            chunks.append(rows[num])
            pos = self._ends[i] if exists else at
        chunks.append(data[pos:])
        return chunks

    def _head(self, area: tuple[int, int, int, int] | None) -> bytes:
        """Everything before <sheetData>, with <dimension> widened to cover area."""
        head = self.data[:self.open_start]
        if area is None:
            return head
        p = re.escape(self.p)
        m = re.search(rb"(<%bdimension\b[^>]*?\sref\s*=\s*[\"'])([^\"']*)([\"'])" % p, head)
        if m is None:
            return head
        try:
            top, left, bottom, right = parse_range(m[2].decode())
        except ValueError:
            return head
        if (top, left, bottom, right) == (1, 1, 1, 1) and b"A1" in m[2]:
            top, left, bottom, right = area  # an empty sheet says A1
        new = range_text(min(top, area[0]), min(left, area[1]), max(bottom, area[2]),
                         max(right, area[3])).encode()
        return head[:m.start(2)] + new + head[m.end(2):]

    def row_xml(self, num: int, cells: dict[int, bytes | None]) -> bytes:
        """A row rebuilt: its cells with these replaced (None: removed) or added, in order."""
        row = self.row(num)
        p = self.p
        if row is None:
            body = b"".join(x for _, x in sorted(cells.items()) if x is not None)
            return b'<%brow r="%d">%b</%brow>' % (p, num, body, p)
        kept = {c.col: c for c in row.cells}
        needs_ref = any(not c.has_ref for c in row.cells)
        merged: dict[int, bytes] = {}
        for col, cell in kept.items():
            merged[col] = _with_ref(cell.raw, p, col, num) if needs_ref and not cell.has_ref \
                else cell.raw
        for col, xml in cells.items():
            if xml is None:
                merged.pop(col, None)
            else:
                merged[col] = xml
        tag = _widen_spans(row.tag, list(merged))
        body = b"".join(merged[c] for c in sorted(merged))
        return b"%b%b%b</%brow>" % (tag, body, row.rest, p)


def _with_ref(raw: bytes, p: bytes, col: int, row: int) -> bytes:
    """A cell's XML with an r attribute added (rows whose cells lacked them get them all)."""
    return raw.replace(b"<%bc" % p, b'<%bc r="%b"' % (p, _ref_bytes(row, col)), 1)


def _ref_bytes(row: int, col: int) -> bytes:
    """A1 reference as bytes."""
    return range_text(row, col, row, col).encode()


def _widen_spans(tag: bytes, cols: list[int]) -> bytes:
    """A row's start tag whose spans hint (if any) covers these columns."""
    m = _SPANS.search(tag)
    if m is None or not cols:
        return tag
    first, last = min(int(m[2]), *cols), max(int(m[3]), *cols)
    return tag[:m.start()] + m[1] + b'"%d:%d"' % (first, last) + tag[m.end():]
