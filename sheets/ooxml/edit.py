"""One save's changes to a package, worked out in memory before a byte is written: the cells
patched into their sheets, rows appended (inside an Excel table when the data ends in one),
new tabs, the few formats added, and the workbook told to recalculate when formulas read what
changed. The result is the parts that change; every other part is copied as it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from openpyxl.formula.translate import Translator, TranslatorError

from ..base import CellValue, CellWrite, Changes
from ..errors import SheetError
from . import workbook as wbk
from .cells import (
    MAX_COL,
    MAX_ROW,
    clean_text,
    escape,
    looks_like_input,
    needs_space,
    number_text,
    parse_range,
    range_text,
    ref,
    serial,
    text_xml,
    unescape,
)
from .formulas import Inputs
from .package import Chunks, Package, rels_name
from .sheet import Cell, SheetXml
from .stale import FormulaCell, stale, without_cache
from .styles import DATE_FORMAT, DATETIME_FORMAT, Styles
from .tables import Table, grown, read_table

CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
REL_STYLES = wbk.NS_REL + "/styles"
_BAD_TAB_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_CELL = re.compile(rb"<(?P<p>[\w.-]+:)?c\b[^>]*(?<!/)>(?:(?!</(?P=p)?c>).)*?<(?P=p)?f\b"
                           rb".*?</(?P=p)?c>", re.S)

NEW_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
    b'topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
    b'activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    b'<sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
    b'footer="0.3"/></worksheet>'
)


@dataclass
class _Growth:
    """How a table grows in this save."""

    bottom: int
    right: int
    names: dict[int, str] = field(default_factory=dict)


@dataclass
class _Sheet:
    """A worksheet being changed: its XML and the cells and rows replaced in it."""

    tab: wbk.Tab
    xml: SheetXml
    new: bool = False
    cells: dict[int, dict[int, bytes | None]] = field(default_factory=dict)
    moved: dict[int, bytes] = field(default_factory=dict)  # row -> its whole new XML
    vacated: set[int] = field(default_factory=set)  # rows whose old XML moved away
    values: dict[tuple[int, int], CellValue] = field(default_factory=dict)
    area: list[int] | None = None
    _merges: list[tuple[int, int, int, int]] | None = None
    _arrays: list[tuple[int, int, int, int]] | None = None
    tables: list[Table] | None = None
    growth: dict[str, _Growth] = field(default_factory=dict)
    merge_values: dict[tuple[int, int], CellValue] = field(default_factory=dict)

    def merges(self) -> list[tuple[int, int, int, int]]:
        """The sheet's merged ranges."""
        if self._merges is None:
            self._merges = self.xml.merges()
        return self._merges

    def arrays(self) -> list[tuple[int, int, int, int]]:
        """The sheet's array formula ranges."""
        if self._arrays is None:
            self._arrays = self.xml.arrays()
        return self._arrays

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell as it stands now in this save (a pending rewrite, or as in the part)."""
        pending = self.cells.get(row, {})
        if col in pending:
            raw = pending[col]
            return Cell(col, raw, True) if raw is not None else None
        parsed = self.xml.row(row)
        if parsed is None:
            return None
        return next((c for c in parsed.cells if c.col == col), None)

    def grow(self, top: int, left: int, bottom: int, right: int) -> None:
        """Widen the area of written cells."""
        if self.area is None:
            self.area = [top, left, bottom, right]
        else:
            a = self.area
            self.area = [min(a[0], top), min(a[1], left), max(a[2], bottom), max(a[3], right)]


class Edit:
    """The parts one save changes, computed from the package as it is on disk."""

    def __init__(self, package: Package, book: wbk.Book, location: str,
                 filled_of: Callable[[str], bytes]) -> None:
        self.package = package
        self.book = book
        self.location = location
        self.filled_of = filled_of  # tab -> per row, 1 when it shows a value
        self.book_xml = book.xml
        styles_part = book.related("styles")
        self.styles_part = styles_part or "xl/styles.xml"
        self.styles = Styles(package.read(styles_part) if styles_part else None)
        self.sheets: dict[str, _Sheet] = {}
        self.inputs = Inputs()  # the cells whose values change
        self.formulas_changed = False
        self.rels_xml: bytes | None = None
        self.types_xml: bytes | None = None
        self.app_xml: bytes | None = None

    # -- the changes, in their documented order ------------------------------------------

    def apply(self, changes: Changes) -> None:
        """New tabs, then cell writes, then appends."""
        for tab, header in changes.new_tabs.items():
            if self.book.tab(tab) is None:
                self._new_tab(tab, header)
        for tab, writes in changes.cells.items():
            sheet = self._sheet(tab)
            for w in writes:
                self._write(sheet, w)
        for tab, rows in changes.appends.items():
            if rows:
                self._append(self._sheet(tab), rows)

    def _sheet(self, tab: str, xml: SheetXml | None = None) -> _Sheet:
        """The worksheet to change (xml: its part, already read); a SheetError when there
        is none of that name."""
        found = self.book.tab(tab)
        if found is None:
            raise SheetError("xlsx.no_tab_to_write", tab=tab, path=self.location)
        if found.name in self.sheets:
            return self.sheets[found.name]
        if found.kind != "worksheet" or not found.part:
            raise SheetError("xlsx.not_a_table_tab", tab=tab, path=self.location)
        try:
            xml = xml or SheetXml(self.package.read(found.part))
        except (KeyError, ValueError) as exc:
            raise SheetError("xlsx.damaged_part", part=found.part, path=self.location) from exc
        sheet = self.sheets[found.name] = _Sheet(found, xml)
        return sheet

    def _write(self, sheet: _Sheet, w: CellWrite) -> None:
        """One cell write, checked against the sheet's limits, merges and array formulas."""
        if not (1 <= w.row <= MAX_ROW and 1 <= w.col <= MAX_COL):
            raise SheetError("xlsx.cell_outside", row=w.row, col=w.col, tab=sheet.tab.name,
                             path=self.location)
        row, col = self._merge_target(sheet, w.row, w.col, w.value)
        for top, left, bottom, right in sheet.arrays():
            if top <= row <= bottom and left <= col <= right and (row, col) != (top, left):
                raise SheetError("xlsx.array_cell", cell=ref(row, col), tab=sheet.tab.name,
                                 range=f"{ref(top, left)}:{ref(bottom, right)}",
                                 path=self.location)
        self._put(sheet, row, col, w.value, fmt=w.fmt)

    def _merge_target(self, sheet: _Sheet, row: int, col: int,
                      value: CellValue) -> tuple[int, int]:
        """Where a write inside a merged range goes: its first cell when the range lies in
        this column alone; a SheetError naming the cell when it spans several columns."""
        for top, left, bottom, right in sheet.merges():
            if not (top <= row <= bottom and left <= col <= right) or (row, col) == (top, left):
                continue
            where = f"{ref(top, left)}:{ref(bottom, right)}"
            if left != right:
                raise SheetError("xlsx.merged_cell", cell=ref(row, col), range=where,
                                 tab=sheet.tab.name, path=self.location)
            before = sheet.merge_values.setdefault((top, left), value)
            if before != value:
                raise SheetError("xlsx.merged_cell", cell=ref(row, col), range=where,
                                 tab=sheet.tab.name, path=self.location)
            return top, left
        return row, col

    # -- one cell ------------------------------------------------------------------------

    def _put(self, sheet: _Sheet, row: int, col: int, value: CellValue,
             style: int | None = None, fmt: str | None = None) -> None:
        """Set one cell's new XML (in style, when given; a number in fmt, when given), undoing
        what its formula was tied to."""
        old = sheet.cell(row, col)
        formula = old.formula() if old is not None else None
        if formula is not None:
            self.formulas_changed = True
            self._release(sheet, row, col, formula)
        base = style if style is not None else (
            old.style if old is not None else self._default_style(sheet, row, col))
        keep = old.attrs.get(b"ph") if old is not None else None
        sheet.cells.setdefault(row, {})[col] = self._cell_xml(sheet.xml.p, row, col, value,
                                                              base, keep, fmt)
        sheet.values[(row, col)] = value
        self.inputs.add(sheet.tab.name, row, col)
        if not _blank(value):
            sheet.grow(row, col, row, col)

    def _release(self, sheet: _Sheet, row: int, col: int, formula: dict[bytes, bytes]) -> None:
        """Before a formula cell is overwritten: a shared formula's other cells get their own
        copy of it; an array formula's other cells (its results) are emptied."""
        kind = formula.get(b"t", b"normal")
        if kind == b"shared" and formula.get(b"text") and b"si" in formula:
            self._unshare(sheet, row, col, formula)
        elif kind == b"array" and b"ref" in formula:
            top, left, bottom, right = parse_range(formula[b"ref"].decode())
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    if (r, c) != (row, col) and c not in sheet.cells.get(r, {}):
                        other = sheet.cell(r, c)
                        if other is not None:
                            sheet.cells.setdefault(r, {})[c] = self._cell_xml(
                                sheet.xml.p, r, c, None, other.style, None)

    def _unshare(self, sheet: _Sheet, row: int, col: int, formula: dict[bytes, bytes]) -> None:
        """Give every other cell of a shared formula the formula itself, moved to its place."""
        text = "=" + unescape(formula[b"text"])
        p = sheet.xml.p
        for r, cell in sheet.xml.shared_members(formula[b"si"]):
            if (r, cell.col) == (row, col) or cell.col in sheet.cells.get(r, {}):
                continue
            try:
                moved = Translator(text, origin=ref(row, col)).translate_formula(ref(r, cell.col))
            except (TranslatorError, ValueError) as exc:
                raise SheetError("xlsx.shared_formula", cell=ref(row, col), tab=sheet.tab.name,
                                 path=self.location) from exc
            own = b"<%bf>%b</%bf>" % (p, escape(moved[1:]).encode(), p)
            found = re.search(rb"<([\w.-]+:)?f\b[^>]*?(/>|>[^<]*</([\w.-]+:)?f>)", cell.raw)
            if found is None:
                continue
            raw = cell.raw[:found.start()] + own + cell.raw[found.end():]
            sheet.cells.setdefault(r, {})[cell.col] = raw

    def _default_style(self, sheet: _Sheet, row: int, col: int) -> int:
        """The format a new cell takes from its row or column, as Excel gives it."""
        style = sheet.xml.row_style(row)
        if style is not None:
            return style
        for first, last, col_style in sheet.xml.col_styles():
            if first <= col <= last:
                return col_style
        return 0

    def _cell_xml(self, p: bytes, row: int, col: int, value: CellValue, style: int,
                  ph: bytes | None, fmt: str | None = None) -> bytes | None:
        """A cell's XML holding value: text always as text, dates with a date format, a
        number in fmt when given."""
        kind, inner = "", ""
        if isinstance(value, str) and clean_text(value):
            text = clean_text(value)
            style = self.styles.derive(style, quote=looks_like_input(text))
            space = ' xml:space="preserve"' if needs_space(text) else ""
            kind, inner = "inlineStr", f"<{_s(p)}is><{_s(p)}t{space}>{text_xml(text)}" \
                f"</{_s(p)}t></{_s(p)}is>"
        elif isinstance(value, bool):
            style = self.styles.derive(style, quote=False)
            kind, inner = "b", f"<{_s(p)}v>{int(value)}</{_s(p)}v>"
        elif isinstance(value, (date, datetime)):
            fmt = None if self.styles.is_date(style) else (
                DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT)
            style = self.styles.derive(style, fmt=fmt, quote=False)
            inner = f"<{_s(p)}v>{serial(value, self.book.mac_dates)}</{_s(p)}v>"
        elif isinstance(value, (int, float, Decimal)):
            style = self.styles.derive(style, fmt=fmt, quote=False)
            inner = f"<{_s(p)}v>{number_text(value)}</{_s(p)}v>"
        elif value is not None and value != "":
            raise TypeError(f"cannot store {type(value).__name__} in an xlsx cell")
        head = f'<{_s(p)}c r="{ref(row, col)}"'
        head += f' s="{style}"' if style else ""
        head += f' t="{kind}"' if kind else ""
        head += f' ph="{ph.decode()}"' if ph else ""
        if not inner:
            return (head + "/>").encode() if style or ph else None
        return f"{head}>{inner}</{_s(p)}c>".encode()

    # -- appends -------------------------------------------------------------------------

    def _append(self, sheet: _Sheet, rows: list[list[CellValue]]) -> None:
        """Rows after the last row that shows a value; inside the Excel table that holds
        that row (before its totals row), the table grown to take them."""
        filled = b"" if sheet.new else self.filled_of(sheet.tab.name)
        last = _last_shown(filled, sheet.values, 1,
                           max(len(filled), *(r for r, _ in sheet.values), 0))
        table = next((t for t in self._tables(sheet) if t.top <= last <= t.bottom), None)
        if table is None:
            start = last + 1
        else:
            start = _last_shown(filled, sheet.values, table.data_top, table.data_end) + 1
            start = max(start, table.data_top)
            self._make_room(sheet, table, start + len(rows) - 1)
        for offset, values in enumerate(rows):
            for col, value in enumerate(values, start=1):
                if not _blank(value):
                    self._write(sheet, CellWrite(start + offset, col, value))
            if table is not None:
                self._fill_formulas(sheet, table, start + offset, values)

    def _make_room(self, sheet: _Sheet, table: Table, end: int) -> None:
        """Grow a table so its data reaches row end, moving its totals row down."""
        growth = sheet.growth.setdefault(table.part, _Growth(table.bottom, table.right))
        shift = end - table.data_end
        if shift <= 0:
            return
        for r in range(table.bottom, table.data_end, -1):
            self._move_row(sheet, r, r + shift)
        growth.bottom = max(growth.bottom, table.bottom + shift)

    def _move_row(self, sheet: _Sheet, src: int, dst: int) -> None:
        """Move a row (a totals row) down: its number and its cells' references change."""
        row = sheet.xml.row(src)
        if row is None:
            return
        self.formulas_changed = True
        p = sheet.xml.p
        tag = re.sub(rb"""(\sr\s*=\s*["'])\d+(["'])""", b"\\g<1>%d\\g<2>" % dst, row.tag,
                     count=1)
        cells = b"".join(
            re.sub(rb"""(\sr\s*=\s*["']\$?[A-Za-z]{1,3}\$?)\d+(["'])""", b"\\g<1>%d\\g<2>" % dst,
                   c.raw, count=1) if c.has_ref else c.raw.replace(
                b"<%bc" % p, b'<%bc r="%b"' % (p, ref(dst, c.col).encode()), 1)
            for c in row.cells
        )
        if not re.search(rb"""\sr\s*=""", tag):
            tag = tag.replace(b"<%brow" % p, b'<%brow r="%d"' % (p, dst), 1)
        sheet.moved[dst] = tag + cells + row.rest + b"</%brow>" % p
        sheet.vacated.add(src)
        sheet.vacated.discard(dst)
        for c in row.cells:
            sheet.grow(dst, c.col, dst, c.col)
            self.inputs.add(sheet.tab.name, src, c.col)
            self.inputs.add(sheet.tab.name, dst, c.col)

    def _fill_formulas(self, sheet: _Sheet, table: Table, row: int,
                       values: list[CellValue]) -> None:
        """Give a new table row its calculated columns' formulas, as Excel does."""
        p = sheet.xml.p
        for index, column in enumerate(table.columns):
            col = table.left + index
            given = values[col - 1] if col - 1 < len(values) else None
            if column.formula is None or not _blank(given):
                continue
            style = self._default_style(sheet, row, col)
            head = f'<{_s(p)}c r="{ref(row, col)}"' + (f' s="{style}"' if style else "")
            xml = f"{head}><{_s(p)}f>{escape(column.formula)}</{_s(p)}f></{_s(p)}c>"
            sheet.cells.setdefault(row, {})[col] = xml.encode()
            self.inputs.add(sheet.tab.name, row, col)
            self.formulas_changed = True

    def _tables(self, sheet: _Sheet) -> list[Table]:
        """The Excel tables of a sheet."""
        if sheet.tables is None:
            sheet.tables = []
            if not sheet.new:
                rels = {r.rid: r for r in self.package.rels(sheet.tab.part)}
                for rid in sheet.xml.table_ids():
                    rel = rels.get(rid)
                    if rel is not None and not rel.external and self.package.has(rel.target):
                        sheet.tables.append(read_table(rel.target,
                                                       self.package.read(rel.target)))
        return sheet.tables

    # -- new tabs ------------------------------------------------------------------------

    def _new_tab(self, name: str, header: list[str]) -> None:
        """Add a worksheet at the end with a bold, frozen header row."""
        if not name or len(name) > 31 or _BAD_TAB_CHARS.search(name) or name[0] == "'" \
                or name[-1] == "'" or name.casefold() == "history" \
                or any(t.name.casefold() == name.casefold() for t in self.book.tabs):
            raise SheetError("xlsx.bad_tab_name", tab=name, path=self.location)
        part = wbk.new_sheet_part(self.package, self.book)
        rid = wbk.free_rel_id(self.book.rel_ids)
        self.book.rel_ids.add(rid)
        sheet_id = max((t.sheet_id for t in self.book.tabs), default=0) + 1
        tab = wbk.Tab(name, part, "worksheet", sheet_id)
        self.book.tabs.append(tab)
        self.book_xml = wbk.with_sheet(self.book_xml, name, sheet_id, rid)
        self.rels_xml = wbk.rels_with(self._rels(), rid, wbk.REL_WORKSHEET,
                                      _relative(self.book.part, part))
        self.types_xml = wbk.types_with(self._types(), part, wbk.CT_WORKSHEET)
        app = self._app()
        if app is not None:
            self.app_xml = wbk.app_with_sheet(app, name)
        sheet = self.sheets[name] = _Sheet(tab, SheetXml(NEW_SHEET), new=True)
        style = self.styles.header()
        for col, title in enumerate(header, start=1):
            self._put(sheet, 1, col, title, style)

    def _rels(self) -> bytes:
        """The workbook's relationships part as changed so far."""
        if self.rels_xml is None:
            self.rels_xml = self.package.read(rels_name(self.book.part))
        return self.rels_xml

    def _types(self) -> bytes:
        """[Content_Types].xml as changed so far."""
        if self.types_xml is None:
            self.types_xml = self.package.read("[Content_Types].xml")
        return self.types_xml

    def _app(self) -> bytes | None:
        """docProps/app.xml as changed so far, None when the package has none."""
        if self.app_xml is None and self.package.has("docProps/app.xml"):
            self.app_xml = self.package.read("docProps/app.xml")
        return self.app_xml

    # -- the result ----------------------------------------------------------------------

    def parts(self) -> tuple[dict[str, Chunks], list[str], list[tuple[str, Chunks]]]:
        """(changed parts, removed parts, added parts) of the package."""
        changed: dict[str, Chunks] = {}
        added: list[tuple[str, Chunks]] = []
        removed: list[str] = []
        if self._drop_stale() and not self.book.full_calc:
            self.book_xml = wbk.with_full_calc(self.book_xml)
        for sheet in self.sheets.values():
            self._finish_tables(sheet, changed)
            rows = self._rows(sheet)
            if not rows and not sheet.new:
                continue
            area = tuple(sheet.area) if sheet.area else None
            chunks = sheet.xml.render(rows, area)  # type: ignore[arg-type]
            (added.append((sheet.tab.part, chunks)) if sheet.new
             else changed.__setitem__(sheet.tab.part, chunks))
        if self.styles.changed:
            self._styles_part(changed, added)
        chain = self.book.related("calcChain")
        if self.formulas_changed and chain is not None and self.package.has(chain):
            self._drop_calc_chain(chain, removed)
        if self.book_xml != self.book.xml:
            changed[self.book.part] = [self.book_xml]
        for part, xml in ((rels_name(self.book.part), self.rels_xml),
                          ("[Content_Types].xml", self.types_xml),
                          ("docProps/app.xml", self.app_xml)):
            if xml is not None and xml != self.package.read(part):
                changed[part] = [xml]
        return changed, removed, added

    def original(self, part: str) -> bytes:
        """A part's bytes as they are in the package (a sheet's from memory, not read again)."""
        for sheet in self.sheets.values():
            if sheet.tab.part == part and not sheet.new:
                return sheet.xml.data
        return self.package.read(part)

    def _rows(self, sheet: _Sheet) -> dict[int, bytes]:
        """Every row of a sheet that changes, as its new XML."""
        rows: dict[int, bytes] = {}
        for num in set(sheet.cells) | sheet.vacated:
            if num in sheet.moved:
                continue
            cells = sheet.cells.get(num, {})
            if num in sheet.vacated:
                body = b"".join(x for _, x in sorted(cells.items()) if x is not None)
                rows[num] = b'<%brow r="%d">%b</%brow>' % (sheet.xml.p, num, body, sheet.xml.p) \
                    if body else b""
            else:
                rows[num] = sheet.xml.row_xml(num, cells)
        rows.update(sheet.moved)
        return rows

    def _finish_tables(self, sheet: _Sheet, changed: dict[str, Chunks]) -> None:
        """Grow each table to take new header cells on its right and new rows below."""
        for table in self._tables(sheet) if sheet.cells or sheet.growth else []:
            growth = sheet.growth.get(table.part, _Growth(table.bottom, table.right))
            if table.header_rows:
                header = sheet.cells.get(table.top, {})
                right = table.right
                while right + 1 in header and _text(sheet.values.get((table.top, right + 1))):
                    right += 1
                growth.right = max(growth.right, right)
                for col in range(table.left, growth.right + 1):
                    if col in header and _text(sheet.values.get((table.top, col))):
                        growth.names[col] = _text(sheet.values[(table.top, col)])
            names = {c: n for c, n in growth.names.items() if c > table.right
                     or c - table.left >= len(table.columns)
                     or table.columns[c - table.left].name != n}
            if (growth.bottom, growth.right) != (table.bottom, table.right) or names:
                changed[table.part] = [grown(table, growth.bottom, growth.right, names)]

    def _styles_part(self, changed: dict[str, Chunks], added: list[tuple[str, Chunks]]) -> None:
        """The stylesheet as changed; a new part (with its relationship) when there was none."""
        xml = self.styles.render()
        if not self.styles.created:
            changed[self.styles_part] = [xml]
            return
        added.append((self.styles_part, [xml]))
        rid = wbk.free_rel_id(self.book.rel_ids)
        self.book.rel_ids.add(rid)
        self.rels_xml = wbk.rels_with(self._rels(), rid, REL_STYLES,
                                      _relative(self.book.part, self.styles_part))
        self.types_xml = wbk.types_with(self._types(), self.styles_part, CT_STYLES)

    def _drop_stale(self) -> bool:
        """Drop the cached results of the formulas the changed cells feed (directly or through
        other formulas); whether any formula is fed."""
        if not self.inputs:
            return False
        sheets: list[tuple[str, SheetXml]] = []
        xmls: dict[str, SheetXml] = {}
        for tab in self.book.tabs:
            if tab.kind != "worksheet" or not tab.part:
                continue
            if tab.name in self.sheets:
                xmls[tab.name] = self.sheets[tab.name].xml
            elif self.package.has(tab.part):
                try:
                    xmls[tab.name] = SheetXml(self.package.read(tab.part))
                except ValueError:
                    continue
            else:
                continue
            sheets.append((tab.name, xmls[tab.name]))
        found = stale(sheets, self.inputs, self.book.names)
        for name, cell in found:
            if cell.cached:
                self._uncache(self.sheets.get(name) or self._sheet(name, xmls[name]), cell)
        for sheet in self.sheets.values() if found else ():
            for dst, xml in sheet.moved.items():
                sheet.moved[dst] = _FORMULA_CELL.sub(
                    lambda m: without_cache(m[0], m["p"] or b""), xml)
        return bool(found)

    def _uncache(self, sheet: _Sheet, cell: FormulaCell) -> None:
        """One formula cell without its cached result (an array's other cells emptied)."""
        if cell.row in sheet.moved or cell.row in sheet.vacated:
            return
        raw = sheet.cells.get(cell.row, {}).get(cell.col, sheet.xml.data[cell.start:cell.end])
        if raw is None or b"<%bf" % sheet.xml.p not in raw:
            return
        sheet.cells.setdefault(cell.row, {})[cell.col] = without_cache(raw, sheet.xml.p)
        if cell.array is not None:
            self._release(sheet, cell.row, cell.col, {b"t": b"array",
                                                      b"ref": range_text(*cell.array).encode()})

    def _drop_calc_chain(self, chain: str, removed: list[str]) -> None:
        """Leave calcChain out (Excel rebuilds it): formulas moved, came or went."""
        removed.append(chain)
        rel = next(r for r in self.book.rels if r.target == chain)
        self.rels_xml = wbk.rels_without(self._rels(), rel.rid)
        self.types_xml = wbk.types_without(self._types(), chain)


def _s(p: bytes) -> str:
    """A namespace prefix as text."""
    return p.decode()


def _blank(value: CellValue) -> bool:
    """Empty for the table: None or an empty string."""
    return value is None or value == ""


def _text(value: CellValue) -> str:
    """A header cell's text ("" for none)."""
    return clean_text(value) if isinstance(value, str) else ""


def _last_shown(filled: bytes, written: dict[tuple[int, int], CellValue], first: int,
                last: int) -> int:
    """The last row in first..last that shows a value (a row that did keeps counting even when
    this save empties one of its cells); first - 1 when none does."""
    rows = {r for (r, _), v in written.items() if not _blank(v)}
    for r in range(last, first - 1, -1):
        if (r - 1 < len(filled) and filled[r - 1]) or r in rows:
            return r
    return first - 1


def _relative(source: str, target: str) -> str:
    """A relationship target from a source part to a target part."""
    return posixpath.relpath(target, posixpath.dirname(source))
