"""The deck of cards: one client at a time, in the list's order; a press is stored first, then
written to the sheet (status, dates, reason, note, segment, owner, journal) in one batch."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot.core import journal
from bot.core.config import Config
from bot.core.outcomes import Kind, Outcome, cell_updates
from bot.core.plan import plan_sync
from bot.core.purchases import Purchase, PurchaseStats, find_purchase
from bot.core.purchases import headers as purchase_headers
from bot.services.appends import fit_appends
from bot.services.state import Deck, Queued
from bot.services.sync import read_purchases
from sheets.base import Backend, CellValue, CellWrite, Changes, Grid, Guard
from sheets.errors import SheetBusyError, SheetError, UserError
from sheets.fields import Field
from sheets.table import (
    ClientRow,
    ClientTable,
    TableSettings,
    find_layout,
    find_tab,
    parse_some,
    status_lookup,
)
from sheets.values import cell_text, norm, parse_date, parse_money, to_serial

UNDO = "undo"  # the outbox kind of an undo (its target: the outcome it takes back)
_DATES = (Field.last_contact, Field.next_contact, Field.last_purchase)

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
    next_contact: date | None = None  # the row's next contact after the outcome
    version: str = ""  # the row's version after the outcome (a card that stays open)
    before: str = ""  # JSON: the cells the outcome changed, as they were
    after: str = ""  # JSON: the same cells as written
    handed_from: str = ""  # the owner before the hand-over
    phone: str = ""
    segment: str = ""  # a hand-over's reason: the segment the client moved to
    message_id: int | None = None  # the card's message (it shows the outcome)
    title: str = ""  # the card's first line
    target: Queued | None = None  # an undo: the outcome it took back
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
    table, grid, known = _read_table(backend, cfg.table_settings(),
                                     {i.client_id.strip() for i in items})
    rows: dict[str, list[ClientRow]] = {}
    for r in table.rows:
        rows.setdefault(r.id.strip(), []).append(r)
    journal_tab = find_tab(backend, cfg.sheet.journal_tab)
    history: dict[str, list[journal.JournalLine]] = {}
    if journal_tab in backend.tabs():
        for entry in journal.read_lines(backend.read(journal_tab)):
            history.setdefault(entry.client_id, []).append(entry)
    batch = _Batch(table, cfg, today, now, history,
                   read_purchases(backend, cfg, known, until=today))
    batch.grid = grid
    purchases_tab = find_tab(backend, cfg.sheet.purchases_tab)
    batch.targets = {i.target: t for i in items if i.kind == UNDO and i.target is not None
                     and (t := deck.item(i.target)) is not None}
    if any(t.kind == Kind.paid and t.amount for t in batch.targets.values()) and (
            purchases_tab in backend.tabs()):
        batch.purchases_tab, batch.purchase_grid = purchases_tab, backend.read(purchases_tab)
    results = [batch.add(item, rows) for item in items]
    changes = batch.changes(journal_tab, journal_tab in backend.tabs(), purchases_tab,
                            purchases_tab in backend.tabs())
    if changes:
        # SheetBusyError: nothing is marked, the next try repeats it all
        backend.save(fit_appends(backend, cfg, changes))
    for a in results:
        _mark(deck, a)
    return [_described(deck, a) for a in results]


def _described(deck: Deck, a: Applied) -> Applied:
    """An outcome with its card's message and title (and an undo with its target), so the
    chat can show on the card what became of it."""
    card = deck.card(a.item.card) if a.item.card is not None else None
    target = deck.item(a.item.target) if a.item.target is not None else None
    return replace(a, message_id=card.message_id if card else None,
                   title=deck.title(card.token) if card else "", target=target)


def _mark(deck: Deck, a: Applied) -> None:
    """Record what became of a press: applied (with the cells it changed) or stale; an undo
    marks its outcome undone; a card that stays open learns its row's new version."""
    deck.finish(a.item.id, "applied" if a.done else "stale", a.why)
    if not a.done:
        return
    if a.after:
        deck.remember(a.item.id, a.before, a.after)
    if a.item.kind == UNDO and a.item.target is not None:
        deck.finish(a.item.target, "undone")
    if a.item.card is not None and a.version and a.item.kind in (UNDO, Kind.note):
        deck.reversion(a.item.card, a.version)


def _read_table(backend: Backend, settings: TableSettings, ids: set[str]
                ) -> tuple[ClientTable, Grid, set[str]]:
    """The clients tab: the rows of these IDs as typed rows (the others are not read), its
    cells as read (the values an undo restores) and the IDs of all its clients."""
    tab = find_tab(backend, settings.tab)
    if tab != settings.tab:
        settings = TableSettings(tab, settings.headers, settings.statuses)
    grid = backend.read(tab)
    layout = find_layout(grid, settings)
    rows, known = parse_some(grid, layout, settings, ids)
    return ClientTable(layout, rows, grid), grid, known


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
        self.grid: Grid = []  # the clients tab as read: the cells before this batch
        self.fields = {col: f for f, col in table.layout.columns.items()}
        self.moved: dict[tuple[str, str], str] = {}  # (client, version) -> after a note
        self.targets: dict[int, Queued] = {}  # the outcomes this batch's undos take back
        self.purchases_tab = ""
        self.purchase_grid: Grid = []
        self.cleared: list[CellWrite] = []  # purchase rows an undo blanks

    def add(self, item: Queued, rows: dict[str, list[ClientRow]]) -> Applied:
        """Apply one press to its row (found by ID now), or say why it no longer can be."""
        words = self.cfg.words()
        cid = item.client_id.strip()
        found = rows.get(cid, [])
        if len(found) != 1:
            return Applied(item, False, words("press.id_repeats" if found else "press.gone"))
        row = found[0]
        if item.kind == UNDO:
            return self._undo(item, row, rows)
        outcome = outcome_of(item)
        expected = self.moved.get((cid, item.version), item.version)
        now_is = version(row)
        if now_is != expected and version(replace(row, owner=item.who)) == expected:
            now_is = expected  # only the owner changed (the presser left, a head moved the
            # client): the client was the presser's when he pressed, so the press stands
        if now_is != expected and self._written_before(item, outcome):
            return Applied(item, True, "", "", row.company, self._history(item.client_id))
        if now_is != expected:
            return Applied(item, False, self._what_changed(row, item))
        updates = cell_updates(row, outcome, self.today, self.cfg, item.who)
        new_row = _with(row, updates, self.cfg)
        rows[cid] = [new_row]
        if outcome.kind is Kind.note:
            self.moved[(cid, item.version)] = version(new_row)
        writes: dict[int, CellValue] = {}
        for f, value in updates.items():
            col = self.table.layout.columns.get(f)
            if col is not None:
                writes[col] = value
        plan = plan_sync(ClientTable(self.table.layout, [new_row]), self.cfg, self.today,
                         self.now, purchases=self.purchases,
                         missed=self._missed(cid, outcome, new_row.next_contact))
        for w in plan.changes.cells.get(self.table.layout.tab, []):
            if w.row == row.row:
                writes[w.col] = w.value
        before, after = self._write(row.row, writes)
        self.journal.append(journal.JournalLine(
            self.now, item.who, item.client_id, row.company, outcome.word(words), outcome.reason,
            new_row.next_contact, outcome.text))
        self.journal += [h.journal_line(self.now, self.cfg.language) for h in plan.handovers]
        if outcome.kind is Kind.paid and outcome.amount is not None:
            self.paid.append(Purchase(item.client_id, self.today, outcome.amount, ""))
        hand = plan.handovers[0] if plan.handovers else None
        return Applied(item, True, "", hand.to_owner if hand else "", row.company,
                       self._history(item.client_id), new_row.next_contact, version(new_row),
                       before, after, handed_from=hand.from_owner if hand else "",
                       phone=row.phone, segment=hand.to_segment if hand else "")

    def _missed(self, cid: str, outcome: Outcome, next_contact: date | None
                ) -> dict[str, journal.Missed]:
        """Whether the client's last outcome, this one included, is a missed call."""
        if outcome.kind is Kind.no_answer:
            return {cid: journal.Missed(self.today, next_contact)}
        if outcome.kind is Kind.note:
            return journal.missed_calls(self.history.get(cid, []))
        return {}

    def _write(self, row: int, writes: dict[int, CellValue]) -> tuple[str, str]:
        """Put cells of one row into the batch; the cells as they were and as written, by
        field, as JSON (for an undo)."""
        before: dict[str, CellValue] = {}
        after: dict[str, CellValue] = {}
        for col, value in sorted(writes.items()):
            f = self.fields.get(col)
            if f is not None:
                before[f.value], after[f.value] = self._now_at(row, col), value
            self.cells[(row, col)] = value
        return dump_cells(before), dump_cells(after)

    def _now_at(self, row: int, col: int) -> CellValue:
        """A cell as it stands: written earlier in this batch, or as read."""
        if (row, col) in self.cells:
            return self.cells[(row, col)]
        cells = self.grid[row - 1] if 0 < row <= len(self.grid) else []
        return cells[col - 1] if 0 < col <= len(cells) else None

    def _undo(self, item: Queued, row: ClientRow, rows: dict[str, list[ClientRow]]) -> Applied:
        """Put back the cells an outcome changed, when the row still holds what it wrote."""
        words = self.cfg.words()
        target = self.targets.get(item.target or 0)
        if target is None or not target.after:
            return Applied(item, False, words("press.client_changed"))
        cols = self.table.layout.columns
        after = load_cells(target.after)
        if any(not same_cell(self._now_at(row.row, cols[Field(name)]), value)
               for name, value in after.items() if Field(name) in cols):
            return Applied(item, False, words("press.undo_changed"))
        restore = {Field(name): value for name, value in load_cells(target.before).items()}
        self._write(row.row, {cols[f]: v for f, v in restore.items() if f in cols})
        new_row = _with(row, restore, self.cfg)
        rows[item.client_id.strip()] = [new_row]
        self.journal.append(journal.JournalLine(
            self.now, item.who, item.client_id, row.company, words("tab.journal.undo"),
            outcome_of(target).word(words), new_row.next_contact, target.reason or target.text))
        if target.kind == Kind.paid and target.amount is not None:
            self._unpay(target)
        return Applied(item, True, "", "", row.company, self._history(item.client_id),
                       new_row.next_contact, version(new_row))

    def _unpay(self, target: Queued) -> None:
        """Blank the purchase row an undone payment appended (the journal keeps the trace)."""
        found = find_purchase(self.purchase_grid, target.client_id, target.created.date(),
                              target.amount or 0.0)
        if found is not None:
            row, cols = found
            self.cleared += [CellWrite(row, c, None) for c in cols]

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

    def changes(self, journal_tab: str, journal_exists: bool, purchases_tab: str,
                purchases_exist: bool) -> Changes:
        """The batch as one Changes: cells, journal lines, purchases, missing tabs."""

        lang = self.cfg.language
        out = Changes(cells={self.table.layout.tab: [CellWrite(r, c, v) for (r, c), v
                                                     in sorted(self.cells.items())]}
                      if self.cells else {})
        if self.cells:  # the rows must still hold the IDs read: checked around the write
            col = self.table.layout.columns[Field.id]
            read = {r: self.grid[r - 1] if r <= len(self.grid) else [] for r, _ in self.cells}
            out.guards[self.table.layout.tab] = Guard(col, {
                r: cell_text(cells[col - 1] if col <= len(cells) else None)
                for r, cells in read.items()})
        if self.cleared:
            out.cells[self.purchases_tab] = self.cleared
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
            values["status_text"] = cell_text(value)
            values["status"] = status_lookup(cfg.table_settings()).get(norm(cell_text(value)))
        elif f in _DATES:
            values[f.value] = _as_date(value)
        elif f is Field.value:
            values[f.value] = _as_money(value)
        elif f is Field.id:
            continue
        else:
            values[f.value] = cell_text(value)
    return replace(row, **values)


def _as_date(value: CellValue) -> date | None:
    """A date cell as the table reads it; None when empty or unreadable."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def _as_money(value: CellValue) -> float | None:
    """A sum cell as the table reads it; None when empty or unreadable."""
    try:
        return parse_money(value)
    except ValueError:
        return None


def dump_cells(cells: dict[str, CellValue]) -> str:
    """Cell values by field as JSON, dates kept as dates ('' for none).

    >>> load_cells(dump_cells({"next_contact": date(2026, 11, 24), "note": None}))
    {'next_contact': datetime.date(2026, 11, 24), 'note': None}
    """
    if not cells:
        return ""
    return json.dumps({k: _encoded(v) for k, v in cells.items()}, ensure_ascii=False)


def _encoded(value: CellValue) -> object:
    """One cell value as JSON can hold it."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return float(value)  # Decimal


def load_cells(text: str) -> dict[str, CellValue]:
    """Cell values by field from dump_cells' JSON."""
    out: dict[str, CellValue] = {}
    for k, v in (json.loads(text) if text else {}).items():
        if isinstance(v, dict) and "datetime" in v:
            out[k] = datetime.fromisoformat(v["datetime"])
        elif isinstance(v, dict):
            out[k] = date.fromisoformat(v["date"])
        else:
            out[k] = v
    return out


def same_cell(a: CellValue, b: CellValue) -> bool:
    """True when two cell values show the same: a date and its serial number, 5 and 5.0, a
    midnight date-time and its date, an empty string and no value.

    >>> same_cell(datetime(2026, 11, 23), date(2026, 11, 23)), same_cell(46349, date(2026, 11, 23))
    (True, True)
    >>> same_cell("", None), same_cell("Клиент", "Отказ")
    (True, False)
    """
    a, b = _plain(a), _plain(b)
    for x, y in ((a, b), (b, a)):
        if isinstance(x, date) and isinstance(y, (int, float)) and not isinstance(y, bool):
            return to_serial(x) == y
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return cell_text(a) == cell_text(b)


def _plain(value: CellValue) -> CellValue:
    """A midnight date-time as its date; other values as they are."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def is_busy(err: Exception) -> bool:
    """True for the errors after which stored presses wait for the next try."""
    return isinstance(err, SheetBusyError)
