"""The sheets layer's errors speak through the catalogues: every key is there, every error renders.

sheets/ raises `SomeError("sheets.key", **values)` and knows no language; the words live in
bot/words/ru.py and en.py. The keys are found by scanning sheets/ and its packages for string
literals shaped "sheets.xxx" or "xlsx.xxx"; the values each error is raised with, from the
keyword arguments of the call.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from typing import NamedTuple

import pytest

import sheets.errors
from bot.words import CATALOGUES, LANGUAGES, Words
from sheets.errors import Phrase, SheetBusyError, UserError

SHEETS = Path(__file__).resolve().parent.parent / "sheets"
KEY = re.compile(r"(sheets|xlsx)\.[a-z0-9_]+")
NOT_WORDS: set[str] = set()  # dotted names in sheets/ that are no catalogue keys


class Raised(NamedTuple):
    """One `Class("sheets.key", name=...)` call in sheets/: what it builds, with which values."""

    cls: str
    key: str
    values: tuple[str, ...]
    where: str


def _trees() -> dict[str, ast.Module]:
    """Every module of sheets/ and its packages, parsed, by file name."""
    return {str(p.relative_to(SHEETS)): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(SHEETS.rglob("*.py"))}


def _literals() -> set[str]:
    """Every string literal in sheets/ shaped like a catalogue key of the sheets section."""
    return {
        node.value
        for tree in _trees().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and KEY.fullmatch(node.value) and node.value not in NOT_WORDS
    }


def _raised() -> list[Raised]:
    """Every call in sheets/ whose first argument is a "sheets.xxx" key."""
    found = []
    for name, tree in _trees().items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)
                    and KEY.fullmatch(first.value) and first.value not in NOT_WORDS):
                continue
            func = node.func
            cls = func.id if isinstance(func, ast.Name) else ast.unparse(func)
            values = tuple(str(k.arg) for k in node.keywords)  # "None" marks a **mapping
            found.append(Raised(cls, first.value, values, f"{name}:{node.lineno}"))
    return found


def _fields(text: str | tuple[str, ...]) -> set[str]:
    """The placeholder names of a template."""
    forms = (text,) if isinstance(text, str) else text
    return {f for t in forms for _, f, _, _ in string.Formatter().parse(t) if f}


RAISED = _raised()


def test_every_key_raised_in_sheets_is_in_both_catalogues() -> None:
    missing = {lang: sorted(_literals() - set(CATALOGUES[lang])) for lang in LANGUAGES}
    assert missing == {lang: [] for lang in LANGUAGES}


def test_every_sheets_word_in_the_catalogues_is_used() -> None:
    used = _literals()
    unused = {
        lang: sorted(k for k in CATALOGUES[lang]
                     if k.startswith(("sheets.", "xlsx.")) and k not in used)
        for lang in LANGUAGES
    }
    assert unused == {lang: [] for lang in LANGUAGES}


def test_the_scan_sees_every_kind_of_error() -> None:
    kinds = {r.cls for r in RAISED}
    assert kinds == {"SheetError", "SheetBusyError", "SheetChangedError", "SheetFileError",
                     "SheetAccessError", "HeaderError", "Phrase"}
    assert len(RAISED) > 40


@pytest.mark.parametrize("raised", RAISED, ids=[f"{r.key}@{r.where}" for r in RAISED])
def test_every_error_renders_in_both_languages(raised: Raised) -> None:
    assert "None" not in raised.values, "values go by name, not as a **mapping"
    for lang in LANGUAGES:
        assert _fields(CATALOGUES[lang][raised.key]) == set(raised.values), lang
    cls = getattr(sheets.errors, raised.cls)
    err = cls(raised.key, **{name: f"<{name}>" for name in raised.values})
    for lang in LANGUAGES:
        text = Words(lang).error(err)
        assert all(f"<{name}>" in text for name in raised.values), (lang, text)
    if isinstance(err, UserError):
        assert err.key == raised.key and raised.key in str(err)


def test_phrases_inside_an_error_are_written_in_its_language() -> None:
    err = SheetBusyError("xlsx.write_failed", path="база.xlsx", reason="No space left",
                         hint=Phrase("xlsx.disk_full"), folder="/data")
    assert "или на диске нет места в папке /data" in Words("ru").error(err)
    assert "or the disk is full in /data" in Words("en").error(err)
