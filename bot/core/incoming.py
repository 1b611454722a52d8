"""Incoming requests (/new): a known client goes to his owner, a new one becomes a warm lead
of a closer. Pure functions over the read table; the chat and the save live elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.config import Config, Manager
from bot.core.journal import JournalLine
from bot.core.outcomes import append_note
from bot.core.owners import OwnerPicker
from bot.core.plan import new_ids
from bot.core.segments import Role, Segment
from bot.words import Words
from sheets.base import CellValue
from sheets.fields import Field, Status
from sheets.table import ClientRow, ClientTable
from sheets.values import norm

_LEGAL = re.compile(r"\b(ооо|оао|зао|пао|ао|ип|llc|ltd|inc|гк|тд)\b")
_JUNK = re.compile(r"[\"'«»“”„.,()\-–—№]")


@dataclass(frozen=True)
class Request:
    """What the manager typed: who called and what they want."""

    company: str
    contact: str
    phone: str
    want: str


def phone_key(phone: str) -> str:
    """The last ten digits of a phone, so +7 900 123-45-67 and 89001234567 match.

    >>> phone_key("+7 (900) 123-45-67") == phone_key("8 900 1234567")
    True
    """
    digits = re.sub(r"\D", "", phone)
    return digits[-10:] if len(digits) >= 7 else ""


def company_key(name: str) -> str:
    """A company name without case, quotes, legal form and punctuation.

    >>> company_key('ООО «Ромашка»') == company_key("ромашка ооо")
    True
    """
    text = _LEGAL.sub(" ", _JUNK.sub(" ", norm(name)))
    return " ".join(sorted(text.split()))


def find_known(table: ClientTable, req: Request) -> ClientRow | None:
    """The client this request comes from: same phone digits, else the same company name."""
    phone, company = phone_key(req.phone), company_key(req.company)
    if phone:
        hit = next((r for r in table.rows if phone_key(r.phone) == phone), None)
        if hit:
            return hit
    if company:
        return next((r for r in table.rows if company_key(r.company) == company), None)
    return None


def pick_closer(table: ClientTable, cfg: Config, key: str) -> Manager | None:
    """The closer (lead conversion) for a new lead: the one with the fewest clients now."""
    picker = OwnerPicker(cfg.managers)
    closers = {norm(m.name) for m in cfg.managers_of(Role.closer)}
    for r in table.rows:
        if norm(r.owner) in closers:
            picker.picks[next(m.name for m in cfg.managers if norm(m.name) == norm(r.owner))] += 1
    return picker.pick(key, Role.closer)


def new_row(table: ClientTable, cfg: Config, req: Request, owner: str, who: str,
            today: date) -> tuple[str, list[CellValue]]:
    """A new client's ID and sheet row: status Интерес, next contact today, the closer."""
    client_id = next(new_ids({r.id for r in table.rows if r.id}))
    values: dict[Field, CellValue] = {
        Field.id: int(client_id), Field.company: req.company, Field.contact: req.contact,
        Field.phone: req.phone, Field.status: cfg.status_word(Status.interested),
        Field.next_contact: today, Field.owner: owner, Field.segment: cfg.label(Segment.warm),
        Field.note: append_note("", today, who, req.want) if req.want else "",
    }
    layout = table.layout
    row: list[CellValue] = [None] * layout.width
    for f, value in values.items():
        col = layout.columns.get(f)
        if col is not None and col <= layout.width:
            row[col - 1] = value
    return client_id, row


def journal_line(req: Request, client_id: str, who: str, now: datetime, today: date,
                 lang: str) -> JournalLine:
    """The request as a journal line: who took it, for which client, what they want."""
    return JournalLine(now, who, client_id, req.company, Words(lang)("tab.journal.request"),
                       "", today, req.want)
