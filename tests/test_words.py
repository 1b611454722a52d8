"""The catalogues: the same keys and placeholders in both languages, plural forms right."""

from __future__ import annotations

import string

import pytest

from bot.words import CATALOGUES, Words, plural_ru


def _fields(text: str | tuple[str, ...]) -> set[str]:
    """The placeholder names of a template (or of all its plural forms)."""
    forms = (text,) if isinstance(text, str) else text
    return {f for t in forms for _, f, _, _ in string.Formatter().parse(t) if f}


def test_both_languages_have_the_same_keys() -> None:
    ru, en = CATALOGUES["ru"], CATALOGUES["en"]
    assert sorted(set(ru) - set(en)) == [] and sorted(set(en) - set(ru)) == []


def test_both_languages_have_the_same_placeholders() -> None:
    ru, en = CATALOGUES["ru"], CATALOGUES["en"]
    differ = {k: (_fields(ru[k]), _fields(en[k])) for k in ru
              if _fields(ru[k]) != _fields(en.get(k, ""))}
    assert differ == {}


def test_plural_keys_have_every_form_and_a_count() -> None:
    for lang, forms_needed in (("ru", 3), ("en", 2)):
        for key, text in CATALOGUES[lang].items():
            if isinstance(text, tuple):
                assert len(text) == forms_needed, (lang, key)
                assert all("{n}" in t for t in text), (lang, key)


def test_no_text_is_empty() -> None:
    for lang, cat in CATALOGUES.items():
        assert [k for k, v in cat.items() if not v] == [], lang


@pytest.mark.parametrize(("n", "text"), [(1, "1 день"), (2, "2 дня"), (5, "5 дней"),
                                          (11, "11 дней"), (21, "21 день"), (104, "104 дня")])
def test_russian_plural_forms(n: int, text: str) -> None:
    assert Words("ru").count("common.days", n) == text
    assert plural_ru(n) in (0, 1, 2)


def test_english_plural_and_unknown_language_falls_back_to_russian() -> None:
    assert Words("en").count("common.days", 1) == "1 day"
    assert Words("en").count("common.days", 2) == "2 days"
    assert Words("de").lang == "ru"


def test_a_plural_key_called_directly_is_a_mistake() -> None:
    with pytest.raises(TypeError):
        Words("ru")("common.days")
