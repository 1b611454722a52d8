"""Telegram updates kept in a file beside the state file before Telegram is told they
arrived: each polled batch is committed, then the next offset confirms it; an update is marked
done only after its handler finished, so a SIGKILL at any moment loses none (a replay is
harmless: presses are keyed, see `Deck.enqueue`)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

INBOX_SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    update_id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,                   -- the update's JSON as Telegram sent it
    status TEXT NOT NULL DEFAULT 'new',   -- new | done | failed
    tries INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
OFFSET = "telegram_offset"  # the meta key of the next getUpdates offset
KEEP_DONE = 5000  # done updates kept for a look back; older ones are deleted
MAX_TRIES = 3  # an update whose handling was cut this often (a crash each time) is given up


def inbox_file(state: str | Path) -> Path:
    """The inbox's own file beside the state file ("state.sqlite3" -> "state.inbox.sqlite3"):
    a program holding the state file never stops the bot taking updates in.

    >>> inbox_file("/srv/bot/state.sqlite3").name
    'state.inbox.sqlite3'
    """
    path = Path(state)
    return path.with_name(f"{path.stem}.inbox{path.suffix or '.sqlite3'}")


class Inbox:
    """The inbox table in its own file beside the state file (used from the event loop)."""

    def __init__(self, state: str | Path) -> None:
        self.path = inbox_file(state)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(INBOX_SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def offset(self) -> int | None:
        """The offset the next getUpdates asks for (None before the first update)."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (OFFSET,)).fetchone()
        return int(row[0]) if row else None

    def store(self, updates: list[dict[str, Any]]) -> None:
        """Keep a polled batch and the offset after it in one committed transaction."""
        if not updates:
            return
        last = max(int(u["update_id"]) for u in updates)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany("INSERT OR IGNORE INTO inbox (update_id, body) VALUES (?, ?)",
                                [(int(u["update_id"]), json.dumps(u, ensure_ascii=False))
                                 for u in updates])
            self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                            "UPDATE SET value=excluded.value", (OFFSET, str(last + 1)))
            self.db.execute("DELETE FROM inbox WHERE status!='new' AND update_id<?",
                            (last - KEEP_DONE,))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def waiting(self) -> list[tuple[int, dict[str, Any]]]:
        """Stored updates not handled yet, in update_id order."""
        rows = self.db.execute("SELECT update_id, body FROM inbox WHERE status='new' "
                               "ORDER BY update_id").fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]

    def begin(self, update_id: int) -> bool:
        """Count a try before handling; False when earlier tries were all cut (given up)."""
        self.db.execute("UPDATE inbox SET tries=tries+1 WHERE update_id=?", (update_id,))
        row = self.db.execute("SELECT tries FROM inbox WHERE update_id=?",
                              (update_id,)).fetchone()
        if row is not None and row[0] > MAX_TRIES:
            self.db.execute("UPDATE inbox SET status='failed' WHERE update_id=?", (update_id,))
            return False
        return True

    def done(self, update_id: int) -> None:
        """The update's handler finished."""
        self.db.execute("UPDATE inbox SET status='done' WHERE update_id=?", (update_id,))

    def counts(self) -> dict[str, int]:
        """How many stored updates are in each status (for tests and logs)."""
        rows = self.db.execute("SELECT status, COUNT(*) FROM inbox GROUP BY status").fetchall()
        return {r[0]: r[1] for r in rows}
