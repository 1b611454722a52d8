"""Excel tables (ListObjects, Ctrl+T): where they lie, and growing one by rows or columns with
its autoFilter, keeping its totals row last; the rest of the table part stays as it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from .cells import parse_range, range_text, text_xml


@dataclass
class Column:
    """One column of a table: its id, name and the formula it fills new rows with."""

    id: int
    name: str
    formula: str | None  # calculatedColumnFormula, None when the column has none


@dataclass
class Table:
    """A table part and what a save needs to know of it."""

    part: str
    xml: bytes
    name: str
    top: int
    left: int
    bottom: int
    right: int
    header_rows: int
    totals_rows: int
    columns: list[Column] = field(default_factory=list)

    @property
    def data_top(self) -> int:
        """The first row of data (below the header)."""
        return self.top + self.header_rows

    @property
    def data_end(self) -> int:
        """The last row of data (above the totals row)."""
        return self.bottom - self.totals_rows


def read_table(part: str, xml: bytes) -> Table:
    """Parse a table part."""
    root = ET.fromstring(xml)
    top, left, bottom, right = parse_range(root.get("ref", "A1"))
    columns = []
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "tableColumn":
            continue
        formula = next((c for c in el if c.tag.rsplit("}", 1)[-1] == "calculatedColumnFormula"),
                       None)
        plain = formula is not None and formula.get("array", "0") not in ("1", "true")
        columns.append(Column(int(el.get("id", "0")), el.get("name", ""),
                              (formula.text or "") if plain and formula is not None else None))
    return Table(part, xml, root.get("displayName") or root.get("name") or "", top, left,
                 bottom, right, int(root.get("headerRowCount", "1")),
                 int(root.get("totalsRowCount", "0") or 0), columns)


def grown(table: Table, bottom: int, right: int, names: dict[int, str]) -> bytes:
    """The table part with its range down to bottom and out to right; names: column number
    -> header text for the columns it gains or whose header the save rewrites."""
    xml = table.xml
    ref = range_text(table.top, table.left, bottom, right).encode()
    xml = _set_ref(xml, b"table", ref)
    filter_ref = range_text(table.top, table.left, bottom - table.totals_rows, right).encode()
    xml = _set_ref(xml, b"autoFilter", filter_ref)
    renamed = {col - table.left: name for col, name in names.items() if col <= table.right}
    for index, name in renamed.items():
        if 0 <= index < len(table.columns):
            xml = _rename(xml, table.columns[index].id, name)
    extra = [names.get(col, f"Column{col - table.left + 1}")
             for col in range(table.right + 1, right + 1)]
    if extra:
        xml = _add_columns(xml, table, extra)
    return xml


def _set_ref(xml: bytes, element: bytes, ref: bytes) -> bytes:
    """Set the ref attribute of the first element of this name."""
    m = re.search(rb"<([\w.-]+:)?%b\b[^>]*?\sref\s*=\s*([\"'])([^\"']*)\2" % element, xml)
    if m is None:
        return xml
    return xml[:m.start(3)] + ref + xml[m.end(3):]


def _rename(xml: bytes, column_id: int, name: str) -> bytes:
    """Rename a table column (its name must equal its header cell's text)."""
    pattern = rb"(<([\w.-]+:)?tableColumn\b[^>]*?\sid\s*=\s*[\"']%d[\"'][^>]*?\sname\s*=\s*)" \
        rb"([\"'])[^\"']*\3" % column_id
    pattern_b = rb"(<([\w.-]+:)?tableColumn\b[^>]*?\sname\s*=\s*)([\"'])[^\"']*\3([^>]*?\sid\s*" \
        rb"=\s*[\"']%d[\"'])" % column_id
    value = _name_attr(name)
    new, n = re.subn(pattern, lambda m: m[1] + b'"' + value + b'"', xml, count=1)
    if n:
        return new
    return re.sub(pattern_b, lambda m: m[1] + b'"' + value + b'"' + m[4], xml, count=1)


def _add_columns(xml: bytes, table: Table, names: list[str]) -> bytes:
    """Append columns to <tableColumns> and fix its count."""
    m = re.search(rb"<([\w.-]+:)?tableColumns\b([^>]*)>", xml)
    close = re.search(rb"</([\w.-]+:)?tableColumns\s*>", xml)
    if m is None or close is None:
        return xml
    p = m[1] or b""
    next_id = max((c.id for c in table.columns), default=0) + 1
    items = b"".join(b'<%btableColumn id="%d" name="%b"/>' % (p, next_id + i, _name_attr(name))
                     for i, name in enumerate(names))
    xml = xml[:close.start()] + items + xml[close.start():]
    count = len(table.columns) + len(names)
    head = re.sub(rb"(\scount\s*=\s*)[\"']\d+[\"']", b'\\g<1>"%d"' % count, m[0], count=1)
    return xml[:m.start()] + head + xml[m.end():]


def _name_attr(name: str) -> bytes:
    """A column name as an attribute value (line breaks as Excel writes them, _x000a_)."""
    return text_xml(name).replace("\n", "_x000a_").replace('"', "&quot;").encode()
