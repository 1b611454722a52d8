"""Errors a user can meet: each carries the words shown to him, in Russian and English.

    UserError                  what, where, what to do — in the user's language
     ├── ConfigError           config.yaml is wrong (bot.config)
     └── SheetError            the table cannot be read or written
          ├── SheetBusyError   the file is open elsewhere / cannot be written now; retry later
          ├── SheetUnsafeError saving would destroy something in the workbook
          ├── HeaderError      the header row or a configured column is missing
          └── SheetAccessError the Google sheet is missing, not shared, or the key is wrong

Library errors (openpyxl, gspread, OSError) are wrapped into these at the backend boundary.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; str() is the Russian text, text(lang) picks a language."""

    def __init__(self, ru: str, en: str | None = None) -> None:
        super().__init__(ru)
        self.ru = ru
        self.en = en or ru

    def text(self, lang: str = "ru") -> str:
        """Return the message in the given language ("ru" or "en")."""
        return self.en if lang == "en" else self.ru


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
