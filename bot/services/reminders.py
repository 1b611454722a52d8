"""Callbacks at a time ("сегодня 15:00"): stored in the state file beside the press that asked
for them, found by the worker when their moment comes, marked sent only after Telegram took the
message — so a restart sends what is due and nothing twice."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.services.state import Deck, state_error

DONE = ("stale", "cancelled", "undone")  # a press in this state asks for no reminder any more
_COLUMNS = "id, key, chat_id, client_id, at, title, status"


@dataclass(frozen=True)
class Reminder:
    """One callback to remind a manager of: whose chat, which client, when."""

    id: int
    key: str  # the press (outbox key) that set it
    chat_id: int
    client_id: str
    at: datetime  # aware
    title: str  # the client's name as the card showed it
    status: str  # pending | sent | dropped


@contextmanager
def _guard(deck: Deck) -> Iterator[sqlite3.Connection]:
    """The deck's connection; a lock or damage on the file comes out as our errors in words."""
    try:
        yield deck.db
    except (sqlite3.Error, OSError) as err:
        said = state_error(deck.path, err)
        if said is None:
            raise
        raise said from err


def remind(deck: Deck, key: str, chat_id: int, client_id: str, at: datetime,
           title: str = "") -> bool:
    """Store a reminder for the press `key` (aware `at`); False when it was stored before."""
    if at.tzinfo is None:
        raise ValueError("a reminder needs an aware moment")
    with _guard(deck) as db:
        cur = db.execute("INSERT OR IGNORE INTO reminders (key, chat_id, client_id, at, due, "
                         "title) VALUES (?, ?, ?, ?, ?, ?)",
                         (key, chat_id, client_id, at.isoformat(), at.timestamp(), title))
    return cur.rowcount == 1


def due(deck: Deck, now: datetime) -> list[Reminder]:
    """The reminders whose moment has come and that have not gone yet, oldest first."""
    with _guard(deck) as db:
        rows = db.execute(f"SELECT {_COLUMNS} FROM reminders WHERE status='pending' AND due<=? "
                          "ORDER BY due, id", (now.timestamp(),)).fetchall()
    return [_reminder(r) for r in rows]


def pending(deck: Deck) -> list[Reminder]:
    """Every reminder still to go (what a test or the log looks at)."""
    with _guard(deck) as db:
        rows = db.execute(f"SELECT {_COLUMNS} FROM reminders WHERE status='pending' "
                          "ORDER BY due, id").fetchall()
    return [_reminder(r) for r in rows]


def obsolete(deck: Deck, r: Reminder) -> bool:
    """True when the press behind the reminder was taken back or refused, or the client has got
    another outcome since: nothing to remind of."""
    item = deck.item_by_key(r.key)
    return item is not None and (item.status in DONE or deck.later_outcome(item))


def mark_sent(deck: Deck, reminder_id: int, message_id: int, when: datetime) -> None:
    """Telegram accepted the reminder: it never goes again."""
    with _guard(deck) as db:
        db.execute("UPDATE reminders SET status='sent', message_id=?, sent_at=? WHERE id=?",
                   (message_id, when.isoformat(), reminder_id))


def drop(deck: Deck, reminder_id: int) -> None:
    """A reminder with nothing left to remind of (its outcome undone, a later one recorded)."""
    with _guard(deck) as db:
        db.execute("UPDATE reminders SET status='dropped' WHERE id=?", (reminder_id,))


def _reminder(r: tuple) -> Reminder:
    """A stored reminder from its row (columns in _COLUMNS' order)."""
    return Reminder(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5], r[6])
