"""The bot's own durable memory (SQLite beside the config): which list parts went to whom today.

A part is stored before it is sent, claimed by one sender before it goes (so two processes
sending the same morning never both send it) and marked after Telegram accepted it, so a restart
sends what is missing and nothing twice (except a part whose send was cut between Telegram's
answer and the mark — a window of milliseconds that no client of the Bot API can close).

The file's troubles are said in words: a lock held by another program is waited for a few
seconds, then `StateBusyError` (nothing is lost: the caller tries again); a file that is not a
database or is damaged, `StateFileError` ("state.corrupt"); one that cannot be opened at all,
`StateFileError` ("state.cannot_open"). A missing file (and its folder) is simply made anew.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sheets.errors import SheetBusyError, UserError

log = logging.getLogger(__name__)
BUSY_WAIT = 3.0  # seconds a locked file is waited for before the operation is given back
LEASE = 120.0  # seconds a claim on parts lasts unless its sender renews it
BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
OPEN_CODES = frozenset({3, 8, 10, 12, 13, 14, 23})  # PERM, READONLY, IOERR, NOTFOUND, FULL,
# CANTOPEN, AUTH

SCHEMA = """
CREATE TABLE IF NOT EXISTS parts (
    day TEXT NOT NULL,
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL,           -- 'list' or 'summary'
    part INTEGER NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | sent | failed
    message_id INTEGER,
    error TEXT,
    sent_at TEXT,
    claim TEXT,                   -- who is sending it: host/pid/token (NULL: nobody)
    lease REAL,                   -- until when (epoch seconds) the claim holds
    PRIMARY KEY (day, chat_id, kind, part)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
ADDED_COLUMNS = {"claim": "TEXT", "lease": "REAL"}  # for state files made before claims
PART_COLUMNS = "day, chat_id, kind, part, text, status, message_id, error"


class StateBusyError(SheetBusyError):
    """The state file is locked by another program longer than we wait; nothing is lost."""


class StateFileError(UserError):
    """The state file is damaged (state.corrupt) or cannot be opened (state.cannot_open)."""


STATE_ERRORS = (StateBusyError, StateFileError)


def state_error(path: Path, err: sqlite3.Error | OSError) -> UserError | None:
    """The words for a library error on the state file; None for a bug of ours."""
    if isinstance(err, OSError):
        return StateFileError("state.cannot_open", path=str(path), why=err.strerror or str(err))
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in BUSY_CODES:
        return StateBusyError("state.busy", path=str(path))
    if code in CORRUPT_CODES:
        return StateFileError("state.corrupt", path=str(path))
    if code in OPEN_CODES:
        return StateFileError("state.cannot_open", path=str(path), why=str(err))
    return None


S = TypeVar("S", bound="State")
P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Turn the state file's locks and damage met inside a method into our errors in words."""
    @functools.wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as err:
            said = state_error(self.path, err)
            if said is None:
                raise
            raise said from err
    return run


@dataclass(frozen=True)
class Part:
    """One message of a day's list or summary, as stored."""

    day: date
    chat_id: int
    kind: str
    part: int
    text: str
    status: str
    message_id: int | None
    error: str | None

    @property
    def key(self) -> tuple[date, int, str, int]:
        """What names the part in the store."""
        return self.day, self.chat_id, self.kind, self.part


def claimant() -> str:
    """A new sender's name for claims: this host, this process, a random token."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


def holds(claim: str | None, lease: float | None, now: datetime) -> bool:
    """True while a claim stands: its lease runs and its process lives (checked on this host;
    elsewhere only the lease tells)."""
    if not claim or lease is None or lease <= now.timestamp():
        return False
    host, pid, _ = (claim.rsplit("/", 2) + ["", ""])[:3]
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


class State:
    """A small SQLite store; every write is its own committed transaction."""

    def __init__(self, path: str | Path, wait: float = BUSY_WAIT) -> None:
        self.path = Path(path)
        self.wait = wait
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One connection shared by the event loop and its worker threads, never at once.
            self.db = sqlite3.connect(self.path, timeout=wait, isolation_level=None,
                                      check_same_thread=False)
        except (sqlite3.Error, OSError) as err:
            raise (state_error(self.path, err) or err) from err
        try:
            self._open()
        except BaseException:
            self.db.close()
            raise

    @guarded
    def _open(self) -> None:
        """Set the journal up, make the tables, add the columns older files lack."""
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        self._add_columns({"parts": ADDED_COLUMNS})

    def _add_columns(self, tables: dict[str, dict[str, str]]) -> None:
        """Add the columns a file made by an older version lacks (each one once)."""
        for table, columns in tables.items():
            have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
            for name, decl in columns.items():
                if name not in have:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, so two processes never prepare the same list twice."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def _quick(self) -> Iterator[None]:
        """Wait for a lock only a moment inside (for a try that may as well come again)."""
        self.db.execute("PRAGMA busy_timeout=50")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(self.wait * 1000)}")

    @guarded
    def has(self, day: date, chat_id: int, kind: str) -> bool:
        """True when this day's list (or summary) for this chat is already stored."""
        row = self.db.execute("SELECT 1 FROM parts WHERE day=? AND chat_id=? AND kind=? LIMIT 1",
                              (day.isoformat(), chat_id, kind)).fetchone()
        return row is not None

    @guarded
    def store(self, day: date, chat_id: int, kind: str, texts: list[str]) -> bool:
        """Store the parts to send unless this chat already has them today; True if stored."""
        with self._tx() as db:
            exists = db.execute("SELECT 1 FROM parts WHERE day=? AND chat_id=? AND kind=?",
                                (day.isoformat(), chat_id, kind)).fetchone()
            if exists:
                return False
            db.executemany(
                "INSERT INTO parts (day, chat_id, kind, part, text) VALUES (?, ?, ?, ?, ?)",
                [(day.isoformat(), chat_id, kind, i, t) for i, t in enumerate(texts, 1)])
        return True

    @guarded
    def parts(self, day: date, kind: str | None = None, status: str | None = None) -> list[Part]:
        """The day's stored parts, in chat and part order."""
        sql = f"SELECT {PART_COLUMNS} FROM parts WHERE day=?"
        args: list[object] = [day.isoformat()]
        if kind:
            sql += " AND kind=?"
            args.append(kind)
        if status:
            sql += " AND status=?"
            args.append(status)
        rows = self.db.execute(sql + " ORDER BY chat_id, kind, part", args).fetchall()
        return [Part(date.fromisoformat(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7])
                for r in rows]

    @guarded
    def claim(self, parts: list[Part], owner: str, now: datetime,
              lease: float = LEASE) -> tuple[list[Part], list[Part]]:
        """Claim the pending parts for `owner`, a chat's all together (they go in order): the
        parts now ours, and those another live sender holds or has sent meanwhile. A claim
        whose lease ran out or whose process died is taken over."""
        chats: dict[tuple[date, int, str], list[Part]] = {}
        for p in parts:
            chats.setdefault((p.day, p.chat_id, p.kind), []).append(p)
        mine: list[Part] = []
        theirs: list[Part] = []
        with self._tx() as db:
            for (day, chat_id, kind), ps in chats.items():
                where = (day.isoformat(), chat_id, kind)
                rows = db.execute("SELECT part, claim, lease FROM parts WHERE day=? AND "
                                  "chat_id=? AND kind=? AND status='pending'", where).fetchall()
                pending = {r[0] for r in rows}
                if any(r[1] != owner and holds(r[1], r[2], now) for r in rows):
                    theirs.extend(ps)
                    continue
                db.execute("UPDATE parts SET claim=?, lease=? WHERE day=? AND chat_id=? AND "
                           "kind=? AND status='pending'", (owner, now.timestamp() + lease, *where))
                mine.extend(p for p in ps if p.part in pending)
                theirs.extend(p for p in ps if p.part not in pending)
        return mine, theirs

    @guarded
    def renew(self, p: Part, owner: str, now: datetime, lease: float = LEASE) -> bool:
        """Extend `owner`'s claim on a chat's parts; False when this part is no longer his to
        send (taken over after his lease ran out, or sent)."""
        with self._tx() as db:
            db.execute("UPDATE parts SET lease=? WHERE day=? AND chat_id=? AND kind=? AND "
                       "status='pending' AND claim=?",
                       (now.timestamp() + lease, p.day.isoformat(), p.chat_id, p.kind, owner))
            row = db.execute("SELECT 1 FROM parts WHERE day=? AND chat_id=? AND kind=? AND "
                             "part=? AND status='pending' AND claim=?",
                             (p.day.isoformat(), p.chat_id, p.kind, p.part, owner)).fetchone()
        return row is not None

    @guarded
    def release(self, owner: str) -> None:
        """Give up what `owner` still holds (a postponed chat, a stopped run)."""
        self.db.execute("UPDATE parts SET claim=NULL, lease=NULL WHERE claim=?", (owner,))

    @guarded
    def mark_sent(self, p: Part, message_id: int, when: datetime) -> None:
        """Telegram accepted this part: sent, and no longer claimed."""
        self.db.execute("UPDATE parts SET status='sent', message_id=?, sent_at=?, error=NULL, "
                        "claim=NULL, lease=NULL WHERE day=? AND chat_id=? AND kind=? AND part=?",
                        (message_id, when.isoformat(), p.day.isoformat(), p.chat_id, p.kind,
                         p.part))

    @guarded
    def mark_failed(self, day: date, chat_id: int, kind: str, error: str) -> None:
        """The chat cannot be reached (blocked the bot, never pressed /start): stop trying."""
        self.db.execute("UPDATE parts SET status='failed', error=?, claim=NULL, lease=NULL "
                        "WHERE day=? AND chat_id=? AND kind=? AND status='pending'",
                        (error, day.isoformat(), chat_id, kind))

    @guarded
    def last_list_at(self, chat_id: int, before: date) -> datetime | None:
        """When this chat last got a list before the given day (for 'handed over since')."""
        row = self.db.execute(
            "SELECT MAX(sent_at) FROM parts WHERE chat_id=? AND kind='list' AND status='sent' "
            "AND day<?", (chat_id, before.isoformat())).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    @guarded
    def get(self, key: str) -> str | None:
        """A small named value (e.g. the last sync time)."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    @guarded
    def put(self, key: str, value: str) -> None:
        """Set a small named value."""
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                        "SET value=excluded.value", (key, value))


DECK_SCHEMA = """
CREATE TABLE IF NOT EXISTS cards (
    token INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    version TEXT NOT NULL,
    day TEXT NOT NULL,
    message_id INTEGER
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,          -- one press, however often Telegram delivers it
    chat_id INTEGER NOT NULL,
    who TEXT NOT NULL,
    client_id TEXT NOT NULL,
    version TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    day TEXT,
    text TEXT NOT NULL DEFAULT '',
    amount REAL,
    created TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | applied | stale
    result TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,          -- the press that asked for it (one reminder a press)
    chat_id INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    at TEXT NOT NULL,                  -- when, ISO with its zone
    due REAL NOT NULL,                 -- the same moment in epoch seconds
    title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | sent | dropped
    message_id INTEGER,
    sent_at TEXT
);
"""


@dataclass(frozen=True)
class Card:
    """A card dealt to a chat: which client, as he stood then (version)."""

    token: int
    chat_id: int
    client_id: str
    version: str
    day: date
    message_id: int | None


@dataclass(frozen=True)
class Queued:
    """An outcome a manager pressed, stored before it is written to the sheet."""

    id: int
    key: str
    chat_id: int
    who: str
    client_id: str
    version: str
    kind: str
    reason: str
    day: date | None
    text: str
    amount: float | None
    created: datetime
    status: str
    result: str
    card: int | None = None  # the token of the card pressed (its message shows the outcome)
    target: int | None = None  # an undo: the outbox id of the outcome it takes back
    before: str = ""  # JSON: the cells the outcome changed, as they were (for an undo)
    after: str = ""  # JSON: the same cells as the outcome wrote them


# Columns added after the first release: ALTER TABLE on an older file, nothing on a new one.
DECK_COLUMNS = {
    "cards": {"title": "TEXT NOT NULL DEFAULT ''"},
    "outbox": {"card": "INTEGER", "target": "INTEGER", "before": "TEXT NOT NULL DEFAULT ''",
               "after": "TEXT NOT NULL DEFAULT ''"},
}
_QUEUED = ("id, key, chat_id, who, client_id, version, kind, reason, day, text, amount, created, "
           "status, result, card, target, before, after")


class Deck(State):
    """The state store with the deck's tables: dealt cards and the outcome outbox. A press that
    comes while another program holds the file is kept in memory (`held`) and stored by the
    next write or look at the outbox."""

    def __init__(self, path: str | Path, wait: float = BUSY_WAIT) -> None:
        super().__init__(path, wait)
        self.held: dict[str, tuple[object, ...]] = {}  # press key -> its outbox row, in order
        try:
            self._tables()
        except BaseException:
            self.db.close()
            raise

    @guarded
    def _tables(self) -> None:
        """Make the deck's tables."""
        self.db.executescript(DECK_SCHEMA)
        self._add_columns(DECK_COLUMNS)

    def close(self) -> None:
        """Store the presses kept in memory (if the file lets us now), then close."""
        try:
            self.store_held()
        except StateBusyError:
            log.error("state file busy at exit: %d presses not stored", len(self.held))
        finally:
            super().close()

    @guarded
    def deal(self, chat_id: int, client_id: str, version: str, day: date,
             title: str = "") -> Card:
        """Record a card dealt to a chat (`title`: its first line, for the confirmation that
        replaces it) and return it with its short token."""
        cur = self.db.execute("INSERT INTO cards (chat_id, client_id, version, day, title) "
                              "VALUES (?, ?, ?, ?, ?)", (chat_id, client_id, version,
                                                         day.isoformat(), title))
        return Card(int(cur.lastrowid or 0), chat_id, client_id, version, day, None)

    @guarded
    def card(self, token: int) -> Card | None:
        """A dealt card by its token."""
        r = self.db.execute("SELECT token, chat_id, client_id, version, day, message_id "
                            "FROM cards WHERE token=?", (token,)).fetchone()
        return Card(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5]) if r else None

    @guarded
    def title(self, token: int) -> str:
        """The first line of a dealt card ('' for a card dealt before titles were kept)."""
        r = self.db.execute("SELECT title FROM cards WHERE token=?", (token,)).fetchone()
        return str(r[0]) if r else ""

    @guarded
    def reversion(self, token: int, version: str) -> None:
        """The row changed under a card that stays open (a note, an undo): its new version."""
        self.db.execute("UPDATE cards SET version=? WHERE token=?", (version, token))

    @guarded
    def shown(self, token: int, message_id: int) -> None:
        """The Telegram message that shows a card."""
        self.db.execute("UPDATE cards SET message_id=? WHERE token=?", (message_id, token))

    def enqueue(self, key: str, chat_id: int, who: str, card: Card, kind: str, *,
                reason: str = "", day: date | None = None, text: str = "",
                amount: float | None = None, now: datetime, target: int | None = None) -> bool:
        """Store a press durably; False when this very press was stored (or held) before.
        A file locked past the wait raises StateBusyError with the press kept in `held`."""
        if key in self.held:
            return False
        self.held[key] = (key, chat_id, who, card.client_id, card.version, kind, reason,
                          day.isoformat() if day else None, text, amount, now.isoformat(),
                          card.token, target)
        return self.store_held()[key]

    @guarded
    def store_held(self) -> dict[str, bool]:
        """Store the presses kept in memory, in order, in one transaction; which were new."""
        if not self.held:
            return {}
        with self._tx() as db:
            fresh = {key: db.execute(
                "INSERT OR IGNORE INTO outbox (key, chat_id, who, client_id, version, kind, "
                "reason, day, text, amount, created, card, target) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row).rowcount == 1 for key, row in self.held.items()}
        self.held.clear()
        return fresh

    def queued(self, status: str = "pending") -> list[Queued]:
        """Outcomes in the order they were pressed (presses held in memory are stored first,
        when the file lets us at once)."""
        if self.held and status == "pending":
            try:
                with self._quick():
                    self.store_held()
            except StateBusyError:
                log.warning("state file busy: %d presses wait in memory", len(self.held))
        return self._queued(status)

    @guarded
    def _queued(self, status: str) -> list[Queued]:
        """The stored outcomes with this status, in order."""
        rows = self.db.execute(f"SELECT {_QUEUED} FROM outbox WHERE status=? ORDER BY id",
                               (status,)).fetchall()
        return [_queued(r) for r in rows]

    @guarded
    def item(self, item_id: int) -> Queued | None:
        """One stored press by its id."""
        r = self.db.execute(f"SELECT {_QUEUED} FROM outbox WHERE id=?", (item_id,)).fetchone()
        return _queued(r) if r else None

    @guarded
    def item_by_key(self, key: str) -> Queued | None:
        """One stored press by its key (what the handler that stored it knows)."""
        r = self.db.execute(f"SELECT {_QUEUED} FROM outbox WHERE key=?", (key,)).fetchone()
        return _queued(r) if r else None

    @guarded
    def later_outcome(self, item: Queued) -> bool:
        """True when the same client got another outcome after this one (not a note: a note
        leaves the card open, so the outcome before it stays the card's outcome)."""
        r = self.db.execute("SELECT 1 FROM outbox WHERE client_id=? AND id>? AND kind NOT IN "
                            "('undo', 'note') AND status NOT IN ('stale', 'cancelled', 'undone') "
                            "LIMIT 1",
                            (item.client_id, item.id)).fetchone()
        return r is not None

    @guarded
    def remember(self, item_id: int, before: str, after: str) -> None:
        """The cells an applied outcome changed: as they were and as it wrote them."""
        self.db.execute("UPDATE outbox SET before=?, after=? WHERE id=?",
                        (before, after, item_id))

    @guarded
    def cancel(self, item_id: int) -> bool:
        """Take back a press not yet written; False when it is no longer waiting."""
        cur = self.db.execute("UPDATE outbox SET status='cancelled' WHERE id=? AND "
                              "status='pending'", (item_id,))
        return cur.rowcount == 1

    @guarded
    def finish(self, item_id: int, status: str, result: str = "") -> None:
        """Mark an outcome applied (or stale, with what happened instead)."""
        self.db.execute("UPDATE outbox SET status=?, result=? WHERE id=?",
                        (status, result, item_id))

    @guarded
    def worked(self, chat_id: int, day: date) -> set[str]:
        """Client ids this chat recorded an outcome for on a day (not stale, taken back or
        undone ones, and not a note: the card stays open)."""
        rows = self.db.execute("SELECT client_id FROM outbox WHERE chat_id=? AND status NOT IN "
                               "('stale', 'cancelled', 'undone') AND kind NOT IN ('undo', 'note') "
                               "AND substr(created, 1, 10)=?", (chat_id, day.isoformat()))
        return {r[0] for r in rows}


def _queued(r: tuple) -> Queued:
    """A stored press from its row (columns in _QUEUED's order)."""
    return Queued(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                  date.fromisoformat(r[8]) if r[8] else None, r[9], r[10],
                  datetime.fromisoformat(r[11]), r[12], r[13], r[14], r[15], r[16], r[17])
