"""Русский каталог: каждое слово, которое бот пишет в Telegram, в таблицу и в терминал.

Long because: один каталог — все слова бота на одном языке; разбить его значило бы
разнести по файлам слова, которые переводят вместе.

Ключи и подстановки ({name}) — те же, что в en.py (это проверяет tests/test_words.py).
Кортеж — формы для числа {n}: (1 день, 2 дня, 5 дней).
"""

from __future__ import annotations

WORDS: dict[str, str | tuple[str, ...]] = {
    # --- common: counts, dates, words used everywhere ---
    "common.days": ("{n} день", "{n} дня", "{n} дней"),
    "common.months": ("{n} мес.", "{n} мес.", "{n} мес."),
    "common.none": "нет",
    "outcome.paid": "Оплатил",
    "outcome.refused": "Отказ",
    "outcome.moved": "Перенесено",
    "outcome.no_answer": "Недозвон",
    "outcome.note": "Заметка",
    "press.gone": "клиента с этим ID больше нет в таблице",
    "press.id_repeats": "этот ID теперь повторяется в нескольких строках",
    "press.owner_changed": "клиента ведёт теперь {owner} — нажатие не записано",
    "press.client_changed": ("клиент изменился в таблице с тех пор, как вы открыли карточку — "
                             "/next покажет его заново"),
    "press.failed": "таблица не приняла запись ({error})",

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
    # a new .xlsx file (xlsx_new.py) and saving one (ooxml/disk.py)
    "sheets.xlsx_new_not_xlsx": (
        "Новую таблицу бот создаёт только как .xlsx, а указан {path}. Исправьте расширение в "
        "sheet.path в config.yaml на .xlsx."
    ),
    "sheets.xlsx_tab_has_data": (
        "Лист «{tab}» в файле {location} уже заполнен — init не перезаписывает таблицу. Укажите в "
        "config.yaml другой файл или лист."
    ),
    "sheets.xlsx_bad_colour": "Цвет «{rgb}» для «{value}» (файл {location}) — не RGB вида FFD966.",
    "xlsx.saving_elsewhere": (
        "Файл {path} сейчас сохраняет другой процесс бота. Изменения не потеряны — бот запишет их "
        "в следующий раз."
    ),
    "xlsx.open_elsewhere": (
        "Файл {path} открыт в {app} (рядом лежит файл блокировки {lock}). Закройте его — "
        "изменения не потеряны, бот запишет их в следующий раз. Если файл уже закрыт, удалите "
        "{lock} из папки {folder}."
    ),
    "xlsx.write_failed": (
        "Не удалось записать файл {path}: {reason}. Возможно, он открыт в другой программе или "
        "{hint} в папке {folder}. Закройте файл или исправьте это — изменения не потеряны, бот "
        "повторит запись в следующий раз."
    ),
    "xlsx.disk_full": "на диске нет места",
    "xlsx.no_write_perm": "нет прав на запись",
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
    "sheets.google_published_link": (
        "«{spreadsheet}» — это ссылка «Опубликовать в интернете», по ней таблицу не изменить. "
        "Откройте таблицу для редактирования и вставьте в sheet.spreadsheet адрес из строки "
        "браузера "
        "(https://docs.google.com/spreadsheets/d/<id>/edit)."
    ),
    "sheets.google_office_file": (
        "{location} — это файл Excel, лежащий на Google Диске, а не таблица Google: API его не "
        "меняет. "
        "Откройте его и выберите «Файл → Сохранить как таблицу Google», затем укажите адрес "
        "новой таблицы."
    ),
    "sheets.google_token_busy": (
        "Сервер входа Google сейчас не ответил ({location}). Ключ в порядке, ничего не потеряно: "
        "следующий запуск повторит."
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
    "sheets.google_rows_moved": (
        "Пока бот работал, на вкладке «{tab}» таблицы {location} сдвинулись строки ({count}): "
        "таблицу отсортировали или вставили либо удалили строки. Бот ничего не записал, чтобы "
        "не попасть в чужого клиента, и повторит по свежим данным."
    ),
    "sheets.google_rows_moved_written": (
        "Пока бот записывал, на вкладке «{tab}» таблицы {location} сдвинулись строки ({count}): "
        "таблицу отсортировали или вставили либо удалили строки, и запись попала не на те "
        "строки. Бот сразу вернул чужим клиентам их прежние значения (не удалось вернуть ячеек: "
        "{lost}) и запишет заново по ID при следующей попытке."
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

    # --- xlsx: the .xlsx package reader and writer (sheets/ooxml) ---
    "xlsx.not_found": "Файл {path} не найден. Проверьте путь sheet.path в config.yaml или "
                      "создайте таблицу командой python -m bot init.",
    "xlsx.cannot_open": "Файл {path} не открывается: {reason}. Проверьте путь sheet.path в "
                        "config.yaml и права на файл.",
    "xlsx.not_a_workbook": "Файл {path} не читается как книга Excel: возможно, он повреждён или "
                           "сохранён в другом формате. Откройте его в Excel или LibreOffice и "
                           "сохраните как «Книга Excel (.xlsx)».",
    "xlsx.not_a_workbook_backup": "Файл {path} не читается как книга Excel: возможно, он "
                                  "повреждён или сохранён в другом формате. Откройте его в Excel "
                                  "или LibreOffice и сохраните как «Книга Excel (.xlsx)»; "
                                  "предыдущая версия лежит рядом: {backup}.",
    "xlsx.encrypted": "Файл {path} защищён паролем, и бот не может его прочитать. Сохраните "
                      "копию без пароля (в Excel: Файл → Сведения → Защитить книгу → "
                      "Зашифровать с использованием пароля → пустой пароль) и укажите её в "
                      "config.yaml.",
    "xlsx.save_as_xlsx": "Файл {path} — в формате {kind}, а бот работает с книгами .xlsx. "
                         "Откройте его в Excel или LibreOffice, сохраните как «Книга Excel "
                         "(.xlsx)» и укажите новый файл в config.yaml.",
    "xlsx.not_xlsx_suffix": "Файл {path} — не книга .xlsx/.xlsm (расширение «{suffix}»). "
                            "Сохраните таблицу как «Книга Excel (.xlsx)» и укажите новый файл в "
                            "config.yaml.",
    "xlsx.no_tab": "В файле {path} нет листа «{tab}». Есть листы: {tabs}. Переименуйте лист "
                   "или исправьте название в config.yaml.",
    "xlsx.not_a_table_tab": "Лист «{tab}» в файле {path} — диаграмма или лист макросов, а не "
                            "таблица. Укажите в config.yaml лист с данными.",
    "xlsx.no_tab_to_write": "В файле {path} нет листа «{tab}» — бот не может в него записать. "
                            "Верните лист или исправьте название в config.yaml.",
    "xlsx.cell_outside": "Ячейка (строка {row}, столбец {col}) за пределами листа «{tab}» в "
                         "файле {path}.",
    "xlsx.merged_cell": "Бот не стал писать в ячейку {cell} листа «{tab}» ({path}): она внутри "
                        "объединённых ячеек {range}, которые занимают несколько столбцов. "
                        "Отмените объединение {range} — файл не изменён, бот запишет всё в "
                        "следующий раз.",
    "xlsx.array_cell": "Бот не стал писать в ячейку {cell} листа «{tab}» ({path}): её значение "
                       "выдаёт формула массива из диапазона {range}. Уберите формулу из столбца, "
                       "в который пишет бот, — файл не изменён.",
    "xlsx.shared_formula": "Бот не стал писать в ячейку {cell} листа «{tab}» ({path}): её "
                           "формулу делят другие ячейки, и перенести её не удалось. Замените "
                           "формулу в этом столбце значениями — файл не изменён.",
    "xlsx.bad_tab_name": "Бот не может добавить в файл {path} лист «{tab}»: такое имя Excel не "
                         "допускает или лист с похожим именем уже есть. Исправьте название в "
                         "config.yaml.",
    "xlsx.damaged_part": "В файле {path} повреждена часть {part}, и бот не стал его менять. "
                         "Откройте файл в Excel или LibreOffice и сохраните его заново.",
    "xlsx.rows_moved": (
        "На вкладке «{tab}» файла {path} строки ({count}) уже не те, что бот прочитал: файл "
        "сохранили с другим порядком строк. Бот ничего не записал и повторит по свежим данным."
    ),
    "xlsx.changed_since_read": "Файл {path} изменён после того, как бот его прочитал (кто-то "
                               "сохранил свои правки). Бот не перезаписывает чужие изменения: "
                               "он перечитает файл и запишет свои в следующий раз. Делать "
                               "ничего не нужно.",

    # --- config: config.yaml problems ---
    "config.failed": "{path}: {count} — ничего не изменено.",
    "config.errors": ("{n} ошибка", "{n} ошибки", "{n} ошибок"),
    "config.unknown_key": "{key}: такого ключа нет.{hint} Допустимые: {allowed}.",
    "config.did_you_mean_key": " Может быть, «{near}»?",
    "config.missing": "{key}: не указан{who}. Напишите {what}.",
    "config.for_manager": " у менеджера «{name}»",
    "config.unknown_timezone": ("timezone: «{value}» — неизвестный часовой пояс. "
                                "Напишите {what}{hint}."),
    "config.did_you_mean": " (может быть, {near}?)",
    "config.not_allowed": "{key}: «{value}» — такого значения нет. Напишите {what}{hint}.",
    "config.not_valid": "{key}: «{value}» не подходит ({why}). Напишите {what}.",
    "config.bad_time": "нет такого времени",
    "config.bad_weekdays": "нужен список дней недели",
    "config.bad_weekday": "нет такого дня недели: {day}",
    "config.bad_timezone": "неизвестный часовой пояс",
    "config.what.role": "одно из: cold_caller, closer, account_manager",
    "config.what.lapsed_role": "closer или account_manager",
    "config.what.telegram_id": ("число — Telegram id менеджера (он узнает его, написав боту "
                                "/start)"),
    "config.what.backend": "xlsx или google",
    "config.what.language": "ru или en",
    "config.what.morning": "время ЧЧ:ММ в кавычках, например \"09:00\"",
    "config.what.workdays": "дни недели из списка mon, tue, wed, thu, fri, sat, sun",
    "config.what.weekly_on": ("день недели: mon, tue, wed, thu, fri, sat, sun "
                              "(или null — не слать)"),
    "config.what.holidays": "даты ГГГГ-ММ-ДД, например 2026-12-31",
    "config.what.timezone": "часовой пояс вида Europe/Moscow",
    "config.what.default": "значение как в примере config.yaml",
    "config.no_managers": ("managers: список пуст. Добавьте хотя бы одного менеджера: "
                           "{{name: Ольга, role: {role}, telegram_id: 111111111}}."),
    "config.no_role": ("managers: нет ни одного менеджера с ролью {role} — а сегмент «{segment}» "
                       "обслуживает эта роль. Добавьте менеджера с role: {role}."),
    "config.no_lapsed_role": ("managers: нет ни одного менеджера с ролью {role} — а сегмент "
                              "«{segment}» обслуживает эта роль. Добавьте менеджера с role: "
                              "{role} или поменяйте rules.lapsed_role."),
    "config.no_path": ("sheet.path: не указан путь к файлу .xlsx. Напишите, например, "
                       "path: data/clients.xlsx (путь от папки config.yaml)."),
    "config.no_spreadsheet": ("sheet.spreadsheet: не указана таблица Google. Вставьте её адрес "
                              "(https://docs.google.com/spreadsheets/d/…) или id."),
    "config.header_clash": ("sheet.headers.{field}: «{header}» — столбец, который заполняют "
                            "люди ({other}); бот пишет в {field} сам и затёр бы его в каждой "
                            "строке. Укажите отдельный столбец (или уберите эту строку — бот "
                            "добавит свой)."),
    "config.same_name": ("managers[{i}].name: имя «{name}» уже есть у managers[{j}]. "
                         "Имена должны различаться — как их пишут в «Ответственный»."),
    "config.same_id": ("managers[{i}].telegram_id: {id} уже есть у managers[{j}]. "
                       "У каждого менеджера свой Telegram id."),
    "config.no_file": ("файла {path} нет. Создайте его (пример — config.yaml в репозитории) или "
                       "укажите путь: python -m bot --config ПУТЬ …"),
    "config.at_line": "строка {number}",
    "config.whole_file": "файл",
    "config.not_yaml": ("{where}: это не YAML ({problem}). Проверьте отступы (пробелы, "
                        "не табуляция) и двоеточия после ключей."),
    "config.not_mapping": ("в файле должны быть ключи (timezone:, sheet:, managers: …), "
                           "а не список или текст."),

    # --- rules: why a client is due, the next-action column, cell problems ---
    "legend.tab": "Цвета сегментов",
    "legend.segment": "Сегмент",
    "legend.who": "Кто ведёт",
    "legend.when": "Когда попадает в список",
    "legend.role.cold_caller": "холодный обзвон",
    "legend.role.closer": "дожим",
    "legend.role.account_manager": "аккаунт-менеджер",
    "legend.when.new": "ещё не звонили; после «Недозвон» — на следующий рабочий день",
    "legend.when.prospect": "КП отправлено: через несколько дней после контакта",
    "legend.when.retry": "отказал сразу: через несколько месяцев пробуем снова",
    "legend.when.warm": "интерес: в назначенный день, без даты — сразу",
    "legend.when.follow_up": "отказ после КП: через пару недель",
    "legend.when.lapsed": "давно не покупал: вернуть клиента",
    "legend.when.active": "покупает: когда пора повторить заказ или давно не общались",
    "legend.when.stop": "никогда",
    "segment.new": "Холодный",
    "segment.prospect": "Холодный: КП",
    "segment.retry": "Повторный холодный",
    "segment.warm": "Тёплый",
    "segment.follow_up": "Дожим",
    "segment.lapsed": "Реактивация",
    "segment.active": "Текущий",
    "segment.stop": "Не звонить",
    "why.promised": "обещали перезвонить {day}",
    "why.new": "новый клиент",
    "why.no_answer": "недозвон — набрать снова",
    "why.offer_sent_now": "КП отправлено — перезвонить",
    "why.offer_sent": "КП отправлено {days} назад",
    "why.retry_now": "отказ — новая попытка",
    "why.retry": "отказ {days} назад — новая попытка",
    "why.warm_no_step": "тёплый, нет следующего шага — назначьте дату",
    "why.refused": "отказ",
    "why.refused_because": "отказ «{reason}»",
    "why.follow_up_now": "{what} — дожим",
    "why.follow_up": "{what} {days} назад — дожим",
    "why.lapsed": "не покупает {months}",
    "why.touch_planned": "плановый контакт",
    "why.touch": "нет контакта {days}",
    "why.reorder_now": "пора повторить покупку",
    "why.reorder": "обычно покупает раз в {every}, прошло {passed}",
    "why.stop": "не звонить",
    "later.promised": "договорились созвониться",
    "later.no_answer": "набрать снова",
    "later.offer_sent": "перезвонить по КП",
    "later.retry": "новая холодная попытка",
    "later.follow_up": "дожим",
    "later.lapsed": "реактивация",
    "later.touch": "плановый контакт",
    "later.reorder": "напомнить о повторной покупке",
    "action.overdue": "Просрочено: {why}",
    "action.call": "Позвонить: {why}",
    "problem.where": "{cell} «{header}»: «{raw}»",
    "problem.date": "⚠ {where} — не дата; нужна дата ДД.ММ.ГГГГ",
    "problem.money": "⚠ {where} — не число; нужна сумма числом, например 125000",
    "problem.status": "⚠ {where} — неизвестный статус; напишите один из: {words}",
    "problem.status_near": ("⚠ {where} — неизвестный статус; может быть, «{near}»? "
                            "Напишите один из: {words}"),
    "problem.duplicate_id": "⚠ ID «{id}» повторяется в строках {rows}; сделайте ID разными",

    # --- lists and digest: the morning list ---
    "list.header": "<b>{name}, ваш список на {day}</b>",
    "list.counts": "Просрочено: {overdue} · на сегодня: {today} · новые: {new}",
    "list.handed": "🤝 <b>Переданы вам</b>",
    "list.from": "от {name}",
    "list.overdue": "⏰ <b>Просрочено</b>",
    "list.today": "📅 <b>На сегодня</b>",
    "list.pool": "🆕 <b>Новые клиенты</b>",
    "list.empty": "На сегодня звонков нет.",
    "list.held": ("⚠ Ещё {n} ваш клиент не в списке: в его строке ошибка (см. «Следующее "
                  "действие» в таблице)",
                  "⚠ Ещё {n} ваших клиента не в списке: в их строках ошибки (см. «Следующее "
                  "действие» в таблице)",
                  "⚠ Ещё {n} ваших клиентов не в списке: в их строках ошибки (см. «Следующее "
                  "действие» в таблице)"),
    "list.text_header": "{name} — {day}: просрочено {overdue}, на сегодня {today}, новых {new}",
    "digest.sent": "<b>Списки на {day} отправлены</b>",
    "digest.not_delivered": ("⚠ Не доставлено: {who} — менеджер заблокировал бота или не нажал "
                             "/start."),
    "digest.problems": ("⚠ {n} строку листа «{tab}» бот не может взять в работу — исправьте:",
                        "⚠ {n} строки листа «{tab}» бот не может взять в работу — исправьте:",
                        "⚠ {n} строк листа «{tab}» бот не может взять в работу — исправьте:"),
    "digest.problem": "· строка {row}: {what}",
    "digest.problems_more": "· и ещё {n} — все они в «python -m bot check»",
    "digest.renamed": ("✏️ В «Ответственный» были вписаны не менеджеры — бот передал их клиентов: "
                       "{names}. Если это опечатка, исправьте имя в config.yaml или в таблице."),
    "digest.line": "{name}: просрочено {overdue}, на сегодня {today}, новые {new}",

    # --- journal, purchases, report tabs and the workbook init makes ---
    "digest.parked": ("⚠ Не записаны в таблицу нажатия ({count}): {items} — причины "
                      "у менеджеров."),
    "digest.parked_item": "{who} — ID {id}",
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
    "report.title": "📊 <b>Отчёт {start} – {end}</b>",
    "report.managers": "<b>Менеджеры</b>",
    "report.manager": ("{name}: карточек {worked} ({kinds}){notes}; оплат {paid} на {money}; "
                       "передано лидов {leads}; конверсия {conversion:.0%}; "
                       "{hours:.1f} норм-ч/день из {target:g}"),
    "report.notes": "; заметок {count}",
    "report.no_data": "Нет данных: за эти дни никто не отметил ни одного звонка.",
    "report.reasons": "<b>Причины отказов</b>",
    "report.by_segment": "По сегментам: {groups}",
    "report.by_manager": "По менеджерам: {groups}",
    "report.last": "За последние {count} отказов: {shares}",
    "report.handovers": "Передач клиентов: {count}",
    "report.overdue": "<b>Просроченные обещания</b>",
    "report.chart_reasons": "Причины отказов, %",
    "report.chart_outcomes": "Итоги звонков по менеджерам",

    # --- cli: what the command line prints ---
    "cli.sync": ("Синхронизация: {location}, на {day}\n"
                 "  строк прочитано: {rows}\n"
                 "  по сегментам: {segments}\n"
                 "  ячеек {verb}: {cells}\n"
                 "  передач другому менеджеру: {handovers}\n"
                 "  строк с ошибками: {flagged}{hint}"),
    "cli.written": "записано",
    "cli.would_write": "было бы записано",
    "cli.flagged_hint": " (что исправить — в столбце «Следующее действие»)",
    "cli.dry_run": "Ничего не записано (--dry-run). Изменения:",
    "cli.rows": ("{n} строка", "{n} строки", "{n} строк"),
    "cli.problems": ("{n} проблема", "{n} проблемы", "{n} проблем"),
    "cli.check_ok": "Всё в порядке: config.yaml и лист «{tab}» ({rows}) без ошибок.",
    "cli.check_found": ("Найдено: {problems} (лист «{tab}»). Исправьте ячейки и запустите "
                        "check снова."),
    "cli.check_dates": "Даты, которые не читаются",
    "cli.check_statuses": "Неизвестные статусы",
    "cli.check_sums": "Суммы, которые не читаются",
    "cli.check_ids": "Повторяющиеся ID",
    "cli.check_phones": "Один телефон в нескольких строках",
    "cli.check_phone": "{phone}: строки {rows} — один клиент записан дважды?",
    "cli.check_owners": "Ответственные, которых нет среди менеджеров в config.yaml",
    "cli.check_owner_replaced": ("«{name}» — нет такого менеджера в config.yaml; синхронизация "
                                 "заменит на «{new}». Исправьте имя или добавьте менеджера."),
    "cli.check_owner_kept": ("«{name}» — нет такого менеджера в config.yaml; этот клиент "
                             "ни в чей список не попадёт. Исправьте имя или добавьте менеджера."),
    "cli.owners_replaced": ("  заменено ответственных, которых нет в config.yaml: {count} "
                            "({names})"),
    "cli.check_row": "строка {row}: {text}",
    "cli.created": "Таблица создана: {location}.",
    "cli.created_samples": "Таблица создана: {location}, образцов клиентов: {rows}.",
    "cli.init_preview": ("Ничего не создано (--dry-run). Будет лист «{tab}»: {headers}; "
                         "+ {tabs}; строк: {rows}"),
    "cli.day_off": "{day} — нерабочий день (schedule.workdays / holidays): списков нет.",
    "cli.demo_done": ("Демо-таблица: {workbook} (откройте в Excel или LibreOffice).\n"
                      "Попробуйте: python -m bot --config {config} check"),
    "cli.not_sent_demo": ("(демо: списки напечатаны — в Telegram они уходят, когда в config.yaml "
                          "ваши менеджеры, а токен бота задан)"),
    "cli.not_sent_dry": "(--dry-run: ничего не отправлено)",
    "cli.not_sent_no_token": "(токен бота не задан — списки напечатаны, не отправлены)",
    "cli.not_sent_other_day": "(списки другого дня не отправляются — только напечатаны)",
    "cli.sent": "Отправлено сообщений: {count}",
    "cli.not_delivered": "⚠ {who}: не доставлено ({why})",
    "cli.postponed": "Telegram не ответил для: {who} — следующий запуск дошлёт.",
    "cli.elsewhere": ("Ещё {count} — отправил другой запуск бота, работавший в то же время "
                      "(каждое сообщение уходит один раз)."),
    "cli.no_token": ("Нет токена бота: задайте переменную окружения {env} (токен выдаёт "
                     "@BotFather в Telegram) и запустите снова. Без токена используйте "
                     "«python -m bot once» — списки будут напечатаны."),
    "cli.token_rejected": ("Telegram отклонил токен из переменной окружения {env}: проверьте "
                           "его (или выпустите новый у @BotFather: /token) и запустите снова."),
    "cli.telegram_down": ("Telegram недоступен ({why}). Ничего не потеряно: следующий запуск "
                          "отправит списки. Проверьте сеть и telegram.base_url в config.yaml."),
    "cli.bad_date": "«{text}» — не дата; нужна ГГГГ-ММ-ДД, например 2026-11-23",
    "cli.help.description": ("Бот клиентской базы: сегменты и ответственные в вашей таблице, "
                             "утренние списки звонков."),
    "cli.help.epilog": "Начните с: python -m bot demo",
    "cli.help.config": "путь к config.yaml (по умолчанию: ./config.yaml)",
    "cli.help.date": "работать на этот день, ГГГГ-ММ-ДД (по умолчанию: сегодня)",
    "cli.help.dry_run": "ничего не менять и не отправлять: напечатать, что было бы сделано",
    "cli.help.verbose": "больше журнала в stderr",
    "cli.help.init": ("создать новую таблицу / заполнить пустую Google-таблицу заголовками "
                      "(пример: python -m bot init --demo)"),
    "cli.help.samples": "заполнить её образцами клиентов",
    "cli.help.check": "показать ошибки конфигурации и таблицы, строка за строкой",
    "cli.help.sync": "записать сегменты, ответственных и следующие действия",
    "cli.help.digest": "отправить утренние списки (без токена бота — напечатать)",
    "cli.help.once": "синхронизация, затем утренние списки (для cron)",
    "cli.help.report": ("цифры руководителя за период: напечатать и записать на лист отчёта "
                        "(пример: python -m bot report --from 2026-11-01 --to 2026-11-15)"),
    "cli.help.from": "первый день (по умолчанию: понедельник этой недели)",
    "cli.help.to": "последний день (по умолчанию: сегодня)",
    "cli.help.chart": "ещё сохранить график в этот PNG-файл",
    "cli.help.run": ("рабочий процесс: синхронизирует по расписанию, шлёт утренние списки, "
                     "отвечает в Telegram (нужен токен бота)"),
    "cli.help.demo": ("пример таблицы в ./demo/, синхронизированный, со списком каждого "
                      "менеджера"),

    # --- chat: /start, /help, /today, access, errors in chat ---
    "menu.next": "следующий клиент: карточка и кнопки итога",
    "menu.today": "мой список на сегодня",
    "menu.new": "записать входящий запрос",
    "menu.report": "отчёт (руководителю)",
    "menu.start": "что умеет бот; ваш Telegram id",
    "menu.help": "что умеет бот и как им пользоваться",
    "menu.find": "найти клиента: /find имя или цифры телефона",
    "menu.tomorrow": "мой список на завтра",
    "menu.my": "моя неделя: карточки, итоги, оплаты",
    "chat.private_only": "Списки и карточки клиентов — только в личном чате: напишите мне лично.",
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
    "chat.hello_head": ("Здравствуйте, {name}! Вы руководитель: каждое рабочее утро я пришлю "
                        "сводку по спискам менеджеров.\n"
                        "/report — отчёт за неделю (/report month, /report 01.11 15.11)\n"
                        "/today — сводка на сегодня\n"
                        "/next — карточки всех менеджеров, самые срочные первыми\n"
                        "/new — записать входящий запрос\n"
                        "/help — подробнее"),
    "chat.help_manager": ("<b>Как работать с ботом</b>\n"
                          "Утром приходит ваш список. Нажмите «▶️ Следующий клиент» (или /next) — "
                          "придёт карточка: кто, телефон, почему звонить сейчас, история.\n"
                          "После звонка нажмите итог:\n"
                          "✅ Оплатил — сумму можно написать: 85 000, 85к, 1,5 млн\n"
                          "❌ Отказ — выберите причину\n"
                          "📅 Перенести — +1 раб. день, +3, +7, +30 или своя дата\n"
                          "📵 Недозвон — наберём снова в следующий рабочий день\n"
                          "📝 Заметка — добавится в «Комментарий», карточка останется\n"
                          "Бот покажет, что записал; «↩️ Отменить» работает 10 минут.\n"
                          "📅 Своя дата — можно со временем: «сегодня 15:00», «в чт 11:00», "
                          "«через 2 недели», «5.12 14:30»; в это время я напомню карточкой\n"
                          "/new — записать входящий запрос\n"
                          "/find — найти клиента по имени или цифрам телефона\n"
                          "/today, /tomorrow — список на сегодня, на завтра\n"
                          "/my — ваша неделя: карточки, итоги, оплаты"),
    "chat.help_head": ("<b>Что может руководитель</b>\n"
                       "Каждое рабочее утро — сводка: сколько звонков у каждого менеджера и кому "
                       "список не доставлен.\n"
                       "/report — отчёт за эту неделю с графиком; /report month — за месяц; "
                       "/report 01.11 15.11 — за период\n"
                       "/today — сводка на сегодня\n"
                       "/next — карточки всех менеджеров, самые срочные первыми (итоги можно "
                       "отмечать за менеджера)\n"
                       "/new — записать входящий запрос: он уйдёт ответственному\n"
                       "/find — найти любого клиента по имени или цифрам телефона\n"
                       "/tomorrow — сводка на завтра"),
    "chat.hint": "Не понял. Нажмите «▶️ Следующий клиент» или /help — что я умею.",

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
    "deck.button.next_client": "▶️ Следующий клиент",
    "deck.button.undo": "↩️ Отменить",
    "deck.ask_date": ("Напишите, когда перезвонить: 5.12, «завтра», «в чт», «через 2 недели». "
                      "Со временем — напомню в этот час: «сегодня 15:00», «завтра 10:00», "
                      "«в чт 11:30»."),
    "deck.ask_note": "Напишите заметку одним сообщением",
    "deck.ask_amount": "Напишите сумму оплаты числом или нажмите «Без суммы»",
    "deck.bad_date": "Не понял дату. Напишите 25.11, 25.11.2026 или «завтра».",
    "when.past": ("Это время уже прошло. Напишите будущее: «завтра 10:00», «в чт», "
                  "«через 3 дня»."),
    "when.ambiguous": ("Можно понять по-разному. Число пишите с месяцем (10.12), время — с "
                       "минутами (10:00 или 17:00), один день за раз: «завтра 17:00»."),
    "when.unclear": ("Не понял, когда. Примеры: «сегодня 15:00», «завтра», «в чт 11:00», "
                     "«через 2 недели», «5.12 14:30»."),
    "remind.title": "⏰ <b>Напоминание:</b> перезвонить в {time}",
    "remind.gone": ("⏰ <b>Напоминание:</b> перезвонить в {time} — {title}. Клиента больше нет "
                    "в таблице под этим ID."),
    "find.usage": "Напишите, кого найти: /find Ромашка или /find 9001234567",
    "find.none": "Никого не нашёл по «{query}».",
    "find.more": "Ещё {more} — уточните запрос.",
    "my.title": "<b>Ваша неделя</b> ({start} — {end})",
    "my.worked": "Карточек с итогом: {count}",
    "my.outcome": "· {outcome}: {count}",
    "my.paid": "Оплат: {count} на {sum} ₽",
    "my.hours": "Норма-часы: {hours} (в день {per_day} из {target})",
    "my.heads_only": "Своя неделя есть у менеджера; руководителю — /report.",
    "deck.bad_amount": ("Не понял сумму. Напишите число, например 125000, или нажмите "
                        "«Без суммы»."),
    "deck.done": "Колода на сегодня пройдена 👍",
    "deck.stale": "Эта кнопка устарела — /next",
    "deck.not_yours": "Это не ваш клиент.",
    "deck.saving": "Записываю…",
    "deck.busy": "Сохранено. Таблица сейчас занята — запишу, как только освободится.",
    "deck.kept": ("Принято, но файл состояния бота сейчас занят другой программой — "
                  "сохраню и запишу через несколько секунд."),
    "deck.not_saved": "Не записано: {why}",
    "deck.parked": ("⚠ Не удалось записать в таблицу ваш результат по клиенту ID {id}: {why}.\n"
                    "Остальные нажатия записываются. Проверьте строку этого клиента в таблице и "
                    "впишите результат вручную; руководитель увидит это в утренней сводке."),
    "deck.handover": "🤝 <b>Вам передан клиент: {company}</b>\nот {who}",
    "deck.handover_phone": "Телефон: {phone}",
    "deck.handover_why": "Почему: {why}",
    "deck.handed_away": "🤝 {company} теперь у {owner}: {why}.",
    "deck.recorded.paid": "✅ Оплатил",
    "deck.recorded.paid_sum": "✅ Оплатил {sum} ₽",
    "deck.recorded.refused": "❌ Отказ: {reason}",
    "deck.recorded.moved": "📅 Перенесено на {day}",
    "deck.recorded.no_answer": "📵 Недозвон {day}, пробуем снова {next}",
    "deck.recorded.note": "📝 Заметка добавлена: {note}",
    "deck.recorded.waiting": "⏳ Сохранено — запишу, как только файл освободится",
    "deck.recorded.undo_until": "<i>Отменить можно до {time}</i>",
    "deck.undone": "↩️ Отменено: {what}. Выберите итог заново.",
    "deck.undone_waiting": "↩️ Отменено: {what} (в таблицу не попало). Выберите итог заново.",
    "deck.undone_note": "↩️ Отменено: {what}.",
    "deck.undo_late": "Отменить можно только в первые 10 минут.",
    "deck.undo_later": "По клиенту уже записан следующий итог — отменить нельзя.",
    "deck.undo_saving": "Отменяю…",
    "deck.undo_refused": "Не отменено: {why}",
    "press.undo_changed": "строку клиента изменили после записи — верните значения вручную",
    "tab.journal.undo": "Отмена",
    "common.weekdays": "пн вт ср чт пт сб вс",
    "why.no_answer_on": "не дозвонились {day}, пробуем снова {next}",

    # --- incoming: /new ---
    "incoming.ask_company": "Новый запрос. Компания? (/cancel — отменить)",
    "incoming.ask_contact": "Контактное лицо?",
    "incoming.ask_phone": "Телефон?",
    "incoming.ask_want": "Что хотят?",
    "incoming.busy": ("Сохранено. Таблица сейчас занята — запишу запрос, как только она "
                      "освободится, и сообщу."),
    "incoming.parked": ("⚠ Не удалось записать запрос в таблицу: {why}. Впишите его вручную."),
    "incoming.cancelled": "Отменено.",
    "incoming.interrupted": "Новый запрос отменён, ничего не записано. Начать заново — /new.",
    "incoming.timed_out": ("Новый запрос отменён: ответа не было дольше {minutes} минут, "
                           "ничего не записано. Начать заново — /new."),
    "incoming.saved_known": "Записано. Клиент уже есть в базе — передан: {owner}.",
    "incoming.saved_new": "Записано. Новый клиент, тёплый лид — ведёт {owner}.",
    "incoming.title": "📞 <b>Входящий запрос</b>",
    "incoming.title_known": "📞 <b>Входящий запрос</b> (клиент из базы)",
    "incoming.wants": "Хотят: {want}",
    "incoming.recorded_by": "Записал: {who}",

    # --- state: the bot's own state file ---
    "state.busy": ("Файл состояния бота {path} занят другой программой дольше нескольких секунд. "
                   "Ничего не потеряно: повторите через минуту (бот в работе повторит сам)."),
    "state.corrupt": ("Файл состояния бота {path} повреждён (это не база SQLite или она "
                      "испорчена). Переместите его в другое место — бот создаст новый. Списки "
                      "на сегодня после этого могут прийти повторно."),
    "state.cannot_open": ("Файл состояния бота {path} не открывается ({why}). Проверьте, что "
                          "это файл, а не папка, и что у бота есть права на чтение и запись в "
                          "него и его папку (или укажите другой путь в state в config.yaml)."),

    # --- worker and sender ---
}
