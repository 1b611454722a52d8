"""The morning list per manager: overdue first, then today's, then pool work up to his limit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.core import texts
from bot.core.config import Config, Manager
from bot.core.plan import RowPlan, SyncPlan
from bot.core.rules import DueKind
from bot.words import Words
from sheets.values import norm


@dataclass(frozen=True)
class Entry:
    """One line of a list: the client's row plan and why he is due."""

    plan: RowPlan
    why: str


@dataclass(frozen=True)
class MorningList:
    """One manager's list for a day."""

    manager: Manager
    day: date
    overdue: list[Entry]
    today: list[Entry]
    pool: list[Entry]
    held: int = 0  # his clients left out because their rows have errors

    @property
    def entries(self) -> list[Entry]:
        """All lines in the order they are worked."""
        return self.overdue + self.today + self.pool


def build_lists(plan: SyncPlan, cfg: Config) -> list[MorningList]:
    """Each manager's list from a sync plan, in config order."""
    by_owner: dict[str, list[RowPlan]] = {}
    held: dict[str, int] = {}
    for p in plan.rows:
        if listed(p):
            by_owner.setdefault(norm(p.owner), []).append(p)
        elif p.problems:
            held[norm(p.owner)] = held.get(norm(p.owner), 0) + 1
    return [replace(_one(m, by_owner.get(norm(m.name), []), plan.today, cfg),
                    held=held.get(norm(m.name), 0)) for m in cfg.managers]


def listed(p: RowPlan) -> bool:
    """True when a row goes in a list: due today or before (or pool work)."""
    return p.due is not None and p.due.listed


def _one(manager: Manager, rows: list[RowPlan], day: date, cfg: Config) -> MorningList:
    """Sort one manager's due clients and cap the pool at his daily limit."""
    def entry(p: RowPlan) -> Entry:
        assert p.due is not None
        return Entry(p, texts.why_due(p.due, cfg.language))

    overdue = sorted((p for p in rows if p.due and p.due.kind is DueKind.overdue),
                     key=lambda p: (p.due.on, p.row.row))  # type: ignore[union-attr]
    today = [p for p in rows if p.due and p.due.kind is DueKind.today]
    pool = sorted((p for p in rows if p.due and p.due.kind is DueKind.pool),
                  key=lambda p: (-(p.row.value or 0), p.row.row))[: manager.daily_limit]
    return MorningList(manager, day, [entry(p) for p in overdue], [entry(p) for p in today],
                       [entry(p) for p in pool])


def render_text(ml: MorningList, lang: str) -> str:
    """The list as plain text for the terminal (Telegram formatting comes with the digest)."""
    w = Words(lang)
    lines = [w("list.text_header", name=ml.manager.name, day=texts.full_date(ml.day),
               overdue=len(ml.overdue), today=len(ml.today), new=len(ml.pool))]
    if not ml.entries:
        lines.append("  " + w("list.empty"))
    for n, e in enumerate(ml.entries, 1):
        r = e.plan.row
        who = ", ".join(x for x in (r.company, r.contact, r.phone) if x)
        lines.append(f"  {n}. {who} — {e.why}")
        if r.note:
            lines.append(f"     {_short(r.note)}")
    return "\n".join(lines)


def _short(text: str, limit: int = 120) -> str:
    """The last note (the last line of the note cell), shortened to one line."""
    lines = [x for x in text.strip().splitlines() if x.strip()]
    one = " ".join(lines[-1].split()) if lines else ""
    return one if len(one) <= limit else one[: limit - 1] + "…"
