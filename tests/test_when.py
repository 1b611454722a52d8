"""Every way a manager types a callback, the ones refused with a hint, and "5.12" in a sheet's
date cell."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.chat.deck import misread, understood
from bot.core.when import When, WhenError, parse_when
from bot.words import Words
from sheets.memory import MemoryBackend
from sheets.table import TableSettings, read_clients
from sheets.values import parse_date

NOW = datetime(2026, 11, 23, 10, 0)  # a Monday, 10:00
MON = date(2026, 11, 23)


@pytest.mark.parametrize(("typed", "expected"), [
    ("сегодня 15:00", When(MON, time(15, 0))),
    ("Сегодня в 15:00", When(MON, time(15, 0))),
    ("завтра 10:00", When(date(2026, 11, 24), time(10, 0))),
    ("в чт 15:00", When(date(2026, 11, 26), time(15, 0))),
    ("в четверг", When(date(2026, 11, 26))),
    ("чт", When(date(2026, 11, 26))),
    ("во вторник 11:30", When(date(2026, 11, 24), time(11, 30))),
    ("в пн", When(date(2026, 11, 30))),  # today is Monday: the next one
    ("через 2 недели", When(date(2026, 12, 7))),
    ("через 3 дня", When(date(2026, 11, 26))),
    ("через неделю", When(date(2026, 11, 30))),
    ("5.12", When(date(2026, 12, 5))),
    ("5.12 14:30", When(date(2026, 12, 5), time(14, 30))),
    ("05.12.2026", When(date(2026, 12, 5))),
    ("5.01", When(date(2027, 1, 5))),  # January has passed: next year's
    ("15:00", When(MON, time(15, 0))),
    ("today 15:00", When(MON, time(15, 0))),
    ("tomorrow 10am", When(date(2026, 11, 24), time(10, 0))),
    ("tomorrow at 3:30 pm", When(date(2026, 11, 24), time(15, 30))),
    ("thu", When(date(2026, 11, 26))),
    ("on Thursday 2pm", When(date(2026, 11, 26), time(14, 0))),
    ("in 2 weeks", When(date(2026, 12, 7))),
    ("in 3 days", When(date(2026, 11, 26))),
])
def test_every_form_of_a_callback_is_read(typed: str, expected: When) -> None:
    assert parse_when(typed, NOW) == expected


@pytest.mark.parametrize(("typed", "key"), [
    ("сегодня 9:00", "when.past"),  # an hour ago
    ("сегодня 10:00", "when.past"),  # this very minute
    ("01.01.2026", "when.past"),
    ("today 8am", "when.past"),
    ("10", "when.ambiguous"),  # the 10th or ten o'clock?
    ("в 5", "when.ambiguous"),
    ("завтра 5:00", "when.ambiguous"),  # five in the morning or in the evening?
    ("завтра в чт", "when.ambiguous"),
    ("сегодня 15:00 16:00", "when.ambiguous"),
    ("когда-нибудь", "when.unclear"),
    ("31.02", "when.unclear"),
    ("через", "when.unclear"),
    ("25:00", "when.unclear"),
    ("", "when.unclear"),
])
def test_a_past_or_ambiguous_callback_is_refused_with_a_hint(typed: str, key: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(typed, NOW)
    assert caught.value.key == key
    assert misread("date", typed, NOW) == key
    for lang in ("ru", "en"):
        assert Words(lang)(key)  # the hint exists in both languages
    assert understood("date", typed, NOW) is None


def test_a_time_zone_aware_now_counts_by_its_wall_clock() -> None:
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 23, 14, 59, tzinfo=ZoneInfo("Europe/Moscow"))
    assert parse_when("сегодня 15:00", now) == When(MON, time(15, 0))
    with pytest.raises(WhenError):
        parse_when("сегодня 14:30", now)


def test_the_time_travels_with_the_moved_outcome() -> None:
    outcome = understood("date", "завтра 10:00", NOW)
    assert outcome is not None and (outcome.day, outcome.text) == (date(2026, 11, 24), "10:00")
    plain = understood("date", "через 3 дня", NOW)
    assert plain is not None and (plain.day, plain.text) == (date(2026, 11, 26), "")


@pytest.mark.parametrize(("cell", "today", "ahead", "expected"), [
    ("5.12", date(2026, 11, 23), True, date(2026, 12, 5)),
    ("5.12", date(2026, 12, 10), True, date(2026, 12, 5)),  # passed: overdue, not next year's
    ("5.01", date(2026, 11, 23), True, date(2027, 1, 5)),
    ("5.12", date(2026, 11, 23), False, date(2025, 12, 5)),  # a last contact: gone by
    ("23.11", date(2026, 11, 23), False, date(2026, 11, 23)),
    ("29.02", date(2026, 11, 23), True, date(2027, 2, 28)),
    ("5/12", date(2026, 11, 23), True, date(2026, 12, 5)),
])
def test_a_day_and_month_cell_is_read_against_today(cell: str, today: date, ahead: bool,
                                                    expected: date) -> None:
    assert parse_date(cell, today, ahead) == expected


def test_a_day_and_month_cell_needs_a_today_and_a_real_day() -> None:
    with pytest.raises(ValueError):
        parse_date("5.12")
    with pytest.raises(ValueError):
        parse_date("31.02", date(2026, 11, 23))


def test_the_sheet_reads_5_12_in_each_date_column() -> None:
    backend = MemoryBackend({"Клиенты": [
        ["ID", "Компания", "Дата последнего контакта", "Дата следующего контакта"],
        ["1", "ООО Ромашка", "20.11", "5.12"],
        ["2", "ООО Лютик", "31.02", "5.01"],
    ]})
    table = read_clients(backend, TableSettings(today=date(2026, 11, 23)))
    first, second = table.rows
    assert (first.last_contact, first.next_contact) == (date(2026, 11, 20), date(2026, 12, 5))
    assert not first.problems
    assert second.next_contact == date(2027, 1, 5)
    assert [p.kind for p in second.problems] == ["date"]  # 31.02: flagged, never guessed
