"""The head's numbers for a period, from the journal and the sheet: work per manager,
refusal reasons and their shares, overdue promises, output in norm-hours. Pure functions."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import ClassVar

from bot.core import texts
from bot.core.columns import Cells, Columns
from bot.core.config import Config
from bot.core.journal import REQUEST, JournalLine
from bot.core.outcomes import WORD_KEYS, Kind, spellings, typed_day
from bot.core.plan import SyncPlan
from bot.core.segments import Role
from bot.words import Words
from sheets.base import CellValue, Grid
from sheets.table import HEADER_SCAN_ROWS
from sheets.values import cell_text, norm, parse_money

# The journal's outcome words, in either language.
PAID = spellings(WORD_KEYS[Kind.paid])
REFUSED = spellings(WORD_KEYS[Kind.refused])
CALL_OUTCOMES = {w for k in (Kind.paid, Kind.refused, Kind.moved, Kind.no_answer)
                 for w in spellings(WORD_KEYS[k])}
UNDO = spellings("tab.journal.undo")  # a line taking back an outcome (its word in `reason`)
LAST_REFUSALS = 100


@dataclass
class ManagerLine:
    """One manager's work in the period."""

    name: str
    worked: int = 0  # cards with an outcome (notes not counted)
    outcomes: Counter[str] = field(default_factory=Counter)  # worked cards by outcome: sums up
    notes: int = 0
    paid: int = 0
    paid_sum: float = 0.0
    leads_handed: int = 0  # hand-overs from him to a closer (the lead generator's measure)
    minutes: float = 0.0
    days: int = 0  # working days in the period, for hours per day

    @property
    def conversion(self) -> float:
        """Share of worked cards that ended in a payment."""
        return self.paid / self.worked if self.worked else 0.0

    @property
    def hours_per_day(self) -> float:
        """Norm-hours per working day."""
        return self.minutes / 60 / self.days if self.days else 0.0


@dataclass
class Report:
    """All the figures of one period."""

    start: date
    end: date
    managers: list[ManagerLine]
    reasons: Counter[str]
    reasons_by_segment: dict[str, Counter[str]]
    reasons_by_manager: dict[str, Counter[str]]
    last_reasons: Counter[str]
    handovers: int
    overdue: dict[str, list[tuple[str, date]]]  # manager -> (company, promised day), oldest first
    target_hours: float

    @property
    def empty(self) -> bool:
        """Nothing was worked in the period: no outcome, no note, no hand-over (a chart of it
        would be all zeros)."""
        return not self.handovers and not any(m.worked or m.notes for m in self.managers)


def period(arg: str, today: date) -> tuple[date, date]:
    """'' -> this week so far; 'month' -> this month so far; '01.11 15.11' -> those days.

    >>> period("", date(2026, 11, 25)), period("month", date(2026, 11, 25))[0]
    ((datetime.date(2026, 11, 23), datetime.date(2026, 11, 25)), datetime.date(2026, 11, 1))
    """

    words = arg.split()
    if not words:
        return today - timedelta(days=today.weekday()), today
    if words[0].lower() in ("month", "месяц"):
        return today.replace(day=1), today
    days = [_past_day(w, today, typed_day) for w in words[:2]]
    if None in days:
        raise ValueError(arg)
    start, end = days[0], days[-1]
    return (min(start, end), max(start, end))  # type: ignore[type-var,return-value]


def _past_day(word: str, today: date, typed_day) -> date | None:  # noqa: ANN001
    """A typed day read as this year's (or last year's when it would be in the future)."""
    day = typed_day(word, today.replace(month=1, day=1))
    if day is not None and day > today:
        day = day.replace(year=day.year - 1)
    return day


def build(entries: list[JournalLine], plan: SyncPlan, cfg: Config, start: date, end: date,
          purchases: dict[tuple[str, date], float] | None = None) -> Report:
    """The figures of [start, end] from the journal, the sheet and the payments' sums."""
    purchases = purchases or {}
    closers = {norm(m.name) for m in cfg.managers_of(Role.closer)}
    lines = {norm(m.name): ManagerLine(m.name) for m in cfg.managers}
    segment_of = {p.client_id: cfg.label(p.segment) for p in plan.rows if p.segment}
    reasons: Counter[str] = Counter()
    by_segment: dict[str, Counter[str]] = defaultdict(Counter)
    by_manager: dict[str, Counter[str]] = defaultdict(Counter)
    all_refusals: list[str] = []
    handovers = 0
    workdays = sum(cfg.calendar().is_workday(start + timedelta(days=i))
                   for i in range((end - start).days + 1))
    for e in _without_undone(entries):
        if e.outcome in REFUSED and e.reason:
            all_refusals.append(e.reason)
        if e.when is None or not start <= e.when.date() <= end:
            continue
        line = lines.setdefault(norm(e.who), ManagerLine(e.who))
        line.minutes += _minutes(e.outcome, cfg)
        if e.is_handover:
            handovers += 1
            target = e.note.split("→", 1)[1].split("(")[0] if "→" in e.note else ""
            if norm(target) in closers:
                line.leads_handed += 1
            continue
        if e.outcome in REQUEST:
            continue
        if e.outcome not in CALL_OUTCOMES:
            line.notes += 1
            continue
        line.outcomes[e.outcome] += 1
        line.worked += 1
        if e.outcome in PAID:
            line.paid += 1
            line.paid_sum += purchases.get((e.client_id, e.when.date()), 0.0)
        if e.outcome in REFUSED:
            reason = e.reason or "—"
            reasons[reason] += 1
            by_segment[segment_of.get(e.client_id, "—")][reason] += 1
            by_manager[line.name][reason] += 1
    for line in lines.values():
        line.days = workdays
    overdue: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for p in plan.rows:
        r = p.row
        if r.next_contact and r.next_contact < plan.today and p.segment is not None and (
                r.last_contact is None or r.last_contact < r.next_contact):
            overdue[p.owner or "—"].append((r.company or r.contact, r.next_contact))
    for items in overdue.values():
        items.sort(key=lambda item: item[1])
    return Report(start, end, list(lines.values()), reasons, dict(by_segment),
                  dict(by_manager), Counter(all_refusals[-LAST_REFUSALS:]), handovers,
                  dict(overdue), cfg.report.daily_target_hours)


def _without_undone(entries: list[JournalLine]) -> list[JournalLine]:
    """The journal without its undo lines and the outcomes they took back (for each, the last
    earlier line of that client with that outcome): an undone press counts nowhere."""
    kept: list[JournalLine] = []
    for e in entries:
        if e.outcome not in UNDO:
            kept.append(e)
            continue
        for i in range(len(kept) - 1, -1, -1):
            if kept[i].client_id == e.client_id and kept[i].outcome == e.reason:
                del kept[i]
                break
    return kept


def _minutes(outcome: str, cfg: Config) -> float:
    """Norm minutes of one journal line: calls and requests count as calls, notes as nothing."""
    if outcome in CALL_OUTCOMES or outcome in REQUEST:
        return float(cfg.norms.get("call", 0))
    return 0.0


def shares(counts: Counter[str]) -> list[tuple[str, int, float]]:
    """(reason, count, share) most common first.

    >>> shares(Counter({"Дорого": 3, "Другое": 1}))
    [('Дорого', 3, 0.75), ('Другое', 1, 0.25)]
    """
    total = sum(counts.values())
    return [(k, n, n / total) for k, n in counts.most_common()] if total else []


def render(rep: Report, lang: str) -> str:
    """The report as one HTML message (the text a head reads in Telegram)."""
    w = Words(lang)
    out = [w("report.title", start=texts.full_date(rep.start), end=texts.full_date(rep.end)), ""]
    if rep.empty:
        return "\n".join([*out, w("report.no_data"), "", *_overdue(rep, w)])
    out.append(w("report.managers"))
    out += [_manager_line(m, rep.target_hours, w) for m in rep.managers]
    out += ["", w("report.reasons")]
    out += [f"{escape(k)}: {n} ({s:.0%})" for k, n, s in shares(rep.reasons)] or ["—"]
    for title, groups in (("report.by_segment", rep.reasons_by_segment),
                          ("report.by_manager", rep.reasons_by_manager)):
        if groups:
            out.append(w(title, groups="; ".join(
                f"{escape(g)} — " + ", ".join(f"{escape(k)} {n}" for k, n, _ in shares(c))
                for g, c in sorted(groups.items()))))
    if rep.last_reasons:
        out.append(w("report.last", count=LAST_REFUSALS, shares=", ".join(
            f"{escape(k)} {s:.0%}" for k, _, s in shares(rep.last_reasons))))
    out += ["", w("report.handovers", count=rep.handovers), "", *_overdue(rep, w)]
    return "\n".join(out)


def _overdue(rep: Report, w: Words) -> list[str]:
    """The overdue promises block: per manager, how many and the oldest few."""
    out = [w("report.overdue")]
    for name, items in rep.overdue.items():
        first = ", ".join(f"{escape(c)} ({texts.short_date(d)})" for c, d in items[:5])
        more = f" … +{len(items) - 5}" if len(items) > 5 else ""
        out.append(f"{escape(name)}: {len(items)} — {first}{more}")
    if not rep.overdue:
        out.append(w("common.none"))
    return out


def week_text(rep: Report, name: str, lang: str) -> str:
    """One manager's own week for /my: cards worked, outcomes by kind, payments (count, sum),
    norm-hours against the daily target."""
    w = Words(lang)
    m = next((x for x in rep.managers if norm(x.name) == norm(name)), ManagerLine(name))
    out = [w("my.title", start=texts.full_date(rep.start), end=texts.full_date(rep.end)),
           w("my.worked", count=m.worked)]
    out += [w("my.outcome", outcome=escape(k), count=n) for k, n in m.outcomes.most_common()]
    out.append(w("my.paid", count=m.paid, sum=texts.money(m.paid_sum, lang)))
    out.append(w("my.hours", hours=f"{m.minutes / 60:.1f}", per_day=f"{m.hours_per_day:.1f}",
                 target=f"{rep.target_hours:g}"))
    return "\n".join(out)


def _manager_line(m: ManagerLine, target: float, w: Words) -> str:
    """One manager's figures in one line."""
    kinds = ", ".join(f"{escape(k)} {n}" for k, n in m.outcomes.most_common()) or "—"
    notes = w("report.notes", count=m.notes) if m.notes else ""
    return w("report.manager", notes=notes, name=escape(m.name), worked=m.worked, kinds=kinds,
             paid=m.paid,
             money=f"{m.paid_sum:,.0f}".replace(",", " "), leads=m.leads_handed,
             conversion=m.conversion, hours=m.hours_per_day, target=target)


# The number formats of the tab's figures (Excel's codes; sheets.base.CellWrite.fmt).
COUNT, SHARE, MONEY, HOURS = "0", "0%", "#,##0", "0.0"
Shown = tuple[CellValue, str | None]  # a cell and the number format it is shown in


def grid(rep: Report, lang: str) -> list[list[CellValue]]:
    """The `Отчёт` tab: a title, a table per manager, the reasons with shares, overdue."""
    return [[value for value, _ in row] for row in shown(rep, lang)]


def formats(rep: Report, lang: str) -> dict[tuple[int, int], str]:
    """The number format of each figure of `grid`, by 1-based (row, column)."""
    return {(r, c): fmt for r, row in enumerate(shown(rep, lang), start=1)
            for c, (_, fmt) in enumerate(row, start=1) if fmt is not None}


def shown(rep: Report, lang: str) -> list[list[Shown]]:
    """The `Отчёт` tab's cells with their number formats: counts as whole numbers, shares as
    percentages, sums with thousands separators (no format left from before shows through)."""
    w = Words(lang)
    span = {"start": texts.full_date(rep.start), "end": texts.full_date(rep.end)}
    rows: list[list[Shown]] = [[(w("tab.report.title", **span), None)], [],
                               _words(*REPORT_COLUMNS.header(lang))]
    rows += [list(zip(r.cells(), ReportRow.FORMATS, strict=True))
             for r in (ReportRow.for_manager(m, rep.target_hours) for m in rep.managers)]
    reason, refusals, share = (w("tab.report.reason"), w("tab.report.refusals"),
                               w("tab.report.share"))
    rows += [[], _words(reason, refusals, share)]
    rows += [[(k, None), (n, COUNT), (round(s, 3), SHARE)] for k, n, s in shares(rep.reasons)]
    for title, groups in ((w("tab.report.segment"), rep.reasons_by_segment),
                          (w("tab.report.manager"), rep.reasons_by_manager)):
        if groups:
            rows += [[], _words(title, reason, refusals, share)]
            rows += [[(g, None), (k, None), (n, COUNT), (round(sh, 3), SHARE)]
                     for g, c in sorted(groups.items()) for k, n, sh in shares(c)]
    rows += [[], _words(w("tab.report.overdue"), w("tab.report.client"),
                        w("tab.report.promised"))]
    for name, items in rep.overdue.items():
        rows += [[(name, None), (c, None), (d, None)] for c, d in items]
    return rows


def _words(*texts_: str) -> list[Shown]:
    """A row of words (headers), no number format."""
    return [(t, None) for t in texts_]


REPORT_COLUMNS = Columns(
    ("tab.report.manager", "tab.report.cards", "tab.report.paid", "tab.report.paid_sum",
     "tab.report.leads_handed", "tab.report.conversion", "tab.report.hours_per_day",
     "tab.report.target_hours"),
    required=("tab.report.manager", "tab.report.cards"),
    scan=HEADER_SCAN_ROWS,
)


@dataclass(frozen=True)
class ReportRow:
    """One manager's line in the tab's first table: the tab's row codec (`cells`, `of`)."""

    manager: str
    cards: int
    paid: int
    paid_sum: float
    leads_handed: int
    conversion: float  # a share, 0..1
    hours_per_day: float
    target_hours: float

    FORMATS: ClassVar[tuple[str | None, ...]] = (None, COUNT, COUNT, MONEY, COUNT, SHARE,
                                                 HOURS, HOURS)

    @classmethod
    def for_manager(cls, m: ManagerLine, target_hours: float) -> ReportRow:
        """A manager's figures as the tab shows them (sums to kopecks, shares to 0.1%)."""
        return cls(m.name, m.worked, m.paid, round(m.paid_sum, 2), m.leads_handed,
                   round(m.conversion, 3), round(m.hours_per_day, 2), target_hours)

    def cells(self) -> list[CellValue]:
        """The row to write, in the header's order."""
        return [self.manager, self.cards, self.paid, self.paid_sum, self.leads_handed,
                self.conversion, self.hours_per_day, self.target_hours]

    @classmethod
    def of(cls, cells: Cells) -> ReportRow:
        """A row read back (its cells in the header's order); an unreadable number reads 0."""
        name, cards, paid, paid_sum, leads, conversion, hours, target = cells
        return cls(cell_text(name), int(_number(cards)), int(_number(paid)), _number(paid_sum),
                   int(_number(leads)), _number(conversion), _number(hours), _number(target))


def _number(value: CellValue) -> float:
    """A figure read back from the tab; 0 when empty or unreadable."""
    try:
        return parse_money(value) or 0.0
    except ValueError:
        return 0.0


def read_report(tab: Grid) -> list[ReportRow]:
    """The managers' table of an `Отчёт` tab (found by its header, in either language)."""
    return [ReportRow.of(cells) for cells in REPORT_COLUMNS.rows(tab, until_blank=True)]
