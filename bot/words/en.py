"""The English catalogue: every word the bot writes in Telegram, in the sheet and in the terminal.

Keys and placeholders ({name}) are the same as in ru.py (tests/test_words.py checks it).
A tuple holds the forms for a count {n}: (1 day, 2 days).
"""

from __future__ import annotations

WORDS: dict[str, str | tuple[str, ...]] = {
    # --- common: counts, dates, words used everywhere ---
    "common.days": ("{n} day", "{n} days"),

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
    # .xlsx files (xlsx.py)
    "sheets.xlsx_not_found": (
        "File {path} not found. Check sheet.path in config.yaml or create the table with python "
        "-m bot init."
    ),
    "sheets.xlsx_cannot_open": (
        "Cannot open {path}: {reason}. Check sheet.path in config.yaml and the file's permissions."
    ),
    "sheets.xlsx_bad_suffix": (
        "{path} is not an .xlsx/.xlsm workbook (extension '{suffix}'). Open it in Excel or "
        "LibreOffice, save it as 'Excel Workbook (.xlsx)' and point config.yaml at it."
    ),
    "sheets.xlsx_unreadable": (
        "{path} cannot be read as an Excel workbook: {detail}. It may be damaged or in another "
        "format. Open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)'; the "
        "previous version may be beside it: {backup}."
    ),
    "sheets.xlsx_not_zip": "not a zip archive",
    "sheets.xlsx_new_not_xlsx": (
        "The bot creates new tables as .xlsx only, but the path is {path}. Change the extension "
        "in sheet.path in config.yaml to .xlsx."
    ),
    "sheets.xlsx_tab_has_data": (
        "Tab '{tab}' in {location} already holds data — init does not overwrite a table. Point "
        "config.yaml at another file or tab."
    ),
    "sheets.xlsx_no_tab": (
        "There is no tab '{tab}' in {location}. Tabs: {tabs}. Rename the tab or fix its name in "
        "config.yaml."
    ),
    "sheets.xlsx_chart_tab": (
        "Tab '{tab}' in {location} is a chart, not a table. Point config.yaml at a tab with data."
    ),
    "sheets.xlsx_no_tab_to_write": (
        "There is no tab '{tab}' in {location} — the bot cannot write to it. Restore the tab or "
        "fix its name in config.yaml."
    ),
    "sheets.xlsx_cell_outside": "Cell ({row}, {col}) is outside tab '{tab}' in {location}.",
    "sheets.xlsx_bad_colour": (
        "Colour '{rgb}' for '{value}' ({location}) is not an RGB like FFD966."
    ),
    "sheets.xlsx_changed": (
        "{location} was changed after the bot read it (someone saved their edits). The bot never "
        "overwrites them: it will re-read the file and write its changes next time. Nothing to do."
    ),
    "sheets.xlsx_saving_elsewhere": (
        "Another bot process is saving {path} right now. Nothing is lost — the bot will write the "
        "changes next time."
    ),
    "sheets.xlsx_open_elsewhere": (
        "{path} is open in {app} (lock file {lock} is beside it). Close it — nothing is lost, the "
        "bot will write the changes next time. If the file is already closed, delete {lock} from "
        "{folder}."
    ),
    "sheets.xlsx_write_failed": (
        "Could not write {path}: {reason}. It may be open in another program, or {hint} in "
        "{folder}. Close the file or fix that — nothing is lost, the bot will retry next time."
    ),
    "sheets.xlsx_disk_full": "the disk is full",
    "sheets.xlsx_no_write_perm": "no write permission",
    "sheets.xlsx_unsafe": (
        "The bot did not save {location}: openpyxl, the library it writes files with, would drop "
        "{lost}. The file is unchanged. What to do: save a copy of the workbook without them and "
        "point config.yaml at it, or move the table to Google Sheets or a new file (python -m bot "
        "init)."
    ),
    # what a save would lose, in sheets.xlsx_unsafe: {what} ({count}, tabs)
    "sheets.loss": "{what} ({count})",
    "sheets.loss_in_tabs": "{what} ({count}, tab {tabs})",
    "sheets.loss_tab": "{tab!r}",
    "sheets.lost_part": "the workbook part {part}",
    "sheets.lost_ext_named": "{what} ({name})",
    "sheets.lost_sheets": "sheets",
    "sheets.lost_chartsheets": "chart sheets",
    "sheets.lost_macrosheets": "Excel 4 macro and dialog sheets",
    "sheets.lost_shapes": "shapes and text boxes",
    "sheets.lost_images": "pictures",
    "sheets.lost_charts": "charts",
    "sheets.lost_slicers": "slicers",
    "sheets.lost_timelines": "timelines",
    "sheets.lost_controls": "form controls (buttons, check boxes, lists)",
    "sheets.lost_activex": "ActiveX controls",
    "sheets.lost_vba": "VBA macros",
    "sheets.lost_comments": "notes (comments)",
    "sheets.lost_threaded": "threaded comments",
    "sheets.lost_pivots": "pivot tables",
    "sheets.lost_links": "links to other workbooks",
    "sheets.lost_tables": "Excel tables",
    "sheets.lost_connections": "data connections (Power Query)",
    "sheets.lost_model": "the Power Pivot data model",
    "sheets.lost_dynamic": "dynamic array formulas",
    "sheets.lost_richdata": "pictures in cells and linked data types",
    "sheets.lost_smartart": "SmartArt graphics",
    "sheets.lost_ole": "embedded objects (OLE)",
    "sheets.lost_ink": "ink drawings",
    "sheets.lost_webext": "Office add-ins",
    "sheets.lost_sheetviews": "sheet views",
    "sheets.lost_revisions": "shared workbook change history",
    "sheets.lost_xmlmaps": "XML maps",
    "sheets.lost_signature": "the digital signature",
    "sheets.lost_customxml": "customXml data",
    "sheets.lost_customui": "ribbon customisation (customUI)",
    "sheets.lost_merged": "merged cells",
    "sheets.lost_condformat": "conditional formatting rules",
    "sheets.lost_condformatx": "extended conditional formatting (data bars, icon sets)",
    "sheets.lost_validation": "data validation rules",
    "sheets.lost_validationx": "data validation lists referring to another sheet",
    "sheets.lost_sparklines": "sparklines",
    "sheets.lost_hyperlinks": "hyperlinks",
    "sheets.lost_background": "sheet background pictures",
    "sheets.lost_protected": "editable ranges",
    "sheets.lost_names": "defined names",
    "sheets.lost_ext": "Excel sheet extensions",
    "sheets.lost_objects": "objects on the sheet",
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
