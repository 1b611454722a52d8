"""The English catalogue: every word the bot writes in Telegram, in the sheet and in the terminal.

Keys and placeholders ({name}) are the same as in ru.py (tests/test_words.py checks it).
A tuple holds the forms for a count {n}: (1 day, 2 days).
"""

from __future__ import annotations

WORDS: dict[str, str | tuple[str, ...]] = {
    # --- common: counts, dates, words used everywhere ---
    "common.days": ("{n} day", "{n} days"),
    "common.months": ("{n} month", "{n} months"),
    "common.none": "none",
    "outcome.paid": "Paid",
    "outcome.refused": "Refusal",
    "outcome.moved": "Rescheduled",
    "outcome.no_answer": "No answer",
    "outcome.note": "Note",
    "press.gone": "the client is no longer in the sheet",
    "press.id_repeats": "this ID now repeats in several rows",
    "press.owner_changed": "{owner} owns this client now — the press was not saved",
    "press.client_changed": ("the client changed in the sheet since the card was dealt — "
                             "/next shows it again"),

    # --- sheets: errors of the table layer (sheets/) ---

    # --- xlsx: the .xlsx package reader and writer (sheets/ooxml) ---

    # --- config: config.yaml problems ---
    "config.failed": "{path}: {count} — nothing was changed.",
    "config.errors": ("{n} problem", "{n} problems"),
    "config.unknown_key": "{key}: unknown key.{hint} Allowed: {allowed}.",
    "config.did_you_mean_key": " Did you mean '{near}'?",
    "config.missing": "{key}: missing{who}. Write {what}.",
    "config.for_manager": " for manager '{name}'",
    "config.unknown_timezone": "timezone: '{value}' is not a known timezone. Write {what}{hint}.",
    "config.did_you_mean": " (did you mean {near}?)",
    "config.not_allowed": "{key}: '{value}' is not allowed. Write {what}{hint}.",
    "config.not_valid": "{key}: '{value}' is not valid ({why}). Write {what}.",
    "config.bad_time": "bad time",
    "config.bad_weekdays": "bad weekday list",
    "config.bad_weekday": "bad weekday {day}",
    "config.bad_timezone": "bad timezone",
    "config.what.role": "one of: cold_caller, closer, account_manager",
    "config.what.lapsed_role": "closer or account_manager",
    "config.what.telegram_id": ("a number — the manager's Telegram id (he learns it by sending "
                                "/start)"),
    "config.what.backend": "xlsx or google",
    "config.what.language": "ru or en",
    "config.what.morning": "a time HH:MM in quotes, e.g. \"09:00\"",
    "config.what.workdays": "weekdays from mon, tue, wed, thu, fri, sat, sun",
    "config.what.weekly_on": "a weekday: mon, tue, wed, thu, fri, sat, sun (or null — never)",
    "config.what.holidays": "dates YYYY-MM-DD, e.g. 2026-12-31",
    "config.what.timezone": "a timezone such as Europe/Moscow",
    "config.what.default": "a value as in the example",
    "config.no_managers": ("managers: the list is empty. Add at least one manager: "
                           "{{name: Olga, role: {role}, telegram_id: 111111111}}."),
    "config.no_role": ("managers: no manager has role {role}, which serves segment '{segment}'. "
                       "Add a manager with role: {role}."),
    "config.no_lapsed_role": ("managers: no manager has role {role}, which serves segment "
                              "'{segment}'. Add a manager with role: {role} or change "
                              "rules.lapsed_role."),
    "config.no_path": ("sheet.path: no .xlsx path. Write, e.g., path: data/clients.xlsx "
                       "(relative to the config's folder)."),
    "config.no_spreadsheet": ("sheet.spreadsheet: no Google sheet given. Paste its URL "
                              "(https://docs.google.com/spreadsheets/d/…) or id."),
    "config.same_name": ("managers[{i}].name: '{name}' is already used by managers[{j}]. "
                         "Names must differ, as they are written in the owner column."),
    "config.same_id": ("managers[{i}].telegram_id: {id} is already used by managers[{j}]. "
                       "Each manager has his own Telegram id."),
    "config.no_file": ("file {path} does not exist. Create it (see config.yaml in the repository) "
                       "or pass a path: python -m bot --config PATH …"),
    "config.at_line": "line {number}",
    "config.whole_file": "file",
    "config.not_yaml": ("{where}: not valid YAML ({problem}). Check the indentation (spaces, "
                        "not tabs) and the colons after keys."),
    "config.not_mapping": ("the file must hold keys (timezone:, sheet:, managers: …), not a list "
                           "or text."),

    # --- rules: why a client is due, the next-action column, cell problems ---
    "segment.new": "Cold",
    "segment.prospect": "Cold: offer sent",
    "segment.retry": "Cold again",
    "segment.warm": "Warm",
    "segment.follow_up": "Follow-up",
    "segment.lapsed": "Win back",
    "segment.active": "Active",
    "segment.stop": "Do not call",
    "why.promised": "promised a call on {day}",
    "why.new": "new client",
    "why.no_answer": "no answer — call again",
    "why.offer_sent_now": "offer sent — call back",
    "why.offer_sent": "offer sent {days} ago",
    "why.retry_now": "refused — try again",
    "why.retry": "refused {days} ago — try again",
    "why.warm_no_step": "warm lead with no next step — set a date",
    "why.refused": "refused",
    "why.refused_because": "refused '{reason}'",
    "why.follow_up_now": "{what} — second attempt",
    "why.follow_up": "{what} {days} ago — second attempt",
    "why.lapsed": "no purchase for {months}",
    "why.touch_planned": "planned touch",
    "why.touch": "no contact for {days}",
    "why.reorder_now": "time to reorder",
    "why.reorder": "usually buys every {every}, {passed} since",
    "why.stop": "do not call",
    "later.promised": "agreed call",
    "later.no_answer": "call again",
    "later.offer_sent": "call back about the offer",
    "later.retry": "new cold attempt",
    "later.follow_up": "second attempt",
    "later.lapsed": "win back",
    "later.touch": "planned touch",
    "later.reorder": "reorder reminder",
    "action.overdue": "Overdue: {why}",
    "action.call": "Call: {why}",
    "problem.where": "{cell} '{header}': '{raw}'",
    "problem.date": "⚠ {where} is not a date; type a date DD.MM.YYYY",
    "problem.money": "⚠ {where} is not a number; type a sum such as 125000",
    "problem.status": "⚠ {where} is not a known status; type one of: {words}",
    "problem.duplicate_id": "⚠ ID '{id}' repeats in rows {rows}; make the IDs different",

    # --- lists and digest: the morning list ---
    "list.header": "<b>{name}, your list for {day}</b>",
    "list.counts": "Overdue: {overdue} · today: {today} · new: {new}",
    "list.handed": "🤝 <b>Handed over to you</b>",
    "list.from": "from {name}",
    "list.overdue": "⏰ <b>Overdue</b>",
    "list.today": "📅 <b>Due today</b>",
    "list.pool": "🆕 <b>New clients</b>",
    "list.empty": "No calls for today.",
    "list.text_header": "{name} — {day}: overdue {overdue}, today {today}, new {new}",
    "digest.sent": "<b>Lists for {day} sent</b>",
    "digest.not_delivered": ("⚠ Not delivered: {who} — the manager blocked the bot or never "
                             "pressed /start."),
    "digest.line": "{name}: overdue {overdue}, today {today}, new {new}",

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
    "report.title": "📊 <b>Report {start} – {end}</b>",
    "report.managers": "<b>Managers</b>",
    "report.manager": ("{name}: cards {worked} ({kinds}); paid {paid} for {money}; "
                       "leads handed on {leads}; conversion {conversion:.0%}; "
                       "{hours:.1f} norm-h/day of {target:g}"),
    "report.reasons": "<b>Refusal reasons</b>",
    "report.by_segment": "By segment: {groups}",
    "report.by_manager": "By manager: {groups}",
    "report.last": "Last {count} refusals: {shares}",
    "report.handovers": "Hand-overs: {count}",
    "report.overdue": "<b>Overdue promises</b>",
    "report.chart_reasons": "Refusal reasons, %",
    "report.chart_outcomes": "Outcomes per manager",

    # --- cli: what the command line prints ---
    "cli.sync": ("Sync: {location}, as of {day}\n"
                 "  rows read: {rows}\n"
                 "  by segment: {segments}\n"
                 "  cells {verb}: {cells}\n"
                 "  hand-overs: {handovers}\n"
                 "  rows flagged: {flagged}{hint}"),
    "cli.written": "written",
    "cli.would_write": "that would be written",
    "cli.flagged_hint": " (what to fix is in the 'Next action' column)",
    "cli.dry_run": "Nothing written (--dry-run). Changes:",
    "cli.rows": ("{n} row", "{n} rows"),
    "cli.problems": ("{n} problem", "{n} problems"),
    "cli.check_ok": "All good: config.yaml and tab '{tab}' ({rows}) have no problems.",
    "cli.check_found": "{problems} in tab '{tab}'. Fix the cells and run check again.",
    "cli.check_dates": "Dates that cannot be read",
    "cli.check_statuses": "Unknown status words",
    "cli.check_sums": "Sums that cannot be read",
    "cli.check_ids": "Duplicate IDs",
    "cli.check_row": "row {row}: {text}",
    "cli.created": "Created the table in {location}.",
    "cli.created_samples": "Created the table in {location} with {rows} sample clients.",
    "cli.init_preview": ("Nothing created (--dry-run). Would lay out tab '{tab}': {headers}; "
                         "+ {tabs}; rows: {rows}"),
    "cli.day_off": "{day} is not a working day (schedule.workdays / holidays): no lists.",
    "cli.demo_done": ("Demo workbook: {workbook} (open it in Excel or LibreOffice).\n"
                      "Try: python -m bot --config {config} check"),
    "cli.not_sent_demo": ("(demo: the lists are printed — they go to Telegram once config.yaml "
                          "has your managers and the token is set)"),
    "cli.not_sent_dry": "(--dry-run: nothing sent)",
    "cli.not_sent_no_token": "(no bot token set — the lists are printed, not sent)",
    "cli.not_sent_other_day": "(lists of another day are printed, never sent)",
    "cli.sent": "Messages sent: {count}",
    "cli.not_delivered": "⚠ {who}: not delivered ({why})",
    "cli.postponed": "Telegram did not answer for: {who} — the next run sends them.",
    "cli.no_token": ("No bot token: set the environment variable {env} (get a token from "
                     "@BotFather in Telegram), then start again. Without a token, use "
                     "'python -m bot once' — it prints the lists."),
    "cli.telegram_down": ("Telegram cannot be reached ({why}). Nothing is lost: the next run "
                          "sends the lists. Check the network and telegram.base_url in "
                          "config.yaml."),
    "cli.bad_date": "'{text}' is not a date; use YYYY-MM-DD, e.g. 2026-11-23",
    "cli.help.description": ("Client-base bot: segments and owners in your sheet, morning call "
                             "lists."),
    "cli.help.epilog": "Start with: python -m bot demo",
    "cli.help.config": "path to config.yaml (default: ./config.yaml)",
    "cli.help.date": "run as of this day, YYYY-MM-DD (default: today)",
    "cli.help.dry_run": "change nothing, send nothing: print what would be done",
    "cli.help.verbose": "log more to stderr",
    "cli.help.init": ("make a new workbook / fill an empty Google sheet with the headers "
                      "(example: python -m bot init --demo)"),
    "cli.help.samples": "fill it with sample clients",
    "cli.help.check": "list config and sheet problems, row by row",
    "cli.help.sync": "write segments, owners and next actions",
    "cli.help.digest": "send the morning lists (printed without a bot token)",
    "cli.help.once": "sync, then the morning lists (for cron)",
    "cli.help.report": ("the head's numbers for a period, printed and written to the report tab "
                        "(example: python -m bot report --from 2026-11-01 --to 2026-11-15)"),
    "cli.help.from": "first day (default: this week's Monday)",
    "cli.help.to": "last day (default: today)",
    "cli.help.chart": "also save the chart as this PNG file",
    "cli.help.run": ("the worker: syncs on schedule, sends the morning lists, answers Telegram "
                     "(needs the bot token)"),
    "cli.help.demo": "a sample workbook in ./demo/, synced, with each manager's list printed",

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
