"""The `Журнал` tab: one appended row per outcome or hand-over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sheets.base import CellValue
from sheets.values import cell_text, norm, parse_date

HEADERS_RU = ["Когда", "Кто", "ID клиента", "Компания", "Итог", "Причина", "Следующая дата",
              "Комментарий"]
HEADERS_EN = ["When", "Who", "Client ID", "Company", "Outcome", "Reason", "Next date", "Note"]
HANDOVER = {"ru": "Передача", "en": "Hand-over"}


def headers(lang: str) -> list[str]:
    """The journal's header row in the configured language."""
    return HEADERS_EN if lang == "en" else HEADERS_RU


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

    def journal_row(self, when: datetime, lang: str) -> list[CellValue]:
        """The journal line announcing the hand-over."""
        move = f"{self.from_owner} → {self.to_owner}"
        if self.from_segment or self.to_segment:
            move += f" ({self.from_segment or '—'} → {self.to_segment})"
        return [when.replace(tzinfo=None, microsecond=0), self.from_owner, self.client_id,
                self.company, HANDOVER.get(lang, HANDOVER["ru"]), "", self.next_contact, move]


@dataclass(frozen=True)
class Entry:
    """One journal line as read back."""

    when: datetime | None
    who: str
    client_id: str
    company: str
    outcome: str
    reason: str
    next_date: date | None
    note: str

    @property
    def is_handover(self) -> bool:
        """True for a hand-over line (in either language)."""
        return self.outcome in HANDOVER.values()

    def line(self) -> str:
        """The entry as one history line: '23.11 Ольга: Недозвон — note'."""
        when = self.when.strftime("%d.%m") if self.when else ""
        what = " · ".join(x for x in (self.outcome, self.reason, self.note) if x)
        return f"{when} {self.who}: {what}".strip()


def read_entries(grid: list[list[CellValue]]) -> list[Entry]:
    """Journal lines from its tab (header in the first row, columns found by name)."""
    if not grid:
        return []
    names = [norm(cell_text(v)) for v in grid[0]]
    cols = {}
    for i, (ru, en) in enumerate(zip(HEADERS_RU, HEADERS_EN, strict=True)):
        for j, name in enumerate(names):
            if name in (norm(ru), norm(en)):
                cols[i] = j
                break

    def cell(row: list[CellValue], i: int) -> CellValue:
        j = cols.get(i)
        return row[j] if j is not None and j < len(row) else None

    out = []
    for row in grid[1:]:
        if not any(v not in (None, "") for v in row):
            continue
        when = cell(row, 0)
        if isinstance(when, (int, float)) and not isinstance(when, bool) and 0 < when < 2958466:
            when = datetime(1899, 12, 30) + timedelta(days=float(when))
        elif not isinstance(when, datetime):
            try:
                day = parse_date(when)
                when = datetime.combine(day, datetime.min.time()) if day else None
            except ValueError:
                when = None
        try:
            nxt = parse_date(cell(row, 6))
        except ValueError:
            nxt = None
        out.append(Entry(when, cell_text(cell(row, 1)), cell_text(cell(row, 2)),
                         cell_text(cell(row, 3)), cell_text(cell(row, 4)),
                         cell_text(cell(row, 5)), nxt, cell_text(cell(row, 7))))
    return out
