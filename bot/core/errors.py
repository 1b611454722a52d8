"""The bot's user-facing errors; the base class lives in sheets.errors so both layers share it."""

from __future__ import annotations

from bot.words import Words
from sheets.errors import Phrase, SheetBusyError, SheetError, UserError

__all__ = ["ConfigError", "Phrase", "SheetBusyError", "SheetError", "UserError"]


class ConfigError(UserError):
    """config.yaml is wrong: every problem names the key, the bad value and what to write."""

    def __init__(self, path: str, problems: list[Phrase]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("config.failed", path=path, count=len(problems))

    def say(self, w: Words) -> str:
        """The whole error in a language: how many problems, then one bullet each."""
        head = w("config.failed", path=self.path,
                 count=w.count("config.errors", len(self.problems)))
        return "\n".join([head, *(f"  • {w.error(p)}" for p in self.problems)])
