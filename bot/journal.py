"""The `Журнал` tab: one appended row per outcome or hand-over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sheets.base import CellValue

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
