"""The segment rules: pure functions of (row, date, settings) -> segment, role and why due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from bot.core.calendar import WorkCalendar, months_before, whole_months
from bot.core.purchases import PurchaseStats
from bot.core.segments import Role, Segment, segment_role
from sheets.fields import Field, Status
from sheets.table import ClientRow
from sheets.values import norm

_REFUSALS = (Status.refused_early, Status.refused_after_offer)
_WARM = (Status.interested, Status.special_offer_sent)


@dataclass(frozen=True)
class RuleSettings:
    """The rules' knobs (config.yaml `rules:` and `schedule:`), PRODUCT.md's defaults."""

    active_months: int = 6
    lapsed_role: Role = Role.closer
    worked_out_reasons: frozenset[str] = frozenset({norm("Дорого"),
                                                    norm("Работаем с другим поставщиком")})
    offer_followup_days: int = 3
    retry_after_days: int = 90
    followup_after_days: int = 14
    reactivate_after_days: int = 30
    touch_every_days: int = 30
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


class DueKind(StrEnum):
    """Where a client stands today: overdue, due today, pool work, later, or never."""

    overdue = "overdue"
    today = "today"
    pool = "pool"
    later = "later"
    never = "never"


class Why(StrEnum):
    """Why a client is (or will be) due; texts render it with the Due's numbers."""

    promised = "promised"  # the next contact date agreed with the client
    new = "new"  # never contacted: pool work
    no_answer = "no_answer"  # did not pick up: again the next working day
    offer_sent = "offer_sent"  # standard offer sent, call back
    retry = "retry"  # refused: a new cold attempt, another person
    warm_no_step = "warm_no_step"  # a warm lead with no next step
    follow_up = "follow_up"  # the prepared second attempt
    lapsed = "lapsed"  # bought before, not for months
    touch = "touch"  # an active client not contacted for a while
    reorder = "reorder"  # an active client's usual interval between purchases has passed
    stop = "stop"  # do not call


class Due(NamedTuple):
    """When a client is due and why: `on` is the due date (None for pool and never)."""

    kind: DueKind
    why: Why
    on: date | None = None
    days: int = 0  # days since the reference contact (timers), 0 for promised dates
    months: int = 0  # months without a purchase (lapsed)
    reason: str = ""  # the refusal reason, for follow_up
    every: int = 0  # the client's usual days between purchases (reorder)
    since: date | None = None  # the reference contact (a missed call: the day of the attempt)

    @property
    def listed(self) -> bool:
        """True when the client belongs on today's list."""
        return self.kind in (DueKind.overdue, DueKind.today, DueKind.pool)


def is_worked_out(reason: str, settings: RuleSettings) -> bool:
    """True when the refusal reason is an objection the firm has an answer to."""
    return bool(reason) and norm(reason) in settings.worked_out_reasons


def segment_of(row: ClientRow, today: date, settings: RuleSettings) -> Segment | None:
    """The client's segment; None when a cell it depends on cannot be read."""
    if row.status is Status.do_not_call:
        return Segment.stop
    if row.bad(Field.last_purchase) or row.status is None:
        return None
    if row.last_purchase is not None:
        boundary = months_before(today, settings.active_months)
        return Segment.active if row.last_purchase >= boundary else Segment.lapsed
    status = row.status
    if status in (Status.new, Status.no_answer):
        return Segment.new
    if status is Status.offer_sent:
        return Segment.prospect
    if status in _REFUSALS:
        return Segment.follow_up if is_worked_out(row.refusal_reason, settings) else Segment.retry
    if status in _WARM:
        return Segment.warm
    if status is Status.refused_after_special:
        return Segment.follow_up
    return Segment.active  # a customer with no purchase date yet


def role_of(segment: Segment, settings: RuleSettings) -> Role | None:
    """The role that owns a segment, with the lapsed setting applied."""
    return segment_role(segment, settings.lapsed_role)


def due_of(row: ClientRow, segment: Segment, today: date, settings: RuleSettings,
           stats: PurchaseStats | None = None) -> Due:
    """When and why the client is due. A next contact date set by a person wins over timers.

    `stats` (from the purchases tab) gives an active client his own reorder rhythm.
    """
    if segment is Segment.stop:
        return Due(DueKind.never, Why.stop)
    if row.next_contact is not None:
        if row.status is Status.no_answer and row.last_contact is not None:  # a missed call
            return _dated(Why.no_answer, row.next_contact, today, since=row.last_contact)
        return _dated(Why.promised, row.next_contact, today)
    if segment is Segment.new:
        return _due_new(row, today, settings)
    if segment is Segment.warm:
        return Due(DueKind.today, Why.warm_no_step, today)
    if segment is Segment.active:
        return _due_active(row, today, settings, stats)
    if segment is Segment.lapsed:
        due = _timer(Why.lapsed, row.last_contact, today, settings.reactivate_after_days)
        months = whole_months(row.last_purchase, today) if row.last_purchase else 0
        return due._replace(months=months)
    days = {
        Segment.prospect: (Why.offer_sent, settings.offer_followup_days),
        Segment.retry: (Why.retry, settings.retry_after_days),
        Segment.follow_up: (Why.follow_up, settings.followup_after_days),
    }
    why, wait = days[segment]
    return _timer(why, row.last_contact, today, wait)._replace(reason=row.refusal_reason)


def _due_new(row: ClientRow, today: date, settings: RuleSettings) -> Due:
    """Never contacted: pool; no answer: again the next working day after the attempt."""
    if row.status is Status.no_answer:
        if row.last_contact is None:
            return Due(DueKind.today, Why.no_answer, today)
        return _dated(Why.no_answer, settings.calendar.next_workday(row.last_contact), today,
                      since=row.last_contact)
    return Due(DueKind.pool, Why.new)


def _due_active(row: ClientRow, today: date, settings: RuleSettings,
                stats: PurchaseStats | None) -> Due:
    """Active: his reorder date once it has come, else whichever of reorder and touch is first."""
    touch = _timer(Why.touch, _latest(row.last_contact, row.last_purchase), today,
                   settings.touch_every_days)
    reorder = _reorder(row, today, stats)
    if reorder is None:
        return touch
    if reorder.kind is not DueKind.later:
        return reorder
    if touch.kind is DueKind.later and reorder.on and touch.on and reorder.on <= touch.on:
        return reorder
    return touch


def _reorder(row: ClientRow, today: date, stats: PurchaseStats | None) -> Due | None:
    """Due the usual gap after the last purchase; None with no rhythm (fewer than two purchase
    days) or when a contact on or after that date already served this reorder."""
    if stats is None or stats.median_gap_days is None:
        return None
    last = _latest(row.last_purchase, stats.last) or stats.last
    on = last + timedelta(days=stats.median_gap_days)
    if row.last_contact is not None and row.last_contact >= on:
        return None
    return _dated(Why.reorder, on, today, since=last)._replace(every=stats.median_gap_days)


def _timer(why: Why, since: date | None, today: date, wait: int) -> Due:
    """Due `wait` days after the reference date; due today when there is no reference."""
    if since is None:
        return Due(DueKind.today, why, today)
    return _dated(why, since + timedelta(days=wait), today, since=since)


def _dated(why: Why, on: date, today: date, since: date | None = None) -> Due:
    """A due date compared with today: overdue, today or later."""
    elapsed = (today - since).days if since else 0
    if on < today:
        return Due(DueKind.overdue, why, on, days=elapsed, since=since)
    kind = DueKind.today if on == today else DueKind.later
    return Due(kind, why, on, days=elapsed, since=since)


def _latest(*days: date | None) -> date | None:
    """The latest of the dates given, ignoring blanks."""
    present = [d for d in days if d is not None]
    return max(present) if present else None


def overdue_days(due: Due, today: date) -> int:
    """How many days past its due date a client is (0 when not overdue)."""
    return (today - due.on).days if due.kind is DueKind.overdue and due.on else 0
