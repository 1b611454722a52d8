"""XlsxBackend on real files: values, text safety, atomic saves, busy files, and workbooks
with what openpyxl would drop kept whole.

Long because: it builds its workbooks feature by feature at the XML level (tests/test_ooxml*.py
use them too).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from bot.words import Words
from sheets.base import HEADER_FILL, CellWrite, Changes, NewTable
from sheets.errors import SheetBusyError, SheetError
from sheets.xlsx import XlsxBackend
from tests.lo import soffice, soffice_convert, soffice_csv

RU, EN = Words("ru"), Words("en")  # how the bot shows a sheets error, in each language
ROOT = Path(__file__).resolve().parent.parent
HEADER = ["ID", "Компания", "Телефон", "Статус", "Сумма"]
TRICKY_TEXT = [
    '=HYPERLINK("http://x.example","y")',
    "=1+2",
    "+7 900 123-45-67",
    "001234",
    "#N/A",
    "@everyone",
    "-5",
    "  пробелы по краям  ",
    "две\nстроки",
]


# -- sample workbooks ------------------------------------------------------------------------


def make_book(path: Path, rows: int = 3) -> Path:
    """A small client base: a title line, the header in row 2, a few clients, a journal."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws["A1"] = "База клиентов ООО «Ромашка»"
    ws.append(HEADER)
    for i in range(1, rows + 1):
        ws.append([i, f"Компания {i}", f"+7 900 000-00-0{i}", "Новый", 1000 * i])
    journal = wb.create_sheet("Журнал")
    journal.append(["Когда", "Кто", "Клиент"])
    wb.save(path)
    return path


def patch_package(
    path: Path,
    add: dict[str, bytes] | None = None,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    rels: dict[str, list[tuple[str, str, str]]] | None = None,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
) -> None:
    """Rewrite a package the way Excel would have written it: extra parts, types, relations."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts.update(add or {})
    types = parts["[Content_Types].xml"].decode()
    for part, ctype in (overrides or {}).items():
        types = types.replace(
            "</Types>", f'<Override PartName="/{part}" ContentType="{ctype}"/></Types>'
        )
    for ext, ctype in (defaults or {}).items():
        types = types.replace(
            "</Types>", f'<Default Extension="{ext}" ContentType="{ctype}"/></Types>'
        )
    parts["[Content_Types].xml"] = types.encode()
    for rels_part, entries in (rels or {}).items():
        xml = parts.get(rels_part, b"").decode() or (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"></Relationships>'
        )
        for rid, rtype, target in entries:
            xml = xml.replace(
                "</Relationships>",
                f'<Relationship Id="{rid}" Type="{rtype}" Target="{target}"/></Relationships>',
            )
        parts[rels_part] = xml.encode()
    for part, change in (edit or {}).items():
        parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
XDR = (
    'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_MS = "http://schemas.microsoft.com/office/2007/relationships/"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
SHEET1 = "xl/worksheets/sheet1.xml"
SHEET1_RELS = "xl/worksheets/_rels/sheet1.xml.rels"


def insert_in_sheet(xml: str, before: tuple[str, ...] = ()) -> Callable[[bytes], bytes]:
    """An edit that inserts xml before the first of the given tags, else before the end."""

    def change(data: bytes) -> bytes:
        text = data.decode()
        spots = [text.find(tag) for tag in (*before, "</worksheet>") if text.find(tag) >= 0]
        at = min(spots)
        return (text[:at] + xml + text[at:]).encode()

    return change


def anchor(col: int, content: str) -> str:
    """A drawing anchor over two cells holding one object."""
    return (
        f"<xdr:twoCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>"
        "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>"
        f"<xdr:col>{col + 2}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row>"
        f"<xdr:rowOff>0</xdr:rowOff></xdr:to>{content}<xdr:clientData/></xdr:twoCellAnchor>"
    )


def shape(n: int) -> str:
    """A rectangle with a text in it."""
    return (
        f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{n + 1}" name="Shape {n}"/>'
        '<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="1219200" cy="571500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>"
        f"<a:t>Звонить до 12:00 ({n})</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
    )


def add_drawing(
    path: Path,
    anchors: list[str],
    drawing_rels: list[tuple[str, str, str]] | None = None,
    add: dict[str, bytes] | None = None,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    rels: dict[str, list[tuple[str, str, str]]] | None = None,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
) -> None:
    """Attach a drawing part with these anchors to the first sheet, plus any other parts."""
    xml = f"<xdr:wsDr {XDR} {MC_NS}>{''.join(anchors)}</xdr:wsDr>"
    drawing = f'<drawing {R_NS} r:id="rIdDrw1"/>'
    all_rels = {SHEET1_RELS: [("rIdDrw1", REL + "drawing", "../drawings/drawing1.xml")]}
    if drawing_rels:
        all_rels["xl/drawings/_rels/drawing1.xml.rels"] = drawing_rels
    patch_package(
        path,
        add={"xl/drawings/drawing1.xml": xml.encode(), **(add or {})},
        overrides={"xl/drawings/drawing1.xml": CT_DRAWING, **(overrides or {})},
        defaults=defaults,
        rels={**all_rels, **(rels or {})},
        edit={
            SHEET1: insert_in_sheet(drawing, ("<legacyDrawing", "<tableParts", "<extLst")),
            **(edit or {}),
        },
    )


def with_shapes(path: Path) -> None:
    """Three text boxes on the clients tab (openpyxl cannot keep shapes)."""
    add_drawing(path, [anchor(6 + 3 * n, shape(n)) for n in range(3)])


def with_slicer(path: Path) -> None:
    """A table on the clients tab with a slicer on its status column, as Excel 2013+ writes.

    Long because: a slicer needs five related parts (cache, slicer, drawing, rels, types).
    """
    wb = openpyxl.load_workbook(path)
    wb["Клиенты"].add_table(Table(displayName="Клиенты_т", ref="A2:E5"))
    wb.save(path)
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    x15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
    frame = (
        '<mc:AlternateContent><mc:Choice xmlns:sle15="http://schemas.microsoft.com/office/'
        'drawing/2012/slicer" Requires="sle15"><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        '<xdr:cNvPr id="2" name="Статус"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/drawing/2010/slicer">'
        '<sle:slicer xmlns:sle="http://schemas.microsoft.com/office/drawing/2010/slicer" '
        'name="Статус"/></a:graphicData></a:graphic></xdr:graphicFrame></mc:Choice>'
        '<mc:Fallback><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="0" name=""/>'
        "<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>"
        "This shape represents a table slicer.</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
        "</mc:Fallback></mc:AlternateContent>"
    )
    slicer = (
        f'<slicers xmlns="{x14}"><slicer name="Статус" cache="Срез_Статус" caption="Статус" '
        'rowHeight="241300"/></slicers>'
    )
    cache = (
        f'<slicerCacheDefinition xmlns="{x14}" name="Срез_Статус" sourceName="Статус">'
        f'<extLst><ext uri="{{2F2917AC-EB37-4324-AD4E-5DD8C200BD13}}" xmlns:x15="{x15}">'
        '<x15:tableSlicerCache tableId="1" column="4"/></ext></extLst></slicerCacheDefinition>'
    )
    sheet_ext = (
        f'<extLst><ext uri="{{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}}" xmlns:x14="{x14}">'
        f'<x14:slicerList xmlns:x15="{x15}"><x14:slicer {R_NS} r:id="rIdSlc1"/></x14:slicerList>'
        "</ext></extLst>"
    )
    book_ext = (
        f'<extLst><ext uri="{{46BE6895-7355-4a93-B00E-2C351335B9C9}}" xmlns:x15="{x15}">'
        f'<x15:slicerCaches xmlns:x14="{x14}"><x14:slicerCache {R_NS} r:id="rIdSlcC1"/>'
        "</x15:slicerCaches></ext></extLst>"
    )

    def sheet_edit(data: bytes) -> bytes:
        data = insert_in_sheet(f'<drawing {R_NS} r:id="rIdDrw1"/>', ("<tableParts",))(data)
        return insert_in_sheet(sheet_ext)(data)

    add_drawing(
        path,
        [anchor(7, frame)],
        add={
            "xl/slicers/slicer1.xml": slicer.encode(),
            "xl/slicerCaches/slicerCache1.xml": cache.encode(),
        },
        overrides={
            "xl/slicers/slicer1.xml": "application/vnd.ms-excel.slicer+xml",
            "xl/slicerCaches/slicerCache1.xml": "application/vnd.ms-excel.slicerCache+xml",
        },
        rels={
            SHEET1_RELS: [
                ("rIdDrw1", REL + "drawing", "../drawings/drawing1.xml"),
                ("rIdSlc1", REL_MS + "slicer", "../slicers/slicer1.xml"),
            ],
            "xl/_rels/workbook.xml.rels": [
                ("rIdSlcC1", REL_MS + "slicerCache", "slicerCaches/slicerCache1.xml")
            ],
        },
        edit={
            SHEET1: sheet_edit,
            "xl/workbook.xml": lambda d: d.replace(
                b"</workbook>", book_ext.encode() + b"</workbook>"
            ),
        },
    )


def with_vba(path: Path) -> None:
    """A VBA project inside an .xlsx (Excel will not run it, but it is there)."""
    patch_package(
        path,
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)},
        overrides={"xl/vbaProject.bin": "application/vnd.ms-office.vbaProject"},
        rels={
            "xl/_rels/workbook.xml.rels": [
                (
                    "rIdVba1",
                    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                    "vbaProject.bin",
                )
            ]
        },
    )


def with_checkbox(path: Path) -> None:
    """A form-control check box: control properties, a VML shape and the sheet's <controls>."""
    vml = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
        'office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" '
        'type="#_x0000_t201" style="position:absolute"><v:textbox><div>Позвонил</div>'
        '</v:textbox><x:ClientData ObjectType="Checkbox"><x:Anchor>6, 0, 1, 0, 8, 0, 2, 0'
        "</x:Anchor><x:AutoFill>False</x:AutoFill></x:ClientData></v:shape></xml>"
    )
    controls = (
        f'<mc:AlternateContent {MC_NS}><mc:Choice Requires="x14"><controls>'
        '<mc:AlternateContent><mc:Choice Requires="x14">'
        f'<control {R_NS} shapeId="1025" r:id="rIdCtl1" name="Check Box 1"><controlPr '
        'defaultSize="0" autoPict="0"><anchor moveWithCells="1"><from><xdr:col xmlns:xdr="http'
        '://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">6</xdr:col></from>'
        "</anchor></controlPr></control></mc:Choice></mc:AlternateContent></controls>"
        "</mc:Choice></mc:AlternateContent>"
    )
    patch_package(
        path,
        add={
            "xl/ctrlProps/ctrlProp1.xml": (
                b'<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/'
                b'main" objectType="CheckBox" lockText="1"/>'
            ),
            "xl/drawings/vmlDrawing1.vml": vml.encode(),
        },
        overrides={"xl/ctrlProps/ctrlProp1.xml": "application/vnd.ms-excel.controlproperties+xml"},
        defaults={"vml": "application/vnd.openxmlformats-officedocument.vmlDrawing"},
        rels={
            SHEET1_RELS: [
                ("rIdVml1", REL + "vmlDrawing", "../drawings/vmlDrawing1.vml"),
                ("rIdCtl1", REL + "ctrlProp", "../ctrlProps/ctrlProp1.xml"),
            ]
        },
        edit={SHEET1: insert_in_sheet(f'<legacyDrawing {R_NS} r:id="rIdVml1"/>{controls}')},
    )


def with_custom_xml(path: Path) -> None:
    """A customXml data item, as SharePoint and OneDrive attach to documents."""
    patch_package(
        path,
        add={
            "customXml/item1.xml": b'<b:Sources xmlns:b="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/bibliography" SelectedStyle=""/>',
            "customXml/itemProps1.xml": b'<ds:datastoreItem xmlns:ds="http://schemas.openxmlfor'
            b'mats.org/officeDocument/2006/customXml" ds:itemID="{6A1C6D4E-1F2B-4C3D-9E8F-0A1B2C'
            b'3D4E5F}"/>',
        },
        overrides={
            "customXml/itemProps1.xml": (
                "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
            )
        },
        defaults={"xml": "application/xml"},
        rels={
            "customXml/_rels/item1.xml.rels": [("rId1", REL + "customXmlProps", "itemProps1.xml")],
            "xl/_rels/workbook.xml.rels": [
                ("rIdCx1", REL + "customXml", "../customXml/item1.xml")
            ],
        },
    )


def png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def with_picture(path: Path) -> None:
    """A logo picture on the clients tab."""
    pic = (
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        f'<xdr:blipFill><a:blip {R_NS} r:embed="rIdImg1"/><a:stretch><a:fillRect/></a:stretch>'
        '</xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
    )
    add_drawing(
        path,
        [anchor(7, pic)],
        drawing_rels=[("rIdImg1", REL + "image", "../media/image1.png")],
        add={"xl/media/image1.png": png()},
        defaults={"png": "image/png"},
    )


# -- helpers ---------------------------------------------------------------------------------


def cells(path: Path, tab: str = "Клиенты") -> openpyxl.worksheet.worksheet.Worksheet:
    """The tab as openpyxl loads it from disk."""
    return openpyxl.load_workbook(path)[tab]


def leftovers(folder: Path) -> list[str]:
    """Temp files a save left behind."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def set_cached(path: Path, coord: str, value: str, kind: str = "") -> None:
    """Give a formula cell of the first sheet a cached result, as Excel would have saved it."""

    def change(data: bytes) -> bytes:
        pattern = rf'<c r="{coord}"([^>]*)>\s*(<f>[^<]*</f>)\s*<v\s*/>'.encode()
        typed = f' t="{kind}"'.encode() if kind else b""
        new, n = re.subn(
            pattern,
            lambda m: (
                b'<c r="'
                + coord.encode()
                + b'"'
                + m[1]
                + typed
                + b">"
                + m[2]
                + b"<v>"
                + value.encode()
                + b"</v>"
            ),
            data,
        )
        assert n == 1
        return new

    patch_package(path, edit={SHEET1: change})


# -- values ----------------------------------------------------------------------------------


def test_read_finds_tabs_values_and_trims(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    ws_book = openpyxl.load_workbook(path)
    ws_book["Клиенты"]["H20"].fill = PatternFill("solid", start_color="FFFF00")  # styled, empty
    ws_book["Клиенты"]["G15"] = ""
    ws_book.save(path)
    backend = XlsxBackend(path)
    assert backend.location == str(path)
    assert backend.tabs() == ["Клиенты", "Журнал"]
    assert backend.read("Клиенты") == [
        ["База клиентов ООО «Ромашка»", None, None, None, None],
        HEADER,
        [1, "Компания 1", "+7 900 000-00-01", "Новый", 1000],
        [2, "Компания 2", "+7 900 000-00-02", "Новый", 2000],
        [3, "Компания 3", "+7 900 000-00-03", "Новый", 3000],
    ]
    assert backend.read("Журнал") == [["Когда", "Кто", "Клиент"]]


def test_round_trip_of_values_and_types(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    values = [
        "текст",
        42,
        3.25,
        Decimal("12.50"),
        True,
        date(2024, 11, 16),
        datetime(2024, 11, 16, 9, 30),
        None,
    ]
    writes = [CellWrite(3, 6 + i, v) for i, v in enumerate(values)]
    writes.append(CellWrite(4, 2, ""))  # an empty string clears the cell
    XlsxBackend(path).save(Changes(cells={"Клиенты": writes}))

    row = XlsxBackend(path).read("Клиенты")[2]
    assert row[5:12] == [
        "текст",
        42,
        3.25,
        12.5,
        True,
        date(2024, 11, 16),
        datetime(2024, 11, 16, 9, 30),
    ]
    assert XlsxBackend(path).read("Клиенты")[3][1] is None
    ws = cells(path)
    assert ws["K3"].number_format == "DD.MM.YYYY"
    assert ws["L3"].number_format == "DD.MM.YYYY HH:MM"
    assert ws["K3"].is_date and ws["L3"].is_date


def test_dates_keep_a_date_format_already_in_the_column(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Клиенты"]["F3"].number_format = "D MMMM YYYY"
    wb.save(path)
    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 6, date(2025, 1, 31))]}))
    assert cells(path)["F3"].number_format == "D MMMM YYYY"
    assert XlsxBackend(path).read("Клиенты")[2][5] == date(2025, 1, 31)


def test_strings_are_always_stored_as_text(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    writes = [CellWrite(3, 6 + i, text) for i, text in enumerate(TRICKY_TEXT)]
    writes.append(CellWrite(4, 6, "плохой\x01символ"))
    XlsxBackend(path).save(Changes(cells={"Клиенты": writes}))

    ws = cells(path)
    for i, text in enumerate(TRICKY_TEXT):
        cell = ws.cell(row=3, column=6 + i)
        assert (cell.value, cell.data_type) == (text, "s")
    assert ws["F3"].quotePrefix and ws["H3"].quotePrefix and ws["I3"].quotePrefix
    assert XlsxBackend(path).read("Клиенты")[2][5:] == TRICKY_TEXT
    assert XlsxBackend(path).read("Клиенты")[3][5] == "плохойсимвол"

    shown = soffice_csv(path, "Клиенты")
    if shown is None:
        return  # LibreOffice is not installed: the openpyxl checks above must do
    assert shown[2][5 : 5 + len(TRICKY_TEXT)] == TRICKY_TEXT


def test_new_tabs_then_cells_then_appends(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    ws["B8"] = "строка после пропуска"
    ws["C12"].fill = PatternFill("solid", start_color="FFFF00")  # formatted, but empty
    wb.save(path)
    backend = XlsxBackend(path)
    backend.save(
        Changes(
            new_tabs={"Отчёт": ["Показатель", "Значение"], "Журнал": ["не", "трогать"]},
            cells={"Отчёт": [CellWrite(2, 1, "Звонков")]},
            appends={"Клиенты": [[4, "Компания 4"], [5, "Компания 5"]], "Отчёт": [["Отказов", 3]]},
        )
    )
    fresh = XlsxBackend(path)
    assert fresh.tabs() == ["Клиенты", "Журнал", "Отчёт"]
    assert fresh.read("Отчёт") == [["Показатель", "Значение"], ["Звонков", None], ["Отказов", 3]]
    assert fresh.read("Журнал") == [["Когда", "Кто", "Клиент"]]
    rows = fresh.read("Клиенты")
    assert rows[7][1] == "строка после пропуска"
    assert rows[8][:2] == [4, "Компания 4"] and rows[9][:2] == [5, "Компания 5"]
    report = cells(path, "Отчёт")
    assert report["A1"].font.b and report.freeze_panes == "A2"


def test_appends_grow_an_excel_table(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Клиенты"].add_table(Table(displayName="База", ref="A2:E5"))
    wb.save(path)
    XlsxBackend(path).save(Changes(appends={"Клиенты": [[4, "Компания 4"]]}))
    assert cells(path).tables["База"].ref == "A2:E6"


def test_appends_fill_rows_whose_formulas_show_nothing(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    wb = openpyxl.load_workbook(path)
    for r in range(3, 9):  # a number column filled down in advance
        wb["Клиенты"][f"F{r}"] = f'=IF(B{r}="","",ROW()-2)'
    wb.save(path)
    for r in range(3, 9):
        set_cached(path, f"F{r}", "" if r > 5 else str(r - 2), kind="str")
    XlsxBackend(path).save(Changes(appends={"Клиенты": [[4, "Компания 4"]]}))
    ws = cells(path)
    assert [ws["B6"].value, ws["F6"].value] == ["Компания 4", '=IF(B6="","",ROW()-2)']


def test_writing_to_a_missing_tab_changes_nothing(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    before = path.read_bytes()
    backend = XlsxBackend(path)
    with pytest.raises(SheetError) as err:
        backend.save(
            Changes(cells={"Клиенты": [CellWrite(3, 2, "x")], "Нет": [CellWrite(1, 1, 1)]})
        )
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert "«Нет»" in text_ru and "'Нет'" in text_en
    assert path.read_bytes() == before
    assert backend.read("Клиенты")[2][1] == "Компания 1"  # the half-applied write is gone


# -- errors in words -------------------------------------------------------------------------


def test_missing_file_suggests_init(tmp_path: Path) -> None:
    path = tmp_path / "нет.xlsx"
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).read("Клиенты")
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert str(path) in text_ru and "python -m bot init" in text_ru
    assert "python -m bot init" in text_en


def test_missing_tab_names_the_tabs_there_are(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).read("Clients")
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert "«Clients»" in text_ru and "«Клиенты», «Журнал»" in text_ru
    assert "'Clients'" in text_en


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("broken.xlsx", b"this is not a zip", "не читается как книга Excel"),
        ("half.xlsx", None, "не читается как книга Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "сохраните как «Книга Excel (.xlsx)»"),
    ],
)
def test_a_file_that_is_not_xlsx_is_named_in_words(
    tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    path = tmp_path / name
    if content is None:  # a zip that is not a workbook
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).tabs()
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert words in text_ru and str(path) in text_ru
    assert str(path) in text_en


# -- atomic saves ----------------------------------------------------------------------------

CHILD = """
import sys
sys.path.insert(0, {root!r})
from sheets.base import CellWrite, Changes
from sheets.xlsx import XlsxBackend
XlsxBackend(sys.argv[1]).save(Changes(cells={{"Клиенты": [CellWrite(1, 1, "NEW")]}}))
"""


@pytest.fixture(scope="module")
def big_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook large enough that saving it takes a noticeable time."""
    path = tmp_path_factory.mktemp("big") / "clients.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Клиенты")
    ws.append(["OLD"] + HEADER[1:] + ["Дата", "Менеджер", "Сегмент", "Комментарий", "Сумма"])
    for i in range(5000):
        ws.append(
            [
                i,
                f"Компания {i}",
                f"+7 900 {i:07d}",
                "Новый",
                1000.5 + i,
                date(2024, 1, 1),
                "Ольга",
                "Холодный",
                "перезвонить после обеда",
                i * 3,
            ]
        )
    wb.save(path)
    return path


def marker(path: Path) -> str:
    """A1 of the clients tab, read from a package whose every member passes its CRC check."""
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return next(wb["Клиенты"].iter_rows(max_row=1, max_col=1, values_only=True))[0]
    finally:
        wb.close()


@pytest.mark.e2e
def test_sigkill_during_save_leaves_the_old_or_the_new_workbook(
    tmp_path: Path, big_book: Path
) -> None:
    script = CHILD.format(root=str(ROOT))
    rng = random.Random(20241116)
    # kill when the temp file appears, at random moments after that (writing it, checking
    # it, renaming it), and when the backup appears (just before the rename)
    triggers = [
        ("temp", 0.0),
        ("temp", 0.1),
        ("temp", rng.uniform(0.2, 1.0)),
        ("temp", rng.uniform(0.5, 2.0)),
        ("backup", 0.0),
    ]
    runs: list[tuple[tuple[str, float], Path, subprocess.Popen]] = []
    for n, trigger in enumerate(triggers):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        path = folder / "clients.xlsx"
        shutil.copy(big_book, path)
        proc = subprocess.Popen([sys.executable, "-c", script, str(path)])
        runs.append((trigger, path, proc))
    pending = list(runs)
    seen: dict[Path, float] = {}
    deadline = time.monotonic() + 90
    while pending and time.monotonic() < deadline:
        for run in list(pending):
            (kind, wait), path, proc = run
            if proc.poll() is not None:
                pending.remove(run)
                continue
            name = f".{path.name}.tmp-{proc.pid}" if kind == "temp" else "clients.bak.xlsx"
            if path.with_name(name).exists():
                seen.setdefault(path, time.monotonic())
            hit = path in seen and time.monotonic() - seen[path] >= wait
            if hit:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                pending.remove(run)
        time.sleep(0.001)
    for _trigger, _path, proc in runs:
        proc.kill()
        proc.wait()

    outcomes = [marker(path) for _trigger, path, _proc in runs]
    assert set(outcomes) <= {"OLD", "NEW"}
    assert "OLD" in outcomes  # at least one kill landed before the rename
    for (_trigger, path, _proc), outcome in zip(runs, outcomes, strict=True):
        if outcome == "NEW":
            assert marker(path.with_name("clients.bak.xlsx")) == "OLD"

    # a killed save's temp file does not get in the way of the next one
    left = next((p for _t, p, _pr in runs if leftovers(p.parent)), runs[0][1])
    XlsxBackend(left).save(Changes(cells={"Клиенты": [CellWrite(1, 1, "NEXT")]}))
    assert marker(left) == "NEXT"
    assert leftovers(left.parent) == []


def test_a_stale_temp_file_is_cleaned_up(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f".clients.xlsx.tmp-{dead.stdout.strip()}"
    stale.write_bytes(b"half a zip")
    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 2, "после сбоя")]}))
    assert leftovers(tmp_path) == []
    assert cells(path)["B3"].value == "после сбоя"


def test_one_backup_of_the_previous_version(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    original = path.read_bytes()
    backend = XlsxBackend(path)
    backend.save(Changes(cells={"Клиенты": [CellWrite(3, 2, "первая")]}))
    assert (tmp_path / "clients.bak.xlsx").read_bytes() == original
    after_first = path.read_bytes()
    backend.save(Changes(cells={"Клиенты": [CellWrite(3, 2, "вторая")]}))
    assert (tmp_path / "clients.bak.xlsx").read_bytes() == after_first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.bak.xlsx", "clients.xlsx"]
    assert cells(path)["B3"].value == "вторая"


def test_a_failed_write_is_busy_and_changes_nothing(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    before = path.read_bytes()
    (tmp_path / f".clients.xlsx.tmp-{os.getpid()}").mkdir()  # the temp file cannot be created
    with pytest.raises(SheetBusyError) as err:
        XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 2, "x")]}))
    text_ru = RU.error(err.value)
    assert str(path) in text_ru and "изменения не потеряны" in text_ru
    assert path.read_bytes() == before


# -- busy ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lock", "app"),
    [
        ("~$clients.xlsx", "Excel"),
        ("~$ients.xlsx", "Excel"),
        (".~lock.clients.xlsx#", "LibreOffice"),
    ],
)
def test_an_open_file_is_busy(tmp_path: Path, lock: str, app: str) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    before = path.read_bytes()
    backend = XlsxBackend(path)
    backend.read("Клиенты")
    (tmp_path / lock).write_text("someone")
    changes = Changes(cells={"Клиенты": [CellWrite(3, 2, "x")]})
    with pytest.raises(SheetBusyError) as err:
        backend.save(changes)
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert f"открыт в {app}" in text_ru and lock in text_ru
    assert "Закройте" in text_ru and "Close it" in text_en
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []

    (tmp_path / lock).unlink()
    backend.save(changes)  # the next cycle goes through
    assert cells(path)["B3"].value == "x"


def test_edits_saved_by_a_person_are_never_overwritten(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    backend = XlsxBackend(path)
    assert backend.read("Клиенты")[2][3] == "Новый"

    wb = openpyxl.load_workbook(path)  # a manager saves the file in the meantime
    wb["Клиенты"]["D3"] = "Интерес"
    wb.save(path)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    person = path.read_bytes()

    with pytest.raises(SheetBusyError) as err:
        backend.save(Changes(cells={"Клиенты": [CellWrite(3, 2, "бот")]}))
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert "изменён после того, как бот его прочитал" in text_ru
    assert "changed after the bot read it" in text_en
    assert path.read_bytes() == person

    assert backend.read("Клиенты")[2][3] == "Интерес"  # re-read on the next cycle
    backend.save(Changes(cells={"Клиенты": [CellWrite(3, 2, "бот")]}))
    assert [cells(path)["D3"].value, cells(path)["B3"].value] == ["Интерес", "бот"]


# -- what openpyxl would drop is kept -------------------------------------------------------


def package(path: Path) -> dict[str, bytes]:
    """The package's parts in zip order."""
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize(
    "build", [with_shapes, with_slicer, with_vba, with_checkbox, with_custom_xml, with_picture],
)
def test_a_workbook_with_what_openpyxl_would_drop_is_written_and_kept_whole(
    tmp_path: Path, build: Callable[[Path], None]
) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    build(path)
    before = package(path)
    backend = XlsxBackend(path)
    assert backend.read("Клиенты")[2][1] == "Компания 1"
    backend.save(Changes(cells={"Клиенты": [CellWrite(3, 2, "x")]}))  # once refused
    after = package(path)
    assert list(after) == list(before)  # every part there, in its order
    changed = {n for n in before if before[n] != after[n]}
    assert changed <= {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"}
    assert "xl/worksheets/sheet1.xml" in changed
    assert cells(path)["B3"].value == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.bak.xlsx", "clients.xlsx"]


def test_macros_of_an_xlsm_are_kept(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsm")
    with_vba(path)
    patch_package(
        path,
        edit={
            "[Content_Types].xml": lambda d: d.replace(
                b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
            ).replace(
                b"application/vnd.openxmlformats-officedocument.sheet.macro",
                b"application/vnd.ms-excel.sheet.macro",
            )
        },
    )
    with zipfile.ZipFile(path) as zf:
        vba = zf.read("xl/vbaProject.bin")
    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 2, "x")]}))
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in zf.read("[Content_Types].xml")
    assert cells(path)["B3"].value == "x"


def test_what_openpyxl_keeps_survives_a_save(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    ws.merge_cells("A1:E1")
    ws["F3"] = "=E3*2"
    ws["E3"].number_format = "#,##0.00 ₽"
    ws.column_dimensions["B"].width = 37
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = "A2:E5"
    dv = DataValidation(type="list", formula1='"Новый,Интерес,Клиент"', allow_blank=True)
    dv.add("D3:D100")
    ws.add_data_validation(dv)
    red = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    ws.conditional_formatting.add(
        "E3:E100", CellIsRule(operator="lessThan", formula=["1500"], fill=red)
    )
    ws["B3"].comment = Comment("любит звонки утром", "Ольга")
    ws["B4"].hyperlink = "https://example.com"
    wb.defined_names["Суммы"] = DefinedName("Суммы", attr_text="'Клиенты'!$E$3:$E$100")
    wb.create_sheet("Прайс")["A1"] = "Товар"
    wb.save(path)

    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(4, 4, "Интерес")]}))

    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    assert wb.sheetnames == ["Клиенты", "Журнал", "Прайс"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    assert ws["A1"].value == "База клиентов ООО «Ромашка»"
    assert ws["F3"].value == "=E3*2"
    assert ws["E3"].number_format == "#,##0.00 ₽"
    assert ws.column_dimensions["B"].width == 37
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:E5"
    assert [v.formula1 for v in ws.data_validations.dataValidation] == ['"Новый,Интерес,Клиент"']
    assert [r.formula for cf in ws.conditional_formatting for r in cf.rules] == [["1500"]]
    assert ws["B3"].comment.text == "любит звонки утром"
    assert ws["B4"].hyperlink.target == "https://example.com"
    assert "Суммы" in wb.defined_names
    assert ws["D4"].value == "Интерес"


def results(path: Path) -> list:
    """F3:I3 of the clients tab as the backend reads them (trailing blanks are cut)."""
    row = XlsxBackend(path).read("Клиенты")[2]
    return (row + [None] * 9)[5:9]


def test_formula_results_are_read_and_kept_unless_their_inputs_change(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    ws["F3"] = "=E3*2"  # reads the amount
    ws["G3"] = "=ROW()-2"  # reads nothing
    ws["H3"] = "=F3+1"  # reads a formula that reads the amount
    ws["I3"] = "=A3*10"  # has no cached result
    ws["F4"] = "=E4*2"  # reads another client's amount
    wb.create_sheet("Итоги")["A1"] = "=SUM(Клиенты!E:E)"  # reads the whole column
    wb.save(path)
    for coord, value in (("F3", "2000"), ("G3", "1"), ("H3", "2001"), ("F4", "4000")):
        set_cached(path, coord, value, kind="n" if coord == "H3" else "")
    patch_package(path, edit={"xl/worksheets/sheet3.xml": lambda data: data.replace(
        b"</f><v />", b"</f><v>6000</v>")})

    assert results(path) == [2000, 1, 2001, None]
    assert XlsxBackend(path).read("Итоги") == [[6000]]
    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 4, "Интерес")]}))
    assert results(path) == [2000, 1, 2001, None]

    no_full_calc = re.sub(rb' fullCalcOnLoad="1"', b"", package(path)["xl/workbook.xml"])
    patch_package(path, edit={"xl/workbook.xml": lambda _: no_full_calc})
    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 4, "Клиент")]}))
    assert b"fullCalcOnLoad" not in package(path)["xl/workbook.xml"]  # the status feeds nothing

    XlsxBackend(path).save(Changes(cells={"Клиенты": [CellWrite(3, 5, 5000)]}))
    assert b'fullCalcOnLoad="1"' in package(path)["xl/workbook.xml"]
    assert results(path) == [None, 1, None, None]  # old results dropped, none made up
    assert XlsxBackend(path).read("Клиенты")[3][5] == 4000  # another row's result is kept
    assert XlsxBackend(path).read("Итоги") == []
    sheet = package(path)[SHEET1].decode()
    assert re.search(r'<c r="H3"[^>]*><f>F3\+1</f></c>', sheet)  # no <v>, no t="n"
    assert cells(path)["F3"].value == "=E3*2"
    shown = soffice_csv(path, 0)
    if shown is not None:  # LibreOffice computes what has no cached result
        assert shown[2][5:9] == ["10000", "1", "10001", "10"]
        assert shown[3][5] == "4000"
        assert soffice_csv(path, 2) == [["10000"]]


# -- create ----------------------------------------------------------------------------------

STATUSES = ["Новый", "Недозвон", "Интерес", "Клиент", "Не звонить"]


def new_table() -> NewTable:
    """What init lays out: the clients tab with drop-downs, colours and a journal."""
    return NewTable(
        tab="Клиенты",
        headers=HEADER + ["Сегмент"],
        rows=[
            [1, "Ромашка", "+7 900 000-00-01", "Новый", 1000, "Холодный"],
            [2, "Лютик", "001234", "Интерес", 2500, "Тёплый"],
        ],
        choices={3: STATUSES, 5: ["Холодный", "Тёплый", 'Дожим "срочно"']},
        color_col=5,
        colors={"Холодный": "DDEBF7", "Тёплый": "FFD966", 'Дожим "срочно"': "F4B084"},
        widths={1: 30},
        extra_tabs={"Журнал": ["Когда", "Кто", "Клиент"], "Отчёт": ["Показатель"]},
    )


def test_create_lays_out_a_new_workbook(tmp_path: Path) -> None:
    path = tmp_path / "data" / "clients.xlsx"
    table = new_table()
    XlsxBackend(path).create(table)

    backend = XlsxBackend(path)
    assert backend.tabs() == ["Клиенты", "Списки", "Журнал", "Отчёт"]
    assert backend.read("Клиенты") == [table.headers, *table.rows]
    assert backend.read("Журнал") == [["Когда", "Кто", "Клиент"]]
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    assert wb["Списки"].sheet_state == "hidden"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith(HEADER_FILL)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert ws.column_dimensions["B"].width == 30
    assert ws.column_dimensions["C"].width == 10  # header "Телефон" fits in the minimum
    assert ws["C3"].data_type == "s" and ws["C3"].value == "001234"

    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert sorted(validations) == ["D2:D5000", "F2:F5000"]
    for coord, values in (("D2:D5000", STATUSES), ("F2:F5000", table.choices[5])):
        dv = validations[coord]
        assert (dv.type, dv.errorStyle, dv.showErrorMessage) == ("list", "warning", True)
        ((sheet, area),) = wb.defined_names[dv.formula1].destinations
        assert sheet == "Списки"
        assert [c.value for row in wb["Списки"][area.replace("$", "")] for c in row] == values

    rules = [
        (cf.sqref, r.formula, r.dxf.fill.fgColor.rgb)
        for cf in ws.conditional_formatting
        for r in cf.rules
    ]
    assert [(str(sq), f) for sq, f, _ in rules] == [
        ("A2:F5000", ['$F2="Холодный"']),
        ("A2:F5000", ['$F2="Тёплый"']),
        ("A2:F5000", ['$F2="Дожим ""срочно"""']),
    ]
    assert [rgb[-6:] for _, _, rgb in rules] == ["DDEBF7", "FFD966", "F4B084"]
    assert wb["Журнал"]["A1"].font.b and wb["Журнал"].freeze_panes == "A2"


def test_create_refuses_a_table_that_holds_data(tmp_path: Path) -> None:
    path = make_book(tmp_path / "clients.xlsx")
    before = path.read_bytes()
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).create(new_table())
    text_ru, text_en = RU.error(err.value), EN.error(err.value)
    assert "уже заполнен" in text_ru and "already holds data" in text_en
    assert path.read_bytes() == before


def test_create_adds_the_table_to_an_existing_workbook(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Прайс"
    wb.active["A1"] = "Товар"
    wb.create_sheet("Клиенты")
    wb.save(path)
    before = package(path)
    XlsxBackend(path).create(new_table())
    backend = XlsxBackend(path)
    assert backend.tabs() == ["Прайс", "Клиенты", "Журнал", "Отчёт"]  # patched in, no lists
    assert backend.read("Прайс") == [["Товар"]]
    assert backend.read("Клиенты") == [new_table().headers, *new_table().rows]
    assert backend.read("Журнал") == [["Когда", "Кто", "Клиент"]]
    after = package(path)
    assert after["xl/worksheets/sheet1.xml"] == before["xl/worksheets/sheet1.xml"]


def test_libreoffice_opens_what_the_bot_made(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    path = tmp_path / "clients.xlsx"
    backend = XlsxBackend(path)
    backend.create(new_table())
    backend.save(Changes(appends={"Журнал": [[datetime(2024, 11, 16, 10, 5), "Ольга", 1]]}))

    assert soffice_csv(path, "Клиенты")[2][:2] == ["2", "Лютик"]
    assert soffice_csv(path, "Журнал")[1][1:] == ["Ольга", "1"]
    again = soffice_convert(path, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(again)
    ws = wb["Клиенты"]
    lists = sorted(v.formula1 for v in ws.data_validations.dataValidation if v.type == "list")
    assert lists == ["Список_D", "Список_F"]  # LibreOffice keeps the lists by name
    assert len([r for cf in ws.conditional_formatting for r in cf.rules]) == 3
    XlsxBackend(again).save(Changes(cells={"Клиенты": [CellWrite(2, 4, "Клиент")]}))
    assert XlsxBackend(again).read("Клиенты")[1][3] == "Клиент"
