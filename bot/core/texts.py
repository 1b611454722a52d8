"""How the rules' decisions read: why a client is due, the next-action column, cell problems.

The words come from the catalogues (bot/words); here they are only put together.
"""

from __future__ import annotations

import difflib
from datetime import date

from bot.core.rules import Due, DueKind, Why
from bot.words import Words
from sheets.table import CellProblem


def short_date(day: date) -> str:
    """'16.11'."""
    return f"{day.day:02d}.{day.month:02d}"


def full_date(day: date) -> str:
    """'16.11.2026'."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def why_due(due: Due, lang: str) -> str:
    """Why a client is on today's list, in words: "обещали перезвонить 16.11"."""
    w = Words(lang)
    d = due.days
    days = w.count("common.days", d)
    match due.why:
        case Why.promised:
            return w("why.promised", day=short_date(due.on) if due.on else "")
        case Why.new:
            return w("why.new")
        case Why.no_answer:
            if due.since and due.on:  # "не дозвонились 23.11, пробуем снова 24.11"
                return w("why.no_answer_on", day=short_date(due.since), next=short_date(due.on))
            return w("why.no_answer")
        case Why.offer_sent:
            return w("why.offer_sent", days=days) if d else w("why.offer_sent_now")
        case Why.retry:
            return w("why.retry", days=days) if d else w("why.retry_now")
        case Why.warm_no_step:
            return w("why.warm_no_step")
        case Why.follow_up:
            what = w("why.refused_because", reason=due.reason) if due.reason else w("why.refused")
            if not d:
                return w("why.follow_up_now", what=what)
            return w("why.follow_up", what=what, days=days)
        case Why.lapsed:
            return w("why.lapsed", months=w.count("common.months", due.months))
        case Why.touch:
            return w("why.touch", days=days) if d else w("why.touch_planned")
        case Why.reorder:
            if not due.every:
                return w("why.reorder_now")
            return w("why.reorder", every=w.count("common.days", due.every), passed=d)
    return w("why.stop")


# What comes next, for a client due later: the catalogue key per reason.
_LATER = {
    Why.promised: "later.promised",
    Why.no_answer: "later.no_answer",
    Why.offer_sent: "later.offer_sent",
    Why.retry: "later.retry",
    Why.follow_up: "later.follow_up",
    Why.lapsed: "later.lapsed",
    Why.touch: "later.touch",
    Why.reorder: "later.reorder",
}


def next_action(due: Due, lang: str) -> str:
    """The text of the next-action column: why due now, or when and what comes next."""
    w = Words(lang)
    if due.kind is DueKind.never:
        return w("why.stop")
    if due.kind is DueKind.later and due.on:
        if due.why is Why.no_answer and due.since:
            return f"{full_date(due.on)}: {why_due(due, lang)}"
        what = w(_LATER[due.why]) if due.why in _LATER else ""
        return f"{full_date(due.on)}: {what}"
    text = why_due(due, lang)
    if due.kind is DueKind.overdue:
        return w("action.overdue", why=text)
    return w("action.call", why=text)


_PROBLEMS = {"date": "problem.date", "money": "problem.money"}


def problem_text(p: CellProblem, lang: str, statuses: list[str]) -> str:
    """What is wrong with one cell and what to type instead (`statuses`: the words to offer)."""
    w = Words(lang)
    where = w("problem.where", cell=p.where, header=p.header, raw=p.raw)
    if p.kind in _PROBLEMS:
        return w(_PROBLEMS[p.kind], where=where)
    near = nearest(p.raw, statuses)
    if near:
        return w("problem.status_near", where=where, near=near, words=", ".join(statuses))
    return w("problem.status", where=where, words=", ".join(statuses))


def nearest(typed: str, words: list[str]) -> str:
    """The word a typo most likely meant (case and ё ignored), or ''.

    >>> nearest("Недозон", ["Новый", "Недозвон", "Интерес"]), nearest("Купил", ["Новый"])
    ('Недозвон', '')
    """
    keys = {w.casefold().replace("ё", "е"): w for w in words}
    close = difflib.get_close_matches(typed.casefold().replace("ё", "е").strip(), list(keys),
                                      n=1, cutoff=0.75)
    return keys[close[0]] if close else ""


def duplicate_id_text(client_id: str, rows: list[int], lang: str) -> str:
    """The flag on each row sharing an ID typed by hand."""
    return Words(lang)("problem.duplicate_id", id=client_id, rows=", ".join(map(str, rows)))


def money(amount: float, lang: str) -> str:
    """A sum as people read it: '85 000', '125 000,50' (English: '85,000', '125,000.50').

    >>> money(85000.0, "ru"), money(125000.5, "ru"), money(1500000.0, "en")
    ('85 000', '125 000,50', '1,500,000')
    """
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",")


def weekday_date(day: date, lang: str) -> str:
    """'чт 26.11': the weekday a date falls on, so a wrong date is seen at once."""
    return f"{Words(lang)('common.weekdays').split()[day.weekday()]} {short_date(day)}"
