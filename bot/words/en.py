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
    "tab.journal.when": "When",
    "tab.journal.who": "Who",
    "tab.journal.client_id": "Client ID",
    "tab.journal.company": "Company",
    "tab.journal.outcome": "Outcome",
    "tab.journal.reason": "Reason",
    "tab.journal.next_date": "Next date",
    "tab.journal.note": "Note",
    "tab.journal.handover": "Hand-over",
    "tab.journal.request": "Incoming request",
    "tab.purchases.client_id": "Client ID",
    "tab.purchases.date": "Date",
    "tab.purchases.amount": "Amount",
    "tab.purchases.product": "Product",
    "tab.report.title": "Report for {start} – {end}",
    "tab.report.manager": "Manager",
    "tab.report.cards": "Cards",
    "tab.report.paid": "Paid",
    "tab.report.paid_sum": "Sum paid",
    "tab.report.leads_handed": "Leads handed on",
    "tab.report.conversion": "Conversion",
    "tab.report.hours_per_day": "Norm-hours a day",
    "tab.report.target_hours": "Target, h",
    "tab.report.reason": "Refusal reason",
    "tab.report.refusals": "Refusals",
    "tab.report.share": "Share",
    "tab.report.segment": "Segment",
    "tab.report.overdue": "Overdue promises",
    "tab.report.client": "Client",
    "tab.report.promised": "Promised",

    # --- report: the head's numbers ---

    # --- cli: what the command line prints ---

    # --- chat: /start, /help, /today, access, errors in chat ---

    # --- deck: cards, buttons, outcomes ---

    # --- incoming: /new ---

    # --- worker and sender ---
}
