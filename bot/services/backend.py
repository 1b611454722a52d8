"""Open the sheet the config points at: an .xlsx file or a Google sheet; for a long-running
process, one backend for all its work (one Google client, one token, tabs kept between presses)
and a pace for writing presses, so a busy team stays inside Google's read quota."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.core.config import Config
from sheets.base import Backend
from sheets.google import connect
from sheets.google_requests import written
from sheets.kept import KeptBackend
from sheets.xlsx import XlsxBackend

PRESS_GAP = 5.0  # seconds per write of presses to a Google sheet, past the first few
PRESS_BURST = 3  # writes of presses that may go at once after a quiet spell


def open_sheet(cfg: Config, clock: Callable[[], float] = time.monotonic) -> Backend:
    """The backend for config `sheet:`; nothing is read until it is used."""
    if cfg.sheet.backend == "google":
        creds = str(cfg.sheet.credentials) if cfg.sheet.credentials else None
        return connect(cfg.sheet.spreadsheet or "", creds, cfg.sheet.api_url, clock=clock)
    assert cfg.sheet.path is not None  # checked when the config was loaded
    return XlsxBackend(cfg.sheet.path)


def process_sheet(cfg: Config, clock: Callable[[], float] = time.monotonic
                  ) -> Callable[[], Backend]:
    """A factory that gives the process's one backend, made at the first call: a Google sheet
    is kept (sheets.kept: the journal and purchases read once and kept current), an .xlsx file
    keeps what it read itself until the file changes."""
    made: list[Backend] = []

    def backend() -> Backend:
        if not made:
            sheet = open_sheet(cfg, clock)
            if cfg.sheet.backend == "google":
                sheet = KeptBackend(sheet, logs=(cfg.sheet.journal_tab, cfg.sheet.purchases_tab),
                                    clock=clock, as_read=written)
            made.append(sheet)
        return made[0]

    return backend


class Pace:
    """Writes of presses: a few at once (`burst`), then at most one per `gap` seconds; a press
    meeting no allowance stays stored, and the worker's outbox writes it with the others a
    moment later (one read of the clients tab and one write for them all). gap 0: no pace."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, gap: float = 0.0,
                 burst: int = PRESS_BURST) -> None:
        self.clock, self.gap, self.burst = clock, gap, burst
        self.allowance = float(burst)
        self.at = clock()

    def take(self) -> bool:
        """True (and one write counted) when a write may go now."""
        if self.gap <= 0:
            return True
        now = self.clock()
        self.allowance = min(self.burst, self.allowance + (now - self.at) / self.gap)
        self.at = now
        if self.allowance < 1:
            return False
        self.allowance -= 1
        return True


def press_pace(cfg: Config, clock: Callable[[], float] = time.monotonic) -> Pace:
    """The pace for this sheet: PRESS_GAP for Google (its quota), none for a file."""
    return Pace(clock, PRESS_GAP if cfg.sheet.backend == "google" else 0.0)
