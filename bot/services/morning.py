"""The morning job: build each manager's list, store it, send it once, then tell the heads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.core import digest, journal
from bot.core.config import Config
from bot.core.lists import Entry, MorningList, build_lists
from bot.core.plan import SyncPlan
from bot.services.clock import Clock
from bot.services.sender import Limiter, Outcome, Send, deliver
from bot.services.state import Deck, Queued, State
from bot.services.sync import sync
from sheets.base import Backend
from sheets.table import find_tab
from sheets.values import norm

FIRST_LIST_LOOKBACK = timedelta(days=7)
WAIT_ELSEWHERE = 600.0  # seconds to wait for lists another process is sending
LOOK_AGAIN = 2.0  # seconds between looks at them
PARKED_TOLD = "parked_told"  # the meta key: the last parked press a head's summary named


@dataclass
class Morning:
    """A day's lists, ready to print or send."""

    day: date
    plan: SyncPlan
    lists: list[MorningList]
    handed: dict[str, list[digest.Handed]]  # manager name -> clients handed to him
    renamed: list[str] = field(default_factory=list)  # owner names that were no manager's,
    # replaced by the sync since yesterday: "«Оля» → Ольга"

    def messages(self, ml: MorningList, lang: str) -> list[str]:
        """One manager's list as Telegram messages."""
        return digest.render(ml, lang, self.handed.get(ml.manager.name, []))


def prepare(backend: Backend, cfg: Config, day: date, state: State | None = None) -> Morning:
    """Read the sheet (writing nothing) and build every manager's list for the day."""
    plan = sync(backend, cfg, day, dry_run=True)
    lists = build_lists(plan, cfg)
    entries: list[journal.JournalLine] = []
    journal_tab = find_tab(backend, cfg.sheet.journal_tab)
    if journal_tab in backend.tabs():
        entries = journal.read_lines(backend.read(journal_tab))
    handed = {ml.manager.name: _handed(ml, entries, plan, cfg, state) for ml in lists}
    return Morning(day, plan, lists, handed, _renamed(entries, cfg, day))


def _renamed(entries: list[journal.JournalLine], cfg: Config, day: date) -> list[str]:
    """Owner names the sync replaced since yesterday because they were no manager's (a typo,
    a nickname, someone who left), each once: "«Оля» → Ольга"."""
    names = {norm(m.name) for m in cfg.managers}
    since = datetime.combine(day - timedelta(days=1), datetime.min.time())
    out: dict[str, str] = {}
    for e in entries:
        if (e.is_handover and e.when is not None and e.when.replace(tzinfo=None) >= since
                and e.who and norm(e.who) not in names):
            out.setdefault(norm(e.who), e.note.split(" (")[0].replace(e.who, f"«{e.who}»", 1))
    return list(out.values())


def _handed(ml: MorningList, entries: list[journal.JournalLine], plan: SyncPlan, cfg: Config,
            state: State | None) -> list[digest.Handed]:
    """Clients handed to this manager since his last list, with their journal history."""
    since = state.last_list_at(ml.manager.telegram_id, ml.day) if state else None
    if since is None:
        since = datetime.combine(ml.day - FIRST_LIST_LOOKBACK, datetime.min.time())
    since = since.replace(tzinfo=None)
    mine = {p.client_id: p for p in plan.rows if norm(p.owner) == norm(ml.manager.name)}
    history: dict[str, list[journal.JournalLine]] = {}
    for e in entries:
        history.setdefault(e.client_id, []).append(e)
    out, seen = [], set()
    for e in entries:
        if not e.is_handover or e.client_id not in mine or e.client_id in seen:
            continue
        if e.when is None or e.when.replace(tzinfo=None) <= since:
            continue
        seen.add(e.client_id)
        p = mine[e.client_id]
        why = digest.texts.why_due(p.due, cfg.language) if p.due else ""
        lines = journal.recent(history[e.client_id])
        out.append(digest.Handed(Entry(p, why), e.who, lines))
    return out


async def send_day(morning: Morning, cfg: Config, state: State, send: Send, clock: Clock,
                   limiter: Limiter | None = None, backoff: float = 1.0,
                   wait: float = WAIT_ELSEWHERE) -> Outcome:
    """Store and send the day's lists (what is missing only), then the heads' summary; every
    wait sleeps on `clock`. Parts another process is sending are left to it: the summary waits
    (up to `wait` seconds) until every list is out, and goes once, whoever sends it."""
    day = morning.day
    for ml in morning.lists:
        if not state.has(day, ml.manager.telegram_id, "list"):
            state.store(day, ml.manager.telegram_id, "list", morning.messages(ml, cfg.language))
    limiter = limiter or Limiter(clock)
    outcome = await _lists(day, state, send, limiter, clock, backoff, wait)
    if state.parts(day, "list", "pending"):
        return outcome  # some lists wait for the network: the summary comes when they are out
    names = {m.telegram_id: m.name for m in cfg.managers}
    failed = sorted({names.get(p.chat_id, str(p.chat_id))
                     for p in state.parts(day, "list", "failed")})
    parked = _parked_since_last_summary(state)
    summary = digest.head_summary(morning.lists, failed, cfg.language, morning.plan,
                                  [(q.who, q.client_id) for q in parked], morning.renamed)
    for head in cfg.heads:
        if not state.has(day, head, "summary"):
            state.store(day, head, "summary", summary)
    if parked:
        state.put(PARKED_TOLD, str(parked[-1].id))
    await deliver(state.parts(day, "summary", "pending"), send, state, limiter, clock,
                  backoff=backoff, outcome=outcome)
    return outcome


def _parked_since_last_summary(state: State) -> list[Queued]:
    """Presses set aside since the heads were last told (only the worker's store has them)."""
    if not isinstance(state, Deck):
        return []
    told = int(state.get(PARKED_TOLD) or 0)
    return [q for q in state.queued("parked") if q.id > told]


async def _lists(day: date, state: State, send: Send, limiter: Limiter, clock: Clock,
                 backoff: float, wait: float) -> Outcome:
    """Send the pending list parts this run can claim; while another process sends the rest,
    look again every few seconds (up to `wait` seconds) and take over what it leaves."""
    outcome = Outcome()
    deadline = clock.monotonic() + wait
    while True:
        await deliver(state.parts(day, "list", "pending"), send, state, limiter, clock,
                      backoff=backoff, outcome=outcome)
        if (outcome.postponed or not state.parts(day, "list", "pending")
                or clock.monotonic() >= deadline):
            return outcome
        await clock.sleep(LOOK_AGAIN)
