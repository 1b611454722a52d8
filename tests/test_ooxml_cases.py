"""The patching .xlsx backend on tables as people really make them and files as they really
come: merged cells, files that are not .xlsx, passwords, symlinks and permissions, workbooks
made by other programs (tests/corpus), and a real sync."""

from __future__ import annotations

import os
import shutil
import stat
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bot.core.config import Config
from bot.services.sync import sync
from bot.words import Words
from sheets.base import CellWrite, Changes
from sheets.errors import SheetBusyError, SheetError
from sheets.xlsx import XlsxBackend
from tests.lo import soffice, soffice_csv
from tests.test_ooxml import TAB, book, changed_parts, members, outside_cells
from tests.test_xlsx import SHEET1, make_book, patch_package
from tests.workbooks import MANAGERS, TODAY, check_synced, messy_base, write_xlsx

CORPUS = Path(__file__).resolve().parent / "corpus"


def merged(path: Path, *ranges: str) -> None:
    """Merge cell ranges of the clients tab at the XML level."""
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in ranges)
    block = f'<mergeCells count="{len(ranges)}">{cells}</mergeCells>'.encode()
    patch_package(path, edit={SHEET1: lambda d: d.replace(b"</sheetData>",
                                                          b"</sheetData>" + block)})


def rendered(err: SheetError) -> tuple[str, str]:
    """The error in Russian and English, as the user reads it."""
    return Words("ru").error(err), Words("en").error(err)


# -- merged cells ----------------------------------------------------------------------------


def test_a_write_inside_a_merge_down_a_column_goes_to_its_first_cell(tmp_path: Path) -> None:
    path = book(tmp_path)
    merged(path, "D3:D4")
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(4, 4, "Интерес")]}))
    ws = openpyxl.load_workbook(path)[TAB]
    assert ws["D3"].value == "Интерес" and ws["D4"].value is None
    assert [str(r) for r in ws.merged_cells.ranges] == ["D3:D4"]


def test_a_write_inside_a_merge_across_columns_names_the_cell(tmp_path: Path) -> None:
    path = book(tmp_path)
    merged(path, "C4:E4")
    before = path.read_bytes()
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(4, 4, "Интерес")]}))
    assert err.value.key == "xlsx.merged_cell"
    ru, en = rendered(err.value)
    assert "D4" in ru and "C4:E4" in ru and "Отмените объединение" in ru
    assert "D4" in en and "Unmerge" in en
    assert path.read_bytes() == before


# -- files that are not workbooks ------------------------------------------------------------


def test_a_password_protected_workbook_says_so(tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    shutil.copy(CORPUS / "encrypted.xlsx", path)
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).tabs()
    assert err.value.key == "xlsx.encrypted"
    ru, en = rendered(err.value)
    assert "паролем" in ru and "без пароля" in ru and "bak" not in ru
    assert "password" in en and "without one" in en


@pytest.mark.parametrize(
    ("source", "name", "kind"),
    [
        ("lo_features.xls", "clients.xls", "xls"),
        ("lo_features.ods", "clients.ods", "ods"),
        ("lo_features.xls", "clients.xlsx", "xls"),  # renamed: told by its content
        ("lo_features.ods", "clients.xlsx", "ods"),
        (None, "clients.xlsb", "xlsb"),
        ("xlsb", "clients.xlsx", "xlsb"),
    ],
)
def test_other_spreadsheet_formats_say_save_as_xlsx(
    tmp_path: Path, source: str | None, name: str, kind: str
) -> None:
    path = tmp_path / name
    if source == "xlsb":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    elif source is None:
        path.write_bytes(b"PK\x03\x04")
    else:
        shutil.copy(CORPUS / source, path)
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).read(TAB)
    assert err.value.key == "xlsx.save_as_xlsx" and err.value.values["kind"] == kind
    ru, en = rendered(err.value)
    assert "Книга Excel (.xlsx)" in ru and "Excel Workbook (.xlsx)" in en


def test_a_damaged_file_names_the_backup_only_when_there_is_one(tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    path.write_bytes(b"PK\x03\x04 half a zip")
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).tabs()
    assert err.value.key == "xlsx.not_a_workbook"
    make_book(tmp_path / "clients.bak.xlsx")
    with zipfile.ZipFile(path := tmp_path / "clients.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types")  # not even well-formed
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).tabs()
    assert err.value.key == "xlsx.not_a_workbook_backup"
    assert "clients.bak.xlsx" in rendered(err.value)[0]


def test_missing_file_and_missing_tab(tmp_path: Path) -> None:
    with pytest.raises(SheetError) as err:
        XlsxBackend(tmp_path / "нет.xlsx").read(TAB)
    assert err.value.key == "xlsx.not_found" and "python -m bot init" in rendered(err.value)[0]
    path = book(tmp_path)
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).read("Clients")
    assert "«Клиенты», «Журнал»" in rendered(err.value)[0]
    before = path.read_bytes()
    with pytest.raises(SheetError) as err:
        XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 2, "x")],
                                                      "Нет": [CellWrite(1, 1, 1)]}))
    assert err.value.key == "xlsx.no_tab_to_write" and path.read_bytes() == before


# -- the file's identity and safety ----------------------------------------------------------


def test_permissions_are_kept(tmp_path: Path) -> None:
    path = book(tmp_path)
    os.chmod(path, 0o640)
    XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 2, "x")]}))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert (tmp_path / "clients.bak.xlsx").exists()


def test_a_symlinked_workbook_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "shared"
    real.mkdir()
    target = book(real)
    link = tmp_path / "clients.xlsx"
    link.symlink_to(target)
    backend = XlsxBackend(link)
    backend.read(TAB)
    (real / ".~lock.clients.xlsx#").write_text("someone")  # open beside the target
    with pytest.raises(SheetBusyError):
        backend.save(Changes(cells={TAB: [CellWrite(3, 2, "x")]}))
    (real / ".~lock.clients.xlsx#").unlink()
    XlsxBackend(link).save(Changes(cells={TAB: [CellWrite(3, 2, "x")]}))
    assert link.is_symlink() and openpyxl.load_workbook(target)[TAB]["B3"].value == "x"
    assert (real / "clients.bak.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.xlsx", "shared"]


def test_edits_saved_by_a_person_are_never_overwritten(tmp_path: Path) -> None:
    path = book(tmp_path)
    backend = XlsxBackend(path)
    assert backend.read(TAB)[2][3] == "Новый"
    patch_package(path, edit={SHEET1: lambda d: d.replace("Новый".encode(), "Клиент".encode(),
                                                          1)})
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    person = path.read_bytes()
    with pytest.raises(SheetBusyError) as err:
        backend.save(Changes(cells={TAB: [CellWrite(3, 2, "бот")]}))
    assert err.value.key == "xlsx.changed_since_read"
    assert path.read_bytes() == person
    assert backend.read(TAB)[2][3] == "Клиент"  # re-read on the next cycle
    backend.save(Changes(cells={TAB: [CellWrite(3, 2, "бот")]}))
    assert backend.read(TAB)[2][1:4] == ["бот", "+7 900 000-00-01", "Клиент"]


def test_an_open_file_is_busy(tmp_path: Path) -> None:
    path = book(tmp_path)
    before = path.read_bytes()
    (tmp_path / "~$clients.xlsx").write_text("someone")
    with pytest.raises(SheetBusyError):
        XlsxBackend(path).save(Changes(cells={TAB: [CellWrite(3, 2, "x")]}))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


# -- workbooks made by other programs --------------------------------------------------------


@pytest.mark.parametrize("name", ["lo_features.xlsx", "lo_1904.xlsx"])
def test_workbooks_other_programs_made(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(CORPUS / name, path)
    backend = XlsxBackend(path)
    tab = backend.tabs()[0]
    rows = backend.read(tab)
    width = len(rows[1])
    before = members(path)
    changes = Changes(cells={tab: [CellWrite(2, width + 1, "Сегмент"),
                                   CellWrite(3, width + 1, "Тёплый"), CellWrite(3, 2, "Новое")]},
                      appends={tab: [[99, "Компания 99"]]})
    backend.save(changes)
    after = members(path)
    sheet = next(n for n in before if n.endswith("sheet1.xml"))
    assert changed_parts(before, after) <= {sheet, "xl/styles.xml", "xl/workbook.xml"}
    assert outside_cells(after[sheet]) == outside_cells(before[sheet])
    stamp = path.stat().st_mtime_ns
    again = XlsxBackend(path)
    again.read(tab)
    again.save(Changes(cells=changes.cells))  # a second sync: nothing new
    assert path.stat().st_mtime_ns == stamp
    ws = openpyxl.load_workbook(path)[tab]
    assert ws.cell(3, width + 1).value == "Тёплый" and ws.cell(3, 2).value == "Новое"
    fresh = XlsxBackend(path).read(tab)
    assert fresh[len(rows)][:2] == [99, "Компания 99"]
    if soffice() is not None:
        shown = soffice_csv(path, tab)
        assert shown is not None and shown[2][width] == "Тёплый"
        assert shown[len(rows)][:2] == ["99", "Компания 99"]


# -- a real sync -----------------------------------------------------------------------------


def test_a_sync_writes_the_base_and_a_second_sync_writes_nothing(tmp_path: Path) -> None:
    grid, expect = messy_base(300)
    path = tmp_path / "clients.xlsx"
    write_xlsx(path, grid)
    config = Config.model_validate({"sheet": {"path": str(path)}, "managers": MANAGERS})
    before = XlsxBackend(path).read(TAB)  # formulas as their (absent) results
    plan = sync(XlsxBackend(path), config, TODAY)
    assert plan.changes.cell_count() > 300
    after = XlsxBackend(path).read(TAB)
    check_synced(after, before, expect)
    assert XlsxBackend(path).read("Прайс") == [["Товар", "Цена"], ["Болт", 10],
                                                      ["Итого", None]]
    stamp = path.stat().st_mtime_ns
    again = sync(XlsxBackend(path), config, TODAY)
    assert again.changes.cell_count() == 0 and path.stat().st_mtime_ns == stamp
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == [TAB, "Прайс"] and "Журнал" in wb.sheetnames
