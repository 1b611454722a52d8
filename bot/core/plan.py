"""The sync plan: typed rows -> per-row decisions and the changed cells (segment, owner, next
action, IDs); pure, no I/O."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from bot.core import journal, texts
from bot.core.config import Config
from bot.core.owners import OwnerPicker
from bot.core.purchases import PurchaseStats
from bot.core.rules import Due, RuleSettings, Why, due_of, role_of, segment_of
from bot.core.segments import Role, Segment
from sheets.base import CellWrite, Changes, Guard
from sheets.fields import Field
from sheets.table import ClientRow, ClientTable


@dataclass
class RowPlan:
    """What the sync decided for one row."""

    row: ClientRow
    client_id: str
    segment: Segment | None  # None: undecidable, the previous segment is kept
    owner: str
    due: Due | None
    next_action: str
    problems: list[str] = field(default_factory=list)
    purchases: PurchaseStats | None = None  # his history from the purchases tab, if any
    repeated: bool = False  # his ID is on another row too: never dealt, nothing written by ID


@dataclass
class SyncPlan:
    """The whole sync as data: per-row decisions and the one batch of changes to save."""

    table: ClientTable
    rows: list[RowPlan]
    changes: Changes
    handovers: list[journal.Handover]
    today: date

    @property
    def flagged(self) -> list[RowPlan]:
        """Rows with a problem a person must fix."""
        return [p for p in self.rows if p.problems]

    def unknown_owners(self, cfg: Config) -> list[RowPlan]:
        """Rows whose «Ответственный» holds a name that is no configured manager (a typo, a
        nickname, someone who left); the sync gives those it can to a manager of the role."""
        picker = OwnerPicker(cfg.managers)
        return [p for p in self.rows if p.row.owner and picker.find(p.row.owner) is None]

    def segment_counts(self) -> Counter[Segment]:
        """Clients per segment (undecidable rows counted under their previous segment)."""
        return Counter(p.segment for p in self.rows if p.segment is not None)


@dataclass
class _Run:
    """What every row's decision needs: the config, today, its derived settings, the picker."""

    cfg: Config
    today: date
    settings: RuleSettings
    picker: OwnerPicker
    status_words: list[str]
    roles: dict[Segment, Role | None]
    purchases: Mapping[str, PurchaseStats]
    missed: Mapping[str, journal.Missed]
    actions: dict[Due, str] = field(default_factory=dict)  # next-action texts: they repeat


def plan_sync(table: ClientTable, cfg: Config, today: date, now: datetime | None = None,
              journal_exists: bool = True, journal_tab: str | None = None,
              purchases: Mapping[str, PurchaseStats] | None = None,
              missed: Mapping[str, journal.Missed] | None = None) -> SyncPlan:
    """Decide segment, owner, next action, missing IDs and purchase dates for every row; no I/O.

    `purchases`: per-client stats from the purchases tab, keyed by the client's own ID;
    `missed`: clients whose last outcome in the journal is a missed call (journal.missed_calls).
    """
    with no_gc():
        return _plan(table, cfg, today, now, journal_exists,
                     journal_tab or cfg.sheet.journal_tab, purchases or {}, missed or {})


def _plan(table: ClientTable, cfg: Config, today: date, now: datetime | None,
          journal_exists: bool, journal_tab: str,
          purchases: Mapping[str, PurchaseStats],
          missed: Mapping[str, journal.Missed]) -> SyncPlan:
    """plan_sync's body."""
    settings = cfg.rule_settings()
    run = _Run(cfg, today, settings, OwnerPicker(cfg.managers), cfg.status_words(),
               {s: role_of(s, settings) for s in Segment}, purchases, missed)
    ids = _assign_ids(table.rows)
    dup = _duplicates(table.rows)
    plans, handovers = [], []
    for row in table.rows:
        plan, handover = _plan_row(row, ids[row.row], dup.get(row.row), run)
        plans.append(plan)
        if handover:
            handovers.append(handover)
    changes = _changes(table, plans, cfg)
    if handovers:
        when = now or datetime.combine(today, datetime.min.time())
        tab = journal_tab
        if not journal_exists:
            changes.new_tabs[tab] = journal.headers(cfg.language)
        changes.appends[tab] = [h.journal_line(when, cfg.language).cells() for h in handovers]
    return SyncPlan(table, plans, changes, handovers, today)


def _plan_row(row: ClientRow, client_id: str, dup_rows: list[int] | None,
              run: _Run) -> tuple[RowPlan, journal.Handover | None]:
    """The decision for one row, and its hand-over if its role changed."""
    lang = run.cfg.language
    problems = [texts.problem_text(p, lang, run.status_words) for p in row.problems]
    if dup_rows:
        problems.append(texts.duplicate_id_text(row.id, dup_rows, lang))
    # only a client's own, unique ID links him to his purchases (never a newly assigned one)
    stats = run.purchases.get(row.id) if row.id and not dup_rows else None
    moved = _moved_purchase(row, stats)
    seen = replace(row, last_purchase=moved) if moved else row
    segment = segment_of(seen, run.today, run.settings)
    owner, due, handover = row.owner, None, None
    action = ""
    if segment is not None:
        due = _honest(due_of(seen, segment, run.today, run.settings, stats), row, run)
        owner, handover = _owner(row, client_id, segment, run)
        action = run.actions.get(due) or run.actions.setdefault(due, texts.next_action(due, lang))
    if problems:
        action = "; ".join(problems + ([action] if action else []))
    return (RowPlan(row, client_id, segment, owner, due, action, problems, stats,
                    bool(dup_rows)), handover)


def _honest(due: Due, row: ClientRow, run: _Run) -> Due:
    """A next contact set by a missed call is no promise: "не дозвонились 23.11, пробуем снова
    24.11", not "обещали перезвонить" (whatever the status says)."""
    miss = run.missed.get(row.id.strip()) if row.id else None
    if miss is None or due.why is not Why.promised or due.on != miss.next_date:
        return due
    return due._replace(why=Why.no_answer, since=miss.day)


def _moved_purchase(row: ClientRow, stats: PurchaseStats | None) -> date | None:
    """The purchases tab's last date when it is later than the row's (only forward, and never
    over a cell the bot cannot read); None when the row's date stands."""
    if stats is None or row.bad(Field.last_purchase):
        return None
    if row.last_purchase is None or stats.last > row.last_purchase:
        return stats.last
    return None


def _owner(row: ClientRow, client_id: str, segment: Segment,
           run: _Run) -> tuple[str, journal.Handover | None]:
    """Keep a typed owner whose role serves the segment; else pick one of the right role."""
    cfg = run.cfg
    role = run.roles[segment]
    if role is None:
        return row.owner, None
    current = run.picker.find(row.owner)
    if current is not None and current.role is role:
        return row.owner, None
    chosen = run.picker.pick(client_id or row.company or str(row.row), role)
    if chosen is None:
        return row.owner, None
    if current is None and not row.owner.strip():
        return chosen.name, None
    previous = cfg.segment_of_label(row.segment)
    handover = journal.Handover(  # a name that is no manager's is replaced in the open, too
        row=row.row, client_id=client_id, company=row.company,
        from_owner=current.name if current else row.owner.strip(),
        to_owner=chosen.name, from_segment=cfg.label(previous) if previous else row.segment,
        to_segment=cfg.label(segment), next_contact=row.next_contact,
    )
    return chosen.name, handover


def new_ids(taken: Collection[str]) -> Iterator[str]:
    """New client IDs, the one rule for the sync and /new: numbers above the highest numeric ID
    taken (IDs of 16 digits or more are not counted), never one already taken.

    >>> ids = new_ids({"7", "K-12", "0012", "x"})
    >>> next(ids), next(ids)
    ('13', '14')
    """
    top = max((int(i) for i in taken if i.isdecimal() and len(i) < 16), default=0)
    while True:
        top += 1
        if str(top) not in taken:
            yield str(top)


def _assign_ids(rows: list[ClientRow]) -> dict[int, str]:
    """Every row's ID: its own, or the next new one."""
    fresh = new_ids({r.id for r in rows if r.id})
    return {r.row: r.id or next(fresh) for r in rows}


def _duplicates(rows: list[ClientRow]) -> dict[int, list[int]]:
    """Rows whose hand-typed ID another row also has -> all rows sharing it."""
    by_id: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.id:
            by_id[r.id.strip().casefold()].append(r.row)
    return {n: same for same in by_id.values() if len(same) > 1 for n in same}


def _changes(table: ClientTable, plans: list[RowPlan], cfg: Config) -> Changes:
    """Only the cells whose value changes, plus header cells of columns the sheet lacks."""
    layout = table.layout
    cols = layout.columns
    writes: list[CellWrite] = [
        CellWrite(layout.header_row, cols[f], layout.headers[f]) for f in layout.added
    ]
    labels = {s: cfg.label(s) for s in Segment}
    c_owner, c_action = cols[Field.owner], cols[Field.next_action]
    c_segment, c_id = cols[Field.segment], cols[Field.id]
    c_last = cols.get(Field.last_purchase)  # a sheet without the column gets no dates
    add = writes.append
    by_row = {p.row.row: p.row for p in plans}
    for p in plans:
        row = p.row
        if p.purchases is not None and c_last is not None:
            moved = _moved_purchase(row, p.purchases)
            if moved is not None:
                add(CellWrite(row.row, c_last, moved))
        if p.owner != row.owner:
            add(CellWrite(row.row, c_owner, p.owner))
        if p.next_action != row.next_action:
            add(CellWrite(row.row, c_action, p.next_action))
        if p.segment is not None and labels[p.segment] != row.segment:
            add(CellWrite(row.row, c_segment, labels[p.segment]))
        if not row.id:
            cid = p.client_id
            add(CellWrite(row.row, c_id, int(cid) if cid.isdigit() else cid))
    ids = {w.row: row.id for w in writes for row in [by_row.get(w.row)] if row is not None}
    return Changes(cells={layout.tab: writes} if writes else {},
                   guards={layout.tab: Guard(c_id, ids)} if ids else {})


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic objects (3x faster)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
