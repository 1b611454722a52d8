"""Working days and calendar months: pure date arithmetic for the rules and the schedule."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days: weekdays (0 = Monday) minus holidays."""

    workdays: frozenset[int] = frozenset(range(5))
    holidays: frozenset[date] = frozenset()

    def is_workday(self, day: date) -> bool:
        """True when lists are sent on this day."""
        return day.weekday() in self.workdays and day not in self.holidays

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n >= 1); `day` itself when there are none.

        >>> WorkCalendar().add_workdays(date(2026, 11, 20), 1)  # Friday -> Monday
        datetime.date(2026, 11, 23)
        """
        found, current = 0, day
        for _ in range(366 * 3):
            current += timedelta(days=1)
            if self.is_workday(current):
                found += 1
                if found >= n:
                    return current
        return day

    def next_workday(self, day: date) -> date:
        """The first working day after `day`."""
        return self.add_workdays(day, 1)


@functools.lru_cache(maxsize=4096)
def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the month's end.

    >>> months_before(date(2026, 8, 31), 6), months_before(date(2026, 3, 15), 6)
    (datetime.date(2026, 2, 28), datetime.date(2025, 9, 15))
    """
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def whole_months(start: date, end: date) -> int:
    """Full calendar months from start to end (0 when end is before start).

    >>> whole_months(date(2026, 3, 31), date(2026, 11, 23))
    7
    """
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if months and months_before(end, months) < start:
        months -= 1
    return months
