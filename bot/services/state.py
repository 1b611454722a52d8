"""The bot's own durable memory (SQLite beside the config): which list parts went to whom today.

A part is stored before it is sent and marked after Telegram accepted it, so a restart sends
what is missing and nothing twice (except a part whose send was cut between Telegram's answer
and the mark — a window of milliseconds that no client of the Bot API can close).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

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
    PRIMARY KEY (day, chat_id, kind, part)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


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


class State:
    """A small SQLite store; every write is its own committed transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the event loop and its worker threads, never at once.
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                  check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

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
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def has(self, day: date, chat_id: int, kind: str) -> bool:
        """True when this day's list (or summary) for this chat is already stored."""
        row = self.db.execute("SELECT 1 FROM parts WHERE day=? AND chat_id=? AND kind=? LIMIT 1",
                              (day.isoformat(), chat_id, kind)).fetchone()
        return row is not None

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

    def parts(self, day: date, kind: str | None = None, status: str | None = None) -> list[Part]:
        """The day's stored parts, in chat and part order."""
        sql = "SELECT * FROM parts WHERE day=?"
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

    def mark_sent(self, p: Part, message_id: int, when: datetime) -> None:
        """Telegram accepted this part."""
        self.db.execute("UPDATE parts SET status='sent', message_id=?, sent_at=?, error=NULL "
                        "WHERE day=? AND chat_id=? AND kind=? AND part=?",
                        (message_id, when.isoformat(), p.day.isoformat(), p.chat_id, p.kind,
                         p.part))

    def mark_failed(self, day: date, chat_id: int, kind: str, error: str) -> None:
        """The chat cannot be reached (blocked the bot, never pressed /start): stop trying."""
        self.db.execute("UPDATE parts SET status='failed', error=? WHERE day=? AND chat_id=? "
                        "AND kind=? AND status='pending'", (error, day.isoformat(), chat_id, kind))

    def last_list_at(self, chat_id: int, before: date) -> datetime | None:
        """When this chat last got a list before the given day (for 'handed over since')."""
        row = self.db.execute(
            "SELECT MAX(sent_at) FROM parts WHERE chat_id=? AND kind='list' AND status='sent' "
            "AND day<?", (chat_id, before.isoformat())).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def get(self, key: str) -> str | None:
        """A small named value (e.g. the last sync time)."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

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
    """The state store with the deck's tables: dealt cards and the outcome outbox."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self.db.executescript(DECK_SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Add the columns a file made by an older version lacks (each one once)."""
        for table, columns in DECK_COLUMNS.items():
            have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
            for name, decl in columns.items():
                if name not in have:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def deal(self, chat_id: int, client_id: str, version: str, day: date,
             title: str = "") -> Card:
        """Record a card dealt to a chat (`title`: its first line, for the confirmation that
        replaces it) and return it with its short token."""
        cur = self.db.execute("INSERT INTO cards (chat_id, client_id, version, day, title) "
                              "VALUES (?, ?, ?, ?, ?)", (chat_id, client_id, version,
                                                         day.isoformat(), title))
        return Card(int(cur.lastrowid or 0), chat_id, client_id, version, day, None)

    def card(self, token: int) -> Card | None:
        """A dealt card by its token."""
        r = self.db.execute("SELECT token, chat_id, client_id, version, day, message_id "
                            "FROM cards WHERE token=?", (token,)).fetchone()
        return Card(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5]) if r else None

    def title(self, token: int) -> str:
        """The first line of a dealt card ('' for a card dealt before titles were kept)."""
        r = self.db.execute("SELECT title FROM cards WHERE token=?", (token,)).fetchone()
        return str(r[0]) if r else ""

    def reversion(self, token: int, version: str) -> None:
        """The row changed under a card that stays open (a note, an undo): its new version."""
        self.db.execute("UPDATE cards SET version=? WHERE token=?", (version, token))

    def shown(self, token: int, message_id: int) -> None:
        """The Telegram message that shows a card."""
        self.db.execute("UPDATE cards SET message_id=? WHERE token=?", (message_id, token))

    def enqueue(self, key: str, chat_id: int, who: str, card: Card, kind: str, *,
                reason: str = "", day: date | None = None, text: str = "",
                amount: float | None = None, now: datetime, target: int | None = None) -> bool:
        """Store a press durably; False when this very press was stored before."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO outbox (key, chat_id, who, client_id, version, kind, reason, "
            "day, text, amount, created, card, target) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, chat_id, who, card.client_id, card.version, kind, reason,
             day.isoformat() if day else None, text, amount, now.isoformat(), card.token,
             target))
        return cur.rowcount == 1

    def queued(self, status: str = "pending") -> list[Queued]:
        """Outcomes in the order they were pressed."""
        rows = self.db.execute(f"SELECT {_QUEUED} FROM outbox WHERE status=? ORDER BY id",
                               (status,)).fetchall()
        return [_queued(r) for r in rows]

    def item(self, item_id: int) -> Queued | None:
        """One stored press by its id."""
        r = self.db.execute(f"SELECT {_QUEUED} FROM outbox WHERE id=?", (item_id,)).fetchone()
        return _queued(r) if r else None

    def item_by_key(self, key: str) -> Queued | None:
        """One stored press by its key (what the handler that stored it knows)."""
        r = self.db.execute(f"SELECT {_QUEUED} FROM outbox WHERE key=?", (key,)).fetchone()
        return _queued(r) if r else None

    def later_outcome(self, item: Queued) -> bool:
        """True when the same client got another outcome after this one (not a note: a note
        leaves the card open, so the outcome before it stays the card's outcome)."""
        r = self.db.execute("SELECT 1 FROM outbox WHERE client_id=? AND id>? AND kind NOT IN "
                            "('undo', 'note') AND status NOT IN ('stale', 'cancelled', 'undone') "
                            "LIMIT 1",
                            (item.client_id, item.id)).fetchone()
        return r is not None

    def remember(self, item_id: int, before: str, after: str) -> None:
        """The cells an applied outcome changed: as they were and as it wrote them."""
        self.db.execute("UPDATE outbox SET before=?, after=? WHERE id=?",
                        (before, after, item_id))

    def cancel(self, item_id: int) -> bool:
        """Take back a press not yet written; False when it is no longer waiting."""
        cur = self.db.execute("UPDATE outbox SET status='cancelled' WHERE id=? AND "
                              "status='pending'", (item_id,))
        return cur.rowcount == 1

    def finish(self, item_id: int, status: str, result: str = "") -> None:
        """Mark an outcome applied (or stale, with what happened instead)."""
        self.db.execute("UPDATE outbox SET status=?, result=? WHERE id=?",
                        (status, result, item_id))

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
