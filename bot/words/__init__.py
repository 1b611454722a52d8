"""Every word the bot says or writes, one catalogue per language: `ru.py` and `en.py`.

A catalogue is a plain dict from a dotted key ("deck.paid_button") to a `str.format` template,
or to a tuple of plural forms (Russian: one, few, many; English: one, other) whose templates
take `{n}`. Code never holds a word of its own; it asks a bound catalogue:

    w = Words("ru")
    w("list.header", name="Ольга", day="23.11.2026")
    w.count("common.days", 5)        # "5 дней"
    w.error(err)                     # a UserError's text in this language

Both catalogues have the same keys and the same placeholders (tests/test_words.py), so a word
added in one language and forgotten in the other fails the suite, not a manager's morning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from bot.words import en, ru

LANGUAGES = ("ru", "en")
CATALOGUES: Mapping[str, Mapping[str, str | tuple[str, ...]]] = {"ru": ru.WORDS, "en": en.WORDS}


@runtime_checkable
class Explained(Protocol):
    """What a user-facing error or a phrase in one carries: a key and its template's values."""

    @property
    def key(self) -> str:
        """The catalogue key of the text."""
        ...

    @property
    def values(self) -> Mapping[str, object]:
        """The values the text's template takes."""
        ...


def plural_ru(n: int) -> int:
    """Which Russian form a count takes: 0 one ("1 день"), 1 few ("3 дня"), 2 many ("5 дней").

    >>> [plural_ru(n) for n in (1, 3, 5, 11, 21, 22, 25, 112)]
    [0, 1, 2, 2, 0, 1, 2, 2]
    """
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def plural_form(lang: str, n: int) -> int:
    """The index of the plural form a count takes in a language's tuple."""
    if lang == "ru":
        return plural_ru(n)
    return 0 if abs(n) == 1 else 1


class Words:
    """One language's catalogue, bound: call it with a key and the template's values."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in CATALOGUES else "ru"
        self._texts = CATALOGUES[self.lang]

    def __call__(self, key: str, /, **values: object) -> str:
        """The text for a key, its placeholders filled."""
        text = self._texts[key]
        if not isinstance(text, str):
            raise TypeError(f"{key} has plural forms: use Words.count")
        return text.format(**values) if values else text

    def count(self, key: str, n: int, /, **values: object) -> str:
        """The plural form of a key for a count: count("common.days", 5) -> "5 дней"."""
        forms = self._texts[key]
        if isinstance(forms, str):
            raise TypeError(f"{key} has no plural forms: call Words directly")
        return forms[plural_form(self.lang, n)].format(n=n, **values)

    def has(self, key: str) -> bool:
        """True when the catalogue knows the key."""
        return key in self._texts

    def error(self, err: Explained) -> str:
        """A user-facing error's text in this language; phrases among its values in words too."""
        say = getattr(err, "say", None)
        if callable(say):  # an error of several parts (ConfigError) says itself
            return str(say(self))
        return self(err.key, **{name: self._value(v) for name, v in err.values.items()})

    def _value(self, value: object) -> object:
        """A value for a template: a phrase (key and values) in words, a list of them by commas."""
        if isinstance(value, list):
            return ", ".join(str(self._value(v)) for v in value)
        if isinstance(value, Explained) and value.key:
            return self.error(value)
        return value
