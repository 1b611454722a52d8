"""Русский каталог: каждое слово, которое бот пишет в Telegram, в таблицу и в терминал.

Ключи и подстановки ({name}) — те же, что в en.py (это проверяет tests/test_words.py).
Кортеж — формы для числа {n}: (1 день, 2 дня, 5 дней).
"""

from __future__ import annotations

WORDS: dict[str, str | tuple[str, ...]] = {
    # --- common: counts, dates, words used everywhere ---
    "common.days": ("{n} день", "{n} дня", "{n} дней"),

    # --- sheets: errors of the table layer (sheets/) ---
    # the header row (table.py) and the in-memory backend (memory.py)
    "sheets.no_header_row": (
        "На листе «{tab}» в первых {rows} строках нет строки заголовков. Ожидаются столбцы вроде "
        "«Компания», «Статус». Добавьте строку заголовков или укажите свои названия в config.yaml "
        "(sheet.headers)."
    ),
    "sheets.headers_missing": (
        "В config.yaml указаны заголовки {names}, но в строке заголовков {row} листа «{tab}» "
        "таких столбцов нет. Исправьте название в config.yaml или в таблице."
    ),
    "sheets.memory_no_tab": "Нет листа «{tab}» в {location}.",
    "sheets.memory_tab_has_data": "Лист «{tab}» уже заполнен — init не перезаписывает таблицу.",
    # .xlsx files (xlsx.py)
    "sheets.xlsx_not_found": (
        "Файл {path} не найден. Проверьте путь sheet.path в config.yaml или создайте таблицу "
        "командой python -m bot init."
    ),
    "sheets.xlsx_cannot_open": (
        "Файл {path} не открывается: {reason}. Проверьте путь sheet.path в config.yaml и права на "
        "файл."
    ),
    "sheets.xlsx_bad_suffix": (
        "Файл {path} — не книга .xlsx/.xlsm (расширение «{suffix}»). Откройте его в Excel или "
        "LibreOffice, сохраните как «Книга Excel (.xlsx)» и укажите новый файл в config.yaml."
    ),
    "sheets.xlsx_unreadable": (
        "Файл {path} не читается как книга Excel: {detail}. Возможно, он повреждён или сохранён в "
        "другом формате. Откройте его в Excel или LibreOffice и сохраните как «Книга Excel "
        "(.xlsx)»; предыдущая версия может лежать рядом: {backup}."
    ),
    "sheets.xlsx_not_zip": "это не zip-архив",
    "sheets.xlsx_new_not_xlsx": (
        "Новую таблицу бот создаёт только как .xlsx, а указан {path}. Исправьте расширение в "
        "sheet.path в config.yaml на .xlsx."
    ),
    "sheets.xlsx_tab_has_data": (
        "Лист «{tab}» в файле {location} уже заполнен — init не перезаписывает таблицу. Укажите в "
        "config.yaml другой файл или лист."
    ),
    "sheets.xlsx_no_tab": (
        "В файле {location} нет листа «{tab}». Есть листы: {tabs}. Переименуйте лист или "
        "исправьте название в config.yaml."
    ),
    "sheets.xlsx_chart_tab": (
        "Лист «{tab}» в файле {location} — диаграмма, а не таблица. Укажите в config.yaml лист с "
        "данными."
    ),
    "sheets.xlsx_no_tab_to_write": (
        "В файле {location} нет листа «{tab}» — бот не может в него записать. Верните лист или "
        "исправьте название в config.yaml."
    ),
    "sheets.xlsx_cell_outside": (
        "Ячейка ({row}, {col}) за пределами листа «{tab}» в файле {location}."
    ),
    "sheets.xlsx_bad_colour": "Цвет «{rgb}» для «{value}» (файл {location}) — не RGB вида FFD966.",
    "sheets.xlsx_changed": (
        "Файл {location} изменён после того, как бот его прочитал (кто-то сохранил свои правки). "
        "Бот не перезаписывает чужие изменения: он перечитает файл и запишет свои в следующий "
        "раз. Делать ничего не нужно."
    ),
    "sheets.xlsx_saving_elsewhere": (
        "Файл {path} сейчас сохраняет другой процесс бота. Изменения не потеряны — бот запишет их "
        "в следующий раз."
    ),
    "sheets.xlsx_open_elsewhere": (
        "Файл {path} открыт в {app} (рядом лежит файл блокировки {lock}). Закройте его — "
        "изменения не потеряны, бот запишет их в следующий раз. Если файл уже закрыт, удалите "
        "{lock} из папки {folder}."
    ),
    "sheets.xlsx_write_failed": (
        "Не удалось записать файл {path}: {reason}. Возможно, он открыт в другой программе или "
        "{hint} в папке {folder}. Закройте файл или исправьте это — изменения не потеряны, бот "
        "повторит запись в следующий раз."
    ),
    "sheets.xlsx_disk_full": "на диске нет места",
    "sheets.xlsx_no_write_perm": "нет прав на запись",
    "sheets.xlsx_unsafe": (
        "Бот не стал сохранять {location}: библиотека openpyxl, которой он пишет файл, потеряла "
        "бы {lost}. Файл не изменён. Что делать: сохраните копию книги без этих объектов и "
        "укажите её в config.yaml, или перенесите таблицу в Google Sheets или в новый файл "
        "(python -m bot init)."
    ),
    # what a save would lose, in sheets.xlsx_unsafe: {what} ({count}, tabs)
    "sheets.loss": "{what} ({count})",
    "sheets.loss_in_tabs": "{what} ({count}, лист {tabs})",
    "sheets.loss_tab": "«{tab}»",
    "sheets.lost_part": "часть книги {part}",
    "sheets.lost_ext_named": "{what} ({name})",
    "sheets.lost_sheets": "листы",
    "sheets.lost_chartsheets": "листы-диаграммы",
    "sheets.lost_macrosheets": "листы макросов Excel 4 и диалогов",
    "sheets.lost_shapes": "фигуры и надписи",
    "sheets.lost_images": "рисунки",
    "sheets.lost_charts": "диаграммы",
    "sheets.lost_slicers": "срезы",
    "sheets.lost_timelines": "временные шкалы",
    "sheets.lost_controls": "элементы управления (кнопки, флажки, списки)",
    "sheets.lost_activex": "элементы ActiveX",
    "sheets.lost_vba": "макросы VBA",
    "sheets.lost_comments": "примечания",
    "sheets.lost_threaded": "цепочки комментариев",
    "sheets.lost_pivots": "сводные таблицы",
    "sheets.lost_links": "связи с другими книгами",
    "sheets.lost_tables": "умные таблицы (Ctrl+T)",
    "sheets.lost_connections": "подключения к данным (Power Query)",
    "sheets.lost_model": "модель данных Power Pivot",
    "sheets.lost_dynamic": "динамические формулы массива",
    "sheets.lost_richdata": "рисунки в ячейках и связанные типы данных",
    "sheets.lost_smartart": "рисунки SmartArt",
    "sheets.lost_ole": "встроенные объекты (OLE)",
    "sheets.lost_ink": "рукописные пометки",
    "sheets.lost_webext": "надстройки Office",
    "sheets.lost_sheetviews": "представления листа",
    "sheets.lost_revisions": "журнал изменений общей книги",
    "sheets.lost_xmlmaps": "XML-карты",
    "sheets.lost_signature": "цифровая подпись",
    "sheets.lost_customxml": "служебные данные customXml",
    "sheets.lost_customui": "настройки ленты (customUI)",
    "sheets.lost_merged": "объединения ячеек",
    "sheets.lost_condformat": "правила условного форматирования",
    "sheets.lost_condformatx": "расширенное условное форматирование (гистограммы, значки)",
    "sheets.lost_validation": "проверки данных",
    "sheets.lost_validationx": "списки проверки данных со ссылкой на другой лист",
    "sheets.lost_sparklines": "спарклайны",
    "sheets.lost_hyperlinks": "гиперссылки",
    "sheets.lost_background": "фоновый рисунок листа",
    "sheets.lost_protected": "разрешённые для правки диапазоны",
    "sheets.lost_names": "имена диапазонов",
    "sheets.lost_ext": "расширения листа Excel",
    "sheets.lost_objects": "объекты на листе",
    # Google Sheets (google.py)
    "sheets.google_key_help": (
        "Где взять ключ: Google Cloud console → IAM и администрирование → Сервисные аккаунты → "
        "создайте аккаунт → Ключи → Добавить ключ → JSON. Включите в проекте Google Sheets API и "
        "откройте таблице доступ на редактирование для client_email из этого файла."
    ),
    "sheets.google_no_key": (
        "Не указан ключ сервисного аккаунта Google: укажите путь к JSON-файлу в sheet.credentials "
        "(config.yaml) или в переменной GOOGLE_APPLICATION_CREDENTIALS. {help}"
    ),
    "sheets.google_key_not_found": (
        "Не найден файл ключа сервисного аккаунта Google: {path}. {help}"
    ),
    "sheets.google_oauth_key": (
        'Файл {path} — ключ OAuth-клиента, а нужен ключ сервисного аккаунта (в нём есть "type": '
        '"service_account"). {help}'
    ),
    "sheets.google_bad_key": (
        "Файл {path} не подходит как ключ сервисного аккаунта Google ({detail}). Скачайте ключ "
        "заново. {help}"
    ),
    "sheets.google_key_rejected": (
        "Google не принял ключ сервисного аккаунта {who} ({detail}): ключ удалён, отключён или "
        "испорчен. Создайте новый ключ JSON и укажите его в sheet.credentials. {help}"
    ),
    "sheets.google_bad_spreadsheet": (
        "Не понять, какая это Google-таблица: «{spreadsheet}». Укажите в sheet.spreadsheet "
        "(config.yaml) ссылку вида https://docs.google.com/spreadsheets/d/<id>/edit или id."
    ),
    "sheets.google_not_found": (
        "Таблица {id} не найдена: проверьте id или ссылку в sheet.spreadsheet (config.yaml) — id "
        "это часть адреса между /d/ и /edit — и что таблица открыта для {who}."
    ),
    "sheets.google_not_shared": (
        "Нет доступа к таблице {location}: откройте доступ на редактирование для {who} (в "
        "таблице: «Настройки доступа» → добавьте этот адрес → «Редактор»)."
    ),
    "sheets.google_service_account": "сервисного аккаунта (client_email из файла ключа)",
    "sheets.google_api_disabled": (
        "В проекте Google Cloud сервисного аккаунта выключен Google Sheets API: включите его "
        "(console.cloud.google.com → APIs & Services → Library → Google Sheets API → Enable) и "
        "повторите через пару минут. Ответ Google: {message}"
    ),
    "sheets.google_no_tab": (
        "Нет листа «{tab}» в таблице {location} (листы: {tabs}). Проверьте название листа в "
        "config.yaml или переименуйте лист в таблице."
    ),
    "sheets.google_tab_has_data": (
        "Лист «{tab}» в таблице {location} уже заполнен — init не перезаписывает таблицу. Укажите "
        "в sheet.spreadsheet новую пустую таблицу или переименуйте этот лист."
    ),
    "sheets.google_offline": (
        "Нет связи с Google Sheets ({error}) при работе с таблицей {location}: проверьте интернет "
        "или прокси на сервере бота. Изменения не потеряны — бот повторит попытку позже."
    ),
    "sheets.google_busy": (
        "Google Sheets временно не отвечает: {reason} (таблица {location}), повторные попытки не "
        "помогли. Изменения не потеряны — бот повторит при следующей синхронизации. Если так "
        "каждый раз, синхронизируйте реже (schedule.sync_every_minutes)."
    ),
    "sheets.google_quota": "превышена квота запросов",
    "sheets.google_own_error": "ошибка на стороне Google ({status})",
    "sheets.google_refused": (
        "Google Sheets отклонил запрос к таблице {location}: {message} (ошибка {status}). Если во "
        "время работы бота удаляли листы, строки или столбцы — запустите синхронизацию ещё раз; "
        "если ошибка повторяется, передайте этот текст разработчику."
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
