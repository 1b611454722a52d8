"""/find's matching: a client by a piece of his name or of his phone; pure, no I/O."""

from __future__ import annotations

import re

from sheets.table import ClientRow
from sheets.values import norm

MIN_DIGITS = 3  # fewer digits than this match too many phones to be a phone search


def phone_digits(text: str) -> str:
    """A phone's digits without the country prefix (+7 or a leading 8 of an 11-digit number).

    >>> phone_digits("+7 (900) 123-45-67"), phone_digits("8 900 123 45 67"), phone_digits("123")
    ('9001234567', '9001234567', '123')
    """
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] in "78":
        return digits[1:]
    return digits


def matches(row: ClientRow, query: str) -> bool:
    """True when the query is a piece of the company's or contact's name (any case), or, being
    digits only (spaces, +, -, brackets allowed), a piece of the phone's digits (typed with +7
    or 8 first: the phone's beginning).

    >>> r = ClientRow(2, "1", "ООО Ромашка", contact="Пётр", phone="+7 900 123-45-67")
    >>> [matches(r, q) for q in ("ромаш", "ПЕТР", "8 900 123", "4567", "Лютик", "12")]
    [True, True, True, True, False, False]
    """
    q = query.strip()
    if q and re.fullmatch(r"[\d\s()+\-.]+", q):
        digits, phone = phone_digits(q), phone_digits(row.phone)
        if len(digits) < MIN_DIGITS or not phone:
            return False
        prefixed = digits[0] in "78" and phone.startswith(digits[1:])  # "8 900 12…" from the start
        return digits in phone or (len(digits) > MIN_DIGITS and prefixed)
    needle = norm(q)
    return bool(needle) and (needle in norm(row.company) or needle in norm(row.contact))
