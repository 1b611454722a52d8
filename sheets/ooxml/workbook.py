"""The workbook part: its tabs and their parts, the date system, defined names; and the few
edits a save may make to it and its neighbours (a new tab, recalculation on open, calcChain)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from .cells import escape
from .package import Package, Rel

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_WORKSHEET = NS_REL + "/worksheet"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_KINDS = ("worksheet", "chartsheet", "dialogsheet", "macrosheet", "xlIntlMacrosheet")


@dataclass(frozen=True)
class Tab:
    """One tab of the workbook: its name, its part and what kind of sheet it is."""

    name: str
    part: str
    kind: str  # worksheet, chartsheet, dialogsheet, macrosheet
    sheet_id: int


@dataclass
class Book:
    """What the workbook part says: tabs in order, the 1904 flag, names, related parts."""

    part: str
    xml: bytes
    tabs: list[Tab]
    mac_dates: bool
    names: dict[str, str]  # defined name (casefolded) -> its formula
    rels: list[Rel]
    full_calc: bool
    rel_ids: set[str] = field(default_factory=set)

    def tab(self, name: str) -> Tab | None:
        """The tab called name (Excel ignores the case of tab names), None when there is none."""
        exact = next((t for t in self.tabs if t.name == name), None)
        if exact is not None:
            return exact
        return next((t for t in self.tabs if t.name.casefold() == name.casefold()), None)

    def related(self, kind: str) -> str | None:
        """The part of the workbook's relationship of a kind ("styles", "calcChain"), if any."""
        return next((r.target for r in self.rels
                     if r.type.rsplit("/", 1)[-1] == kind and not r.external), None)


def read_book(package: Package) -> Book:
    """Parse the workbook part the package's root relationship points at."""
    part = next((r.target for r in package.rels("")
                 if r.type.endswith("/officeDocument") and not r.external), "xl/workbook.xml")
    xml = package.read(part)
    root = ET.fromstring(xml)
    rels = package.rels(part)
    targets = {r.rid: r for r in rels}
    tabs: list[Tab] = []
    names: dict[str, str] = {}
    mac = False
    full_calc = False
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        if local == "sheet":
            rid = el.get(f"{{{NS_REL}}}id") or el.get(f"{{{_STRICT_REL}}}id") or ""
            rel = targets.get(rid)
            kind = rel.type.rsplit("/", 1)[-1] if rel else "worksheet"
            tabs.append(Tab(el.get("name", ""), rel.target if rel else "",
                            kind if kind in _KINDS else "worksheet", int(el.get("sheetId", "0"))))
        elif local == "workbookPr":
            mac = el.get("date1904", "0").lower() in ("1", "true")
        elif local == "definedName" and el.get("localSheetId") is None:
            names[el.get("name", "").casefold()] = el.text or ""
        elif local == "calcPr":
            full_calc = el.get("fullCalcOnLoad", "0").lower() in ("1", "true")
    return Book(part, xml, tabs, mac, names, rels, full_calc, {r.rid for r in rels})


# -- edits -----------------------------------------------------------------------------------


def with_full_calc(xml: bytes) -> bytes:
    """The workbook part asking the application to recalculate everything when it opens."""
    m = re.search(rb"<([\w.-]+:)?calcPr\b[^>]*?(/?)>", xml)
    if m is not None:
        tag = m[0]
        tag = re.sub(rb"\sfullCalcOnLoad\s*=\s*(\"[^\"]*\"|'[^']*')", b"", tag)
        end = len(tag) - (2 if m[2] else 1)
        tag = tag[:end].rstrip() + b' fullCalcOnLoad="1"' + tag[end:]
        return xml[:m.start()] + tag + xml[m.end():]
    prefix = _prefix(xml)
    spot = None
    for before in (b"definedNames", b"externalReferences", b"functionGroups", b"sheets"):
        close = re.search(rb"</%b%b\s*>" % (re.escape(prefix), before), xml)
        if close is not None:
            spot = close.end()
            break
    if spot is None:
        return xml
    return xml[:spot] + b'<%bcalcPr fullCalcOnLoad="1"/>' % prefix + xml[spot:]


def with_sheet(xml: bytes, name: str, sheet_id: int, rid: str) -> bytes:
    """The workbook part with a new tab at the end of <sheets>."""
    prefix = _prefix(xml)
    r = re.search(rb'xmlns:([\w.-]+)\s*=\s*"%b"' % NS_REL.encode(), xml[:4096])
    if r is not None:
        id_attr = b'%b:id="%b"' % (r[1], rid.encode())
    else:
        id_attr = b'xmlns:r="%b" r:id="%b"' % (NS_REL.encode(), rid.encode())
    sheet = b'<%bsheet name="%b" sheetId="%d" %b/>' % (
        prefix, escape(name, quote=True).encode(), sheet_id, id_attr)
    close = re.search(rb"</%bsheets\s*>" % re.escape(prefix), xml)
    if close is not None:
        return xml[:close.start()] + sheet + xml[close.start():]
    empty = re.search(rb"<%bsheets\s*/>" % re.escape(prefix), xml)
    if empty is None:
        raise ValueError("the workbook part has no <sheets>")
    block = b"<%bsheets>%b</%bsheets>" % (prefix, sheet, prefix)
    return xml[:empty.start()] + block + xml[empty.end():]


def _prefix(xml: bytes) -> bytes:
    """The prefix of the workbook's main namespace ("" or "x:")."""
    m = re.search(rb"<([\w.-]+:)?workbook\b", xml)
    return (m[1] or b"") if m else b""


def rels_with(xml: bytes | None, rid: str, rtype: str, target: str) -> bytes:
    """A .rels part with one more relationship."""
    if xml is None:
        xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
               b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               b"</Relationships>")
    rel = b'<Relationship Id="%b" Type="%b" Target="%b"/>' % (
        rid.encode(), rtype.encode(), escape(target, quote=True).encode())
    return _insert_last(xml, b"Relationships", rel)


def rels_without(xml: bytes, rid: str) -> bytes:
    """A .rels part without the relationship of this id."""
    pattern = rb"<([\w.-]+:)?Relationship\b[^>]*\sId\s*=\s*[\"']%b[\"'][^>]*?(/>|>.*?</\1?" \
        rb"Relationship>)" % re.escape(rid.encode())
    return re.sub(pattern, b"", xml, count=1, flags=re.S)


def types_with(xml: bytes, part: str, ctype: str) -> bytes:
    """[Content_Types].xml with an override for a new part."""
    override = b'<Override PartName="/%b" ContentType="%b"/>' % (
        escape(part, quote=True).encode(), ctype.encode())
    return _insert_last(xml, b"Types", override)


def types_without(xml: bytes, part: str) -> bytes:
    """[Content_Types].xml without the override of a part."""
    pattern = rb"<([\w.-]+:)?Override\b[^>]*\sPartName\s*=\s*[\"']/?%b[\"'][^>]*/>" % re.escape(
        part.encode())
    return re.sub(pattern, b"", xml, count=1, flags=re.I)


def _insert_last(xml: bytes, root: bytes, item: bytes) -> bytes:
    """Put item as the last child of the root element."""
    close = xml.rfind(b"</")
    m = re.match(rb"</([\w.-]+:)?%b\s*>" % root, xml[close:]) if close >= 0 else None
    if m is not None:
        return xml[:close] + item + xml[close:]
    empty = re.search(rb"<([\w.-]+:)?%b\b([^>]*)/>" % root, xml)
    if empty is None:
        raise ValueError(f"no <{root.decode()}> element")
    name = (empty[1] or b"") + root
    return xml[:empty.start()] + b"<%b%b>%b</%b>" % (name, empty[2], item, name) + \
        xml[empty.end():]


def free_rel_id(taken: set[str]) -> str:
    """A relationship id not used yet."""
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    return f"rId{n}"


def new_sheet_part(package: Package, book: Book) -> str:
    """A part name for a new worksheet, beside the existing ones and those added before it."""
    folder = next((posixpath.dirname(t.part) for t in book.tabs if t.kind == "worksheet"
                   and t.part), posixpath.join(posixpath.dirname(book.part), "worksheets"))
    taken = {t.part for t in book.tabs}  # tabs added in this save are not in the package yet
    n = 1
    while package.has(name := posixpath.join(folder, f"sheet{n}.xml")) or name in taken:
        n += 1
    return name


def app_with_sheet(xml: bytes, name: str) -> bytes:
    """docProps/app.xml listing one more worksheet title; unchanged when its lists are not in
    the usual shape (they are informative only)."""
    pairs = re.search(rb"<([\w.-]+:)?HeadingPairs>\s*<([\w.-]+:)?vector\b[^>]*>(.*?)</\2?vector>",
                      xml, re.S)
    titles = re.search(rb"<([\w.-]+:)?TitlesOfParts>\s*<([\w.-]+:)?vector\b([^>]*)>(.*?)"
                       rb"</\2?vector>", xml, re.S)
    if pairs is None or titles is None:
        return xml
    counts = [int(n) for n in re.findall(rb"<(?:[\w.-]+:)?i4>(\d+)</", pairs[3])]
    items = re.findall(rb"<(?:[\w.-]+:)?lpstr>.*?</(?:[\w.-]+:)?lpstr>|<(?:[\w.-]+:)?lpstr/>",
                       titles[4], re.S)
    if not counts or len(items) != sum(counts):
        return xml
    vt = titles[2] or b""
    title = b"<%blpstr>%b</%blpstr>" % (vt, escape(name).encode(), vt)
    body = b"".join(items[:counts[0]]) + title + b"".join(items[counts[0]:])
    head = re.sub(rb'size="\d+"', b'size="%d"' % (len(items) + 1), titles[3], count=1)
    i4 = re.search(rb"<(?:[\w.-]+:)?i4>(\d+)</", pairs[3])
    if i4 is None:
        return xml
    edits = [
        (titles.start(3), titles.end(), head + b">" + body + b"</%bvector>" % vt),
        (pairs.start(3) + i4.start(1), pairs.start(3) + i4.end(1), b"%d" % (counts[0] + 1)),
    ]
    for begin, end, text in sorted(edits, reverse=True):
        xml = xml[:begin] + text + xml[end:]
    return xml
