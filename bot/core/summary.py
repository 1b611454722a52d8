"""What the command line prints: sync summaries, dry-run changes, check results, in ru/en."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from bot.core.config import Config
from bot.core.plan import SyncPlan
from bot.core.segments import LABELS, LABELS_EN, Segment
from bot.core.texts import full_date
from sheets.base import NewTable, col_letter
from sheets.fields import Field
from sheets.values import cell_text


def summary(plan: SyncPlan, location: str, lang: str, written: bool = True) -> str:
    """The short summary after a sync: rows, segments, cells, hand-overs, flagged rows."""
    ru = lang != "en"
    labels = LABELS if ru else LABELS_EN
    counts = plan.segment_counts()
    per = ", ".join(f"{labels[s]} {counts[s]}" for s in Segment if counts[s]) or "—"
    cells = plan.changes.cell_count()
    flagged = len(plan.flagged)
    if ru:
        verb = "записано" if written else "было бы записано"
        lines = [
            f"Синхронизация: {location}, на {full_date(plan.today)}",
            f"  строк прочитано: {len(plan.rows)}",
            f"  по сегментам: {per}",
            f"  ячеек {verb}: {cells}",
            f"  передач другому менеджеру: {len(plan.handovers)}",
            f"  строк с ошибками: {flagged}"
            + (" (что исправить — в столбце «Следующее действие»)" if flagged else ""),
        ]
    else:
        verb = "written" if written else "that would be written"
        lines = [
            f"Sync: {location}, as of {full_date(plan.today)}",
            f"  rows read: {len(plan.rows)}",
            f"  by segment: {per}",
            f"  cells {verb}: {cells}",
            f"  hand-overs: {len(plan.handovers)}",
            f"  rows flagged: {flagged}"
            + (" (what to fix is in the 'Next action' column)" if flagged else ""),
        ]
    return "\n".join(lines)


def dry_run(plan: SyncPlan, lang: str) -> str:
    """Every cell the sync would write and every row it would append, without writing."""
    ru = lang != "en"
    old = {(p.row.row, f): v for p in plan.rows for f, v in _bot_cells(p).items()}
    lines = ["Ничего не записано (--dry-run). Изменения:" if ru
             else "Nothing written (--dry-run). Changes:"]
    cols = {c: f for f, c in plan.table.layout.columns.items()}
    for tab, writes in plan.changes.cells.items():
        for w in writes:
            before = old.get((w.row, cols.get(w.col)), "")
            new = cell_text(w.value)
            lines.append(f"  {tab}!{col_letter(w.col)}{w.row}: «{before}» → «{new}»")
    for tab, rows in plan.changes.appends.items():
        for r in rows:
            lines.append(f"  {tab} + " + " | ".join(cell_text(v) for v in r))
    if len(lines) == 1:
        lines.append("  нет" if ru else "  none")
    return "\n".join(lines)


def _bot_cells(p) -> dict:
    """The current text of the bot's cells of a row plan, by field."""
    r = p.row
    return {Field.owner: r.owner, Field.segment: r.segment, Field.next_action: r.next_action,
            Field.id: r.id}


def check(plan: SyncPlan, cfg: Config) -> tuple[str, int]:
    """Problems grouped by kind, row by row; returns the text and the number of problems."""
    ru = cfg.language != "en"
    groups: dict[str, list[str]] = defaultdict(list)
    names = {
        "date": ("Даты, которые не читаются", "Dates that cannot be read"),
        "status": ("Неизвестные статусы", "Unknown status words"),
        "money": ("Суммы, которые не читаются", "Sums that cannot be read"),
        "id": ("Повторяющиеся ID", "Duplicate IDs"),
    }
    for p in plan.rows:
        for cp, text in zip(p.row.problems, p.problems, strict=False):
            groups[cp.kind].append(f"    строка {cp.row}: {text}" if ru else
                                   f"    row {cp.row}: {text}")
        for text in p.problems[len(p.row.problems):]:
            groups["id"].append(f"    строка {p.row.row}: {text}" if ru else
                                f"    row {p.row.row}: {text}")
    count = sum(len(v) for v in groups.values())
    tab = plan.table.layout.tab
    if not count:
        return ((f"Всё в порядке: config.yaml и лист «{tab}» ({len(plan.rows)} строк) без ошибок."
                 if ru else f"All good: config.yaml and tab '{tab}' ({len(plan.rows)} rows) "
                 f"have no problems."), 0)
    head = (f"Найдено проблем: {count} (лист «{tab}»). Исправьте ячейки и запустите check снова."
            if ru else f"{count} problem(s) in tab '{tab}'. Fix the cells and run check again.")
    out = [head]
    for kind, (title_ru, title_en) in names.items():
        if groups.get(kind):
            out.append(f"  {title_ru if ru else title_en} ({len(groups[kind])}):")
            out.extend(groups[kind])
    return "\n".join(out), count


def created(location: str, rows: int, lang: str) -> str:
    """After init."""
    if lang == "en":
        return f"Created the table in {location}" + (f" with {rows} sample clients." if rows
                                                        else ".")
    return f"Таблица создана: {location}" + (f", образцов клиентов: {rows}." if rows else ".")


def init_preview(table: NewTable, lang: str) -> str:
    """What init would lay out (--dry-run)."""
    head = ("Ничего не создано (--dry-run). Будет лист" if lang != "en"
            else "Nothing created (--dry-run). Would lay out tab")
    return (f"{head} «{table.tab}»: {', '.join(table.headers)}; "
            f"+ {', '.join(table.extra_tabs)}; rows: {len(table.rows)}")


def day_off(day: date, lang: str) -> str:
    """A non-working day gets no list."""
    if lang == "en":
        return f"{full_date(day)} is not a working day (schedule.workdays / holidays): no lists."
    return f"{full_date(day)} — нерабочий день (schedule.workdays / holidays): списков нет."


def demo_done(folder: Path, config: str, lang: str) -> str:
    """The last lines of `demo`: where things are and what to try next."""
    if lang == "en":
        return (f"Demo workbook: {folder / 'clients.xlsx'} (open it in Excel or LibreOffice).\n"
                f"Try: python -m bot --config {config} check")
    return (f"Демо-таблица: {folder / 'clients.xlsx'} (откройте в Excel или LibreOffice).\n"
            f"Попробуйте: python -m bot --config {config} check")


def not_sent(has_token: bool, dry: bool, lang: str, demo: bool = False) -> str:
    """Why the lists were printed and not sent."""
    ru = lang != "en"
    if demo:
        return ("(демо: списки напечатаны — в Telegram они уходят, когда в config.yaml ваши "
                "менеджеры, а токен бота задан)" if ru else "(demo: the lists are printed — "
                "they go to Telegram once config.yaml has your managers and the token is set)")
    if dry:
        return "(--dry-run: ничего не отправлено)" if ru else "(--dry-run: nothing sent)"
    if not has_token:
        return ("(токен бота не задан — списки напечатаны, не отправлены)" if ru
                else "(no bot token set — the lists are printed, not sent)")
    return ("(списки другого дня не отправляются — только напечатаны)" if ru
            else "(lists of another day are printed, never sent)")


def delivery(outcome, names: dict[int, str], lang: str) -> str:
    """What the digest sent, who could not be reached, what waits for the next run."""
    ru = lang != "en"
    lines = [f"Отправлено сообщений: {outcome.sent}" if ru else f"Messages sent: {outcome.sent}"]
    for chat, words in outcome.unreachable.items():
        who = names.get(chat, str(chat))
        lines.append(f"  ⚠ {who}: не доставлено ({words})" if ru
                     else f"  ⚠ {who}: not delivered ({words})")
    if outcome.postponed:
        who = ", ".join(names.get(c, str(c)) for c in sorted(outcome.postponed))
        lines.append(f"  Telegram не ответил для: {who} — следующий запуск дошлёт." if ru
                     else f"  Telegram did not answer for: {who} — the next run sends them.")
    return "\n".join(lines)


def no_token(env: str, lang: str) -> str:
    """`run` without a token."""
    if lang == "en":
        return (f"No bot token: set the environment variable {env} (get a token from "
                f"@BotFather in Telegram), then start again. Without a token, use "
                f"'python -m bot once' — it prints the lists.")
    return (f"Нет токена бота: задайте переменную окружения {env} (токен выдаёт @BotFather в "
            f"Telegram) и запустите снова. Без токена используйте «python -m bot once» — "
            f"списки будут напечатаны.")


def telegram_down(words: str, lang: str) -> str:
    """Telegram could not be reached at all; the lists stay stored for the next run."""
    if lang == "en":
        return (f"Telegram cannot be reached ({words}). Nothing is lost: the next run sends "
                f"the lists. Check the network and telegram.base_url in config.yaml.")
    return (f"Telegram недоступен ({words}). Ничего не потеряно: следующий запуск отправит "
            f"списки. Проверьте сеть и telegram.base_url в config.yaml.")
