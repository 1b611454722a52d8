"""The bot's user-facing errors; the base class lives in sheets.errors so both layers share it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.words import Words
from sheets.errors import SheetBusyError, SheetError, UserError

__all__ = ["ConfigError", "Phrase", "SheetBusyError", "SheetError", "UserError"]


@dataclass(frozen=True)
class Phrase:
    """A catalogue key and its values, said later in any language; a value may be a Phrase.

    >>> Phrase.of("config.at_line", number=3).say(Words("en"))
    'line 3'
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, /, **values: object) -> Phrase:
        """A phrase from a key and keyword values."""
        return cls(key, tuple(values.items()))

    def say(self, w: Words) -> str:
        """The phrase in a language, nested phrases said first."""
        return w(self.key, **{k: v.say(w) if isinstance(v, Phrase) else v
                              for k, v in self.values})


class ConfigError(UserError):
    """config.yaml is wrong: every problem names the key, the bad value and what to write."""

    def __init__(self, path: str, problems: list[Phrase]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.say(Words("ru")), self.say(Words("en")))

    def say(self, w: Words) -> str:
        """The whole error in a language: how many problems, then one bullet each."""
        head = w("config.failed", path=self.path,
                 count=w.count("config.errors", len(self.problems)))
        return "\n".join([head, *(f"  • {p.say(w)}" for p in self.problems)])
