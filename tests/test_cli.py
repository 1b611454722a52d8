"""The command line end to end on real .xlsx files: demo, init, check, sync, dry-run, errors."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table, TableStyleInfo

from tests.lo import soffice_csv
from tests.workbooks import COL, TODAY, check_synced, config_text, messy_base, write_xlsx


def digest(path: Path) -> str:
    """The file's bytes, hashed: to prove a command left it alone."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def grid_of(path: Path, tab: str = "Клиенты") -> list[list[object]]:
    """A tab's values as openpyxl reads them back."""
    wb = openpyxl.load_workbook(path)
    return [list(r) for r in wb[tab].iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory):
    """The generated 2,000-row workbook, its grid and expectations."""
    grid, expect = messy_base(2000)
    folder = tmp_path_factory.mktemp("messy")
    write_xlsx(folder / "clients.xlsx", grid)
    (folder / "config.yaml").write_text(config_text(), encoding="utf-8")
    return folder, grid, expect


def fresh_copy(messy, tmp_path: Path) -> Path:
    """A copy of the messy workbook and its config in a test's own folder."""
    folder = messy[0]
    for name in ("clients.xlsx", "config.yaml"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    return tmp_path


def test_demo_prints_every_managers_list(tmp_path: Path, bot_cli) -> None:
    out = bot_cli("demo", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    for name in ("Ольга", "Пётр", "Игорь", "Марина"):
        assert f"\n{name} — " in out.stdout
    assert "строк прочитано: 60" in out.stdout
    workbook = tmp_path / "demo" / "clients.xlsx"
    grid = grid_of(workbook)
    assert grid[0][12] == "Сегмент" and all(r[12] for r in grid[1:])
    again = bot_cli("demo", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.count("\nОльга — ") == 1
    csv = soffice_csv(workbook, "Клиенты")
    if csv is not None:
        assert csv[0][1] == "Компания" and len(csv) == 61


def test_sync_of_the_messy_workbook(messy, tmp_path: Path, bot_cli) -> None:
    folder = fresh_copy(messy, tmp_path)
    _, grid, expect = messy
    out = bot_cli("sync", "--date", TODAY.isoformat(), cwd=folder)
    assert out.returncode == 0, out.stderr
    assert "строк прочитано: 2000" in out.stdout
    after = grid_of(folder / "clients.xlsx")
    cold = check_synced(after, grid, expect)
    assert max(cold.values()) <= 1.5 * min(cold.values())
    wb = openpyxl.load_workbook(folder / "clients.xlsx")
    assert wb.sheetnames[:2] == ["Клиенты", "Прайс"]
    assert wb["Клиенты"]["M4"].value == "=L4*1.2"  # formulas kept
    assert wb["Прайс"]["B3"].value == "=SUM(B2:B2)"
    assert wb["Клиенты"].column_dimensions["B"].width == 30
    assert (folder / "clients.bak.xlsx").exists()
    csv = soffice_csv(folder / "clients.xlsx", "Клиенты")
    if csv is not None:
        assert csv[0][0].startswith("База клиентов")
        assert csv[3][12] != "" and float(csv[3][12]) > 0 or csv[3][11] == ""

    before = digest(folder / "clients.xlsx")
    again = bot_cli("sync", "--date", TODAY.isoformat(), cwd=folder)
    assert again.returncode == 0 and "ячеек записано: 0" in again.stdout
    assert digest(folder / "clients.xlsx") == before  # nothing to write: not even a save


def test_dry_run_changes_nothing_and_shows_cells(messy, tmp_path: Path, bot_cli) -> None:
    folder = fresh_copy(messy, tmp_path)
    before = digest(folder / "clients.xlsx")
    out = bot_cli("--dry-run", "sync", "--date", TODAY.isoformat(), cwd=folder)
    assert out.returncode == 0, out.stderr
    assert "--dry-run" in out.stdout and "Клиенты!P4: «» → «" in out.stdout
    assert digest(folder / "clients.xlsx") == before
    assert not (folder / "clients.bak.xlsx").exists()


def test_check_lists_bad_rows_and_exits_1(messy, tmp_path: Path, bot_cli) -> None:
    folder = fresh_copy(messy, tmp_path)
    before = digest(folder / "clients.xlsx")
    out = bot_cli("check", "--date", TODAY.isoformat(), cwd=folder)
    assert out.returncode == 1
    assert "31.02.2026" in out.stdout and "Перезвонить позже" in out.stdout
    assert "777777" in out.stdout
    assert digest(folder / "clients.xlsx") == before


def test_wrong_config_stops_before_touching_anything(messy, tmp_path: Path, bot_cli) -> None:
    folder = fresh_copy(messy, tmp_path)
    (folder / "config.yaml").write_text(config_text(extra="rules: {active_month: 5}\n"),
                                        encoding="utf-8")
    before = digest(folder / "clients.xlsx")
    out = bot_cli("sync", cwd=folder)
    assert out.returncode == 2
    assert "rules.active_month" in out.stderr and "active_months" in out.stderr
    assert digest(folder / "clients.xlsx") == before


def test_configured_header_missing_is_a_config_error(messy, tmp_path: Path, bot_cli) -> None:
    folder = fresh_copy(messy, tmp_path)
    text = config_text().replace("sheet:\n", "sheet:\n  headers: {phone: Мобильный}\n")
    (folder / "config.yaml").write_text(text, encoding="utf-8")
    out = bot_cli("sync", cwd=folder)
    assert out.returncode == 2 and "Мобильный" in out.stderr


CORPUS = Path(__file__).resolve().parent / "corpus"
PASSWORD = ("защищён паролем", "Сохраните копию без пароля")
SAVE_AS = ("сохраните как «Книга Excel (.xlsx)»",)


def xlsb(path: Path) -> None:
    """The parts of an .xlsb that tell it: a binary workbook part, no XML one."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")


@pytest.mark.parametrize(("name", "source", "words"), [
    ("clients.xlsx", "encrypted.xlsx", PASSWORD),
    ("clients.xls", "lo_features.xls", SAVE_AS + ("формате xls",)),
    ("clients.xlsx", "lo_features.xls", SAVE_AS + ("формате xls",)),
    ("clients.ods", "lo_features.ods", SAVE_AS + ("формате ods",)),
    ("clients.xlsx", "lo_features.ods", SAVE_AS + ("формате ods",)),
    ("clients.xlsb", None, SAVE_AS + ("формате xlsb",)),
    ("clients.xlsx", None, SAVE_AS + ("формате xlsb",)),
], ids=["encrypted", "xls", "xls-as-xlsx", "ods", "ods-as-xlsx", "xlsb", "xlsb-as-xlsx"])
def test_a_file_the_bot_cannot_read_says_what_it_is(
        tmp_path: Path, bot_main, name: str, source: str | None, words: tuple[str, ...]) -> None:
    path = tmp_path / name
    if source is None:
        xlsb(path)
    else:
        path.write_bytes((CORPUS / source).read_bytes())
    (tmp_path / "config.yaml").write_text(config_text(path=name), encoding="utf-8")
    before = digest(path)
    out = bot_main("sync", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert all(w in out.stderr for w in words), out.stderr
    assert "Traceback" not in out.stderr + out.stdout and "повреж" not in out.stderr
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "config.yaml"])


def merged_base(folder: Path, area: str) -> Path:
    """A small generated base whose cells `area` a person merged, and its config."""
    grid, _ = messy_base(60)
    path = folder / "clients.xlsx"
    write_xlsx(path, grid)
    wb = openpyxl.load_workbook(path)
    wb["Клиенты"].merge_cells(area)
    wb.save(path)
    (folder / "config.yaml").write_text(config_text(), encoding="utf-8")
    return path


def test_a_merge_across_bot_columns_is_named_with_what_to_do(tmp_path: Path, bot_main) -> None:
    path = merged_base(tmp_path, "P5:Q5")  # Сегмент and Следующее действие of one client
    before = digest(path)
    out = bot_main("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert "ячейку Q5 листа «Клиенты»" in out.stderr and "Отмените объединение P5:Q5" in out.stderr
    assert digest(path) == before


def test_a_merge_down_a_bot_column_is_written_in_its_first_cell(tmp_path: Path,
                                                                bot_main) -> None:
    path = merged_base(tmp_path, "P5:P6")  # the segment of two clients, merged
    out = bot_main("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    ws = openpyxl.load_workbook(path)["Клиенты"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["P5:P6"]
    assert ws["P5"].value and ws["P6"].value is None
    assert ws.cell(7, COL["Сегмент"] + 1).value  # the clients around it as usual
    again = bot_main("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_an_excel_table_holding_the_clients_takes_the_bots_new_columns(
        tmp_path: Path, bot_main) -> None:
    grid, _ = messy_base(60)
    grid = [row[:COL["Сегмент"]] for row in grid]  # no Сегмент, no Следующее действие yet
    path = tmp_path / "clients.xlsx"
    write_xlsx(path, grid)
    wb = openpyxl.load_workbook(path)
    ws = wb["Клиенты"]
    ws.add_table(Table(displayName="Клиенты_табл", ref=f"A3:O{len(grid)}",
                       tableStyleInfo=TableStyleInfo(name="TableStyleMedium2")))
    wb.save(path)
    (tmp_path / "config.yaml").write_text(config_text(), encoding="utf-8")

    out = bot_main("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    ws = openpyxl.load_workbook(path)["Клиенты"]
    assert [ws.cell(3, c).value for c in (16, 17)] == ["Сегмент", "Следующее действие"]
    table = ws.tables["Клиенты_табл"]
    assert table.ref == f"A3:Q{len(grid)}" and table.autoFilter.ref == table.ref
    names = [c.name for c in table.tableColumns]
    assert len(names) == 17 and len(set(names)) == 17 and names[15:] == [
        "Сегмент", "Следующее действие"]
    assert sum(bool(ws.cell(r, 16).value) for r in range(4, len(grid) + 1)) > 40  # segments
    shown = soffice_csv(path, "Клиенты")
    if shown is not None:  # LibreOffice opens it and shows the new columns
        assert shown[2][15:17] == ["Сегмент", "Следующее действие"]
    again = bot_main("sync", "--date", TODAY.isoformat(), cwd=tmp_path)
    assert again.returncode == 0 and "ячеек записано: 0" in again.stdout


def test_init_makes_a_workbook_and_refuses_to_overwrite(tmp_path: Path, bot_cli) -> None:
    (tmp_path / "config.yaml").write_text(config_text("data/new.xlsx"), encoding="utf-8")
    (tmp_path / "data").mkdir()
    out = bot_cli("init", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(tmp_path / "data" / "new.xlsx")
    ws = wb["Клиенты"]
    assert ws["B1"].value == "Компания" and ws.freeze_panes == "A2"
    assert {"Журнал", "Покупки"} <= set(wb.sheetnames)
    assert ws.data_validations.dataValidation  # drop-down lists
    before = digest(tmp_path / "data" / "new.xlsx")
    again = bot_cli("init", "--demo", cwd=tmp_path)
    assert again.returncode != 0 and "init" in again.stderr
    assert digest(tmp_path / "data" / "new.xlsx") == before


def test_locked_workbook_is_left_alone_and_retried(messy, tmp_path: Path, bot_cli) -> None:
    folder = fresh_copy(messy, tmp_path)
    lock = folder / ".~lock.clients.xlsx#"
    lock.write_text("someone,host,01.01.2026 10:00;", encoding="utf-8")
    before = digest(folder / "clients.xlsx")
    out = bot_cli("sync", cwd=folder)
    assert out.returncode == 3 and "LibreOffice" in out.stderr
    assert digest(folder / "clients.xlsx") == before
    lock.unlink()
    assert bot_cli("sync", cwd=folder).returncode == 0
    assert digest(folder / "clients.xlsx") != before


def test_token_never_logged(tmp_path: Path, bot_cli) -> None:
    token = "123456789:AAE-very-secret-token-value"
    out = bot_cli("-v", "demo", cwd=tmp_path, env={"TELEGRAM_BOT_TOKEN": token})
    assert out.returncode == 0
    assert token not in out.stdout + out.stderr


def test_without_a_token_digest_prints_and_run_refuses(tmp_path: Path, bot_cli) -> None:
    grid, _ = messy_base(200)
    write_xlsx(tmp_path / "clients.xlsx", grid)
    (tmp_path / "config.yaml").write_text(
        config_text(schedule={"workdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}),
        encoding="utf-8")
    env = {"TELEGRAM_BOT_TOKEN": ""}
    out = bot_cli("digest", cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert "Ольга — " in out.stdout and "токен бота не задан" in out.stdout
    run = bot_cli("run", cwd=tmp_path, env=env, timeout=60)
    assert run.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in run.stderr and "@BotFather" in run.stderr


def test_digest_on_a_day_off_sends_nothing(tmp_path: Path, bot_cli) -> None:
    grid, _ = messy_base(100)
    write_xlsx(tmp_path / "clients.xlsx", grid)
    (tmp_path / "config.yaml").write_text(config_text(), encoding="utf-8")
    out = bot_cli("digest", "--date", "2026-11-22", cwd=tmp_path)  # a Sunday
    assert out.returncode == 0 and "нерабочий день" in out.stdout
