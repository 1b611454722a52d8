"""Every word the bot writes or prints, in Russian and English, in one place."""

from __future__ import annotations

from datetime import date

from bot.core.rules import Due, DueKind, Why
from sheets.fields import STATUS_WORDS, STATUS_WORDS_EN
from sheets.table import CellProblem


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """The Russian word form for a count.

    >>> plural_ru(1, "день", "дня", "дней"), plural_ru(3, "день", "дня", "дней")
    ('день', 'дня')
    >>> plural_ru(11, "день", "дня", "дней"), plural_ru(22, "день", "дня", "дней")
    ('дней', 'дня')
    """
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def days_ru(n: int) -> str:
    """'5 дней', '1 день'."""
    return f"{n} {plural_ru(n, 'день', 'дня', 'дней')}"


def days_en(n: int) -> str:
    """'5 days', '1 day'."""
    return f"{n} day" if n == 1 else f"{n} days"


def short_date(day: date) -> str:
    """'16.11'."""
    return f"{day.day:02d}.{day.month:02d}"


def full_date(day: date) -> str:
    """'16.11.2026'."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def why_due(due: Due, lang: str) -> str:
    """Why a client is on today's list, in words: "обещали перезвонить 16.11"."""
    ru = lang != "en"
    on = short_date(due.on) if due.on else ""
    d = due.days
    match due.why:
        case Why.promised:
            return f"обещали перезвонить {on}" if ru else f"promised a call on {on}"
        case Why.new:
            return "новый клиент" if ru else "new client"
        case Why.no_answer:
            return "недозвон — набрать снова" if ru else "no answer — call again"
        case Why.offer_sent:
            if not d:
                return "КП отправлено — перезвонить" if ru else "offer sent — call back"
            return f"КП отправлено {days_ru(d)} назад" if ru else f"offer sent {days_en(d)} ago"
        case Why.retry:
            if not d:
                return "отказ — новая попытка" if ru else "refused — try again"
            return (f"отказ {days_ru(d)} назад — новая попытка" if ru
                    else f"refused {days_en(d)} ago — try again")
        case Why.warm_no_step:
            return ("тёплый, нет следующего шага — назначьте дату" if ru
                    else "warm lead with no next step — set a date")
        case Why.follow_up:
            what = f"отказ «{due.reason}»" if due.reason else "отказ"
            what_en = f"refused '{due.reason}'" if due.reason else "refused"
            if not d:
                return f"{what} — дожим" if ru else f"{what_en} — second attempt"
            return (f"{what} {days_ru(d)} назад — дожим" if ru
                    else f"{what_en} {days_en(d)} ago — second attempt")
        case Why.lapsed:
            return (f"не покупает {due.months} мес." if ru
                    else f"no purchase for {due.months} months")
        case Why.touch:
            if not d:
                return "плановый контакт" if ru else "planned touch"
            return f"нет контакта {days_ru(d)}" if ru else f"no contact for {days_en(d)}"
        case Why.reorder:
            if not due.every:
                return "пора повторить покупку" if ru else "time to reorder"
            return (f"обычно покупает раз в {days_ru(due.every)}, прошло {d}" if ru
                    else f"usually buys every {days_en(due.every)}, {d} since")
    return "не звонить" if ru else "do not call"


_LATER = {
    Why.promised: ("договорились созвониться", "agreed call"),
    Why.no_answer: ("набрать снова", "call again"),
    Why.offer_sent: ("перезвонить по КП", "call back about the offer"),
    Why.retry: ("новая холодная попытка", "new cold attempt"),
    Why.follow_up: ("дожим", "second attempt"),
    Why.lapsed: ("реактивация", "win back"),
    Why.touch: ("плановый контакт", "planned touch"),
    Why.reorder: ("напомнить о повторной покупке", "reorder reminder"),
}


def next_action(due: Due, lang: str) -> str:
    """The text of the next-action column: why due now, or when and what comes next."""
    ru = lang != "en"
    if due.kind is DueKind.never:
        return "не звонить" if ru else "do not call"
    if due.kind is DueKind.later and due.on:
        what = _LATER.get(due.why, ("", ""))[0 if ru else 1]
        return f"{full_date(due.on)}: {what}"
    text = why_due(due, lang)
    if due.kind is DueKind.overdue:
        return f"Просрочено: {text}" if ru else f"Overdue: {text}"
    return f"Позвонить: {text}" if ru else f"Call: {text}"


def problem_text(p: CellProblem, lang: str, statuses: list[str] | None = None) -> str:
    """What is wrong with one cell and what to type instead."""
    ru = lang != "en"
    where = f"{p.where} «{p.header}»: «{p.raw}»" if ru else f"{p.where} '{p.header}': '{p.raw}'"
    if p.kind == "date":
        return (f"⚠ {where} — не дата; нужна дата ДД.ММ.ГГГГ" if ru
                else f"⚠ {where} is not a date; type a date DD.MM.YYYY")
    if p.kind == "money":
        return (f"⚠ {where} — не число; нужна сумма числом, например 125000" if ru
                else f"⚠ {where} is not a number; type a sum such as 125000")
    words = statuses or list((STATUS_WORDS if ru else STATUS_WORDS_EN).values())
    return (f"⚠ {where} — неизвестный статус; напишите один из: {', '.join(words)}" if ru
            else f"⚠ {where} is not a known status; type one of: {', '.join(words)}")


def duplicate_id_text(client_id: str, rows: list[int], lang: str) -> str:
    """The flag on each row sharing an ID typed by hand."""
    where = ", ".join(str(r) for r in rows)
    if lang == "en":
        return f"⚠ ID '{client_id}' repeats in rows {where}; make the IDs different"
    return f"⚠ ID «{client_id}» повторяется в строках {where}; сделайте ID разными"
