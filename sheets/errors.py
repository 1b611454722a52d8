"""Errors a user can meet: each names its text in bot/words' catalogues and the values it takes.

    UserError                  what, where, what to do — in the user's language
     ├── ConfigError           config.yaml is wrong (bot.config)
     └── SheetError            the table cannot be read or written
          ├── SheetBusyError   the file is open elsewhere / cannot be written now; retry later
          ├── SheetFileError   the file is no workbook the bot can read: missing, protected by
          │                    a password, another format (.xls, .ods, .xlsb) or damaged
          ├── HeaderError      the header row or a configured column is missing
          └── SheetAccessError the Google sheet is missing, not shared, or the key is wrong

Library errors (calamine, zip, XML, gspread, OSError) are wrapped into these at the backend
boundary. An error names a catalogue key ("xlsx.not_found") and the values its text takes; words
that depend on the language inside that text (a reason, a hint) are `Phrase`s.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """A problem the user can fix: a key of bot/words' catalogues and the values its text takes.

    The words themselves live in the catalogues (bot/words/ru.py, en.py); `Words(lang).error(e)`
    renders them. str() names the key and values, for logs.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values: dict[str, object] = dict(values)

    def __str__(self) -> str:
        return f"{self.key} {self.values}" if self.values else self.key


@dataclass(frozen=True, init=False)
class Phrase:
    """A part of an error's text in the user's language: a catalogue key and its values.

    `Words(lang).error` writes a phrase among an error's values in words, and a list of them
    joined by commas: Phrase("sheets.loss", what=Phrase("sheets.lost_vba"), count=1).
    Frozen and hashable, so a list of problems can drop its repeats.
    """

    key: str
    items: tuple[tuple[str, object], ...]

    def __init__(self, key: str, /, **values: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "items", tuple(values.items()))

    @classmethod
    def of(cls, key: str, /, **values: object) -> Phrase:
        """A phrase from a key and keyword values."""
        return cls(key, **values)

    @property
    def values(self) -> dict[str, object]:
        """The values the phrase's template takes."""
        return dict(self.items)


class SheetError(UserError):
    """The table cannot be read or written."""


class SheetBusyError(SheetError):
    """The table cannot be written right now (open in Excel, 429, no network); nothing is lost."""


class SheetChangedError(SheetBusyError):
    """The table changed between the bot's read and its write (a person saved, another run of
    the bot wrote): nothing was written; a fresh read and plan make the write right."""


class SheetFileError(SheetError):
    """The configured file is not a workbook the bot can read; the user must fix the file."""


class HeaderError(SheetError):
    """The header row or a configured column is not in the sheet."""


class SheetAccessError(SheetError):
    """The spreadsheet cannot be opened: not found, not shared, bad credentials."""
