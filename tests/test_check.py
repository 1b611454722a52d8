"""`check` names what would hurt later: a status typo with the word meant, the same phone on two
rows, owner names that are no manager (and the sync's summary says which it replaced)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.summary import check, summary
from bot.services.sync import sync
from sheets import MemoryBackend
from tests.workbooks import team_config

DAY = date(2026, 11, 24)
HEADER = ["ID", "Компания", "Телефон", "Статус", "Ответственный"]


config = team_config  # one manager of each role, in a language


def sheet(*rows: list[object]) -> MemoryBackend:
    """A clients tab with these rows under the header."""
    return MemoryBackend({"Клиенты": [HEADER, *[list(r) for r in rows]]})


@pytest.mark.parametrize(("lang", "typo", "meant"), [
    ("ru", "Недозон", "может быть, «Недозвон»?"), ("ru", "клиетн", "может быть, «Клиент»?"),
    ("en", "No anwser", "did you mean 'No answer'?")])
def test_a_status_typo_gets_the_nearest_status(lang: str, typo: str, meant: str) -> None:
    b = sheet([1, "Альфа", "", typo, "Ольга"], [2, "Бета", "", "Купил слона", "Ольга"])
    text, count = check(sync(b, config(lang), DAY, dry_run=True), config(lang))
    assert count == 2
    first, second = (line for line in text.splitlines() if typo in line or "слона" in line)
    assert meant in first and ("может быть" not in second and "did you mean" not in second)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_same_phone_on_two_rows_is_flagged(lang: str) -> None:
    b = sheet([1, "Альфа", "+7 (900) 123-45-67", "Новый", "Ольга"],
              [2, "Альфа 2", "89001234567", "Новый", "Ольга"],
              [3, "Бета", "8 900 765-43-21; +7 900 111 22 33", "Новый", "Ольга"],
              [4, "Гамма", "+79001112233", "Новый", "Ольга"],
              [5, "Дельта", "+7 900 000 00 01", "Новый", "Ольга"],
              [6, "Эпсилон", "123", "Новый", "Ольга"], [7, "Зета", "123", "Новый", "Ольга"])
    text, count = check(sync(b, config(lang), DAY, dry_run=True), config(lang))
    assert count == 2
    assert "+7 (900) 123-45-67: " in text and " 2, 3 " in text and " 4, 5 " in text
    assert ("Один телефон" if lang == "ru" else "The same phone") in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_owner_names_that_are_no_manager_are_reported_and_the_sync_says_it_replaced_them(
        lang: str) -> None:
    cfg = config(lang)
    b = sheet([1, "Альфа", "", "Новый", "Оля"], [2, "Бета", "", "Новый", "оля"],
              [3, "Гамма", "", "Новый", "ольга "], [4, "Дельта", "", "Не звонить", "Вася"])
    plan = sync(b, cfg, DAY, dry_run=True)
    text, count = check(plan, cfg)
    assert count == 3  # «ольга » is Ольга: case and spaces do not matter
    assert text.count("«Оля»" if lang == "ru" else "'Оля'") == 1
    replaced = "заменит на «Ольга»" if lang == "ru" else "replace it with 'Ольга'"
    assert text.count(replaced) == 2
    assert ("ни в чей список" if lang == "ru" else "on nobody's list") in text  # Вася, stopped
    done = summary(sync(b, cfg, DAY), "memory", cfg)
    assert done.splitlines()[-1].endswith("2 («Оля», «оля»)")
    assert [r[4] for r in b.data["Клиенты"][1:]] == ["Ольга", "Ольга", "ольга ", "Вася"]
    assert "заменено" not in summary(sync(b, cfg, DAY), "memory", cfg)  # nothing left to replace


def test_a_clean_sheet_passes() -> None:
    b = sheet([1, "Альфа", "+7 900 123-45-67", "Новый", "Ольга"])
    assert check(sync(b, config("ru"), DAY, dry_run=True), config("ru"))[1] == 0
