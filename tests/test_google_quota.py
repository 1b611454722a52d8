"""Presses within Google's read quota: one backend and one token per process, the journal and
purchases kept, the clients tab read at most once per write, presses written at a pace — ten
managers pressing every 5 s for two minutes stay under 60 reads a minute, all written, no 429.

Driven on a fake clock, the way the chat and the worker drive it: a press is stored, written
when the pace allows (bot.chat.deck.write_pending), else by the worker's outbox every 5 s, and
the next card is dealt from the lists (bot.chat.deck._read_deck)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.core import journal
from bot.core.config import Config
from bot.core.outcomes import Kind
from bot.services.backend import Pace, press_pace, process_sheet
from bot.services.deck import apply_pending, version
from bot.services.morning import prepare
from bot.services.state import Deck
from bot.services.sync import sync
from sheets.errors import SheetBusyError
from sheets.table import read_clients
from tests import sheets_api as stand_in
from tests.sheets_api import SheetsAPI
from tests.workbooks import MANAGERS, TODAY, messy_base

sheets_api = stand_in.sheets_api
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0)
OUTBOX_EVERY = 5.0  # bot.worker.RETRY_OUTBOX
TEN = MANAGERS + [{"name": f"Менеджер {i}", "role": "cold_caller", "telegram_id": 900_000_000 + i}
                  for i in range(6)]


class Team:
    """One bot process on a fake clock: its one backend, its pace and its outbox."""

    def __init__(self, api: SheetsAPI, tmp_path: Path) -> None:
        key = tmp_path / "sa.json"
        api.service_account(key)
        book = api.add_spreadsheet("Клиенты ООО", {"Клиенты": messy_base(300)[0]})
        self.book = book
        self.cfg = Config.model_validate({
            "sheet": {"backend": "google", "spreadsheet": book, "credentials": str(key),
                      "api_url": api.url},
            "managers": TEN, "state": str(tmp_path / "state.sqlite3")})
        self.t = 0.0
        self.backend = process_sheet(self.cfg, self.clock)
        self.pace: Pace = press_pace(self.cfg, self.clock)
        self.deck = Deck(tmp_path / "state.sqlite3")
        self.busy = 0

    def clock(self) -> float:
        """The fake monotonic clock."""
        return self.t

    def write(self) -> None:
        """write_pending: the stored presses, when the pace allows."""
        if self.deck.queued() and self.pace.take():
            now = NOW + timedelta(seconds=self.t)
            try:
                apply_pending(self.backend(), self.cfg, self.deck, TODAY, now)
            except SheetBusyError:
                self.busy += 1

    def press(self, n: int, who: dict[str, object]) -> None:
        """A manager records a note on a client of his, then is dealt his next card."""
        sheet = self.backend()
        table = read_clients(sheet, self.cfg.table_settings())
        ids = [r.id for r in table.rows]
        rows = [r for r in table.rows if ids.count(r.id) == 1]  # the base repeats an ID or two
        row = rows[(n * 7) % len(rows)]
        card = self.deck.deal(int(who["telegram_id"]), row.id, version(row), TODAY, row.company)
        self.deck.enqueue(f"press-{n}", card.chat_id, str(who["name"]), card, Kind.note,
                          text=f"звонок {n}", now=NOW + timedelta(seconds=self.t))
        self.write()
        prepare(sheet, self.cfg, TODAY)  # the next card: the day's lists
        journal.read_lines(sheet.read("Журнал"))  # and the client's history


def test_ten_managers_pressing_every_5_s_stay_under_60_reads_a_minute(
    sheets_api: SheetsAPI, tmp_path: Path
) -> None:
    team = Team(sheets_api, tmp_path)
    sheets_api.read_quota(60, clock=team.clock)
    sync(team.backend(), team.cfg, TODAY)  # the worker's first sync: IDs, the journal tab
    sheets_api.reset_calls()
    presses, outbox_at = 0, 0.0
    for step in range(240):  # 2 minutes in half-seconds; manager i presses at i/2 s past each 5 s
        team.t = 60.0 + step / 2
        team.press(presses, TEN[step % 10])  # each manager once every 10 steps: every 5 s
        presses += 1
        if team.t >= outbox_at:
            outbox_at = team.t + OUTBOX_EVERY
            team.write()
    while team.deck.queued():  # the outbox after the burst
        team.t += OUTBOX_EVERY
        team.write()

    reads = [e["at"] for e in sheets_api.log if e["method"] == "GET"]
    per_minute = max(sum(1 for r in reads if start <= r < start + 60) for start in reads)
    writes = sum(1 for e in sheets_api.log if e["path"].endswith(":batchUpdate"))
    lines = journal.read_lines(sheets_api.values(team.book, "Журнал"))
    notes = [e for e in lines if e.note.startswith("звонок")]
    print(f"\n{presses} presses by {len(TEN)} managers: {len(reads)} reads, at most "
          f"{per_minute} in any 60 s, {writes} writes, {sheets_api.refused_reads} refused (429), "
          f"{len(notes)} written, {len(sheets_api.grants)} token(s)")
    assert sheets_api.refused_reads == 0 and team.busy == 0
    assert per_minute < 60
    assert len(notes) == presses and len({e.note for e in notes}) == presses  # each once
    assert len(sheets_api.grants) == 1  # one token for the whole burst (and the sync)
    assert len(reads) <= 3 * writes + 120 / 5 + 2  # guards + the clients tab at most per 5 s


@pytest.mark.parametrize("gap", [0.0])
def test_without_a_pace_every_press_pays_its_reads(gap: float) -> None:
    """The pace is what bounds the writes: without it every press may write at once."""
    pace = Pace(lambda: 0.0, gap)
    assert all(pace.take() for _ in range(100))
    paced = Pace(lambda: 0.0, 5.0, burst=3)
    assert [paced.take() for _ in range(5)] == [True, True, True, False, False]
