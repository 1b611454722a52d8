"""`init` makes a sheet a person would make: a header unlike any segment's colour, columns that
show their headers and dates whole, sums with thousands separators, a legend of the colours."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from bot.core.config import Config
from bot.core.segments import COLORS, Segment
from bot.core.workbook import new_table
from bot.words import Words
from sheets import MemoryBackend
from sheets.base import HEADER_FILL, Changes
from sheets.fields import Field
from sheets.google import connect
from sheets.google_requests import PIXELS_PER_CHAR, rgb
from sheets.xlsx import XlsxBackend
from tests.lo import soffice_csv
from tests.sheets_api import SheetsAPI
from tests.workbooks import config_text, team_config

# The widest thing each tab's dated columns show, as LibreOffice and Excel format it.
SHOWN = {"date": "24.11.2026", "datetime": "24.11.2026 10:00"}


config = team_config  # one manager of each role, in a language


def made(tmp_path: Path, lang: str) -> tuple[Path, Config]:
    """A workbook laid out by init with one sample client worth 125 000."""
    cfg = config(lang)
    path = tmp_path / "clients.xlsx"
    XlsxBackend(path).create(new_table(cfg, [{Field.company: "Ромашка", Field.value: 125000,
                                              Field.next_contact: date(2026, 11, 24)}]))
    return path, cfg


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_header_is_unlike_every_segment_colour_and_each_column_shows_its_header(
        tmp_path: Path, lang: str) -> None:
    path, cfg = made(tmp_path, lang)
    wb = openpyxl.load_workbook(path)
    assert HEADER_FILL not in COLORS.values()
    w = Words(lang)
    for tab in (cfg.sheet.tab, cfg.sheet.journal_tab, cfg.sheet.purchases_tab,
                w("legend.tab")):
        ws = wb[tab]
        for cell in ws[1]:
            assert cell.fill.fgColor.rgb[-6:] not in COLORS.values(), (tab, cell.value)
            assert cell.font.b and cell.font.color.rgb[-6:] == "FFFFFF"
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= len(str(cell.value)) + 2, (tab, cell.value, width)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_dates_fit_their_columns_and_sums_are_grouped_by_thousands(tmp_path: Path,
                                                                     lang: str) -> None:
    path, cfg = made(tmp_path, lang)
    backend = XlsxBackend(path)
    journal = backend.read(cfg.sheet.journal_tab)[0]
    backend.save(Changes(appends={  # what the bot writes there later
        cfg.sheet.journal_tab: [[datetime(2026, 11, 24, 10, 0), "Ольга", "1", "Ромашка",
                                 "Перенесено", "", date(2026, 11, 30), ""]],
        cfg.sheet.purchases_tab: [["1", date(2026, 11, 24), 85000, "Гвозди"]]}))
    wb = openpyxl.load_workbook(path)
    clients, log, bought = (wb[t] for t in (cfg.sheet.tab, cfg.sheet.journal_tab,
                                            cfg.sheet.purchases_tab))
    for ws, row in ((clients, 2), (log, 2), (bought, 2)):  # every date shows whole: no ###
        for cell in ws[row]:
            if isinstance(cell.value, datetime):
                kind = "datetime" if "HH" in cell.number_format.upper() else "date"
                width = ws.column_dimensions[cell.column_letter].width
                assert width >= len(SHOWN[kind]) + 1, (ws.title, cell.coordinate, width)
    assert log["A2"].number_format.upper().endswith("HH:MM") and len(journal) == 8
    value = next(c for c in clients[2] if c.value == 125000)
    assert value.number_format == "#,##0"
    assert clients.column_dimensions[value.column_letter].number_format == "#,##0"
    assert next(c for c in bought[2] if c.value == 85000).number_format == "#,##0"
    shown = soffice_csv(path, cfg.sheet.tab, shown=True)
    if shown is None:
        pytest.skip("LibreOffice is not installed")
    assert "125,000" in shown[1]  # en-US reading: a Russian locale shows 125 000
    assert "85,000" in soffice_csv(path, cfg.sheet.purchases_tab, shown=True)[1]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_legend_says_what_each_colour_means(tmp_path: Path, lang: str) -> None:
    path, cfg = made(tmp_path, lang)
    wb = openpyxl.load_workbook(path)
    ws = wb[Words(lang)("legend.tab")]
    assert ws.sheet_state == "visible"
    rows = list(ws.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [cfg.label(s) for s in Segment]
    assert [r[0].fill.fgColor.rgb[-6:] for r in rows] == [COLORS[s] for s in Segment]
    assert all(r[1].value and r[2].value for r in rows)
    memory = MemoryBackend()
    memory.create(new_table(cfg))
    assert [r[0] for r in memory.data[Words(lang)("legend.tab")][1:]] == [
        cfg.label(s) for s in Segment]


def test_init_from_the_command_line_then_sync_reads_it(tmp_path: Path, bot_main) -> None:
    (tmp_path / "config.yaml").write_text(config_text("new.xlsx"), encoding="utf-8")
    assert bot_main("init", "--demo", cwd=tmp_path).returncode == 0
    out = bot_main("sync", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Цвета сегментов" in openpyxl.load_workbook(tmp_path / "new.xlsx").sheetnames


def test_a_google_sheet_gets_the_same_header_widths_formats_and_legend(
        sheets_api: SheetsAPI, tmp_path: Path) -> None:
    key = tmp_path / "sa.json"
    sheets_api.service_account(key)
    book = sheets_api.add_spreadsheet("Новая база")
    cfg = config("ru")
    table = new_table(cfg, [{Field.company: "Ромашка", Field.value: 125000}])
    connect(book, str(key), sheets_api.url, backoff=0.01).create(table)
    header = sheets_api.cell(book, cfg.sheet.tab, 1, 1)["format"]
    assert header["backgroundColorStyle"]["rgbColor"] == rgb(HEADER_FILL)
    assert header["textFormat"]["foregroundColorStyle"]["rgbColor"] == rgb("FFFFFF")
    value = table.headers.index("Сумма") + 1
    assert sheets_api.cell(book, cfg.sheet.tab, 2, value)["format"]["numberFormat"] == {
        "type": "NUMBER", "pattern": "#,##0"}
    widths = sheets_api.sheet(book, cfg.sheet.journal_tab).column_widths
    assert widths[0] >= 17 * PIXELS_PER_CHAR  # "24.11.2026 10:00"
    for tab in (cfg.sheet.tab, cfg.sheet.journal_tab, cfg.sheet.purchases_tab):
        sheet = sheets_api.sheet(book, tab)
        for col, title in enumerate(sheets_api.values(book, tab)[0]):
            assert sheet.column_widths[col] >= (len(title) + 2) * PIXELS_PER_CHAR, (tab, title)
    legend = sheets_api.values(book, "Цвета сегментов")
    assert [r[0] for r in legend[1:]] == [cfg.label(s) for s in Segment]
    fill = sheets_api.cell(book, "Цвета сегментов", 3, 1)["format"]["backgroundColorStyle"]
    assert fill["rgbColor"] == rgb(COLORS[Segment.prospect])
