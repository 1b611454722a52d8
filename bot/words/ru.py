"""Русский каталог: каждое слово, которое бот пишет в Telegram, в таблицу и в терминал.

Ключи и подстановки ({name}) — те же, что в en.py (это проверяет tests/test_words.py).
Кортеж — формы для числа {n}: (1 день, 2 дня, 5 дней).
"""

from __future__ import annotations

WORDS: dict[str, str | tuple[str, ...]] = {
    # --- common: counts, dates, words used everywhere ---
    "common.days": ("{n} день", "{n} дня", "{n} дней"),

    # --- sheets: errors of the table layer (sheets/) ---

    # --- xlsx: the .xlsx package reader and writer (sheets/ooxml) ---

    # --- config: config.yaml problems ---

    # --- rules: why a client is due, the next-action column, cell problems ---

    # --- lists and digest: the morning list ---

    # --- journal, purchases, report tabs and the workbook init makes ---
    "tab.journal.when": "Когда",
    "tab.journal.who": "Кто",
    "tab.journal.client_id": "ID клиента",
    "tab.journal.company": "Компания",
    "tab.journal.outcome": "Итог",
    "tab.journal.reason": "Причина",
    "tab.journal.next_date": "Следующая дата",
    "tab.journal.note": "Комментарий",
    "tab.journal.handover": "Передача",
    "tab.journal.request": "Входящий запрос",
    "tab.purchases.client_id": "ID клиента",
    "tab.purchases.date": "Дата",
    "tab.purchases.amount": "Сумма",
    "tab.purchases.product": "Товар",
    "tab.report.title": "Отчёт за {start} – {end}",
    "tab.report.manager": "Менеджер",
    "tab.report.cards": "Карточек",
    "tab.report.paid": "Оплат",
    "tab.report.paid_sum": "Сумма оплат",
    "tab.report.leads_handed": "Передано лидов",
    "tab.report.conversion": "Конверсия",
    "tab.report.hours_per_day": "Норм-часов в день",
    "tab.report.target_hours": "Цель, ч",
    "tab.report.reason": "Причина отказа",
    "tab.report.refusals": "Отказов",
    "tab.report.share": "Доля",
    "tab.report.segment": "Сегмент",
    "tab.report.overdue": "Просроченные обещания",
    "tab.report.client": "Клиент",
    "tab.report.promised": "Обещали",

    # --- report: the head's numbers ---

    # --- cli: what the command line prints ---

    # --- chat: /start, /help, /today, access, errors in chat ---

    # --- deck: cards, buttons, outcomes ---

    # --- incoming: /new ---

    # --- worker and sender ---
}
