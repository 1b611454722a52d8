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
    "chat.stranger": ("Ваш Telegram id: <code>{id}</code>\nПередайте его руководителю отдела "
                      "продаж — он добавит вас в config.yaml."),
    "chat.stranger_alert": "Ваш Telegram id: {id}",
    "chat.hello": ("Здравствуйте, {name}! Каждое рабочее утро я пришлю ваш список звонков.\n"
                   "/next — следующая карточка: звоните и жмите итог\n"
                   "/new — записать входящий запрос\n"
                   "/today — список на сегодня ещё раз"),
    "chat.report_for_heads": "Отчёт доступен руководителю отдела. Ваши цифры он увидит сам 🙂",
    "chat.report_period": ("Не понял период. Примеры: /report, /report month, "
                           "/report 01.11 15.11"),
    "chat.history": "История:",

    # --- deck: cards, buttons, outcomes ---
    "deck.segment": "Сегмент: {segment}",
    "deck.value": "Сумма: {value}",
    "deck.last_purchase": "Последняя покупка: {day}",
    "deck.bought_last": "Брал в последний раз: {product}",
    "deck.why": "Почему сейчас: {why}",
    "deck.notes": "Заметки: {note}",
    "deck.left": "<i>В колоде ещё: {left}</i>",
    "deck.button.paid": "✅ Оплатил",
    "deck.button.refused": "❌ Отказ",
    "deck.button.move": "📅 Перенести",
    "deck.button.no_answer": "📵 Недозвон",
    "deck.button.note": "📝 Заметка",
    "deck.button.no_sum": "✅ Без суммы",
    "deck.button.next_workday": "+1 раб. день",
    "deck.button.own_date": "✍️ Своя дата",
    "deck.button.back": "← Назад",
    "deck.ask_date": "Напишите дату: 25.11, 25.11.2026 или «завтра»",
    "deck.ask_note": "Напишите заметку одним сообщением",
    "deck.ask_amount": "Напишите сумму оплаты числом или нажмите «Без суммы»",
    "deck.bad_date": "Не понял дату. Напишите 25.11, 25.11.2026 или «завтра».",
    "deck.bad_amount": ("Не понял сумму. Напишите число, например 125000, или нажмите "
                        "«Без суммы»."),
    "deck.done": "Колода на сегодня пройдена 👍",
    "deck.stale": "Эта кнопка устарела — /next",
    "deck.not_yours": "Это не ваш клиент.",
    "deck.saving": "Записываю…",
    "deck.busy": "Сохранено. Таблица сейчас занята — запишу, как только освободится.",
    "deck.not_saved": "Не записано: {why}",
    "deck.handover": "🤝 <b>Вам передан клиент: {company}</b>\nот {who}",

    # --- incoming: /new ---
    "incoming.ask_company": "Новый запрос. Компания? (/cancel — отменить)",
    "incoming.ask_contact": "Контактное лицо?",
    "incoming.ask_phone": "Телефон?",
    "incoming.ask_want": "Что хотят?",
    "incoming.cancelled": "Отменено.",
    "incoming.saved_known": "Записано. Клиент уже есть в базе — передан: {owner}.",
    "incoming.saved_new": "Записано. Новый клиент, тёплый лид — ведёт {owner}.",
    "incoming.title": "📞 <b>Входящий запрос</b>",
    "incoming.title_known": "📞 <b>Входящий запрос</b> (клиент из базы)",
    "incoming.wants": "Хотят: {want}",
    "incoming.recorded_by": "Записал: {who}",

    # --- worker and sender ---
}
