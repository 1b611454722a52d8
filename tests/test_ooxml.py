"""The patching .xlsx engine on workbooks built at the XML level, feature by feature: a save
changes only the cells it writes (every other part byte for byte, in order), what it wrote is
there for openpyxl and LibreOffice, and a save with nothing new writes nothing."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from sheets.base import CellWrite, Changes
from sheets.errors import SheetError
from sheets.ooxml.cells import serial
from sheets.ooxml.formulas import Inputs
from sheets.ooxml.sheet import SheetXml
from sheets.ooxml.stale import formula_cells, stale, without_cache
from sheets.xlsx import XlsxBackend
from tests.lo import soffice, soffice_csv
from tests.test_xlsx import (
    R_NS,
    REL,
    SHEET1,
    SHEET1_RELS,
    TRICKY_TEXT,
    insert_in_sheet,
    make_book,
    patch_package,
    with_checkbox,
    with_custom_xml,
    with_picture,
    with_shapes,
    with_slicer,
    with_vba,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
CT_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
STYLES = "xl/styles.xml"
BOOK = "xl/workbook.xml"
TAB = "Клиенты"


# -- features put in at the XML level --------------------------------------------------------


def no_full_calc(path: Path) -> None:
    """openpyxl always asks for recalculation on open; a file from Excel does not."""
    patch_package(path, edit={BOOK: lambda d: d.replace(b' fullCalcOnLoad="1"', b"")})


def with_threaded_comment(path: Path) -> None:
    """An Excel 365 threaded comment on B3 with its person list."""
    thread = (
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
        'threadedcomments"><threadedComment ref="B3" dT="2024-11-16T10:00:00.00" '
        'personId="{11111111-2222-3333-4444-555555555555}" id="{AAAAAAAA-BBBB-CCCC-DDDD-'
        'EEEEEEEEEEEE}"><text>Позвонить после обеда</text></threadedComment></ThreadedComments>'
    )
    persons = (
        '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
        'threadedcomments"><person displayName="Ольга" id="{11111111-2222-3333-4444-'
        '555555555555}" userId="olga" providerId="None"/></personList>'
    )
    ms = "http://schemas.microsoft.com/office/2017/10/relationships/"
    patch_package(
        path,
        add={"xl/threadedComments/threadedComment1.xml": thread.encode(),
             "xl/persons/person.xml": persons.encode()},
        overrides={"xl/threadedComments/threadedComment1.xml":
                   "application/vnd.ms-excel.threadedcomments+xml",
                   "xl/persons/person.xml": "application/vnd.ms-excel.person+xml"},
        rels={SHEET1_RELS: [("rIdTc1", ms + "threadedComment",
                             "../threadedComments/threadedComment1.xml")],
              "xl/_rels/workbook.xml.rels": [("rIdPs1", ms + "person", "persons/person.xml")]},
    )


def with_x14_validation(path: Path) -> None:
    """A drop-down whose list is on another tab, as Excel 2010+ writes it (x14 in extLst)."""
    ext = (
        f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
        f'<x14:dataValidations xmlns:xm="{XM}" count="1"><x14:dataValidation type="list" '
        'allowBlank="1"><x14:formula1><xm:f>Журнал!$A$1:$A$3</xm:f></x14:formula1>'
        "<xm:sqref>D3:D100</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
        "</extLst>"
    )
    patch_package(path, edit={SHEET1: insert_in_sheet(ext)})


def with_chart(path: Path) -> None:
    """A bar chart of the amounts, drawn by openpyxl (a drawing and a chart part)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[TAB]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=2, max_row=5), titles_from_data=True)
    ws.add_chart(chart, "H2")
    wb.save(path)


def with_table(path: Path) -> None:
    """The clients as an Excel table with a calculated column and a totals row (row 6)."""
    table = (
        f'<table xmlns="{MAIN}" id="1" name="База" displayName="База" ref="A2:F6" '
        'totalsRowCount="1"><autoFilter ref="A2:F5"/><tableColumns count="6">'
        '<tableColumn id="1" name="ID"/><tableColumn id="2" name="Компания" '
        'totalsRowLabel="Итого"/><tableColumn id="3" name="Телефон"/><tableColumn id="4" '
        'name="Статус"/><tableColumn id="5" name="Сумма" totalsRowFunction="sum"/>'
        '<tableColumn id="6" name="С НДС"><calculatedColumnFormula>База[[#This Row],[Сумма]]'
        "*1.2</calculatedColumnFormula></tableColumn></tableColumns><tableStyleInfo "
        'name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" '
        'showColumnStripes="0"/></table>'
    )
    def sheet(data: bytes) -> bytes:
        text = data.decode()
        text = text.replace('<c r="E2" t="inlineStr"><is><t>Сумма</t></is></c>',
                            '<c r="E2" t="inlineStr"><is><t>Сумма</t></is></c><c r="F2" '
                            't="inlineStr"><is><t>С НДС</t></is></c>')
        for r in (3, 4, 5):
            text = re.sub(rf'(<c r="E{r}" t="n"><v>(\d+)</v></c>)',
                          lambda m, r=r: m[1] + f'<c r="F{r}"><f>База[[#This Row],[Сумма]]*1.2'
                          f"</f><v>{int(m[2]) * 1.2:g}</v></c>", text)
        totals = ('<row r="6"><c r="B6" t="str"><v>Итого</v></c><c r="E6"><f>SUBTOTAL(109,'
                  "База[Сумма])</f><v>6000</v></c></row>")
        text = text.replace("</sheetData>", totals + "</sheetData>")
        return insert_in_sheet(f'<tableParts count="1"><tablePart {R_NS} r:id="rIdT1"/>'
                               "</tableParts>")(text.encode())
    patch_package(
        path,
        add={"xl/tables/table1.xml": table.encode()},
        overrides={"xl/tables/table1.xml": CT_SML + "table+xml"},
        rels={SHEET1_RELS: [("rIdT1", REL + "table", "../tables/table1.xml")]},
        edit={SHEET1: sheet},
    )


def with_shared_formulas(path: Path) -> None:
    """G3:G5 share one formula (=E3*2 written once), as Excel saves a filled-down column."""
    def sheet(data: bytes) -> bytes:
        text = data.decode()
        cells = {3: '<c r="G3"><f t="shared" ref="G3:G5" si="0">E3*2</f><v>2000</v></c>',
                 4: '<c r="G4"><f t="shared" si="0"/><v>4000</v></c>',
                 5: '<c r="G5"><f t="shared" si="0"/><v>6000</v></c>'}
        for r, cell in cells.items():
            text = re.sub(rf'(<c r="E{r}" t="n"><v>\d+</v></c>)', lambda m, c=cell: m[1] + c,
                          text)
        return text.encode()
    patch_package(path, edit={SHEET1: sheet})


def with_1904(path: Path) -> None:
    """The Mac 1904 date system."""
    patch_package(path, edit={BOOK: lambda d: d.replace(b"<workbookPr />",
                                                        b'<workbookPr date1904="1"/>')})


def with_rich_text(path: Path) -> None:
    """B3 from the shared strings table as rich text (a bold run and a plain one)."""
    sst = (f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><r><rPr><b/></rPr><t '
           'xml:space="preserve">ООО </t></r><r><t>Ромашка</t></r></si></sst>')
    patch_package(
        path,
        add={"xl/sharedStrings.xml": sst.encode()},
        overrides={"xl/sharedStrings.xml": CT_SML + "sharedStrings+xml"},
        rels={"xl/_rels/workbook.xml.rels": [("rIdSst", REL + "sharedStrings",
                                              "sharedStrings.xml")]},
        edit={SHEET1: lambda d: d.replace(
            b'<c r="B3" t="inlineStr"><is><t>\xd0\x9a\xd0\xbe\xd0\xbc\xd0\xbf\xd0\xb0\xd0\xbd'
            b"\xd0\xb8\xd1\x8f 1</t></is></c>", b'<c r="B3" t="s"><v>0</v></c>')},
    )


FEATURES: dict[str, Callable[[Path], None]] = {
    "threaded_comment": with_threaded_comment,
    "x14_validation": with_x14_validation,
    "chart": with_chart,
    "table": with_table,
    "shared_formulas": with_shared_formulas,
    "1904": with_1904,
    "rich_text": with_rich_text,
    "shapes": with_shapes,
    "slicer": with_slicer,
    "vba": with_vba,
    "checkbox": with_checkbox,
    "custom_xml": with_custom_xml,
    "picture": with_picture,
}


def book(tmp_path: Path, *features: str) -> Path:
    """The small client base with these features, without openpyxl's recalculation flag."""
    path = make_book(tmp_path / "clients.xlsx")
    for name in features:
        FEATURES[name](path)
    no_full_calc(path)
    return path


# -- checks ----------------------------------------------------------------------------------


def members(path: Path) -> dict[str, bytes]:
    """The package's parts in zip order."""
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def changed_parts(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Parts added, removed or different; asserts the kept ones are in their old order."""
    kept = [n for n in after if n in before]
    assert kept == [n for n in before if n in after]
    return {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}


def outside_cells(xml: bytes) -> bytes:
    """A worksheet without its cells and its <dimension>: what a save must not touch."""
    xml = re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>", b"", xml, flags=re.S)
    return re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", xml)


def sync_like(path: Path) -> Changes:
    """What a sync writes: a status, a segment and an owner in new columns, one new client."""
    return Changes(
        cells={TAB: [CellWrite(2, 8, "Сегмент"), CellWrite(3, 8, "Тёплый"),
                     CellWrite(4, 4, "Интерес"), CellWrite(5, 9, date(2026, 11, 23))]},
        appends={TAB: [[4, "Компания 4", "+7 900 000-00-04", "Новый", 4000]]},
    )


def saved_twice(path: Path, changes: Changes) -> None:
    """Save, then check a second save of the same changes and an empty one write nothing."""
    XlsxBackend(path).save(changes)
    after = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    XlsxBackend(path).save(Changes())
    again = XlsxBackend(path)
    again.read(TAB)
    again.save(Changes(cells=changes.cells))  # the same values once more
    assert path.read_bytes() == after and path.stat().st_mtime_ns == stamp


# -- the features ----------------------------------------------------------------------------


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_a_save_changes_only_what_it_writes(tmp_path: Path, feature: str) -> None:
    path = book(tmp_path, feature)
    before = members(path)
    backend = XlsxBackend(path)
    assert backend.read(TAB)[2][0] == 1
    saved_twice(path, sync_like(path))
    after = members(path)

    allowed = {SHEET1, STYLES}
    if feature in ("table", "slicer"):  # the new client joins the Excel table
        allowed.add("xl/tables/table1.xml")
    if feature in ("shared_formulas", "table"):
        allowed.add(BOOK)  # written cells feed formulas: recalculate on open
    assert changed_parts(before, after) <= allowed
    assert outside_cells(after[SHEET1]) == outside_cells(before[SHEET1])
    ws = openpyxl.load_workbook(path)[TAB]
    assert [ws["H2"].value, ws["H3"].value, ws["D4"].value] == ["Сегмент", "Тёплый", "Интерес"]
    assert ws["I5"].value == datetime(2026, 11, 23) and ws["I5"].number_format == "DD.MM.YYYY"
    assert [ws["A6"].value, ws["B6"].value] == [4, "Компания 4"]
    if feature == "table":
        assert ws["B7"].value == "Итого"  # the totals row moved down under the new client


def test_every_feature_at_once_opens_in_libreoffice(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    path = book(tmp_path, *[f for f in FEATURES if f not in ("vba",)])
    XlsxBackend(path).save(sync_like(path))
    shown = soffice_csv(path, TAB)
    assert shown is not None
    assert shown[1][7] == "Сегмент" and shown[2][7] == "Тёплый" and shown[3][3] == "Интерес"
    assert shown[4][8] == "11/23/26" or "2026" in shown[4][8] or shown[4][8] == "46349"
    assert shown[5][:2] == ["4", "Компания 4"]
    assert shown[6][1] == "Итого"  # the totals row is still last


def test_the_table_takes_the_new_row_above_its_totals(tmp_path: Path) -> None:
    path = book(tmp_path, "table")
    XlsxBackend(path).save(Changes(appends={TAB: [[4, "Компания 4", "", "", 4000],
                                                          [5, "Компания 5", "", "", 500]]}))
    table = openpyxl.load_workbook(path)[TAB].tables["База"]
    assert table.ref == "A2:F8" and table.autoFilter.ref == "A2:F7"
    ws = openpyxl.load_workbook(path)[TAB]
    assert [ws["B6"].value, ws["B7"].value, ws["B8"].value] == ["Компания 4", "Компания 5",
                                                                 "Итого"]
    assert ws["E8"].value == "=SUBTOTAL(109,База[Сумма])"
    assert ws["F6"].value == "=База[[#This Row],[Сумма]]*1.2"  # the calculated column
    with zipfile.ZipFile(path) as zf:
        assert b'fullCalcOnLoad="1"' in zf.read(BOOK)
    shown = soffice_csv(path, TAB)
    if shown is not None:  # LibreOffice computes the new formula; the total waits for a recalc
        assert shown[7][1] == "Итого" and shown[5][5] == "4800"


def test_the_table_takes_new_columns(tmp_path: Path) -> None:
    path = book(tmp_path, "table")
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(2, 7, "Сегмент"),
                                                        CellWrite(3, 7, "Тёплый")]}))
    table = openpyxl.load_workbook(path)[TAB].tables["База"]
    assert table.ref == "A2:G6" and table.autoFilter.ref == "A2:G5"
    assert [c.name for c in table.tableColumns][-1] == "Сегмент"
    assert table.tableColumns[-1].id == 7


def test_a_shared_formula_survives_its_first_cell_being_overwritten(tmp_path: Path) -> None:
    path = book(tmp_path, "shared_formulas")
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 7, "вручную")]}))
    ws = openpyxl.load_workbook(path)[TAB]
    assert [ws["G3"].value, ws["G4"].value, ws["G5"].value] == ["вручную", "=E4*2", "=E5*2"]
    assert XlsxBackend(path).read(TAB)[3][6] == 4000  # cached results kept


def test_writing_a_date_in_a_1904_workbook(tmp_path: Path) -> None:
    path = book(tmp_path, "1904")
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 6, date(2026, 11, 23))]}))
    assert XlsxBackend(path).read(TAB)[2][5] == date(2026, 11, 23)
    with zipfile.ZipFile(path) as zf:
        assert f"<v>{serial(date(2026, 11, 23), mac=True)}</v>".encode() in zf.read(SHEET1)
    assert openpyxl.load_workbook(path)[TAB]["F3"].value == datetime(2026, 11, 23)


def test_rich_text_and_inline_strings_are_read(tmp_path: Path) -> None:
    path = book(tmp_path, "rich_text")
    rows = XlsxBackend(path).read(TAB)
    assert rows[2][1] == "ООО Ромашка" and rows[3][1] == "Компания 2"


def test_text_a_manager_typed_stays_text(tmp_path: Path) -> None:
    path = book(tmp_path)
    writes = [CellWrite(3, 6 + i, text) for i, text in enumerate(TRICKY_TEXT)]
    writes.append(CellWrite(4, 6, "плохой\x01символ"))
    XlsxBackend(path).save(Changes(cells={TAB: writes}))
    ws = openpyxl.load_workbook(path)[TAB]
    for i, text in enumerate(TRICKY_TEXT):
        cell = ws.cell(row=3, column=6 + i)
        assert (cell.value, cell.data_type) == (text, "s")
    assert ws["F3"].quotePrefix and ws["H3"].quotePrefix and ws["I3"].quotePrefix
    assert XlsxBackend(path).read(TAB)[2][5:] == TRICKY_TEXT
    assert XlsxBackend(path).read(TAB)[3][5] == "плохойсимвол"
    shown = soffice_csv(path, TAB)
    if shown is not None:
        assert shown[2][5: 5 + len(TRICKY_TEXT)] == TRICKY_TEXT


def test_recalculation_is_asked_only_when_written_cells_feed_formulas(tmp_path: Path) -> None:
    path = book(tmp_path, "shared_formulas")
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 4, "Интерес")]}))
    with zipfile.ZipFile(path) as zf:
        assert b"fullCalcOnLoad" not in zf.read(BOOK)  # G reads E only
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 5, 5000)]}))
    with zipfile.ZipFile(path) as zf:
        assert b'fullCalcOnLoad="1"' in zf.read(BOOK)


def test_values_and_types_round_trip(tmp_path: Path) -> None:
    path = book(tmp_path)
    values = ["текст", 42, 3.25, 12.5, True, date(2024, 11, 16), datetime(2024, 11, 16, 9, 30)]
    writes = [CellWrite(3, 6 + i, v) for i, v in enumerate(values)]
    writes += [CellWrite(4, 2, ""), CellWrite(5, 2, None)]
    XlsxBackend(path).save(Changes(cells={TAB: writes}))
    rows = XlsxBackend(path).read(TAB)
    assert rows[2][5:12] == values
    assert rows[3][1] is None and rows[4][1] is None
    ws = openpyxl.load_workbook(path)[TAB]
    assert ws["K3"].number_format == "DD.MM.YYYY" and ws["L3"].number_format == \
        "DD.MM.YYYY HH:MM"


def test_new_tabs_then_cells_then_appends(tmp_path: Path) -> None:
    path = book(tmp_path)
    backend = XlsxBackend(path)
    backend.save(Changes(
        new_tabs={"Отчёт": ["Показатель", "Значение"], "Журнал": ["не", "трогать"]},
        cells={"Отчёт": [CellWrite(2, 1, "Звонков")]},
        appends={TAB: [[4, "Компания 4"]], "Отчёт": [["Отказов", 3]]},
    ))
    fresh = XlsxBackend(path)
    assert fresh.tabs() == [TAB, "Журнал", "Отчёт"]
    assert fresh.read("Отчёт") == [["Показатель", "Значение"], ["Звонков", None], ["Отказов", 3]]
    assert fresh.read("Журнал") == [["Когда", "Кто", "Клиент"]]
    wb = openpyxl.load_workbook(path)
    assert wb["Отчёт"]["A1"].font.b and wb["Отчёт"].freeze_panes == "A2"
    shown = soffice_csv(path, "Отчёт")
    if shown is not None:
        assert shown == [["Показатель", "Значение"], ["Звонков", ""], ["Отказов", "3"]]


def test_two_new_tabs_in_one_save_get_parts_of_their_own(tmp_path: Path) -> None:
    path = book(tmp_path)
    XlsxBackend(path).save(Changes(
        new_tabs={"Покупки": ["ID клиента", "Сумма"], "Отчёт": ["Показатель", "Значение"]},
        appends={"Покупки": [["1", 500]], "Отчёт": [["Звонков", 3]]},
    ))
    fresh = XlsxBackend(path)
    assert fresh.read("Покупки") == [["ID клиента", "Сумма"], ["1", 500]]
    assert fresh.read("Отчёт") == [["Показатель", "Значение"], ["Звонков", 3]]
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert len(names) == len(set(names))


def test_overwriting_a_formula_drops_calc_chain(tmp_path: Path) -> None:
    path = book(tmp_path, "shared_formulas")
    chain = f'<calcChain xmlns="{MAIN}"><c r="G3" i="1"/><c r="G4"/><c r="G5"/></calcChain>'
    patch_package(path, add={"xl/calcChain.xml": chain.encode()},
                  overrides={"xl/calcChain.xml": CT_SML + "calcChain+xml"},
                  rels={"xl/_rels/workbook.xml.rels": [("rIdCc", REL + "calcChain",
                                                        "calcChain.xml")]})
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 2, "текст")]}))
    assert "xl/calcChain.xml" in members(path)  # no formula touched: the chain stays
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(4, 7, 1)]}))
    after = members(path)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert openpyxl.load_workbook(path)[TAB]["G5"].value == "=E5*2"


def test_a_cell_an_array_formula_fills_is_not_written(tmp_path: Path) -> None:
    path = book(tmp_path)
    patch_package(path, edit={SHEET1: lambda d: d.replace(
        b'<c r="E3" t="n"><v>1000</v></c>',
        b'<c r="E3" t="n"><v>1000</v></c><c r="F3"><f t="array" ref="F3:F4">E3:E4*2</f>'
        b"<v>2000</v></c>").replace(b'<c r="E4" t="n"><v>2000</v></c>',
                                    b'<c r="E4" t="n"><v>2000</v></c><c r="F4"><v>4000</v></c>')})
    before = path.read_bytes()
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(4, 6, "x")]}))
    assert err.value.key == "xlsx.array_cell" and err.value.values["range"] == "F3:F4"
    assert path.read_bytes() == before


def test_tab_names_match_whatever_their_case(tmp_path: Path) -> None:
    path = book(tmp_path)
    XlsxBackend(path).save(Changes(new_tabs={"ЖУРНАЛ": ["x"]},
                                           appends={"журнал": [["10:00", "Ольга", 1]]}))
    backend = XlsxBackend(path)
    assert backend.tabs() == [TAB, "Журнал"]
    assert backend.read("журнал") == [["Когда", "Кто", "Клиент"], ["10:00", "Ольга", 1]]


SHARED = (
    b'<worksheet><sheetData><row r="2"><c r="B2"><v>1</v></c>'
    b'<c r="C2"><f t="shared" ref="C2:C4" si="0">B2*2</f><v>2</v></c>'
    b'<c r="D2" t="str"><f>"x"&amp;C2</f><v>x2</v></c></row>'
    b'<row r="3"><c r="B3"><v>2</v></c><c r="C3"><f t="shared" si="0"/><v>4</v></c></row>'
    b'<row r="4"><c r="B4"><v>3</v></c><c r="C4"><f t="shared" si="0"/><v>6</v></c>'
    b'<c r="D4" t="e"><f>Other!A1/0</f><v>#DIV/0!</v></c></row></sheetData></worksheet>'
)


def test_the_formulas_a_changed_cell_feeds_are_found_through_shared_formulas_and_chains() -> None:
    cells = list(formula_cells(SheetXml(SHARED)))
    assert [(c.row, c.col, c.text, c.si, c.cached) for c in cells] == [
        (2, 3, "B2*2", b"0", True), (2, 4, '"x"&C2', None, True),
        (3, 3, None, b"0", True), (4, 3, None, b"0", True), (4, 4, "Other!A1/0", None, True)]

    def fed(tab: str, row: int, col: int) -> list[tuple[int, int]]:
        inputs = Inputs()
        inputs.add(tab, row, col)
        return [(c.row, c.col) for _, c in stale([("Sheet", SheetXml(SHARED))], inputs, {})]

    assert fed("Sheet", 3, 2) == [(3, 3)]  # B3 feeds the shared member C3 only
    assert fed("Sheet", 4, 2) == [(4, 3)]
    # B2 feeds C2, which feeds D2; the members count as reading their master's cells too
    assert fed("Sheet", 2, 2) == [(2, 3), (2, 4), (3, 3), (4, 3)]
    assert fed("other", 1, 1) == [(4, 4)]  # another tab, by name
    assert fed("Sheet", 9, 2) == []
    c2 = SHARED[SHARED.index(b'<c r="D2"'):SHARED.index(b"</c></row>") + 4]
    assert without_cache(c2, b"") == b'<c r="D2"><f>"x"&amp;C2</f></c>'
