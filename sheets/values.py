"""Cell values as people type them: dates in many forms, sums with spaces and commas, words."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from .base import CellValue

EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_USUAL_DATE = re.compile(  # the forms _DATE_FORMATS read, ASCII digits only: d.m.Y, d/m/y, Y-m-d
    r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})[./](\d{1,2})\.?")
_MONEY_JUNK = re.compile(r"[\s\u00a0\u202f'₽$€]|руб\.?|р\.|rub", re.IGNORECASE)


def norm(text: object) -> str:
    """Case-, space- and ё-insensitive form of a word, for matching headers and statuses.

    >>> norm("  Отказ   после  КП ") == norm("отказ после кп")
    True
    >>> norm("Тёплый") == norm("теплый")
    True
    """
    s = str(text).replace("\u00a0", " ").strip().casefold().replace("ё", "е")
    return " ".join(s.split())


def is_blank(value: CellValue) -> bool:
    """True for an empty cell (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def from_serial(serial: float) -> date:
    """Excel/Sheets serial day number to a date (1900 system, after the 1900 leap-year bug).

    >>> from_serial(46349)
    datetime.date(2026, 11, 23)
    """
    if not 1 <= serial < 2958466:
        raise ValueError("serial out of range")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def to_serial(day: date) -> int:
    """A date to its Excel/Sheets serial day number.

    >>> to_serial(date(2026, 11, 23))
    46349
    """
    return (day - EXCEL_EPOCH).days


def parse_date(value: CellValue, today: date | None = None, ahead: bool = True) -> date | None:
    """A date from a cell: a date cell, a serial number or text; None when empty. Given
    `today`, a day and month without a year ("5.12") is read too: with `ahead` (a date to come)
    the nearest such day, so a callback typed "5.12" in November is this December's and, read
    again on 10 December, still this December's (overdue, not moved a year on); otherwise (a
    date gone by) this year's or, if still to come, last year's.

    Raises ValueError when the cell holds something that is not a real date.

    >>> parse_date("5.12", date(2026, 11, 23)), parse_date("5.12", date(2026, 12, 10))
    (datetime.date(2026, 12, 5), datetime.date(2026, 12, 5))
    >>> parse_date("31.02", date(2026, 11, 23))
    Traceback (most recent call last):
    ValueError: day is out of range for month
    >>> parse_date("5.12", date(2026, 11, 23), ahead=False)
    datetime.date(2025, 12, 5)

    >>> parse_date("16.11.2026"), parse_date("1.2.26"), parse_date("2026-11-16")
    (datetime.date(2026, 11, 16), datetime.date(2026, 2, 1), datetime.date(2026, 11, 16))
    >>> parse_date("16/11/2026 10:30")
    datetime.date(2026, 11, 16)
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, (int, float, Decimal)):
        return from_serial(float(value))
    text = _TIME_TAIL.sub("", str(value).strip().rstrip("г.").strip())
    usual = _usual_date(text)
    if usual is not None:
        return usual
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2200:
            return parsed
    if re.fullmatch(r"\d{4,6}(\.\d+)?", text):
        return from_serial(float(text))
    m = _DAY_MONTH.fullmatch(text)
    if m is not None and today is not None:
        return _nearest(int(m[1]), int(m[2]), today, ahead)
    raise ValueError("not a date")


def _usual_date(text: str) -> date | None:
    """The date a text in one of the usual forms spells, read as strptime with _DATE_FORMATS
    would read it but without its cost (the hot path of reading a sheet); None for anything
    else, which is left to the full reading.

    >>> _usual_date("5.12.2026"), _usual_date("05/12/26"), _usual_date("2026-12-5")
    (datetime.date(2026, 12, 5), datetime.date(2026, 12, 5), datetime.date(2026, 12, 5))
    >>> _usual_date("31.02.2026"), _usual_date("5-12-26"), _usual_date("5.12.1899")
    (None, None, None)
    """
    m = _USUAL_DATE.fullmatch(text)
    if m is None:
        return None
    if m[5]:
        year, month, day = int(m[5]), int(m[6]), int(m[7])
    else:
        year, month, day = int(m[4]), int(m[3]), int(m[1])
        if len(m[4]) == 2:
            if m[2] == "-":
                return None  # no "%d-%m-%y" among the forms
            year += 2000 if year <= 68 else 1900  # strptime's %y
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _same_day(year: int, month: int, day: int) -> date:
    """The day in another year (29 February falls back to the 28th in a common year)."""
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _nearest(day: int, month: int, today: date, ahead: bool) -> date:
    """The day and month in the year that fits `today`: the nearest (a later one on a tie) when
    `ahead`, else the last not after today; ValueError for a day the month does not have."""
    date(2000, month, day)  # ValueError for a day no year has ("31.02")
    if ahead:
        years = (today.year - 1, today.year, today.year + 1)
        return min((_same_day(y, month, day) for y in years),
                   key=lambda d: (abs((d - today).days), -d.toordinal()))
    found = _same_day(today.year, month, day)
    if found > today:
        return _same_day(today.year - 1, month, day)
    return found


def parse_money(value: CellValue) -> float | None:
    """A sum from a cell or a chat, the way people write it: "125 000,50", "1,250,000.50 ₽",
    "85.000" (a dot before three digits groups thousands), "85к", "85 тыс", "1,5 млн", "1.5m",
    "85000 руб"; None if empty.

    Raises ValueError when the text is not a number.

    >>> parse_money("125 000,50"), parse_money("1,250,000.50 ₽"), parse_money(300)
    (125000.5, 1250000.5, 300.0)
    >>> [parse_money(t) for t in ("85.000", "85к", "85 тыс", "1,5 млн", "1.5m", "85000 руб")]
    [85000.0, 85000.0, 85000.0, 1500000.0, 1500000.0, 85000.0]
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, date):
        raise ValueError("not a number")
    text = _MONEY_JUNK.sub("", str(value)).casefold()
    scale = _SCALE.search(text)
    factor = _SCALES[scale[1]] if scale else 1
    text = _decimal_point(text[:scale.start()] if scale else text.removesuffix("р"), factor == 1)
    try:
        number = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    return round(number * factor, 2) if factor != 1 else number


_SCALES = {"млрд": 10**9, "млн": 10**6, "mln": 10**6, "m": 10**6, "м": 10**6,
           "тыс": 1000, "тр": 1000, "т": 1000, "к": 1000, "k": 1000}
_SCALE = re.compile(r"(млрд|млн|mln|m|м|тыс|тр|т|к|k)\.?$")
_GROUPED = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_GROUPS = re.compile(r"\d{1,3}(\.\d{3}){2,}|\d{1,3}(,\d{3}){2,}")


def _decimal_point(text: str, plain: bool) -> str:
    """A number's text with its grouping marks gone and a '.' as the decimal point; a single
    mark before exactly three digits groups thousands when no scale word follows (`plain`)."""
    if "," in text and "." in text:
        if text.rfind(".") > text.rfind(","):
            return text.replace(",", "")
        return text.replace(".", "").replace(",", ".")
    if _GROUPS.fullmatch(text):  # 1.250.000 or 1,250,000
        return text.replace(",", "").replace(".", "")
    if plain and _GROUPED.fullmatch(text):
        return text.replace(",", "").replace(".", "")
    return text.replace(",", ".")


def cell_text(value: CellValue) -> str:
    """A cell as the text a person sees: whole numbers without ".0", dates as DD.MM.YYYY.

    >>> cell_text(79001234567.0), cell_text(" ООО Ромашка "), cell_text(date(2026, 1, 5))
    ('79001234567', 'ООО Ромашка', '05.01.2026')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()
