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
    "xlsx.changed_since_read": "Файл {path} изменён после того, как бот его прочитал (кто-то "
                               "сохранил свои правки). Бот не перезаписывает чужие изменения: "
                               "он перечитает файл и запишет свои в следующий раз. Делать "
                               "ничего не нужно.",

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
