"""Generated client bases laid out as people really keep them, with the answer each row expects.

The generator first picks what a row should become (segment, pinned owner, flaw) and then
writes the cells a person would have typed for it, so the expectation does not come from the
code under test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.core.config import Config
from bot.core.segments import Role, Segment, label_key
from bot.words import Words

TODAY = date(2026, 11, 23)
TITLE = "База клиентов ООО «Пример» — выгрузка для отдела продаж"
# Columns in another order than PRODUCT.md's, with columns of the firm's own and a formula.
HEADER = ["Код", "Организация", "Регион", "Этап", "ФИО", "Телефон", "Почта",
          "Дата последнего контакта", "Дата следующего контакта", "Причина отказа",
          "Дата последней покупки", "Потенциал", "С НДС", "Менеджер", "Комментарий", "Сегмент",
          "Следующее действие"]
COL = {name: i for i, name in enumerate(HEADER)}
LABEL = {s: Words("ru")(label_key(s)) for s in Segment}  # the segment words written
MANAGERS = [
    {"name": "Ольга", "role": "cold_caller", "telegram_id": 111111111, "daily_limit": 40},
    {"name": "Пётр", "role": "cold_caller", "telegram_id": 555555555, "daily_limit": 40},
    {"name": "Игорь", "role": "closer", "telegram_id": 222222222},
    {"name": "Марина", "role": "account_manager", "telegram_id": 333333333},
]
ROLE_OF = {m["name"]: Role(m["role"]) for m in MANAGERS}
SEGMENT_ROLE = {Segment.new: Role.cold_caller, Segment.prospect: Role.cold_caller,
                Segment.retry: Role.cold_caller, Segment.warm: Role.closer,
                Segment.follow_up: Role.closer, Segment.lapsed: Role.closer,
                Segment.active: Role.account_manager, Segment.stop: None}


@dataclass
class Expect:
    """What one row must look like after a sync."""

    segment: Segment | None  # None: the row is flagged and its segment kept
    pinned: str  # the owner typed by hand that must be kept ("" when none)
    flagged: bool = False
    kept_segment: str = ""  # for undecidable rows, the old label that must stay


def _date_forms(day: date, rnd: random.Random) -> object:
    """A date the way people type it: a date cell or text in one of the common forms."""
    form = rnd.randrange(6)
    if form == 0:
        return day
    if form == 1:
        return datetime(day.year, day.month, day.day)
    if form == 2:
        return day.strftime("%d.%m.%Y")
    if form == 3:
        return f"{day.day}.{day.month}.{day.strftime('%y')}"
    if form == 4:
        return day.isoformat()
    return day.strftime("%d/%m/%Y")


def _cells_for(segment: Segment, rnd: random.Random, today: date) -> dict[str, object]:
    """Status, dates and reason that make a row belong to a segment on `today`."""
    ago = lambda d: today - timedelta(days=d)  # noqa: E731
    c: dict[str, object] = {}
    if segment is Segment.new:
        c["Этап"] = rnd.choice(["", "Новый", "новый ", "Недозвон"])
        if c["Этап"] == "Недозвон":
            c["Дата последнего контакта"] = ago(rnd.randint(1, 10))
    elif segment is Segment.prospect:
        c["Этап"] = rnd.choice(["КП отправлено", "кп ОТПРАВЛЕНО"])
        c["Дата последнего контакта"] = ago(rnd.randint(0, 20))
    elif segment is Segment.retry:
        c["Этап"] = rnd.choice(["Отказ сразу", "Отказ после КП"])
        c["Причина отказа"] = rnd.choice(["Нет потребности", "Нет нужного товара", ""])
        c["Дата последнего контакта"] = ago(rnd.randint(10, 200))
    elif segment is Segment.warm:
        c["Этап"] = rnd.choice(["Интерес", "Спецпредложение отправлено"])
        c["Дата последнего контакта"] = ago(rnd.randint(0, 10))
    elif segment is Segment.follow_up:
        kind = rnd.randrange(3)
        if kind == 0:
            c["Этап"] = "Отказ после спецпредложения"
            c["Причина отказа"] = rnd.choice(["Нет потребности", "Дорого", ""])
        else:
            c["Этап"] = rnd.choice(["Отказ сразу", "Отказ после КП"])
            c["Причина отказа"] = rnd.choice(["Дорого", "дорого", "Работаем с другим поставщиком"])
        c["Дата последнего контакта"] = ago(rnd.randint(1, 60))
    elif segment is Segment.lapsed:
        c["Этап"] = rnd.choice(["Клиент", "Интерес", ""])
        c["Дата последней покупки"] = ago(rnd.randint(200, 900))
    elif segment is Segment.active:
        c["Этап"] = "Клиент"
        c["Дата последней покупки"] = ago(rnd.randint(0, 150))
        c["Дата последнего контакта"] = ago(rnd.randint(0, 60))
    else:
        c["Этап"] = rnd.choice(["Не звонить", "НЕ ЗВОНИТЬ"])
        if rnd.random() < 0.5:
            c["Дата последней покупки"] = ago(rnd.randint(0, 100))
    if segment is not Segment.stop and rnd.random() < 0.15:
        c["Дата следующего контакта"] = today + timedelta(days=rnd.randint(-10, 10))
    return c


SEGMENT_WEIGHTS = {Segment.new: 40, Segment.prospect: 8, Segment.retry: 10, Segment.warm: 8,
                   Segment.follow_up: 8, Segment.lapsed: 8, Segment.active: 14, Segment.stop: 4}


def messy_base(n: int = 2000, seed: int = 1,
               today: date = TODAY) -> tuple[list[list[object]], dict[int, Expect]]:
    """The clients tab as a grid (row 1 is the title) and the expectation per sheet row."""
    rnd = random.Random(seed)
    grid: list[list[object]] = [[TITLE] + [None] * (len(HEADER) - 1), [None] * len(HEADER),
                                list(HEADER)]
    expect: dict[int, Expect] = {}
    segments, weights = zip(*SEGMENT_WEIGHTS.items(), strict=True)
    next_id = 1000
    for i in range(n):
        if i and i % 97 == 0:
            grid.append([None] * len(HEADER))  # a blank line in the middle
        segment = rnd.choices(segments, weights)[0]
        row: list[object] = [None] * len(HEADER)
        sheet_row = len(grid) + 1
        next_id += 1
        row[COL["Код"]] = next_id if rnd.random() > 0.05 else None  # some IDs empty
        row[COL["Организация"]] = f"ООО «Клиент {i + 1}»"
        row[COL["Регион"]] = rnd.choice(["Москва", "Казань", "Пермь"])
        row[COL["ФИО"]] = f"Контакт {i + 1}"
        row[COL["Телефон"]] = f"+7 900 {i:07d}"
        row[COL["Потенциал"]] = rnd.choice([10000, "125 000,50", 50000.5, None])
        row[COL["С НДС"]] = f"=L{sheet_row}*1.2"
        for name, value in _cells_for(segment, rnd, today).items():
            row[COL[name]] = _date_forms(value, rnd) if isinstance(value, date) else value
        pinned = ""
        role = SEGMENT_ROLE[segment]
        if role is not None and rnd.random() < 0.1:
            fitting = [m for m, r in ROLE_OF.items() if r is role]
            pinned = rnd.choice(fitting)
            row[COL["Менеджер"]] = pinned.upper() if rnd.random() < 0.2 else pinned
        elif role is not None and rnd.random() < 0.05:
            other = [m for m, r in ROLE_OF.items() if r is not role]
            row[COL["Менеджер"]] = rnd.choice(other)  # the role moved on: a hand-over
        grid.append(row)
        expect[sheet_row] = Expect(segment, pinned)
    _add_flaws(grid, expect)
    return grid, expect


def _add_flaws(grid: list[list[object]], expect: dict[int, Expect]) -> None:
    """Duplicate IDs typed by hand, one impossible date, one unknown status."""
    rows = sorted(expect)
    a, b = rows[10], rows[len(rows) // 2]
    grid[a - 1][COL["Код"]] = grid[b - 1][COL["Код"]] = 777777
    expect[a].flagged = expect[b].flagged = True
    c = rows[20]
    grid[c - 1][COL["Дата следующего контакта"]] = "31.02.2026"
    expect[c].flagged = True
    d = rows[30]
    grid[d - 1][COL["Этап"]] = "Перезвонить позже"
    grid[d - 1][COL["Сегмент"]] = LABEL[Segment.warm]
    grid[d - 1][COL["Менеджер"]] = "Игорь"
    expect[d] = Expect(None, "Игорь", flagged=True, kept_segment=LABEL[Segment.warm])


def write_xlsx(path: Path, grid: list[list[object]], tab: str = "Клиенты") -> None:
    """Save the grid as a workbook with a second tab of the firm's own, as a person would."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = tab
    for row in grid:
        ws.append(row)
    ws.column_dimensions["B"].width = 30
    for cell in ws["K"][3:]:
        cell.number_format = "DD.MM.YYYY"
    price = wb.create_sheet("Прайс")
    price.append(["Товар", "Цена"])
    price.append(["Болт", 10])
    price.append(["Итого", "=SUM(B2:B2)"])
    wb.save(path)


def config_text(path: str = "clients.xlsx", extra: str = "", **keys: object) -> str:
    """A config.yaml for the generated base (more top-level keys may be given)."""
    import yaml

    data = {"sheet": {"backend": "xlsx", "path": path}, "managers": MANAGERS,
            "heads": [444444444], **keys}
    return yaml.safe_dump(data, allow_unicode=True) + extra


def check_synced(grid: list[list[object]], before: list[list[object]],
                 expect: dict[int, Expect]) -> dict[str, int]:
    """Assert every row got PRODUCT.md's segment and owner; return unpinned cold counts."""
    from sheets.values import cell_text, norm

    ids: set[str] = set()
    cold: dict[str, int] = {}
    for number, exp in expect.items():
        row, old = grid[number - 1], before[number - 1]
        owner = cell_text(row[COL["Менеджер"]])
        label = cell_text(row[COL["Сегмент"]])
        action = cell_text(row[COL["Следующее действие"]])
        where = f"row {number}: {row}"
        if exp.segment is None:
            assert label == exp.kept_segment and owner == exp.pinned, where
        else:
            assert label == LABEL[exp.segment], where
            role = SEGMENT_ROLE[exp.segment]
            if exp.pinned:
                assert norm(owner) == norm(exp.pinned), where
            elif role is not None:
                assert ROLE_OF[owner] is role, where
                if role is Role.cold_caller:
                    cold[owner] = cold.get(owner, 0) + 1
        assert action.startswith("⚠") == exp.flagged, where
        for name in HEADER:  # cells a person owns never change
            if name not in ("Код", "Менеджер", "Сегмент", "Следующее действие"):
                same = row[COL[name]] == old[COL[name]] or _same(row[COL[name]], old[COL[name]])
                assert same, f"{where}: {name}"
        code = cell_text(row[COL["Код"]])
        assert code, where
        if old[COL["Код"]] not in (None, ""):
            assert code == cell_text(old[COL["Код"]]), where
        elif code in ids:
            raise AssertionError(f"{where}: new ID {code} is not unique")
        ids.add(code)
    return cold


def _same(a: object, b: object) -> bool:
    """Equal as a person sees them (a date read back as a datetime or a serial, 1 as 1.0)."""
    from sheets.values import cell_text, to_serial

    if isinstance(b, date):
        day = b.date() if isinstance(b, datetime) else b
        if isinstance(a, datetime):
            return a.date() == day and (a == b or not isinstance(b, datetime))
        if isinstance(a, (int, float)) and not isinstance(a, bool):
            return int(a) == to_serial(day)
    return cell_text(a) == cell_text(b)


def team_config(lang: str) -> Config:
    """One manager of each role (Ольга, Игорь, Марина), in a language, on a sheet "x"."""
    return Config.model_validate({
        "sheet": {"path": "x"}, "language": lang,
        "managers": [{"name": "Ольга", "role": "cold_caller", "telegram_id": 1},
                     {"name": "Игорь", "role": "closer", "telegram_id": 2},
                     {"name": "Марина", "role": "account_manager", "telegram_id": 3}]})
