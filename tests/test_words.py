"""The catalogues: the same keys and placeholders in both languages, plural forms right."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bot.core.segments import Segment, label_key
from bot.words import CATALOGUES, Words, plural_ru

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
FILE_ENDINGS = {"yaml", "yml", "xlsx", "py", "png", "csv", "json", "sqlite3", "md", "txt"}
SAYERS = {"w", "count", "of", "has"}  # Words(...)(key), w.count(key, n), Phrase.of(key)


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


def _said_keys(source: str, by_shape: bool = True) -> list[tuple[int, str]]:
    """Catalogue keys a module's code names, as (line, key): the first argument of a call that
    says a key (w(...), w.count(...), Phrase.of(...), an error class), and, with `by_shape`,
    every string shaped like a key whose area (the part before the first dot) the catalogue has.
    """
    areas = {k.split(".")[0] for k in CATALOGUES["ru"]}
    found = []
    for node in ast.walk(ast.parse(source)):
        if by_shape and isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if (KEY.fullmatch(text) and text.split(".")[0] in areas
                    and text.rsplit(".", 1)[1] not in FILE_ENDINGS):
                found.append((node.lineno, text))
        if isinstance(node, ast.Call) and node.args and _says(node.func):
            first = node.args[0]
            if (isinstance(first, ast.Constant) and isinstance(first.value, str)
                    and KEY.fullmatch(first.value)):
                found.append((first.lineno, first.value))
    return found


def _says(func: ast.expr) -> bool:
    """True for a call that takes a catalogue key first."""
    if isinstance(func, ast.Call):  # Words(lang)("key")
        return isinstance(func.func, ast.Name) and func.func.id == "Words"
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name in SAYERS or name.endswith("Error")


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    missing = []
    for folder in ("bot", "sheets"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.parent.name == "words":
                continue
            # in sheets/ only what is said counts: its own dotted names (sheets.part) are no keys
            keys = _said_keys(path.read_text(encoding="utf-8"), by_shape=folder == "bot")
            missing += [f"{path.relative_to(ROOT)}:{line}: {key}" for line, key in keys
                        if key not in CATALOGUES["ru"]]
    assert missing == []


def test_the_key_scan_catches_a_key_missing_from_the_catalogue() -> None:
    source = """
w("list.header", name="Ольга")
w.count("common.dayz", 3)
Words("en")("nowhere.at_all")
raise SheetBusyError("sheets.not_a_key_yet")
LABELS = {"new": "segment.nwe"}
path = "config.yaml"
"""
    found = {key for _, key in _said_keys(source)}
    assert sorted(k for k in found if k not in CATALOGUES["ru"]) == [
        "common.dayz", "nowhere.at_all", "segment.nwe", "sheets.not_a_key_yet"]
    assert "list.header" in found
    assert {key for _, key in _said_keys(source, by_shape=False)} == {
        "list.header", "common.dayz", "nowhere.at_all", "sheets.not_a_key_yet"}


def test_every_segment_has_a_label_in_both_languages() -> None:
    from_keys = {lang: {Words(lang)(label_key(s)) for s in Segment} for lang in ("ru", "en")}
    assert all(len(labels) == len(Segment) for labels in from_keys.values())
