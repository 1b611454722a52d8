"""A sample client base for `demo` and `init --demo`: every segment and status."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import yaml

from sheets.base import CellValue
from sheets.fields import STATUS_WORDS, Field, Status

COMPANIES = [
    "Ромашка", "Вектор", "СтройМаркет", "Альфа-Трейд", "Северный ветер", "Техносила",
    "Мебельград", "АгроПром", "Лесторг", "Пекарня у дома", "Автодеталь", "МедСнаб",
    "Уральские окна", "Кофейня Зерно", "Типография Орион", "Электрон", "Сантехника+",
    "ФармаЛайн", "ДомСтрой", "Оптовик", "Полимер", "Светлый дом", "Энергия", "КанцОпт",
    "ТрансЛогистик", "Зелёный сад", "Металлург", "ИнфоСервис", "Стекло-М", "Ремонт Про",
    "Гастроном №1", "Спорттовары", "Бумажный мир", "Клининг-Сервис", "Фермер", "ТеплоДом",
    "Дизайн-Студия", "Олимп", "Меридиан", "Гранит", "Парус", "Кристалл", "Радуга", "Сфера",
    "Глобус", "Монолит", "Восход", "Маяк", "Янтарь", "Виктория", "Атлант", "Престиж",
    "Прогресс", "Феникс", "Импульс", "Горизонт", "Эталон", "Лидер", "Сигма", "Орбита",
]
NAMES = ["Иван Петров", "Анна Смирнова", "Олег Кузнецов", "Мария Иванова", "Сергей Попов",
         "Елена Соколова", "Дмитрий Лебедев", "Ольга Козлова", "Павел Новиков", "Татьяна Морозова"]
NOTES = ["просил перезвонить после обеда", "интересует опт", "директор в отпуске",
         "сравнивают с конкурентом", "нужна доставка в область", "", "", ""]

# (status, count, refusal reason, last contact days ago, next contact in days, purchase days ago)
PLAN: list[tuple[Status, int, str, int | None, int | None, int | None]] = [
    (Status.new, 14, "", None, None, None),
    (Status.new, 2, "", None, -3, None),
    (Status.no_answer, 4, "", 1, None, None),
    (Status.offer_sent, 4, "", 4, None, None),
    (Status.offer_sent, 2, "", 1, 2, None),
    (Status.refused_early, 3, "Нет потребности", 95, None, None),
    (Status.refused_early, 2, "Дорого", 15, None, None),
    (Status.refused_after_offer, 2, "Работаем с другим поставщиком", 20, None, None),
    (Status.refused_after_offer, 2, "Неудобная доставка", 30, None, None),
    (Status.interested, 3, "", 2, None, None),
    (Status.interested, 2, "", 2, 0, None),
    (Status.special_offer_sent, 3, "", 3, -2, None),
    (Status.refused_after_special, 3, "Дорого", 16, None, None),
    (Status.customer, 6, "", 35, None, 40),
    (Status.customer, 2, "", 10, 1, 20),
    (Status.customer, 4, "", 40, None, 250),
    (Status.do_not_call, 2, "", 60, None, None),
]

MANAGERS = [
    {"name": "Ольга", "role": "cold_caller", "telegram_id": 111111111, "daily_limit": 8},
    {"name": "Пётр", "role": "cold_caller", "telegram_id": 555555555, "daily_limit": 8},
    {"name": "Игорь", "role": "closer", "telegram_id": 222222222},
    {"name": "Марина", "role": "account_manager", "telegram_id": 333333333},
]


def sample_rows(today: date, seed: int = 7) -> list[dict[Field, CellValue]]:
    """About 60 clients covering every status and segment, dated around `today`."""
    rnd = random.Random(seed)
    rows: list[dict[Field, CellValue]] = []
    for status, count, reason, contact_ago, next_in, bought_ago in PLAN:
        for _ in range(count):
            n = len(rows)
            rows.append({
                Field.company: f"ООО «{COMPANIES[n % len(COMPANIES)]}»",
                Field.contact: NAMES[n % len(NAMES)],
                Field.phone: f"+7 9{rnd.randint(10, 99)} {rnd.randint(100, 999)}-"
                             f"{rnd.randint(10, 99)}-{rnd.randint(10, 99)}",
                Field.email: f"info{n + 1}@example.ru",
                Field.status: STATUS_WORDS[status] if status is not Status.new else "",
                Field.refusal_reason: reason,
                Field.last_contact: _ago(today, contact_ago),
                Field.next_contact: _ago(today, -next_in if next_in is not None else None),
                Field.last_purchase: _ago(today, bought_ago),
                Field.value: rnd.choice([15000, 40000, 75000, 120000, 250000, 500000]),
                Field.note: rnd.choice(NOTES),
            })
    rows[3][Field.next_contact] = "31.02." + str(today.year)  # one impossible date, flagged
    return rows


def _ago(today: date, days: int | None) -> date | None:
    """today minus `days`, or None."""
    return today - timedelta(days=days) if days is not None else None


def demo_config(path: Path) -> Path:
    """Write the demo's config.yaml (an .xlsx beside it, four managers) and return its path."""
    data = {
        "timezone": "Europe/Moscow",
        "language": "ru",
        "sheet": {"backend": "xlsx", "path": "clients.xlsx"},
        "managers": MANAGERS,
        "heads": [444444444],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Demo config written by `python -m bot demo`.\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
