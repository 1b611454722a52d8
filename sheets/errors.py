"""Errors a user can meet: each names its text in bot/words' catalogues and the values it takes.

    UserError                  what, where, what to do — in the user's language
     ├── ConfigError           config.yaml is wrong (bot.config)
     └── SheetError            the table cannot be read or written
          ├── SheetBusyError   the file is open elsewhere / cannot be written now; retry later
          ├── SheetUnsafeError saving would destroy something in the workbook
          ├── HeaderError      the header row or a configured column is missing
          └── SheetAccessError the Google sheet is missing, not shared, or the key is wrong

Library errors (openpyxl, gspread, OSError) are wrapped into these at the backend boundary.
An error names a catalogue key ("sheets.xlsx_not_found") and the values its text takes; words
that depend on the language inside that text (a reason, a list of lost objects) are `Phrase`s.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """A problem the user can fix: a key of bot/words' catalogues and the values its text takes.

    The words themselves live in the catalogues (bot/words/ru.py, en.py); `Words(lang).error(e)`
    renders them. str() names the key and values, for logs.

    Transitional: `UserError(ru, en)` with the texts themselves still works while callers move
    to keys; such an error has key "" and keeps `ru` and `en`.
    """

    def __init__(self, key: str, en: str | None = None, /, **values: object) -> None:
        super().__init__(key)
        legacy = en is not None or not _is_key(key)
        self.key = "" if legacy else key
        self.values: dict[str, object] = dict(values)
        self.ru = key if legacy else ""
        self.en = (en or key) if legacy else ""

    def __str__(self) -> str:
        if not self.key:
            return self.ru
        return f"{self.key} {self.values}" if self.values else self.key

    def text(self, lang: str = "ru") -> str:
        """Transitional: the legacy message in a language ("ru" or "en"); a keyed error's str()."""
        if self.key:
            return str(self)
        return self.en if lang == "en" else self.ru


def _is_key(text: str) -> bool:
    """True for a catalogue key such as "sheets.busy_locked" (dotted, lowercase, no spaces)."""
    return "." in text and all(p.replace("_", "").isalnum() and p.islower() and p.isascii()
                               for p in text.split("."))


@dataclass(init=False)
class Phrase:
    """A part of an error's text in the user's language: a catalogue key and its values.

    `Words(lang).error` writes a phrase among an error's values in words, and a list of them
    joined by commas: Phrase("sheets.loss", what=Phrase("sheets.lost_vba"), count=1).
    """

    key: str
    values: dict[str, object]

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = dict(values)


class SheetError(UserError):
    """The table cannot be read or written."""


class SheetBusyError(SheetError):
    """The table cannot be written right now (open in Excel, 429, no network); nothing is lost."""


class SheetUnsafeError(SheetError):
    """Saving would destroy parts of the workbook that openpyxl cannot keep."""


class HeaderError(SheetError):
    """The header row or a configured column is not in the sheet."""


class SheetAccessError(SheetError):
    """The spreadsheet cannot be opened: not found, not shared, bad credentials."""
