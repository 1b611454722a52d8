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
    "chat.stranger": ("Your Telegram id: <code>{id}</code>\nGive it to your head of sales — "
                      "he will add you to config.yaml."),
    "chat.stranger_alert": "Your Telegram id: {id}",
    "chat.hello": ("Hello, {name}! Every working morning I send your call list.\n"
                   "/next — the next card: call and press the outcome\n"
                   "/new — record an incoming request\n"
                   "/today — today's list again"),
    "chat.report_for_heads": ("The report is for the head of sales. He sees your figures "
                              "himself 🙂"),
    "chat.report_period": ("Unknown period. Examples: /report, /report month, "
                           "/report 01.11 15.11"),
    "chat.history": "History:",

    # --- deck: cards, buttons, outcomes ---
    "deck.segment": "Segment: {segment}",
    "deck.value": "Value: {value}",
    "deck.last_purchase": "Last purchase: {day}",
    "deck.bought_last": "Bought last: {product}",
    "deck.why": "Why now: {why}",
    "deck.notes": "Notes: {note}",
    "deck.left": "<i>Cards left: {left}</i>",
    "deck.button.paid": "✅ Paid",
    "deck.button.refused": "❌ Refusal",
    "deck.button.move": "📅 Reschedule",
    "deck.button.no_answer": "📵 No answer",
    "deck.button.note": "📝 Note",
    "deck.button.no_sum": "✅ Without a sum",
    "deck.button.next_workday": "+1 working day",
    "deck.button.own_date": "✍️ Type a date",
    "deck.button.back": "← Back",
    "deck.ask_date": "Type a date: 25.11, 25.11.2026 or 'tomorrow'",
    "deck.ask_note": "Type the note in one message",
    "deck.ask_amount": "Type the sum paid, or press 'Without a sum'",
    "deck.bad_date": "Not a date. Type 25.11, 25.11.2026 or 'tomorrow'.",
    "deck.bad_amount": "Not a sum. Type a number such as 125000, or press 'Without a sum'.",
    "deck.done": "Today's deck is done 👍",
    "deck.stale": "This button is stale — /next",
    "deck.not_yours": "Not your client.",
    "deck.saving": "Saving…",
    "deck.busy": "Saved. The sheet is busy now — I will write it as soon as it is free.",
    "deck.not_saved": "Not saved: {why}",
    "deck.handover": "🤝 <b>A client is handed to you: {company}</b>\nfrom {who}",

    # --- incoming: /new ---
    "incoming.ask_company": "New request. Company? (/cancel — cancel)",
    "incoming.ask_contact": "Contact person?",
    "incoming.ask_phone": "Phone?",
    "incoming.ask_want": "What do they want?",
    "incoming.cancelled": "Cancelled.",
    "incoming.saved_known": "Saved. A known client — sent to {owner}.",
    "incoming.saved_new": "Saved. A new client, a warm lead — {owner} takes it.",
    "incoming.title": "📞 <b>Incoming request</b>",
    "incoming.title_known": "📞 <b>Incoming request</b> (known client)",
    "incoming.wants": "Wants: {want}",
    "incoming.recorded_by": "Recorded by: {who}",

    # --- worker and sender ---
}
