"""Rebuild the corpus by hand: python tests/corpus/make_corpus.py (needs LibreOffice; the
encrypted file also needs msoffcrypto-tool, which the project itself does not use).

Every file here was made by another program than this project's engine: LibreOffice Calc
(headless conversions), openpyxl, or msoffcrypto-tool. See README.md for each file's origin.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.lo import soffice_convert  # noqa: E402

HEADER = ["ID", "Компания", "Телефон", "Статус", "Сумма", "Дата контакта"]
FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N1"><number:day number:style="long"/><number:text>.</number:text>
<number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/>
</number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:calculation-settings><table:null-date table:date-value="1904-01-01"/>
</table:calculation-settings>
<table:table table:name="Клиенты">
"""
FODS_ROWS = [["ID", "Компания", "Статус", "Дата контакта"],
             [1, "Ромашка", "Новый", date(2026, 11, 16)],
             [2, "Лютик", "Интерес", date(2026, 11, 20)]]


def fods_cell(value: object) -> str:
    """One cell of a flat ODS table."""
    if isinstance(value, date):
        return (f'<table:table-cell table:style-name="ce1" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value:%d.%m.%Y}</text:p>'
                "</table:table-cell>")
    if isinstance(value, int):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
            "</table:table-cell>")


def fods() -> str:
    """A flat ODS document whose dates count from 1904, as a Mac workbook's do."""
    rows = "".join("<table:table-row>" + "".join(fods_cell(v) for v in row)
                   + "</table:table-row>\n" for row in FODS_ROWS)
    return FODS_HEAD + rows + "</table:table></office:spreadsheet></office:body></office:document>"


def featured_book(path: Path) -> Path:
    """A client table with what people add by hand: a chart, notes, a drop-down, rules."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws["A1"] = "База клиентов"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ws.append(HEADER)
    for i in range(1, 9):
        ws.append([i, f"Компания {i}", f"+7 900 000-00-{i:02d}", "Новый", 1000 * i,
                   date(2026, 11, i)])
        ws.cell(row=i + 2, column=6).number_format = "DD.MM.YYYY"
    ws["G2"] = "С НДС"
    for r in range(3, 11):
        ws[f"G{r}"] = f"=E{r}*1.2"
    ws["B3"].comment = Comment("любит звонки утром", "Ольга")
    dv = DataValidation(type="list", formula1='"Новый,Интерес,Клиент"', allow_blank=True)
    dv.add("D3:D100")
    ws.add_data_validation(dv)
    red = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    ws.conditional_formatting.add("E3:E100", CellIsRule(operator="lessThan", formula=["3000"],
                                                        fill=red))
    chart = BarChart()
    chart.title = "Суммы"
    chart.add_data(Reference(ws, min_col=5, min_row=2, max_row=10), titles_from_data=True)
    ws.add_chart(chart, "I3")
    price = wb.create_sheet("Прайс")
    price.append(["Товар", "Цена"])
    price.append(["Болт", 10])
    price.append(["Итого", "=SUM(B2:B2)"])
    wb.save(path)
    return path


def main() -> None:
    """Make every corpus file from its sources."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = featured_book(work / "lo_features.xlsx")
        made = soffice_convert(source, "xlsx", work / "lo")
        shutil.copy(made, HERE / "lo_features.xlsx")
        shutil.copy(soffice_convert(source, "xls", work / "xls"), HERE / "lo_features.xls")
        shutil.copy(soffice_convert(source, "ods", work / "ods"), HERE / "lo_features.ods")
        fods = work / "lo_1904.fods"
        fods.write_text(fods(), encoding="utf-8")
        shutil.copy(soffice_convert(fods, "xlsx", work / "f"), HERE / "lo_1904.xlsx")
        encrypt(HERE / "lo_features.xlsx", HERE / "encrypted.xlsx")


def encrypt(source: Path, target: Path) -> None:
    """The workbook protected by a password ("secret"), as Excel's "Encrypt with Password"."""
    try:
        import msoffcrypto  # noqa: PLC0415 - a tool for this script only
        from msoffcrypto.format.ooxml import OOXMLFile  # noqa: PLC0415
    except ImportError:
        print("msoffcrypto-tool is not installed: encrypted.xlsx kept as it is")
        return
    del msoffcrypto
    with open(source, "rb") as plain, open(target, "wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


if __name__ == "__main__":
    main()
