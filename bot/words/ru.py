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

    # --- report: the head's numbers ---

    # --- cli: what the command line prints ---

    # --- chat: /start, /help, /today, access, errors in chat ---

    # --- deck: cards, buttons, outcomes ---

    # --- incoming: /new ---

    # --- worker and sender ---
}
