"""The English catalogue: every word the bot writes in Telegram, in the sheet and in the terminal.

Keys and placeholders ({name}) are the same as in ru.py (tests/test_words.py checks it).
A tuple holds the forms for a count {n}: (1 day, 2 days).
"""

from __future__ import annotations

WORDS: dict[str, str | tuple[str, ...]] = {
    # --- common: counts, dates, words used everywhere ---
    "common.days": ("{n} day", "{n} days"),

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
