"""Values as people type them: dates, sums, words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sheets.values import cell_text, norm, parse_date, parse_money, to_serial


@pytest.mark.parametrize(("value", "expected"), [
    (date(2026, 11, 16), date(2026, 11, 16)),
    (datetime(2026, 11, 16, 14, 30), date(2026, 11, 16)),
    (46342, date(2026, 11, 16)),
    (46342.75, date(2026, 11, 16)),
    ("16.11.2026", date(2026, 11, 16)),
    ("6.1.26", date(2026, 1, 6)),
    ("2026-11-16", date(2026, 11, 16)),
    ("16/11/2026", date(2026, 11, 16)),
    (" 16.11.2026 ", date(2026, 11, 16)),
    ("16.11.2026 10:15", date(2026, 11, 16)),
    ("2026-11-16 10:15:00", date(2026, 11, 16)),
    ("16.11.2026г.", date(2026, 11, 16)),
    ("46342", date(2026, 11, 16)),
    (None, None),
    ("", None),
    ("   ", None),
])
def test_dates(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["31.02.2026", "завтра", "16.13.2026", "abc", True, -5,
                                   "2026-02-30", "00.00.0000"])
def test_not_dates(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)  # type: ignore[arg-type]


def test_serial_round_trip() -> None:
    assert parse_date(to_serial(date(2031, 7, 4))) == date(2031, 7, 4)


@pytest.mark.parametrize(("value", "expected"), [
    ("125 000,50", 125000.5), ("125\u00a0000", 125000.0), ("1,250,000.50", 1250000.5),
    ("1.250.000,50", 1250000.5), ("300 руб.", 300.0), ("15 000 ₽", 15000.0), (42, 42.0),
    (12.5, 12.5), ("", None), (None, None), ("-100", -100.0),
    # the way Russians type a sum in the chat: echoed back, so a misread is seen
    ("85 000", 85000.0), ("85.000", 85000.0), ("85,000", 85000.0), ("1.250.000", 1250000.0),
    ("85к", 85000.0), ("85 К", 85000.0), ("85k", 85000.0), ("85 тыс", 85000.0),
    ("85 тыс. руб.", 85000.0), ("85 т.р.", 85000.0), ("85тр", 85000.0),
    ("1,5 млн", 1500000.0), ("1.5m", 1500000.0), ("2 млн", 2000000.0), ("1,15 млн", 1150000.0),
    ("85000 руб", 85000.0), ("85000р", 85000.0), ("85000 р.", 85000.0), ("12.50", 12.5),
    ("0.500", 0.5), ("1.500 млн", 1500000.0),
])
def test_money(value: object, expected: float | None) -> None:
    assert parse_money(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["много", "тыс", "12 тысяч штук", "1.2.3к", True,
                                   date(2026, 1, 1)])
def test_not_money(value: object) -> None:
    with pytest.raises(ValueError):
        parse_money(value)  # type: ignore[arg-type]


def test_words_match_whatever_the_case_spaces_and_yo() -> None:
    assert norm("  КП   отправлено") == norm("кп отправлено")
    assert norm("Тёплый") == norm("ТЕПЛЫЙ")


def test_cell_text() -> None:
    assert cell_text(79001234567.0) == "79001234567"
    assert cell_text(datetime(2026, 1, 2, 9, 5)) == "02.01.2026 09:05"
    assert cell_text(None) == ""
