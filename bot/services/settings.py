"""config.yaml read from disk, and the bot token from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from bot.core.config import Config, parse_config
from bot.core.errors import ConfigError


def load_config(path: str | Path) -> Config:
    """Read and validate config.yaml; relative paths become relative to its folder."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise ConfigError(where, [(
            f"файла {path} нет. Создайте его (пример — config.yaml в репозитории) или укажите "
            f"путь: python -m bot --config ПУТЬ …",
            f"file {path} does not exist. Create it (see config.yaml in the repository) or "
            f"pass a path: python -m bot --config PATH …",
        )])
    raw = _read_yaml(path)
    return parse_config(raw, path.resolve())


def _read_yaml(path: Path) -> dict[str, Any]:
    """The YAML mapping in the file, or a ConfigError saying which line is broken."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f"строка {mark.line + 1}" if mark else "файл"
        line_en = f"line {mark.line + 1}" if mark else "file"
        raise ConfigError(str(path), [(
            f"{line}: это не YAML ({getattr(err, 'problem', err)}). Проверьте отступы "
            f"(пробелы, не табуляция) и двоеточия после ключей.",
            f"{line_en}: not valid YAML ({getattr(err, 'problem', err)}). Check the "
            f"indentation (spaces, not tabs) and the colons after keys.",
        )]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), [(
            "в файле должны быть ключи (timezone:, sheet:, managers: …), а не список или текст.",
            "the file must hold keys (timezone:, sheet:, managers: …), not a list or text.",
        )])
    data.pop("source", None)
    return data


def bot_token(cfg: Config) -> str | None:
    """The bot token from the environment variable named in telegram.token_env."""
    return os.environ.get(cfg.telegram.token_env) or None
