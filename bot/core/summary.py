"""What the command line prints: sync summaries, dry-run changes, check results, in ru/en."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from bot.core.config import Config
from bot.core.incoming import phone_key
from bot.core.plan import RowPlan, SyncPlan
from bot.core.segments import Segment, label_key
from bot.core.texts import full_date
from bot.words import Words
from sheets.base import NewTable, col_letter
from sheets.fields import Field
from sheets.values import cell_text


def summary(plan: SyncPlan, location: str, cfg: Config, written: bool = True) -> str:
    """The short summary after a sync: rows, segments, cells, hand-overs, flagged rows, and the
    owner names that were no manager and were replaced."""
    w = cfg.words()
    counts = plan.segment_counts()
    per = ", ".join(f"{w(label_key(s))} {counts[s]}" for s in Segment if counts[s]) or "—"
    flagged = len(plan.flagged)
    text = w("cli.sync", location=location, day=full_date(plan.today), rows=len(plan.rows),
             segments=per, verb=w("cli.written" if written else "cli.would_write"),
             cells=plan.changes.cell_count(), handovers=len(plan.handovers), flagged=flagged,
             hint=w("cli.flagged_hint") if flagged else "")
    replaced = [p for p in plan.unknown_owners(cfg) if p.owner != p.row.owner]
    if replaced:
        names = ", ".join(f"«{n}»" for n in dict.fromkeys(p.row.owner for p in replaced))
        text += "\n" + w("cli.owners_replaced", count=len(replaced), names=names)
    return text


def dry_run(plan: SyncPlan, lang: str) -> str:
    """Every cell the sync would write and every row it would append, without writing."""
    w = Words(lang)
    old = {(p.row.row, f): v for p in plan.rows for f, v in _bot_cells(p).items()}
    lines = [w("cli.dry_run")]
    cols = {c: f for f, c in plan.table.layout.columns.items()}
    for tab, writes in plan.changes.cells.items():
        for cw in writes:
            before = old.get((cw.row, cols.get(cw.col)), "")
            new = cell_text(cw.value)
            lines.append(f"  {tab}!{col_letter(cw.col)}{cw.row}: «{before}» → «{new}»")
    for tab, rows in plan.changes.appends.items():
        for r in rows:
            lines.append(f"  {tab} + " + " | ".join(cell_text(v) for v in r))
    if len(lines) == 1:
        lines.append("  " + w("common.none"))
    return "\n".join(lines)


def _bot_cells(p) -> dict:
    """The current text of the bot's cells of a row plan, by field."""
    r = p.row
    return {Field.owner: r.owner, Field.segment: r.segment, Field.next_action: r.next_action,
            Field.id: r.id}


# The groups `check` prints, in order: the kind of problem and its title's key.
_GROUPS = {"date": "cli.check_dates", "status": "cli.check_statuses", "money": "cli.check_sums",
           "id": "cli.check_ids", "phone": "cli.check_phones", "owner": "cli.check_owners"}


def check(plan: SyncPlan, cfg: Config) -> tuple[str, int]:
    """Problems grouped by kind, row by row; returns the text and the number of problems."""
    w = cfg.words()
    groups: dict[str, list[str]] = defaultdict(list)
    for p in plan.rows:
        for cp, text in zip(p.row.problems, p.problems, strict=False):
            groups[cp.kind].append("    " + w("cli.check_row", row=cp.row, text=text))
        for text in p.problems[len(p.row.problems):]:
            groups["id"].append("    " + w("cli.check_row", row=p.row.row, text=text))
    groups["phone"] = [f"    {text}" for text in _same_phones(plan, w)]
    groups["owner"] = [f"    {_unknown_owner(p, w)}" for p in plan.unknown_owners(cfg)]
    count = sum(len(v) for v in groups.values())
    tab = plan.table.layout.tab
    if not count:
        return w("cli.check_ok", tab=tab, rows=w.count("cli.rows", len(plan.rows))), 0
    out = [w("cli.check_found", tab=tab, problems=w.count("cli.problems", count))]
    for kind, title in _GROUPS.items():
        if groups.get(kind):
            out.append(f"  {w(title)} ({len(groups[kind])}):")
            out.extend(groups[kind])
    return "\n".join(out), count


def _same_phones(plan: SyncPlan, w: Words) -> list[str]:
    """One line per phone number found on more than one row (digits compared, +7 and 8 alike;
    a cell may hold several numbers, split by commas or semicolons)."""
    rows: dict[str, list[int]] = defaultdict(list)
    shown: dict[str, str] = {}
    for p in plan.rows:
        for number in re.split(r"[,;]", p.row.phone):
            key = phone_key(number)
            if key and p.row.row not in rows[key]:
                rows[key].append(p.row.row)
                shown.setdefault(key, number.strip())
    return [w("cli.check_phone", phone=shown[key], rows=", ".join(map(str, same)))
            for key, same in rows.items() if len(same) > 1]


def _unknown_owner(p: RowPlan, w: Words) -> str:
    """A row whose owner is no manager, and what the sync does about it."""
    text = (w("cli.check_owner_replaced", name=p.row.owner, new=p.owner)
            if p.owner != p.row.owner else w("cli.check_owner_kept", name=p.row.owner))
    return w("cli.check_row", row=p.row.row, text=text)


def created(location: str, rows: int, lang: str) -> str:
    """After init."""
    w = Words(lang)
    if rows:
        return w("cli.created_samples", location=location, rows=rows)
    return w("cli.created", location=location)


def init_preview(table: NewTable, lang: str) -> str:
    """What init would lay out (--dry-run)."""
    return Words(lang)("cli.init_preview", tab=table.tab, headers=", ".join(table.headers),
                       tabs=", ".join(table.extra_tabs), rows=len(table.rows))


def day_off(day: date, lang: str) -> str:
    """A non-working day gets no list."""
    return Words(lang)("cli.day_off", day=full_date(day))


def demo_done(folder: Path, config: str, lang: str) -> str:
    """The last lines of `demo`: where things are and what to try next."""
    return Words(lang)("cli.demo_done", workbook=folder / "clients.xlsx", config=config)


def not_sent(has_token: bool, dry: bool, lang: str, demo: bool = False) -> str:
    """Why the lists were printed and not sent."""
    w = Words(lang)
    if demo:
        return w("cli.not_sent_demo")
    if dry:
        return w("cli.not_sent_dry")
    if not has_token:
        return w("cli.not_sent_no_token")
    return w("cli.not_sent_other_day")


def delivery(outcome, names: dict[int, str], lang: str) -> str:
    """What the digest sent, who could not be reached, what waits for the next run."""
    w = Words(lang)
    lines = [w("cli.sent", count=outcome.sent)]
    for chat, why in outcome.unreachable.items():
        lines.append("  " + w("cli.not_delivered", who=names.get(chat, str(chat)), why=why))
    if outcome.postponed:
        who = ", ".join(names.get(c, str(c)) for c in sorted(outcome.postponed))
        lines.append("  " + w("cli.postponed", who=who))
    if outcome.elsewhere:
        lines.append("  " + w("cli.elsewhere", count=len(outcome.elsewhere)))
    return "\n".join(lines)


def no_token(env: str, lang: str) -> str:
    """`run` without a token."""
    return Words(lang)("cli.no_token", env=env)


def telegram_down(words: str, lang: str) -> str:
    """Telegram could not be reached at all; the lists stay stored for the next run."""
    return Words(lang)("cli.telegram_down", why=words)
