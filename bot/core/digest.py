"""The morning list as Telegram messages: HTML with every sheet text escaped, split between
clients at Telegram's 4,096-character cap, never inside one."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from bot.core import texts
from bot.core.lists import Entry, MorningList, listed
from bot.core.plan import SyncPlan
from bot.words import Words

LIMIT = 4096
FIELD_CAP = 300  # a company name or phone longer than this is shortened, so a card always fits
NOTE_CAP = 200
SHOWN_PROBLEMS = 5  # rows with errors named in the head's summary; the rest are counted
PARKED_SHOWN = 10  # parked presses named in the head's summary; the count says the rest


@dataclass(frozen=True)
class Handed:
    """A client handed over to this manager since his last list: from whom, and the history."""

    entry: Entry
    from_owner: str
    history: list[str] = field(default_factory=list)


def cap(text: str, limit: int = FIELD_CAP) -> str:
    """One line, at most `limit` characters."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _card(n: int, e: Entry, lang: str, extra: list[str] | None = None) -> str:
    """One client: company, contact, phone, why due, the last note (all escaped)."""
    r = e.plan.row
    company = escape(cap(r.company or r.contact or f"#{e.plan.client_id}"))
    who = ", ".join(escape(cap(x)) for x in (r.contact, r.phone) if x)
    lines = [f"{n}. <b>{company}</b>" + (f" — {who}" if who else ""), f"    {escape(e.why)}"]
    note = last_note(r.note)
    if note:
        lines.append(f"    💬 <i>{escape(cap(note, NOTE_CAP))}</i>")
    for h in extra or []:
        lines.append(f"    · {escape(cap(h, NOTE_CAP))}")
    return "\n".join(lines)


def last_note(note: str) -> str:
    """The last non-empty line of a note cell (notes are appended line by line)."""
    lines = [x for x in note.strip().splitlines() if x.strip()]
    return lines[-1].strip() if lines else ""


def render(ml: MorningList, lang: str, handed: list[Handed] | None = None) -> list[str]:
    """The list as one or more HTML messages, each at most 4,096 characters."""
    w = Words(lang)
    handed = handed or []
    handed_rows = {h.entry.plan.row.row for h in handed}
    blocks: list[str] = []
    n = 0
    if handed:
        blocks.append(w("list.handed"))
        for h in handed:
            n += 1
            frm = w("list.from", name=h.from_owner)
            blocks.append(_card(n, h.entry, lang, [frm, *h.history]))
    sections = [(ml.overdue, "list.overdue"), (ml.today, "list.today"), (ml.pool, "list.pool")]
    for entries, title in sections:
        rest = [e for e in entries if e.plan.row.row not in handed_rows]
        if rest:
            blocks.append(w(title))
        for e in rest:
            n += 1
            blocks.append(_card(n, e, lang))
    if not n:
        blocks.append(w("list.empty"))
    if ml.held:
        blocks.append(w.count("list.held", ml.held))
    return split(header(ml, lang), blocks)


def header(ml: MorningList, lang: str) -> str:
    """The first line: whose list, which day, how many of each kind."""
    w = Words(lang)
    return "\n".join([
        w("list.header", name=escape(ml.manager.name), day=texts.full_date(ml.day)),
        w("list.counts", overdue=len(ml.overdue), today=len(ml.today), new=len(ml.pool)),
    ])


def split(head: str, blocks: list[str], limit: int = LIMIT, joiner: str = "\n\n") -> list[str]:
    """Pack blocks into messages under the limit, a header on the first, part marks on the rest.

    >>> split("H", ["a" * 10, "b" * 10], limit=20)
    ['H\\n\\naaaaaaaaaa', '(2/2)\\n\\nbbbbbbbbbb']
    """
    parts: list[list[str]] = [[head]]
    mark = size("(99/99)" + joiner)
    gap = size(joiner)
    for block in blocks:
        current = size(joiner.join(parts[-1]))
        if parts[-1] and current + gap + size(block) > limit - (0 if len(parts) == 1 else mark):
            parts.append([])
        parts[-1].append(block)
    total = len(parts)
    out = [joiner.join(parts[0])]
    for i, p in enumerate(parts[1:], start=2):
        out.append(f"({i}/{total}){joiner}" + joiner.join(p))
    return out


def pieces(text: str, limit: int = LIMIT) -> list[str]:
    """Text cut between lines into messages of at most `limit`; a longer line is cut too.

    >>> pieces("ab\ncd", limit=3)
    ['ab', 'cd']
    """
    out: list[str] = []
    for line in text.split("\n"):
        while size(line) > limit:
            cut = _fitting(line, limit)
            out.append(line[:cut])
            line = line[cut:]
        if out and size(out[-1]) + 1 + size(line) <= limit:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return [p for p in out if p.strip()] or [text[:limit]]


def _fitting(line: str, limit: int) -> int:
    """How many characters of a line fit in `limit` UTF-16 units (at least one)."""
    n = min(len(line), limit)
    while n > 1 and size(line[:n]) > limit:
        n -= 1
    return n


def problem_lines(plan: SyncPlan, w: Words) -> list[str]:
    """Rows left out for errors (of lists, or of the deck when the ID repeats): a count, then
    the first few with what to do."""
    bad = [p for p in plan.rows if p.problems and (p.repeated or not listed(p))]
    if not bad:
        return []
    tab = escape(plan.table.layout.tab)
    lines = [w.count("digest.problems", len(bad), tab=tab)]
    lines += [w("digest.problem", row=p.row.row, what=escape(cap("; ".join(p.problems))))
              for p in bad[:SHOWN_PROBLEMS]]
    if len(bad) > SHOWN_PROBLEMS:
        lines.append(w("digest.problems_more", n=len(bad) - SHOWN_PROBLEMS))
    return ["\n".join(lines)]


def size(text: str) -> int:
    """Length as Telegram counts it at worst: UTF-16 code units of the raw HTML (tags included).

    >>> size("ab"), size("😀")
    (2, 2)
    """
    return len(text.encode("utf-16-le")) // 2


def head_summary(lists: list[MorningList], unreachable: list[str], lang: str,
                 plan: SyncPlan | None = None,
                 parked: list[tuple[str, str]] | None = None,
                 renamed: list[str] | None = None) -> list[str]:
    """The head's note after the lists: per manager overdue / today / new, who was missed, the
    rows left out for errors and the presses that could not be written (who, client id); split
    like a list when a big team makes it longer than one message."""
    w = Words(lang)
    head = w("digest.sent", day=texts.full_date(lists[0].day) if lists else "")
    blocks = []
    if unreachable:
        blocks.append(w("digest.not_delivered", who=", ".join(escape(u) for u in unreachable)))
    if plan is not None:
        blocks += problem_lines(plan, w)
    if parked:
        items = [w("digest.parked_item", who=escape(who), id=escape(cap(cid, 40)))
                 for who, cid in parked[:PARKED_SHOWN]]
        more = ", …" if len(parked) > PARKED_SHOWN else ""
        blocks.append(w("digest.parked", count=len(parked), items=", ".join(items) + more))
    if renamed:
        blocks.append(w("digest.renamed", names=escape(", ".join(renamed[:PARKED_SHOWN]))))
    for ml in lists:
        blocks.append(w("digest.line", name=escape(ml.manager.name), overdue=len(ml.overdue),
                        today=len(ml.today), new=len(ml.pool)))
    return split(head, blocks, joiner="\n")
