"""What a manager's press does to a client's row: pure functions of (row, outcome, day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.config import Config
from bot.core.texts import short_date
from bot.words import LANGUAGES, Words
from sheets.base import CellValue
from sheets.fields import Field, Status
from sheets.table import ClientRow
from sheets.values import parse_date


class Kind(StrEnum):
    """The outcomes a card can get."""

    paid = "paid"
    refused = "refused"
    moved = "moved"  # rescheduled to a date
    no_answer = "no_answer"
    note = "note"


# The catalogue key of each outcome's word, as the journal writes it.
WORD_KEYS = {
    Kind.paid: "outcome.paid",
    Kind.refused: "outcome.refused",
    Kind.moved: "outcome.moved",
    Kind.no_answer: "outcome.no_answer",
    Kind.note: "outcome.note",
}


def spellings(key: str) -> frozenset[str]:
    """A word in every language: journal lines written in either language read back alike."""
    return frozenset(Words(lang)(key) for lang in LANGUAGES)


@dataclass(frozen=True)
class Outcome:
    """One press (and what was typed with it): the kind and its detail."""

    kind: Kind
    reason: str = ""  # refusal reason
    day: date | None = None  # the new next contact date
    text: str = ""  # a note
    amount: float | None = None  # a payment's sum, when given

    def word(self, w: Words) -> str:
        """The outcome as the journal writes it."""
        return w(WORD_KEYS[self.kind])


_BEFORE_OFFER = {Status.new, Status.no_answer, Status.refused_early}
_AFTER_OFFER = {Status.offer_sent, Status.refused_after_offer, Status.interested}
_AFTER_SPECIAL = {Status.special_offer_sent, Status.refused_after_special}


def refusal_status(status: Status | None) -> Status | None:
    """The refusal that fits the stage; None for a customer (his status stays)."""
    if status in _AFTER_SPECIAL:
        return Status.refused_after_special
    if status in _AFTER_OFFER:
        return Status.refused_after_offer
    if status in (Status.customer, Status.do_not_call):
        return None
    return Status.refused_early


def cell_updates(row: ClientRow, outcome: Outcome, today: date, cfg: Config,
                 who: str) -> dict[Field, CellValue]:
    """The manager-owned cells an outcome sets (None clears a cell); text stays plain text."""
    words = {s: cfg.status_word(s) for s in Status}
    kind = outcome.kind
    if kind is Kind.paid:
        return {Field.status: words[Status.customer], Field.last_purchase: today,
                Field.last_contact: today, Field.next_contact: None}
    if kind is Kind.refused:
        new = refusal_status(row.status)
        out: dict[Field, CellValue] = {Field.refusal_reason: outcome.reason,
                                       Field.last_contact: today, Field.next_contact: None}
        if new is not None:
            out[Field.status] = words[new]
        return out
    if kind is Kind.moved:
        return {Field.next_contact: outcome.day, Field.last_contact: today}
    if kind is Kind.no_answer:
        out = {Field.next_contact: cfg.calendar().next_workday(today)}
        if row.status in (Status.new, Status.no_answer, None) and not row.bad(Field.status):
            out[Field.status] = words[Status.no_answer]
            out[Field.last_contact] = today  # the attempt: "не дозвонились 23.11"
        return out
    return {Field.note: append_note(row.note, today, who, outcome.text)}


def append_note(note: str, today: date, who: str, text: str) -> str:
    """The note cell with a new line "23.11 Ольга: текст" added at the end.

    >>> append_note("старое", date(2026, 11, 23), "Ольга", "перезвонить")
    'старое\\n23.11 Ольга: перезвонить'
    """
    line = f"{short_date(today)} {who}: {text.strip()}"
    return f"{note}\n{line}" if note.strip() else line


def move_day(option: str, today: date, cfg: Config) -> date:
    """The date a reschedule button means: +1 working day, or +3/+7/+30 days on a working day.

    >>> from bot.core.config import Config
    >>> c = Config.model_validate({"sheet": {"path": "x"}, "managers": [
    ...     {"name": "A", "role": "cold_caller", "telegram_id": 1},
    ...     {"name": "B", "role": "closer", "telegram_id": 2},
    ...     {"name": "C", "role": "account_manager", "telegram_id": 3}]})
    >>> move_day("1", date(2026, 11, 27), c), move_day("3", date(2026, 11, 25), c)
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))
    """
    cal = cfg.calendar()
    if option == "1":
        return cal.next_workday(today)
    day = today + timedelta(days=int(option))
    return day if cal.is_workday(day) else cal.next_workday(day)


_TOMORROW = {"завтра": 1, "послезавтра": 2, "tomorrow": 1}


def typed_day(text: str, today: date) -> date | None:
    """A date typed in the chat: "25.11", "25.11.2026", "завтра"; None when it is not one.

    >>> typed_day("25.11", date(2026, 11, 23)), typed_day("01.02", date(2026, 11, 23))
    (datetime.date(2026, 11, 25), datetime.date(2027, 2, 1))
    >>> typed_day("завтра", date(2026, 11, 23)), typed_day("31.02", date(2026, 11, 23))
    (datetime.date(2026, 11, 24), None)
    """

    word = text.strip().lower().rstrip(".")
    if word in _TOMORROW:
        return today + timedelta(days=_TOMORROW[word])
    parts = word.replace("/", ".").split(".")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        for year in (today.year, today.year + 1):
            try:
                day = date(year, int(parts[1]), int(parts[0]))
            except ValueError:
                return None
            if day >= today:
                return day
        return None
    try:
        return parse_date(text.strip()) if text.strip() else None
    except ValueError:
        return None
