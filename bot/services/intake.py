"""Incoming requests (/new) kept in the state file before they are written to the sheet, so a
workbook open in Excel or a restart loses none: the worker writes what waits once the sheet
is free, and tells the recorder then."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.incoming import Request

INTAKE_SCHEMA = """
CREATE TABLE IF NOT EXISTS intake (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,          -- the chat and message of the last answer: one request
    chat_id INTEGER NOT NULL,
    who TEXT NOT NULL,
    company TEXT NOT NULL,
    contact TEXT NOT NULL,
    phone TEXT NOT NULL,
    want TEXT NOT NULL,
    created TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | written | parked
    result TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True)
class Waiting:
    """A stored request and who recorded it, where."""

    id: int
    chat_id: int
    who: str
    request: Request
    created: datetime


class Intake:
    """The intake table on its own connection to the state file (used from the event loop)."""

    def __init__(self, path: str | Path) -> None:
        self.db = sqlite3.connect(Path(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(INTAKE_SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def add(self, key: str, chat_id: int, who: str, req: Request, now: datetime) -> bool:
        """Store a finished request; False when this very one was stored before (a replay)."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO intake (key, chat_id, who, company, contact, phone, want, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (key, chat_id, who, req.company, req.contact, req.phone, req.want, now.isoformat()))
        return cur.rowcount == 1

    def pending(self) -> list[Waiting]:
        """Requests not written yet, oldest first."""
        rows = self.db.execute("SELECT id, chat_id, who, company, contact, phone, want, created "
                               "FROM intake WHERE status='pending' ORDER BY id").fetchall()
        return [Waiting(r[0], r[1], r[2], Request(r[3], r[4], r[5], r[6]),
                        datetime.fromisoformat(r[7])) for r in rows]

    def finish(self, item_id: int, status: str, result: str = "") -> None:
        """Mark a request written (or parked, with why)."""
        self.db.execute("UPDATE intake SET status=?, result=? WHERE id=?",
                        (status, result, item_id))
