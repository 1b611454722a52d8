"""The `Журнал` tab: one appended row per outcome, hand-over or incoming request.

`JournalLine` is the tab's one codec: every writer builds a `JournalLine` and appends its
`cells()`; every reader gets `JournalLine`s from `read_lines`, which finds the columns by
header name in either language, in any order, next to columns a person added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.columns import Cells, Columns
from bot.words import LANGUAGES, Words
from sheets.base import CellValue, Grid
from sheets.values import cell_text, parse_date

HISTORY = 3  # journal lines shown with a card, a hand-over, a morning hand-over note

COLUMNS = Columns(("tab.journal.when", "tab.journal.who", "tab.journal.client_id",
                   "tab.journal.company", "tab.journal.outcome", "tab.journal.reason",
                   "tab.journal.next_date", "tab.journal.note"))
HANDOVER = frozenset(Words(lang)("tab.journal.handover") for lang in LANGUAGES)
REQUEST = frozenset(Words(lang)("tab.journal.request") for lang in LANGUAGES)


def headers(lang: str) -> list[str]:
    """The journal's header row in the configured language."""
    return COLUMNS.header(lang)


@dataclass(frozen=True)
class JournalLine:
    """One journal row: who did what to which client, when, and the next date."""

    when: datetime | None
    who: str
    client_id: str
    company: str
    outcome: str  # the word as written: "Недозвон", "Передача", "Входящий запрос", ...
    reason: str = ""
    next_date: date | None = None
    note: str = ""

    @property
    def is_handover(self) -> bool:
        """True for a hand-over line (in either language)."""
        return self.outcome in HANDOVER

    def line(self) -> str:
        """The entry as one history line: '23.11 Ольга: Недозвон — note'."""
        when = self.when.strftime("%d.%m") if self.when else ""
        what = " · ".join(x for x in (self.outcome, self.reason, self.note) if x)
        return f"{when} {self.who}: {what}".strip()

    def cells(self) -> list[CellValue]:
        """The row to append, in the header's order (the time without zone or microseconds)."""
        when = self.when.replace(tzinfo=None, microsecond=0) if self.when else None
        return [when, self.who, self.client_id, self.company, self.outcome, self.reason,
                self.next_date, self.note]

    @classmethod
    def of(cls, cells: Cells) -> JournalLine:
        """A row read back (its cells in the header's order); an unreadable date reads None."""
        when, who, client_id, company, outcome, reason, next_date, note = cells
        return cls(_moment(when), cell_text(who), cell_text(client_id), cell_text(company),
                   cell_text(outcome), cell_text(reason), _day(next_date), cell_text(note))




def _moment(value: CellValue) -> datetime | None:
    """The 'when' cell: a date-time, a serial number (days since 1899-12-30) or a typed date."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
        return datetime(1899, 12, 30) + timedelta(days=float(value))
    day = _day(value)
    return datetime.combine(day, datetime.min.time()) if day else None


def _day(value: CellValue) -> date | None:
    """A date cell; None when empty or unreadable."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def read_lines(grid: Grid) -> list[JournalLine]:
    """Journal lines from its tab (header in the first row, columns found by name)."""
    return [JournalLine.of(cells) for cells in COLUMNS.rows(grid)]




NO_ANSWER = frozenset(Words(lang)("outcome.no_answer") for lang in LANGUAGES)
NOTE = frozenset(Words(lang)("outcome.note") for lang in LANGUAGES)


@dataclass(frozen=True)
class Missed:
    """A client's last outcome was a missed call: the day of the attempt, the day set next."""

    day: date
    next_date: date | None


def missed_calls(lines: Iterable[JournalLine]) -> dict[str, Missed]:
    """Clients whose last outcome (notes, hand-overs and requests aside) is a missed call."""
    last: dict[str, JournalLine] = {}
    for e in lines:
        if e.client_id and e.outcome not in NOTE | HANDOVER | REQUEST:
            last[e.client_id.strip()] = e
    return {cid: Missed(e.when.date(), e.next_date) for cid, e in last.items()
            if e.outcome in NO_ANSWER and e.when is not None}


def recent(lines: Iterable[JournalLine]) -> list[str]:
    """The last HISTORY lines as text, hand-overs left out: a client's story in brief."""
    return [e.line() for e in lines if not e.is_handover][-HISTORY:]


@dataclass(frozen=True)
class Handover:
    """A client moved to a manager of another role (the cold caller's lead became warm)."""

    row: int
    client_id: str
    company: str
    from_owner: str
    to_owner: str
    from_segment: str
    to_segment: str
    next_contact: date | None = None

    def journal_line(self, when: datetime, lang: str) -> JournalLine:
        """The journal line announcing the hand-over."""
        move = f"{self.from_owner} → {self.to_owner}"
        if self.from_segment or self.to_segment:
            move += f" ({self.from_segment or '—'} → {self.to_segment})"
        return JournalLine(when, self.from_owner, self.client_id, self.company,
                           Words(lang)("tab.journal.handover"), "", self.next_contact, move)
