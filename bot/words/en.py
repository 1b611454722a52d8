"""The English catalogue: every word the bot writes in Telegram, in the sheet and in the terminal.

Long because: one catalogue holds every word of one language; splitting it would scatter
words that are translated together.

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
    "press.failed": "the table refused the write ({error})",

    # --- sheets: errors of the table layer (sheets/) ---
    # the header row (table.py) and the in-memory backend (memory.py)
    "sheets.no_header_row": (
        "No header row in the first {rows} rows of tab '{tab}'. Expected columns such as "
        "'Company', 'Status'. Add a header row or set your header names in config.yaml "
        "(sheet.headers)."
    ),
    "sheets.headers_missing": (
        "config.yaml names headers {names}, but header row {row} of tab '{tab}' has no such "
        "columns. Fix the name in config.yaml or in the sheet."
    ),
    "sheets.memory_no_tab": "No tab '{tab}' in {location}.",
    "sheets.memory_tab_has_data": (
        "Tab '{tab}' already has data — init does not overwrite a table."
    ),
    # a new .xlsx file (xlsx_new.py) and saving one (ooxml/disk.py)
    "sheets.xlsx_new_not_xlsx": (
        "The bot creates new tables as .xlsx only, but the path is {path}. Change the extension "
        "in sheet.path in config.yaml to .xlsx."
    ),
    "sheets.xlsx_tab_has_data": (
        "Tab '{tab}' in {location} already holds data — init does not overwrite a table. Point "
        "config.yaml at another file or tab."
    ),
    "sheets.xlsx_bad_colour": (
        "Colour '{rgb}' for '{value}' ({location}) is not an RGB like FFD966."
    ),
    "xlsx.saving_elsewhere": (
        "Another bot process is saving {path} right now. Nothing is lost — the bot will write the "
        "changes next time."
    ),
    "xlsx.open_elsewhere": (
        "{path} is open in {app} (lock file {lock} is beside it). Close it — nothing is lost, the "
        "bot will write the changes next time. If the file is already closed, delete {lock} from "
        "{folder}."
    ),
    "xlsx.write_failed": (
        "Could not write {path}: {reason}. It may be open in another program, or {hint} in "
        "{folder}. Close the file or fix that — nothing is lost, the bot will retry next time."
    ),
    "xlsx.disk_full": "the disk is full",
    "xlsx.no_write_perm": "no write permission",
    # Google Sheets (google.py)
    "sheets.google_key_help": (
        "Where to get the key: Google Cloud console → IAM & Admin → Service accounts → create an "
        "account → Keys → Add key → JSON. Enable the Google Sheets API in the project and share "
        "the spreadsheet as Editor with the client_email from that file."
    ),
    "sheets.google_no_key": (
        "No Google service-account key is given: put the path to the JSON file in "
        "sheet.credentials (config.yaml) or in GOOGLE_APPLICATION_CREDENTIALS. {help}"
    ),
    "sheets.google_key_not_found": (
        "The Google service-account key file is not found: {path}. {help}"
    ),
    "sheets.google_oauth_key": (
        '{path} is an OAuth client secret, not a service-account key (which has "type": '
        '"service_account"). {help}'
    ),
    "sheets.google_bad_key": (
        "{path} is not a usable Google service-account key ({detail}). Download the key again. "
        "{help}"
    ),
    "sheets.google_key_rejected": (
        "Google refused the key of the service account {who} ({detail}): it was deleted, disabled "
        "or damaged. Create a new JSON key and set it in sheet.credentials. {help}"
    ),
    "sheets.google_published_link": (
        "'{spreadsheet}' is a 'Publish to the web' link, through which the sheet cannot be "
        "changed. "
        "Open the sheet for editing and put the address from the browser bar in sheet.spreadsheet "
        "(https://docs.google.com/spreadsheets/d/<id>/edit)."
    ),
    "sheets.google_office_file": (
        "{location} is an Excel file stored in Google Drive, not a Google sheet: the API cannot "
        "change it. "
        "Open it, choose File → Save as Google Sheets, then give the new sheet's address."
    ),
    "sheets.google_token_busy": (
        "Google's sign-in server did not answer just now ({location}). The key is fine and "
        "nothing "
        "is lost: the next run retries."
    ),
    "sheets.google_bad_spreadsheet": (
        "Cannot tell which Google spreadsheet this is: '{spreadsheet}'. Put a link like "
        "https://docs.google.com/spreadsheets/d/<id>/edit or the id in sheet.spreadsheet."
    ),
    "sheets.google_not_found": (
        "Spreadsheet {id} is not found: check the id or URL in sheet.spreadsheet (config.yaml) — "
        "the id is the part of the address between /d/ and /edit — and that the spreadsheet is "
        "shared with {who}."
    ),
    "sheets.google_not_shared": (
        "No access to the spreadsheet {location}: share it with {who} as Editor (Share → add this "
        "address → Editor)."
    ),
    "sheets.google_service_account": "the service account (client_email in the key file)",
    "sheets.google_api_disabled": (
        "The Google Sheets API is disabled in the service account's Google Cloud project: enable "
        "it (console.cloud.google.com → APIs & Services → Library → Google Sheets API → Enable) "
        "and retry in a few minutes. Google said: {message}"
    ),
    "sheets.google_no_tab": (
        "No tab '{tab}' in {location} (tabs: {tabs}). Check the tab name in config.yaml or rename "
        "the tab in the spreadsheet."
    ),
    "sheets.google_tab_has_data": (
        "Tab '{tab}' in {location} already has data — init does not overwrite a table. Point "
        "sheet.spreadsheet at a new empty spreadsheet or rename that tab."
    ),
    "sheets.google_offline": (
        "Cannot reach Google Sheets ({error}) for {location}: check the internet connection or "
        "proxy of the bot's server. Nothing is lost — the bot will try again later."
    ),
    "sheets.google_rows_moved": (
        "While the bot worked, rows moved on the tab «{tab}» of {location} ({count}): the table "
        "was sorted or rows were inserted or deleted. The bot wrote nothing, so as not to land "
        "on another client, and will retry with fresh data."
    ),
    "sheets.google_rows_moved_written": (
        "While the bot wrote, rows moved on the tab «{tab}» of {location} ({count}): the table "
        "was sorted or rows were inserted or deleted, and the write landed on the wrong rows. "
        "The bot at once put back the other clients' own values (cells it could not put back: "
        "{lost}) and will write again by ID on the next try."
    ),
    "sheets.google_busy": (
        "Google Sheets is not answering for now: {reason} ({location}), retries did not help. "
        "Nothing is lost — the bot will retry at the next sync. If it happens every time, sync "
        "less often (schedule.sync_every_minutes)."
    ),
    "sheets.google_quota": "the request quota is exceeded",
    "sheets.google_own_error": "Google error {status}",
    "sheets.google_refused": (
        "Google Sheets refused a request to {location}: {message} (error {status}). If tabs, rows "
        "or columns were deleted while the bot worked, run the sync again; if it repeats, pass "
        "this text to the developer."
    ),

    # --- xlsx: the .xlsx package reader and writer (sheets/ooxml) ---
    "xlsx.not_found": "File {path} not found. Check sheet.path in config.yaml or create the "
                      "table with python -m bot init.",
    "xlsx.cannot_open": "Cannot open {path}: {reason}. Check sheet.path in config.yaml and the "
                        "file's permissions.",
    "xlsx.not_a_workbook": "{path} cannot be read as an Excel workbook: it may be damaged or in "
                           "another format. Open it in Excel or LibreOffice and save it as "
                           "'Excel Workbook (.xlsx)'.",
    "xlsx.not_a_workbook_backup": "{path} cannot be read as an Excel workbook: it may be "
                                  "damaged or in another format. Open it in Excel or "
                                  "LibreOffice and save it as 'Excel Workbook (.xlsx)'; the "
                                  "previous version is beside it: {backup}.",
    "xlsx.encrypted": "{path} is protected by a password, so the bot cannot read it. Save a "
                      "copy without one (in Excel: File → Info → Protect Workbook → Encrypt "
                      "with Password → an empty password) and point config.yaml at it.",
    "xlsx.save_as_xlsx": "{path} is a {kind} file, and the bot works with .xlsx workbooks. "
                         "Open it in Excel or LibreOffice, save it as 'Excel Workbook (.xlsx)' "
                         "and point config.yaml at the new file.",
    "xlsx.not_xlsx_suffix": "{path} is not an .xlsx/.xlsm workbook (extension '{suffix}'). "
                            "Save the table as 'Excel Workbook (.xlsx)' and point config.yaml "
                            "at the new file.",
    "xlsx.no_tab": "There is no tab '{tab}' in {path}. Tabs: {tabs}. Rename the tab or fix its "
                   "name in config.yaml.",
    "xlsx.not_a_table_tab": "Tab '{tab}' in {path} is a chart or macro sheet, not a table. "
                            "Point config.yaml at a tab with data.",
    "xlsx.no_tab_to_write": "There is no tab '{tab}' in {path} — the bot cannot write to it. "
                            "Restore the tab or fix its name in config.yaml.",
    "xlsx.cell_outside": "Cell (row {row}, column {col}) is outside tab '{tab}' in {path}.",
    "xlsx.merged_cell": "The bot did not write cell {cell} of tab '{tab}' ({path}): it is "
                        "inside the merged cells {range}, which span several columns. Unmerge "
                        "{range} — the file is unchanged, the bot will write it all next time.",
    "xlsx.array_cell": "The bot did not write cell {cell} of tab '{tab}' ({path}): its value "
                       "comes from the array formula over {range}. Take the formula out of the "
                       "column the bot writes — the file is unchanged.",
    "xlsx.shared_formula": "The bot did not write cell {cell} of tab '{tab}' ({path}): other "
                           "cells share its formula and it could not be moved. Replace the "
                           "formulas of that column with values — the file is unchanged.",
    "xlsx.bad_tab_name": "The bot cannot add tab '{tab}' to {path}: Excel does not allow that "
                         "name or a tab with a similar name exists. Fix the name in "
                         "config.yaml.",
    "xlsx.damaged_part": "Part {part} of {path} is damaged, so the bot did not change the file. "
                         "Open it in Excel or LibreOffice and save it again.",
    "xlsx.rows_moved": (
        "On the tab «{tab}» of {path}, rows ({count}) are no longer the ones the bot read: the "
        "file was saved with rows in another order. The bot wrote nothing and will retry with "
        "fresh data."
    ),
    "xlsx.changed_since_read": "{path} was changed after the bot read it (someone saved their "
                               "edits). The bot never overwrites them: it will re-read the file "
                               "and write its changes next time. Nothing to do.",

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
    "config.header_clash": ("sheet.headers.{field}: '{header}' is a column people fill "
                            "({other}); the bot writes {field} itself and would overwrite it "
                            "on every row. Name a column of its own (or remove the line: the "
                            "bot adds its own column)."),
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
    "legend.tab": "Segment colours",
    "legend.segment": "Segment",
    "legend.who": "Served by",
    "legend.when": "When on the list",
    "legend.role.cold_caller": "cold calls",
    "legend.role.closer": "closer",
    "legend.role.account_manager": "account manager",
    "legend.when.new": "never called; after 'No answer' the next working day",
    "legend.when.prospect": "offer sent: a few days after the contact",
    "legend.when.retry": "refused at once: tried again after a few months",
    "legend.when.warm": "interested: on the agreed day, at once without a date",
    "legend.when.follow_up": "refused after the offer: after a couple of weeks",
    "legend.when.lapsed": "has not bought for long: win him back",
    "legend.when.active": "buys: when a reorder is due or no contact for a while",
    "legend.when.stop": "never",
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
    "problem.status_near": ("⚠ {where} is not a known status; did you mean '{near}'? "
                            "Type one of: {words}"),
    "problem.duplicate_id": "⚠ ID '{id}' repeats in rows {rows}; make the IDs different",

    # --- lists and digest: the morning list ---
    "list.header": "<b>{name}, your list for {day}</b>",
    "list.counts": "Overdue: {overdue} · today: {today} · new: {new}",
    "list.handed": "🤝 <b>Handed over to you</b>",
    "list.from": "from {name}",
    "list.overdue": "⏰ <b>Overdue</b>",
    "list.today": "📅 <b>Due today</b>",
    "list.pool": "🆕 <b>New clients</b>",
    "list.held": ("⚠ {n} more client of yours is not listed: his row has an error (see "
                  "“Next action” in the sheet)",
                  "⚠ {n} more clients of yours are not listed: their rows have errors (see "
                  "“Next action” in the sheet)"),
    "list.empty": "No calls for today.",
    "list.text_header": "{name} — {day}: overdue {overdue}, today {today}, new {new}",
    "digest.sent": "<b>Lists for {day} sent</b>",
    "digest.not_delivered": ("⚠ Not delivered: {who} — the manager blocked the bot or never "
                             "pressed /start."),
    "digest.problems": ("⚠ {n} row of the “{tab}” tab cannot be worked until it is fixed:",
                        "⚠ {n} rows of the “{tab}” tab cannot be worked until they are fixed:"),
    "digest.problem": "· row {row}: {what}",
    "digest.problems_more": "· and {n} more — all of them in “python -m bot check”",
    "digest.renamed": ("✏️ Names in “Owner” that are no manager's — the bot gave their clients "
                       "to: {names}. If it is a typo, fix the name in config.yaml or the sheet."),
    "digest.line": "{name}: overdue {overdue}, today {today}, new {new}",

    # --- journal, purchases, report tabs and the workbook init makes ---
    "digest.parked": ("⚠ Presses not written to the table ({count}): {items} — the managers "
                      "know why."),
    "digest.parked_item": "{who} — ID {id}",
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
    "report.manager": ("{name}: cards {worked} ({kinds}){notes}; paid {paid} for {money}; "
                       "leads handed on {leads}; conversion {conversion:.0%}; "
                       "{hours:.1f} norm-h/day of {target:g}"),
    "report.notes": "; notes {count}",
    "report.no_data": "No data: nobody marked a single call in these days.",
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
    "cli.check_phones": "The same phone on several rows",
    "cli.check_phone": "{phone}: rows {rows} — one client entered twice?",
    "cli.check_owners": "Owners that are not managers in config.yaml",
    "cli.check_owner_replaced": ("'{name}' is no manager in config.yaml; the sync will replace "
                                 "it with '{new}'. Fix the name or add the manager."),
    "cli.check_owner_kept": ("'{name}' is no manager in config.yaml; this client is on nobody's "
                             "list. Fix the name or add the manager."),
    "cli.owners_replaced": "  owners replaced that are not in config.yaml: {count} ({names})",
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
    "cli.elsewhere": ("{count} more were sent by another run of the bot at the same time "
                      "(each message goes once)."),
    "cli.no_token": ("No bot token: set the environment variable {env} (get a token from "
                     "@BotFather in Telegram), then start again. Without a token, use "
                     "'python -m bot once' — it prints the lists."),
    "cli.token_rejected": ("Telegram rejected the token in the environment variable {env}: "
                           "check it (or get a new one from @BotFather: /token) and start again."),
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
    "menu.next": "the next client: a card and outcome buttons",
    "menu.today": "my list for today",
    "menu.new": "record an incoming request",
    "menu.report": "the report (for the head)",
    "menu.start": "what the bot does; your Telegram id",
    "menu.help": "what the bot does and how to use it",
    "menu.find": "find a client: /find name or phone digits",
    "menu.tomorrow": "my list for tomorrow",
    "menu.my": "my week: cards, outcomes, payments",
    "chat.private_only": "Lists and client cards go to private chats only: write to me directly.",
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
    "chat.hello_head": ("Hello, {name}! You are a head of sales: every working morning I send "
                        "a summary of the managers' lists.\n"
                        "/report — this week's report (/report month, /report 01.11 15.11)\n"
                        "/today — today's summary\n"
                        "/next — every manager's cards, the most urgent first\n"
                        "/new — record an incoming request\n"
                        "/help — more"),
    "chat.help_manager": ("<b>How to work with the bot</b>\n"
                          "Your list comes in the morning. Press '▶️ Next client' (or /next) "
                          "for a card: who, the phone, why call now, the history.\n"
                          "After the call press the outcome:\n"
                          "✅ Paid — type the sum if you like: 85 000, 85k, 1.5m\n"
                          "❌ Refusal — pick the reason\n"
                          "📅 Reschedule — +1 working day, +3, +7, +30 or a date\n"
                          "📵 No answer — we call again the next working day\n"
                          "📝 Note — added to the notes, the card stays\n"
                          "The bot shows what it recorded; '↩️ Undo' works for 10 minutes.\n"
                          "📅 Own date — with a time if you like: 'today 15:00', 'thu 11am', "
                          "'in 2 weeks', '5.12 14:30'; at that time I remind you with the card\n"
                          "/new — record an incoming request\n"
                          "/find — find a client by name or phone digits\n"
                          "/today, /tomorrow — the list for today, for tomorrow\n"
                          "/my — your week: cards, outcomes, payments"),
    "chat.help_head": ("<b>What a head can do</b>\n"
                       "Every working morning — a summary: how many calls each manager has and "
                       "whose list was not delivered.\n"
                       "/report — this week's report with a chart; /report month — the month; "
                       "/report 01.11 15.11 — a period\n"
                       "/today — today's summary\n"
                       "/next — every manager's cards, the most urgent first (you may press "
                       "outcomes for a manager)\n"
                       "/new — record an incoming request: it goes to the owner\n"
                       "/find — find any client by name or phone digits\n"
                       "/tomorrow — tomorrow's summary"),
    "chat.hint": "I did not get that. Press '▶️ Next client' or /help — what I can do.",

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
    "deck.button.next_client": "▶️ Next client",
    "deck.button.undo": "↩️ Undo",
    "deck.ask_date": ("Type when to call back: 5.12, 'tomorrow', 'thu', 'in 2 weeks'. With a "
                      "time I remind you then: 'today 15:00', 'tomorrow 10am', 'thu 11:30'."),
    "deck.ask_note": "Type the note in one message",
    "deck.ask_amount": "Type the sum paid, or press 'Without a sum'",
    "deck.bad_date": "Not a date. Type 25.11, 25.11.2026 or 'tomorrow'.",
    "when.past": "That time has passed. Type a later one: 'tomorrow 10:00', 'thu', 'in 3 days'.",
    "when.ambiguous": ("That can be read two ways. Give a day with its month (10.12), a time "
                       "with minutes or am/pm (10:00, 5pm), one day at a time: 'tomorrow 5pm'."),
    "when.unclear": ("When is that? Examples: 'today 15:00', 'tomorrow', 'thu 11am', "
                     "'in 2 weeks', '5.12 14:30'."),
    "remind.title": "⏰ <b>Reminder:</b> call back at {time}",
    "remind.gone": ("⏰ <b>Reminder:</b> call back at {time} — {title}. The client is no longer "
                    "in the sheet under this ID."),
    "find.usage": "Type whom to find: /find Acme or /find 9001234567",
    "find.none": "Nobody found for '{query}'.",
    "find.more": "{more} more — narrow the search.",
    "my.title": "<b>Your week</b> ({start} — {end})",
    "my.worked": "Cards with an outcome: {count}",
    "my.outcome": "· {outcome}: {count}",
    "my.paid": "Payments: {count} for {sum}",
    "my.hours": "Norm-hours: {hours} ({per_day} a day of {target})",
    "my.heads_only": "A week of one's own is a manager's; for a head — /report.",
    "deck.bad_amount": "Not a sum. Type a number such as 125000, or press 'Without a sum'.",
    "deck.done": "Today's deck is done 👍",
    "deck.stale": "This button is stale — /next",
    "deck.not_yours": "Not your client.",
    "deck.saving": "Saving…",
    "deck.busy": "Saved. The sheet is busy now — I will write it as soon as it is free.",
    "deck.kept": ("Got it, but the bot's state file is held by another program right now — "
                  "I will store and write it in a few seconds."),
    "deck.not_saved": "Not saved: {why}",
    "deck.parked": ("⚠ Could not write your outcome for client ID {id} to the table: {why}.\n"
                    "Your other presses are being written. Check this client's row in the table "
                    "and enter the outcome by hand; the head will see it in the morning summary."),
    "deck.handover": "🤝 <b>A client is handed to you: {company}</b>\nfrom {who}",
    "deck.handover_phone": "Phone: {phone}",
    "deck.handover_why": "Why: {why}",
    "deck.handed_away": "🤝 {company} is now with {owner}: {why}.",
    "deck.recorded.paid": "✅ Paid",
    "deck.recorded.paid_sum": "✅ Paid {sum} ₽",
    "deck.recorded.refused": "❌ Refusal: {reason}",
    "deck.recorded.moved": "📅 Rescheduled to {day}",
    "deck.recorded.no_answer": "📵 No answer {day}, trying again {next}",
    "deck.recorded.note": "📝 Note added: {note}",
    "deck.recorded.waiting": "⏳ Saved — I will write it as soon as the file is free",
    "deck.recorded.undo_until": "<i>You can undo until {time}</i>",
    "deck.undone": "↩️ Undone: {what}. Pick the outcome again.",
    "deck.undone_waiting": ("↩️ Undone: {what} (it never reached the sheet). Pick the outcome "
                            "again."),
    "deck.undone_note": "↩️ Undone: {what}.",
    "deck.undo_late": "Undo works for the first 10 minutes only.",
    "deck.undo_later": "A later outcome is recorded for this client — it cannot be undone.",
    "deck.undo_saving": "Undoing…",
    "deck.undo_refused": "Not undone: {why}",
    "press.undo_changed": ("the client's row was changed after the write — put the values back "
                           "by hand"),
    "tab.journal.undo": "Undo",
    "common.weekdays": "Mon Tue Wed Thu Fri Sat Sun",
    "why.no_answer_on": "no answer on {day}, trying again {next}",

    # --- incoming: /new ---
    "incoming.ask_company": "New request. Company? (/cancel — cancel)",
    "incoming.ask_contact": "Contact person?",
    "incoming.ask_phone": "Phone?",
    "incoming.ask_want": "What do they want?",
    "incoming.busy": ("Saved. The table is busy right now — I will write the request as soon "
                      "as it is free, and tell you."),
    "incoming.parked": ("⚠ Could not write the request to the table: {why}. Enter it by hand."),
    "incoming.cancelled": "Cancelled.",
    "incoming.interrupted": "The new request is cancelled, nothing saved. Start again with /new.",
    "incoming.timed_out": ("The new request is cancelled: no answer for over {minutes} minutes, "
                           "nothing saved. Start again with /new."),
    "incoming.saved_known": "Saved. A known client — sent to {owner}.",
    "incoming.saved_new": "Saved. A new client, a warm lead — {owner} takes it.",
    "incoming.title": "📞 <b>Incoming request</b>",
    "incoming.title_known": "📞 <b>Incoming request</b> (known client)",
    "incoming.wants": "Wants: {want}",
    "incoming.recorded_by": "Recorded by: {who}",

    # --- state: the bot's own state file ---
    "state.busy": ("The bot's state file {path} has been held by another program for more than "
                   "a few seconds. Nothing is lost: try again in a minute (a running bot retries "
                   "by itself)."),
    "state.corrupt": ("The bot's state file {path} is damaged (not an SQLite database, or a "
                      "broken one). Move it somewhere else — the bot makes a new one. Today's "
                      "lists may then be sent again."),
    "state.cannot_open": ("The bot's state file {path} cannot be opened ({why}). Check that it "
                          "is a file, not a folder, and that the bot may read and write it and "
                          "its folder (or set another path as state in config.yaml)."),

    # --- worker and sender ---
}
