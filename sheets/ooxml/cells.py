"""Cells in SpreadsheetML text: references, attributes, escaped text, numbers and date serials."""

from __future__ import annotations

import html
import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from ..base import col_letter

MAX_TEXT = 32767  # Excel's limit for one cell
MAX_ROW = 1_048_576
MAX_COL = 16_384
EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)
ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                   "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                   "#BUSY!", "#UNKNOWN!", "#PYTHON!"})

_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile("[\r\t]")


def ref(row: int, col: int) -> str:
    """A1-style reference of a cell.

    >>> ref(3, 28)
    'AB3'
    """
    return f"{col_letter(col)}{row}"


def col_number(letters: str) -> int:
    """Column letters to a number.

    >>> col_number("A"), col_number("AB"), col_number("xfd")
    (1, 28, 16384)
    """
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(text: str) -> tuple[int, int]:
    """(row, col) of an A1 reference, dollars allowed; ValueError when it is not one.

    >>> parse_ref("$B$12")
    (12, 2)
    """
    m = _REF.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"not a cell reference: {text!r}")
    return int(m[2]), col_number(m[1])


def parse_range(text: str) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of "A1:C5" or a single cell.

    >>> parse_range("B2:D10"), parse_range("C3")
    ((2, 2, 10, 4), (3, 3, 3, 3))
    """
    first, _, last = text.partition(":")
    r1, c1 = parse_ref(first)
    r2, c2 = parse_ref(last) if last else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def range_text(top: int, left: int, bottom: int, right: int) -> str:
    """ "A1:C5" (or "A1" for one cell).

    >>> range_text(2, 1, 9, 5)
    'A2:E9'
    """
    first, last = ref(top, left), ref(bottom, right)
    return first if first == last else f"{first}:{last}"


def attrs(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag (or of the text between its name and its end).

    >>> attrs(b'<c r="A1" s=\\'3\\' t="s">')
    {b'r': b'A1', b's': b'3', b't': b's'}
    """
    return {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTR.finditer(tag)}


def unescape(text: bytes | str) -> str:
    """XML text to a string: entities and character references decoded."""
    value = text.decode("utf-8") if isinstance(text, bytes) else text
    return html.unescape(value) if "&" in value else value


def escape(text: str, quote: bool = False) -> str:
    """A string as XML text (or as an attribute value when quote)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def clean_text(text: str) -> str:
    """A string as a cell can hold it: no characters XML forbids, at most 32,767 long."""
    return _ILLEGAL.sub("", text)[:MAX_TEXT]


def text_xml(text: str) -> str:
    """Cell text as the content of <t>: escaped, with Excel's _xHHHH_ for CR and tab."""
    text = _ESCAPED.sub(r"_x005F_\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    return escape(text)


def needs_space(text: str) -> bool:
    """Whether <t> must say xml:space="preserve" to keep the text's edges and lines."""
    return text != text.strip() or "\n" in text


def number_text(value: int | float | Decimal) -> str:
    """A number as <v> holds it; ValueError for infinities and NaN.

    >>> number_text(42), number_text(3.25), number_text(Decimal("12.50"))
    ('42', '3.25', '12.5')
    """
    if isinstance(value, int):
        return str(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot store {value!r} in an xlsx cell")
    return repr(number) if not number.is_integer() or abs(number) >= 1e15 else str(int(number))


def serial(value: date, mac: bool = False) -> str:
    """A date or datetime as its serial day number (1900 or 1904 system), as <v> text.

    >>> serial(date(2026, 11, 23)), serial(datetime(2024, 11, 16, 9, 30))
    ('46349', '45612.395833333336')
    >>> serial(date(2026, 11, 23), mac=True)
    '44887'
    """
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    moment = moment.replace(tzinfo=None)  # Excel has no time zones: keep wall time
    delta = moment - (EPOCH_1904 if mac else EPOCH_1900)
    if not mac and moment < datetime(1900, 3, 1):
        delta -= timedelta(days=1)  # Excel counts the 29th of February 1900 that never was
    days = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    return number_text(days)


def looks_like_input(text: str) -> bool:
    """Whether Excel would turn this text into a formula, an error or a number if a person
    re-typed it: such a cell gets the quote prefix that keeps it text.

    >>> looks_like_input("=1+2"), looks_like_input("001234"), looks_like_input("Ромашка")
    (True, True, False)
    """
    if text[:1] in ("=", "+", "-", "@") or text in ERRORS:
        return True
    try:
        float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return False
    return True
