"""A callback's date and time as a manager types them: "сегодня 15:00", "в чт", "через 2
недели", "5.12 14:30", "tomorrow 10am"; pure, so every form is a doctest and a unit test.

Rules: a weekday means the next such day after today; "5.12" without a year is this year's
5 December or, once it has passed, next year's; a time alone is today's. A moment already past
is refused ("when.past"), and so is what could mean two things ("when.ambiguous": a bare "10",
"в 5" without am/pm, two dates at once) or nothing ("when.unclear"), each with a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.core.calendar import months_before

EARLIEST_HOUR = 7  # "5:00" without am/pm: five in the morning or in the evening? asked back
_FILLERS = frozenset({"в", "во", "на", "к", "on", "at", "next", "следующий", "следующую",
                      "следующее", "следующая", "this", "этот", "эту", "это"})
_DAYS = {"сегодня": 0, "today": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2}
_WEEKDAYS = {
    0: ("пн", "пон", "понедельник", "mon", "monday"),
    1: ("вт", "вторник", "tue", "tues", "tuesday"),
    2: ("ср", "среда", "среду", "wed", "wednesday"),
    3: ("чт", "чет", "четверг", "thu", "thur", "thurs", "thursday"),
    4: ("пт", "пят", "пятница", "пятницу", "fri", "friday"),
    5: ("сб", "суб", "суббота", "субботу", "sat", "saturday"),
    6: ("вс", "вос", "воскресенье", "sun", "sunday"),
}
WEEKDAY = {word: n for n, words in _WEEKDAYS.items() for word in words}
_UNITS = {"день": 1, "дня": 1, "дней": 1, "day": 1, "days": 1,
          "неделю": 7, "недели": 7, "недель": 7, "неделя": 7, "week": 7, "weeks": 7,
          "месяц": 30, "месяца": 30, "месяцев": 30, "month": 30, "months": 30}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2,
            "two": 2, "три": 3, "three": 3, "четыре": 4, "four": 4, "пять": 5, "five": 5}
_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(am|pm|a\.m\.|p\.m\.)?")


class WhenError(ValueError):
    """Typed text that is no callback moment: `key` names the hint (when.past, when.ambiguous,
    when.unclear)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class When:
    """A callback: the day, and the time when one was said."""

    day: date
    at: time | None = None

    def moment(self) -> datetime | None:
        """The day and time as one naive moment (None without a time)."""
        return datetime.combine(self.day, self.at) if self.at is not None else None


def parse_when(text: str, now: datetime) -> When:
    """The callback a manager typed, seen from `now` (naive or aware: its wall clock counts).

    >>> now = datetime(2026, 11, 23, 10, 0)  # a Monday
    >>> parse_when("сегодня 15:00", now)
    When(day=datetime.date(2026, 11, 23), at=datetime.time(15, 0))
    >>> parse_when("в чт", now).day, parse_when("через 2 недели", now).day
    (datetime.date(2026, 11, 26), datetime.date(2026, 12, 7))
    >>> parse_when("5.12 14:30", now), parse_when("tomorrow 10am", now).at
    (When(day=datetime.date(2026, 12, 5), at=datetime.time(14, 30)), datetime.time(10, 0))
    >>> parse_when("сегодня 9:00", now)
    Traceback (most recent call last):
    bot.core.when.WhenError: when.past
    """
    today = now.date()
    days, times = _pieces(_tokens(text), today)
    if len(days) > 1 or len(times) > 1:
        raise WhenError("when.ambiguous")
    if not days and not times:
        raise WhenError("when.unclear")
    when = When(days[0] if days else today, times[0] if times else None)
    moment = when.moment()
    if when.day < today or (moment is not None and moment <= now.replace(tzinfo=None)):
        raise WhenError("when.past")
    return when


def _tokens(text: str) -> list[str]:
    """The typed words, lower case, "ё" as "е", commas and fillers ("в", "on") gone; "10 am"
    joined into one word.

    >>> _tokens("В Чт, 10 AM")
    ['чт', '10am']
    """
    words = [t for t in text.casefold().replace("ё", "е").replace(",", " ").split()
             if t not in _FILLERS]
    out: list[str] = []
    for word in words:
        if word in ("am", "pm", "a.m.", "p.m.") and out and out[-1][:1].isdigit():
            out[-1] += word
        else:
            out.append(word)
    return out


def _pieces(tokens: list[str], today: date) -> tuple[list[date], list[time]]:
    """The days and the times the words name; WhenError for a word that is neither."""
    days: list[date] = []
    times: list[time] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in ("через", "in"):
            day, used = _after(tokens[i + 1:i + 3], today)
            days.append(day)
            i += 1 + used
            continue
        if word in _DAYS:
            days.append(today + timedelta(days=_DAYS[word]))
        elif word.rstrip(".") in WEEKDAY:
            ahead = (WEEKDAY[word.rstrip(".")] - today.weekday() - 1) % 7 + 1
            days.append(today + timedelta(days=ahead))
        elif _DATE.fullmatch(word) and not _looks_like_time(word):
            days.append(_date(word, today))
        else:
            times.append(_time(word))
        i += 1
    return days, times


def _looks_like_time(word: str) -> bool:
    """True for "15.00"/"9.30" (no month after the dot: minutes), read as a time, not a date."""
    m = _DATE.fullmatch(word)
    return m is not None and m[3] is None and len(m[2]) == 2 and not 1 <= int(m[2]) <= 12


def _after(words: list[str], today: date) -> tuple[date, int]:
    """"через 2 недели", "in 3 days", "через неделю": the day, and how many words it took.

    >>> _after(["неделю"], date(2026, 11, 23)), _after(["1", "month"], date(2026, 1, 31))
    ((datetime.date(2026, 11, 30), 1), (datetime.date(2026, 2, 28), 2))
    """
    count, unit = 1, words[0] if words else ""
    used = 1
    if words and (words[0].isdigit() or words[0] in _NUMBERS):
        count = int(words[0]) if words[0].isdigit() else _NUMBERS[words[0]]
        unit, used = (words[1] if len(words) > 1 else ""), 2
    if unit not in _UNITS or not 0 < count <= 366:
        raise WhenError("when.unclear")
    if _UNITS[unit] == 30:  # calendar months, the day clamped to the month's end
        return months_before(today, -count), used
    return today + timedelta(days=count * _UNITS[unit]), used


def _date(word: str, today: date) -> date:
    """"5.12" (this year's, or next year's once passed), "05.12.2026", "5/12/26".

    >>> _date("5.12", date(2026, 11, 23)), _date("5.01", date(2026, 11, 23))
    (datetime.date(2026, 12, 5), datetime.date(2027, 1, 5))
    """
    m = _DATE.fullmatch(word)
    assert m is not None
    day, month = int(m[1]), int(m[2])
    try:
        if m[3]:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, month, day)
        found = date(today.year, month, day)
        return found if found >= today else date(today.year + 1, month, day)
    except ValueError:
        raise WhenError("when.unclear") from None


def _time(word: str) -> time:
    """"15:00", "9.30", "10am", "3:30pm"; a bare number or an early hour without am/pm is
    ambiguous (a day? five in the morning?).

    >>> _time("15:00"), _time("9.30"), _time("3:30pm"), _time("12am")
    (datetime.time(15, 0), datetime.time(9, 30), datetime.time(15, 30), datetime.time(0, 0))
    """
    m = _TIME.fullmatch(word.replace(".", ":", 1) if "m." not in word else word)
    if m is None:
        raise WhenError("when.unclear")
    hour, minute, half = int(m[1]), int(m[2] or 0), (m[3] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise WhenError("when.unclear")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif m[2] is None or hour < EARLIEST_HOUR:
        raise WhenError("when.ambiguous")
    if hour > 23 or minute > 59:
        raise WhenError("when.unclear")
    return time(hour, minute)
