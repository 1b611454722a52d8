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
    "xlsx.changed_since_read": "{path} was changed after the bot read it (someone saved their "
                               "edits). The bot never overwrites them: it will re-read the file "
                               "and write its changes next time. Nothing to do.",

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
