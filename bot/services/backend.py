"""Open the sheet the config points at: an .xlsx file or a Google sheet."""

from __future__ import annotations

from bot.core.config import Config
from sheets.base import Backend
from sheets.google import connect
from sheets.xlsx import XlsxBackend


def open_sheet(cfg: Config) -> Backend:
    """The backend for config `sheet:`; nothing is read until it is used."""
    if cfg.sheet.backend == "google":

        creds = str(cfg.sheet.credentials) if cfg.sheet.credentials else None
        return connect(cfg.sheet.spreadsheet or "", creds, cfg.sheet.api_url)

    assert cfg.sheet.path is not None  # checked when the config was loaded
    return XlsxBackend(cfg.sheet.path)
