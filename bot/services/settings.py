"""config.yaml read from disk, and the bot token from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from bot.core.config import Config, parse_config
from bot.core.errors import ConfigError, Phrase


def load_config(path: str | Path) -> Config:
    """Read and validate config.yaml; relative paths become relative to its folder."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise ConfigError(where, [Phrase.of("config.no_file", path=str(path))])
    raw = _read_yaml(path)
    return parse_config(raw, path.resolve())


def _read_yaml(path: Path) -> dict[str, Any]:
    """The YAML mapping in the file, or a ConfigError saying which line is broken."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = (Phrase.of("config.at_line", number=mark.line + 1) if mark
                 else Phrase.of("config.whole_file"))
        raise ConfigError(str(path), [Phrase.of(
            "config.not_yaml", where=where, problem=str(getattr(err, "problem", err)))]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), [Phrase.of("config.not_mapping")])
    data.pop("source", None)
    return data


def bot_token(cfg: Config) -> str | None:
    """The bot token from the environment variable named in telegram.token_env."""
    return os.environ.get(cfg.telegram.token_env) or None
