"""The deck of cards: one client at a time, in the list's order; a press is stored first, then
written to the sheet (status, dates, reason, note, segment, owner, journal) in one batch."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot.core import journal
from bot.core.config import Config
from bot.core.outcomes import Kind, Outcome, cell_updates
from bot.core.plan import plan_sync
from bot.core.purchases import Purchase, PurchaseStats
from bot.core.purchases import headers as purchase_headers
from bot.services.state import Deck, Queued
from bot.services.sync import read_purchases
from sheets.base import Backend, CellValue, CellWrite, Changes
from sheets.errors import SheetBusyError, SheetError, UserError
from sheets.fields import Field
from sheets.table import ClientRow, ClientTable, find_tab, read_clients, status_lookup
from sheets.values import cell_text, norm

log = logging.getLogger(__name__)
_VERSIONED = ("status_text", "refusal_reason", "last_contact", "next_contact", "last_purchase",
              "owner", "note")


def version(row: ClientRow) -> str:
    """A short fingerprint of what a person or an outcome can change in a row."""
    text = "\x1f".join(cell_text(getattr(row, name)) for name in _VERSIONED)
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


@dataclass(frozen=True)
class Applied:
    """What became of one pressed outcome."""

    item: Queued
    done: bool
    why: str = ""  # for a stale press: what happened to the client instead
    handed_to: str = ""  # a hand-over this outcome caused (the new owner's name)
    company: str = ""
    history: tuple[str, ...] = ()  # the client's journal lines, this outcome's included
    parked: bool = False  # cannot be written (not for a busy sheet): set aside, `why` says why


def outcome_of(item: Queued) -> Outcome:
    """The stored press as an Outcome."""
    return Outcome(Kind(item.kind), item.reason, item.day, item.text, item.amount)


def apply_pending(backend: Backend, cfg: Config, deck: Deck, today: date,
                  now: datetime) -> list[Applied]:
    """Write every stored press in order, in one save; a SheetError (busy, unreadable) leaves
    them all stored. When the batch fails for another reason, the presses go one by one: one
    that cannot be written is parked with its reason, so it never blocks the others."""
    items = deck.queued()
    if not items:
        return []
    try:
        return _apply(backend, cfg, deck, items, today, now)
    except SheetError:
        raise  # busy, unreadable, no header: the sheet's problem, every press waits for it
    except Exception as err:  # noqa: BLE001 - which press is poison is found one by one below
        log.warning("a batch of %d presses could not be written (%s); trying them one by one",
                    len(items), type(err).__name__)
    results: list[Applied] = []
    for item in items:
        try:
            results += _apply(backend, cfg, deck, [item], today, now)
        except SheetError:
            break  # the rest wait for the next try
        except Exception as err:  # noqa: BLE001 - parked with its reason, the queue goes on
            results.append(park(deck, cfg, item, err))
    return results


def park(deck: Deck, cfg: Config, item: Queued, err: Exception) -> Applied:
    """Set a press aside that cannot be written, with why in words; it is retried no more."""
    words = cfg.words()
    detail = " ".join(f"{type(err).__name__}: {err}".split())[:200]
    why = words.error(err) if isinstance(err, UserError) else words("press.failed",
                                                                      error=detail)
    log.error("press %s for client %s parked: %s", item.key, item.client_id, detail)
    deck.finish(item.id, "parked", why)
    return Applied(item, False, why, parked=True)


def _apply(backend: Backend, cfg: Config, deck: Deck, items: list[Queued], today: date,
           now: datetime) -> list[Applied]:
    """Apply these presses in one save and mark each applied or stale."""
    table = read_clients(backend, cfg.table_settings())
    rows: dict[str, list[ClientRow]] = {}
    for r in table.rows:
        rows.setdefault(r.id.strip(), []).append(r)
    journal_tab = find_tab(backend, cfg.sheet.journal_tab)
    history: dict[str, list[journal.JournalLine]] = {}
    if journal_tab in backend.tabs():
        for entry in journal.read_lines(backend.read(journal_tab)):
            history.setdefault(entry.client_id, []).append(entry)
    batch = _Batch(table, cfg, today, now, history,
                   read_purchases(backend, cfg, set(rows), until=today))
    results = [batch.add(item, rows) for item in items]
    purchases_tab = find_tab(backend, cfg.sheet.purchases_tab)
    changes = batch.changes(journal_tab, journal_tab in backend.tabs(), purchases_tab,
                            purchases_tab in backend.tabs())
    if changes:
        backend.save(changes)  # SheetBusyError: nothing is marked, the next try repeats it all
    for a in results:
        deck.finish(a.item.id, "applied" if a.done else "stale", a.why)
    return results


class _Batch:
    """Outcomes applied to rows in memory, collected as one set of changes."""

    def __init__(self, table: ClientTable, cfg: Config, today: date, now: datetime,
                 history: dict[str, list[journal.JournalLine]],
                 purchases: dict[str, PurchaseStats]) -> None:
        self.table, self.cfg, self.today, self.now = table, cfg, today, now
        self.history = history
        self.purchases = purchases
        self.cells: dict[tuple[int, int], CellValue] = {}
        self.journal: list[journal.JournalLine] = []
        self.paid: list[Purchase] = []  # payments with a sum, for the purchases tab

    def add(self, item: Queued, rows: dict[str, list[ClientRow]]) -> Applied:
        """Apply one press to its row (found by ID now), or say why it no longer can be."""
        lang = self.cfg.language
        words = self.cfg.words()
        found = rows.get(item.client_id.strip(), [])
        if len(found) != 1:
            return Applied(item, False, words("press.id_repeats" if found else "press.gone"))
        row = found[0]
        outcome = outcome_of(item)
        if version(row) != item.version and self._written_before(item, outcome):
            return Applied(item, True, "", "", row.company, self._history(item.client_id))
        if version(row) != item.version:
            return Applied(item, False, self._what_changed(row, item))
        updates = cell_updates(row, outcome, self.today, self.cfg, item.who)
        new_row = _with(row, updates, self.cfg)
        rows[item.client_id.strip()] = [new_row]
        for f, value in updates.items():
            self._put(row.row, f, value)
        plan = plan_sync(ClientTable(self.table.layout, [new_row]), self.cfg, self.today,
                         self.now, purchases=self.purchases)
        for w in plan.changes.cells.get(self.table.layout.tab, []):
            if w.row == row.row:
                self.cells[(w.row, w.col)] = w.value
        self.journal.append(journal.JournalLine(
            self.now, item.who, item.client_id, row.company, outcome.word(words), outcome.reason,
            new_row.next_contact, outcome.text))
        self.journal += [h.journal_line(self.now, lang) for h in plan.handovers]
        if outcome.kind is Kind.paid and outcome.amount is not None:
            self.paid.append(Purchase(item.client_id, self.today, outcome.amount, ""))
        handed = plan.handovers[0].to_owner if plan.handovers else ""
        return Applied(item, True, "", handed, row.company, self._history(item.client_id))

    def _written_before(self, item: Queued, outcome: Outcome) -> bool:
        """True when the journal already has this press (a run killed between the save and
        the mark): its presser, its outcome, at or after the moment it was pressed."""
        since = item.created.astimezone(self.cfg.tz).replace(tzinfo=None, microsecond=0)
        word = outcome.word(self.cfg.words())
        return any(e.who == item.who and e.outcome == word and e.when is not None
                   and e.when.replace(tzinfo=None) >= since
                   for e in self.history.get(item.client_id, []))

    def _history(self, client_id: str) -> tuple[str, ...]:
        """The last journal lines of a client: the sheet's and this batch's."""
        mine = [e for e in self.journal if e.client_id == client_id]
        return tuple(journal.recent(self.history.get(client_id, []) + mine))

    def _what_changed(self, row: ClientRow, item: Queued) -> str:
        """Why a card's button no longer applies: another owner now, or another state."""
        w = self.cfg.words()
        is_head = item.chat_id in self.cfg.heads
        if row.owner and not is_head and norm(row.owner) != norm(item.who):
            return w("press.owner_changed", owner=row.owner)
        return w("press.client_changed")

    def _put(self, row: int, f: Field, value: CellValue) -> None:
        """One manager-owned cell to write (the column must exist in the sheet)."""
        col = self.table.layout.columns.get(f)
        if col is not None:
            self.cells[(row, col)] = value

    def changes(self, journal_tab: str, journal_exists: bool, purchases_tab: str,
                purchases_exist: bool) -> Changes:
        """The batch as one Changes: cells, journal lines, purchases, missing tabs."""

        lang = self.cfg.language
        out = Changes(cells={self.table.layout.tab: [CellWrite(r, c, v) for (r, c), v
                                                     in sorted(self.cells.items())]}
                      if self.cells else {})
        if self.journal:
            if not journal_exists:
                out.new_tabs[journal_tab] = journal.headers(lang)
            out.appends[journal_tab] = [e.cells() for e in self.journal]
        if self.paid:
            if not purchases_exist:
                out.new_tabs[purchases_tab] = purchase_headers(lang)
            out.appends[purchases_tab] = [p.cells() for p in self.paid]
        return out


def _with(row: ClientRow, updates: dict[Field, CellValue], cfg: Config) -> ClientRow:
    """The row as it reads after the updates (typed values, the status parsed)."""
    values: dict[str, Any] = {}
    for f, value in updates.items():
        if f is Field.status:
            values["status_text"] = str(value)
            values["status"] = status_lookup(cfg.table_settings()).get(norm(str(value)))
        else:
            values[f.value] = value if value is not None or f in (
                Field.last_contact, Field.next_contact, Field.last_purchase) else ""
    return replace(row, **values)


def is_busy(err: Exception) -> bool:
    """True for the errors after which stored presses wait for the next try."""
    return isinstance(err, SheetBusyError)
