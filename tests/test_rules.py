"""The segment rules, line by line of PRODUCT.md's tables, plus properties on any cell value."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.calendar import WorkCalendar
from bot.core.rules import DueKind, RuleSettings, Why, due_of, role_of, segment_of
from bot.core.segments import Role, Segment
from sheets.fields import Field, Status
from sheets.table import CellProblem, ClientRow

TODAY = date(2026, 11, 23)  # a Monday
S = RuleSettings()


def row(**kw: object) -> ClientRow:
    """A client row with the given fields."""
    return ClientRow(row=2, **kw)  # type: ignore[arg-type]


def ago(days: int) -> date:
    """TODAY minus days."""
    return TODAY - timedelta(days=days)


# PRODUCT.md, status table: status (+ reason) -> segment.
@pytest.mark.parametrize(("status", "reason", "segment"), [
    (Status.new, "", Segment.new),
    (Status.no_answer, "", Segment.new),
    (Status.refused_early, "Нет потребности", Segment.retry),
    (Status.refused_early, "Дорого", Segment.follow_up),
    (Status.refused_early, "  дорого ", Segment.follow_up),
    (Status.offer_sent, "", Segment.prospect),
    (Status.refused_after_offer, "", Segment.retry),
    (Status.refused_after_offer, "Работаем с другим поставщиком", Segment.follow_up),
    (Status.interested, "", Segment.warm),
    (Status.special_offer_sent, "", Segment.warm),
    (Status.refused_after_special, "", Segment.follow_up),
    (Status.refused_after_special, "Нет потребности", Segment.follow_up),
    (Status.do_not_call, "", Segment.stop),
])
def test_status_leads_to_segment(status: Status, reason: str, segment: Segment) -> None:
    assert segment_of(row(status=status, refusal_reason=reason), TODAY, S) == segment


@pytest.mark.parametrize(("bought", "months", "segment"), [
    (date(2026, 5, 23), 6, Segment.active),  # the boundary day counts as active
    (date(2026, 5, 22), 6, Segment.lapsed),
    (date(2026, 11, 23), 6, Segment.active),
    (date(2025, 1, 1), 6, Segment.lapsed),
    (date(2026, 8, 23), 3, Segment.active),
    (date(2026, 8, 22), 3, Segment.lapsed),
])
def test_purchase_date_decides_active_or_lapsed(bought: date, months: int,
                                                segment: Segment) -> None:
    s = RuleSettings(active_months=months)
    for status in (Status.customer, Status.new, Status.interested, Status.refused_early):
        assert segment_of(row(status=status, last_purchase=bought), TODAY, s) == segment


def test_month_end_boundary() -> None:
    # 31 August minus 6 months is 28 February (no 31 February).
    today = date(2026, 8, 31)
    assert segment_of(row(last_purchase=date(2026, 2, 28)), today, S) == Segment.active
    assert segment_of(row(last_purchase=date(2026, 2, 27)), today, S) == Segment.lapsed


def test_do_not_call_always_wins() -> None:
    r = row(status=Status.do_not_call, last_purchase=ago(1), next_contact=ago(3))
    assert segment_of(r, TODAY, S) == Segment.stop
    assert due_of(r, Segment.stop, TODAY, S).kind is DueKind.never


def test_customer_without_purchase_date_is_active() -> None:
    assert segment_of(row(status=Status.customer), TODAY, S) == Segment.active


@pytest.mark.parametrize(("segment", "lapsed_role", "role"), [
    (Segment.new, Role.closer, Role.cold_caller),
    (Segment.prospect, Role.closer, Role.cold_caller),
    (Segment.retry, Role.closer, Role.cold_caller),
    (Segment.warm, Role.closer, Role.closer),
    (Segment.follow_up, Role.closer, Role.closer),
    (Segment.lapsed, Role.closer, Role.closer),
    (Segment.lapsed, Role.account_manager, Role.account_manager),
    (Segment.active, Role.closer, Role.account_manager),
    (Segment.stop, Role.closer, None),
])
def test_roles(segment: Segment, lapsed_role: Role, role: Role | None) -> None:
    assert role_of(segment, RuleSettings(lapsed_role=lapsed_role)) == role


def test_unknown_status_or_bad_purchase_date_is_undecidable() -> None:
    assert segment_of(row(status=None), TODAY, S) is None
    bad = CellProblem(Field.last_purchase, 2, 10, "Дата последней покупки", "31.02.2026", "date")
    assert segment_of(row(status=Status.customer, problems=[bad]), TODAY, S) is None


# PRODUCT.md, segments table: when each segment is due (no next contact date set).
@pytest.mark.parametrize(("r", "segment", "kind", "why"), [
    (row(), Segment.new, DueKind.pool, Why.new),
    (row(status=Status.no_answer, last_contact=date(2026, 11, 20)), Segment.new,
     DueKind.today, Why.no_answer),  # Friday's no-answer is due Monday
    (row(status=Status.no_answer, last_contact=date(2026, 11, 23)), Segment.new,
     DueKind.later, Why.no_answer),
    (row(status=Status.no_answer, last_contact=date(2026, 11, 18)), Segment.new,
     DueKind.overdue, Why.no_answer),
    (row(last_contact=ago(3)), Segment.prospect, DueKind.today, Why.offer_sent),
    (row(last_contact=ago(2)), Segment.prospect, DueKind.later, Why.offer_sent),
    (row(last_contact=ago(5)), Segment.prospect, DueKind.overdue, Why.offer_sent),
    (row(last_contact=ago(90)), Segment.retry, DueKind.today, Why.retry),
    (row(last_contact=ago(89)), Segment.retry, DueKind.later, Why.retry),
    (row(), Segment.warm, DueKind.today, Why.warm_no_step),
    (row(last_contact=ago(14)), Segment.follow_up, DueKind.today, Why.follow_up),
    (row(last_contact=ago(13)), Segment.follow_up, DueKind.later, Why.follow_up),
    (row(last_contact=ago(30), last_purchase=ago(300)), Segment.lapsed, DueKind.today,
     Why.lapsed),
    (row(last_contact=ago(29), last_purchase=ago(300)), Segment.lapsed, DueKind.later,
     Why.lapsed),
    (row(last_contact=ago(30), last_purchase=ago(40)), Segment.active, DueKind.today, Why.touch),
    (row(last_contact=ago(10), last_purchase=ago(40)), Segment.active, DueKind.later, Why.touch),
    (row(last_purchase=ago(31)), Segment.active, DueKind.overdue, Why.touch),
])
def test_due_by_segment(r: ClientRow, segment: Segment, kind: DueKind, why: Why) -> None:
    due = due_of(r, segment, TODAY, S)
    assert (due.kind, due.why) == (kind, why)


@pytest.mark.parametrize("segment", [s for s in Segment if s is not Segment.stop])
def test_next_contact_today_or_past_makes_any_segment_due(segment: Segment) -> None:
    for days, kind in ((0, DueKind.today), (7, DueKind.overdue)):
        due = due_of(row(next_contact=ago(days), last_contact=ago(1)), segment, TODAY, S)
        assert (due.kind, due.why, due.on) == (kind, Why.promised, ago(days))


def test_future_next_contact_is_the_plan() -> None:
    due = due_of(row(next_contact=TODAY + timedelta(days=4)), Segment.warm, TODAY, S)
    assert (due.kind, due.on) == (DueKind.later, TODAY + timedelta(days=4))


def test_lapsed_counts_months_without_purchase() -> None:
    due = due_of(row(last_purchase=date(2026, 3, 10)), Segment.lapsed, TODAY, S)
    assert due.months == 8


def test_no_answer_skips_holidays_and_weekends() -> None:
    cal = WorkCalendar(frozenset(range(5)), frozenset({date(2026, 11, 23)}))
    s = RuleSettings(calendar=cal)
    r = row(status=Status.no_answer, last_contact=date(2026, 11, 20))
    assert due_of(r, Segment.new, TODAY, s).on == date(2026, 11, 24)


cell_values = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-10**9, 10**9),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(), st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_values, min_size=15, max_size=15), st.dates(date(1990, 1, 1),
                                                                 date(2100, 1, 1)))
def test_no_cell_value_crashes_reading_or_rules(cells: list, today: date) -> None:
    from sheets.fields import HEADERS
    from sheets.table import TableSettings, find_layout, parse_rows

    header = [HEADERS[f][0] for f in Field]
    grid = [header, cells]
    settings_ = TableSettings()
    layout = find_layout(grid, settings_)
    for r in parse_rows(grid, layout, settings_):
        segment = segment_of(r, today, S)
        if segment is not None:
            due = due_of(r, segment, today, S)
            assert due.kind in DueKind
