"""config.yaml: defaults, relative paths, and every mistake explained with what to write."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from bot.services.settings import bot_token, load_config
from bot.words import Words

MANAGERS = """
managers:
  - {name: Ольга, role: cold_caller, telegram_id: 111111111, daily_limit: 40}
  - {name: Игорь, role: closer, telegram_id: 222222222}
  - {name: Марина, role: account_manager, telegram_id: 333333333}
"""


def write(tmp_path: Path, text: str) -> Path:
    """A config file in a folder of its own."""
    path = tmp_path / "conf" / "config.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> str:
    """The Russian and English texts of the ConfigError a config raises."""
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    return Words("ru").error(err.value) + "\n" + Words("en").error(err.value)


def test_defaults_and_relative_paths(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "sheet: {path: data/clients.xlsx}\n" + MANAGERS))
    assert cfg.sheet.path == tmp_path / "conf" / "data" / "clients.xlsx"
    assert cfg.timezone == "Europe/Moscow" and cfg.language == "ru"
    assert cfg.rules.active_months == 6 and cfg.rules.retry_after_days == 90
    assert cfg.schedule.morning == time(9, 0) and cfg.schedule.workdays == (0, 1, 2, 3, 4)
    assert cfg.telegram.token_env == "TELEGRAM_BOT_TOKEN"
    assert cfg.state == tmp_path / "conf" / ".bot-state.sqlite3"


def test_token_only_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(write(tmp_path, "sheet: {path: a.xlsx}\ntelegram: {token_env: MY_TOK}\n"
                            + MANAGERS))
    monkeypatch.delenv("MY_TOK", raising=False)
    assert bot_token(cfg) is None
    monkeypatch.setenv("MY_TOK", "123:abc")
    assert bot_token(cfg) == "123:abc"
    assert "token:" in problems(tmp_path, "sheet: {path: a.xlsx}\ntelegram: {token: x}\n"
                                + MANAGERS)


def test_the_repository_example_config_loads() -> None:
    cfg = load_config(Path(__file__).parent.parent / "config.yaml")
    assert [m.role for m in cfg.managers] == ["cold_caller", "closer", "account_manager"]


@pytest.mark.parametrize(("text", "expected"), [
    ("timezon: Europe/Moscow\n", ["timezon", "timezone"]),
    ("rules: {active_month: 6}\n", ["rules.active_month", "active_months"]),
    ("timezone: Europe/Moskow\n", ["Europe/Moskow", "Europe/Moscow"]),
    ("schedule: {morning: '25:00'}\n", ["schedule.morning", "25:00", "ЧЧ:ММ"]),
    ("schedule: {workdays: [mon, tu]}\n", ["schedule.workdays", "tu", "mon, tue"]),
    ("language: de\n", ["language", "de", "ru или en"]),
    ("sheet: {backend: excel}\n", ["sheet.backend", "excel", "xlsx или google"]),
])
def test_misspelt_or_bad_values_name_key_value_and_fix(tmp_path: Path, text: str,
                                                       expected: list[str]) -> None:
    out = problems(tmp_path, "sheet: {path: a.xlsx}\n" + MANAGERS + text
                   if not text.startswith("sheet") else text + MANAGERS)
    for word in expected:
        assert word in out


def test_manager_mistakes(tmp_path: Path) -> None:
    out = problems(tmp_path, """sheet: {path: a.xlsx}
managers:
  - {name: Ольга, role: cold_calr, telegram_id: 1}
  - {name: Игорь, role: closer}
""")
    assert "managers[0].role" in out and "cold_calr" in out and "cold_caller" in out
    assert "managers[1].telegram_id" in out and "Игорь" in out and "/start" in out


def test_duplicates_and_roles_nobody_has(tmp_path: Path) -> None:
    out = problems(tmp_path, """sheet: {path: a.xlsx}
managers:
  - {name: Ольга, role: cold_caller, telegram_id: 1}
  - {name: ольга, role: closer, telegram_id: 1}
""")
    assert "managers[1].name" in out and "managers[1].telegram_id" in out
    assert "account_manager" in out  # no one serves the active clients


def test_xlsx_without_path_and_google_without_sheet(tmp_path: Path) -> None:
    assert "sheet.path" in problems(tmp_path, "sheet: {backend: xlsx}\n" + MANAGERS)
    assert "sheet.spreadsheet" in problems(tmp_path, "sheet: {backend: google}\n" + MANAGERS)


def test_broken_yaml_and_missing_file(tmp_path: Path) -> None:
    assert "строка" in problems(tmp_path, "sheet: {path: a.xlsx\nmanagers: [\n")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(err.value)


@pytest.mark.parametrize("headers", ["{segment: Статус}", "{owner: Комментарий}",
                                     "{status: Этап, next_action: Этап}"])
def test_a_bot_field_mapped_to_a_column_people_fill_is_refused(tmp_path: Path,
                                                                headers: str) -> None:
    text = problems(tmp_path, f"sheet: {{path: c.xlsx, headers: {headers}}}\n" + MANAGERS)
    assert "sheet.headers." in text and "столбец, который заполняют люди" in text
    assert "a column people fill" in text


def test_bot_fields_mapped_to_columns_of_their_own_load(tmp_path: Path) -> None:
    text = "sheet: {path: c.xlsx, headers: {segment: Группа, owner: Менеджер, status: Этап}}\n"
    cfg = load_config(write(tmp_path, text + MANAGERS))
    assert cfg.sheet.headers["segment"] == "Группа"
