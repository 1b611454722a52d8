"""The styles part: which cell formats show dates, and the few formats a save adds (a date
format, the quote prefix that keeps typed text text, a bold header) appended, nothing removed."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from .cells import attrs, escape, unescape

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
HEADER_FILL = "FFDDEBF7"
FIRST_CUSTOM_FORMAT = 164

MINIMAL = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    b'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
    b'<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
    b'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" '
    b'fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle '
    b'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


@dataclass
class _List:
    """One list of the stylesheet (cellXfs, fonts, fills, numFmts): its items' raw XML."""

    tag: bytes  # the list's element name with its prefix
    start: int  # where the list element starts (-1: the stylesheet has none)
    end: int  # where it ends
    items: list[bytes]
    added: list[bytes]


class Styles:
    """The stylesheet of a workbook: read once, grown by appending, rendered when changed."""

    def __init__(self, xml: bytes | None) -> None:
        self.created = xml is None
        self.xml = MINIMAL if xml is None else xml
        root = re.search(rb"<([\w.-]+:)?styleSheet\b", self.xml)
        self.prefix = (root[1] or b"") if root else b""
        self._xfs = self._list(b"cellXfs", b"xf")
        self._fonts = self._list(b"fonts", b"font")
        self._fills = self._list(b"fills", b"fill")
        self._fmts = self._list(b"numFmts", b"numFmt")
        self.formats = dict(BUILTIN_FORMATS)
        for item in self._fmts.items:
            a = attrs(item)
            self.formats[int(a.get(b"numFmtId", b"0"))] = unescape(a.get(b"formatCode", b""))
        self._derived: dict[tuple[int, str | None, bool | None], int] = {}
        self._header: int | None = None

    @property
    def changed(self) -> bool:
        """Whether anything was added."""
        return any(lst.added for lst in (self._xfs, self._fonts, self._fills, self._fmts))

    # -- what a format shows -------------------------------------------------------------

    def _xf(self, style: int) -> dict[bytes, bytes]:
        """The attributes of a cell format; the default one for an index out of range."""
        items = self._xfs.items + self._xfs.added
        return attrs(_start_tag(items[style] if 0 <= style < len(items) else b"<xf/>"))

    def number_format(self, style: int) -> str:
        """The number format code of a cell format."""
        return self.formats.get(int(self._xf(style).get(b"numFmtId", b"0")), "General") or ""

    def is_date(self, style: int) -> bool:
        """Whether a cell format shows numbers as dates or times."""
        return _is_date(self.number_format(style))

    def quote_prefix(self, style: int) -> bool:
        """Whether a cell format keeps what is typed into it as text (a leading apostrophe)."""
        return self._xf(style).get(b"quotePrefix", b"0") in (b"1", b"true")

    # -- adding formats ------------------------------------------------------------------

    def derive(self, style: int, fmt: str | None = None, quote: bool | None = None) -> int:
        """A cell format like style but with another number format and/or quote prefix:
        an existing equal one when there is one, else a new one appended."""
        if (fmt is None or fmt == self.number_format(style)) and (
            quote is None or quote == self.quote_prefix(style)
        ):
            return style
        key = (style, fmt, quote)
        if key not in self._derived:
            self._derived[key] = self._add_xf(self._variant(style, fmt, quote))
        return self._derived[key]

    def _variant(self, style: int, fmt: str | None, quote: bool | None) -> bytes:
        """The XML of a cell format like style with the changes asked for."""
        items = self._xfs.items + self._xfs.added
        xml = items[style] if 0 <= style < len(items) else b'<xf numFmtId="0" fontId="0" ' \
            b'fillId="0" borderId="0" xfId="0"/>'
        if fmt is not None:
            xml = _set_attr(xml, b"numFmtId", str(self._format_id(fmt)).encode())
            xml = _set_attr(xml, b"applyNumberFormat", b"1")
        if quote is not None:
            xml = _set_attr(xml, b"quotePrefix", b"1" if quote else b"0")
        return xml

    def header(self) -> int:
        """A bold cell format with a light fill, for a header row the bot writes."""
        if self._header is None:
            font = self._bold_font()
            fill = self._append(
                self._fills,
                b"<%bfill><%bpatternFill patternType=\"solid\"><%bfgColor rgb=\"%b\"/><%bbgColor "
                b"indexed=\"64\"/></%bpatternFill></%bfill>"
                % (self.prefix, self.prefix, self.prefix, HEADER_FILL.encode(), self.prefix,
                   self.prefix, self.prefix),
            )
            xf = b'<%bxf numFmtId="0" fontId="%d" fillId="%d" borderId="0" xfId="0" ' \
                b'applyFont="1" applyFill="1"/>' % (self.prefix, font, fill)
            self._header = self._add_xf(xf)
        return self._header

    def _bold_font(self) -> int:
        """A font like the default one, bold."""
        base = self._fonts.items[0] if self._fonts.items else b"<font/>"
        if re.search(rb"<([\w.-]+:)?b\s*/>", base):
            return 0
        tag = b"%bb/>" % self.prefix
        if base.rstrip().endswith(b"/>"):
            bold = base.rstrip()[:-2] + b"><" + tag + b"</%bfont>" % self.prefix
        else:
            at = base.index(b">") + 1
            bold = base[:at] + b"<" + tag + base[at:]
        return self._append(self._fonts, bold)

    def _format_id(self, code: str) -> int:
        """The id of a number format with this code, added when the workbook has none."""
        for number, known in self.formats.items():
            if known == code:
                return number
        number = max([FIRST_CUSTOM_FORMAT - 1, *self.formats]) + 1
        self.formats[number] = code
        self._fmts.added.append(b'<%bnumFmt numFmtId="%d" formatCode="%b"/>'
                                % (self.prefix, number, escape(code, quote=True).encode()))
        return number

    def _add_xf(self, xml: bytes) -> int:
        """The index of a cell format with this XML: an equal existing one, else a new one."""
        wanted = _canonical(xml)
        for i, item in enumerate(self._xfs.items + self._xfs.added):
            if _canonical(item) == wanted:
                return i
        return self._append(self._xfs, xml)

    def _append(self, lst: _List, xml: bytes) -> int:
        """Add an item to a list; its index."""
        lst.added.append(xml)
        return len(lst.items) + len(lst.added) - 1

    # -- reading and writing the part ----------------------------------------------------

    def _list(self, name: bytes, item: bytes) -> _List:
        """Find one list of the stylesheet and its items."""
        p = re.escape(self.prefix)
        m = re.search(rb"<%b%b\b[^>]*?(/?)>" % (p, name), self.xml)
        if m is None:
            return _List(self.prefix + name, -1, -1, [], [])
        if m[1]:
            return _List(self.prefix + name, m.start(), m.end(), [], [])
        close = self.xml.index(b"</%b%b>" % (self.prefix, name), m.end())
        body = self.xml[m.end():close]
        items = re.findall(
            rb"<%b%b\b(?:[^>]*?/>|[^>]*>.*?</%b%b>)" % (p, item, p, item), body, re.S
        )
        return _List(self.prefix + name, m.start(), close + len(name) + len(self.prefix) + 3,
                     items, [])

    def render(self) -> bytes:
        """The stylesheet with the added items in their lists and the counts updated."""
        xml = self.xml
        edits = sorted(
            (lst for lst in (self._xfs, self._fonts, self._fills, self._fmts) if lst.added),
            key=lambda lst: -lst.start,
        )
        for lst in edits:
            count = len(lst.items) + len(lst.added)
            if lst.start < 0:
                block = b'<%b count="%d">%b</%b>' % (lst.tag, count, b"".join(lst.added), lst.tag)
                at = _list_spot(xml, self.prefix, lst.tag)
                xml = xml[:at] + block + xml[at:]
                continue
            head_end = xml.index(b">", lst.start) + 1
            head = xml[lst.start:head_end]
            if head.endswith(b"/>"):
                head = head[:-2] + b">"
                tail = b"</%b>" % lst.tag
                body_end = head_end
                end = head_end
            else:
                body_end = lst.end - len(lst.tag) - 3
                tail = xml[body_end:lst.end]
                end = lst.end
            head = _set_attr(head, b"count", str(count).encode())
            block = head + xml[head_end:body_end] + b"".join(lst.added) + tail
            xml = xml[:lst.start] + block + xml[end:]
        return xml


def _list_spot(xml: bytes, prefix: bytes, tag: bytes) -> int:
    """Where a missing list goes: numFmts first in the stylesheet, the others before
    cellStyles (their schema order)."""
    if tag.endswith(b"numFmts"):
        root = re.search(rb"<([\w.-]+:)?styleSheet\b[^>]*>", xml)
        return root.end() if root else 0
    m = re.search(rb"<%bcellStyles\b|</%bstyleSheet>" % (re.escape(prefix), re.escape(prefix)),
                  xml)
    return m.start() if m else len(xml)


def _start_tag(xml: bytes) -> bytes:
    """The start tag of an element's XML."""
    return xml[: xml.index(b">") + 1]


def _set_attr(xml: bytes, name: bytes, value: bytes) -> bytes:
    """The element with one attribute of its start tag set (added or replaced)."""
    tag = _start_tag(xml)
    pattern = rb"(\s%b\s*=\s*)(\"[^\"]*\"|'[^']*')" % re.escape(name)
    if re.search(pattern, tag):
        new = re.sub(pattern, lambda m: m[1] + b'"' + value + b'"', tag, count=1)
    else:
        end = len(tag) - (2 if tag.endswith(b"/>") else 1)
        new = tag[:end].rstrip() + b' %b="%b"' % (name, value) + tag[end:]
    return new + xml[len(tag):]


def _canonical(xml: bytes) -> tuple[frozenset[tuple[bytes, bytes]], bytes]:
    """A cell format's XML in a form where attribute order and spacing do not matter."""
    tag = _start_tag(xml)
    found = {k: v for k, v in attrs(tag).items() if v not in (b"0", b"false") or k == b"xfId"}
    return frozenset(found.items()), re.sub(rb"\s+", b" ", xml[len(tag):])


@functools.lru_cache(maxsize=256)
def _is_date(code: str) -> bool:
    """Whether a number format code shows a date or a time."""
    return bool(code) and is_date_format(code)
