"""The languages we speak and the one catalogue mechanism every user-facing text goes through.

A `Catalogue` holds `{language: {key: template}}`; templates use `str.format` placeholders.
Catalogues are Python dicts, not gettext `.po` files, on purpose: there are two languages,
both written by the team and reviewed in code next to their placeholders; mypy, ruff and
the completeness tests see them; and no translator's toolchain or compile step is needed.
Escaping (Telegram HTML, web pages) stays with each interface; this module only looks up
and fills.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypeGuard

Language = Literal["id", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("id", "en")
# A chat in another language (Telegram reports e.g. "de", "ru", "vi") gets English: its
# reader most likely reads English better than Indonesian, and Indonesian clients are
# recognised below. This is what the chat has always done for unknown languages.
DEFAULT_LANGUAGE: Final[Language] = "en"

# Tags read as Indonesian: "in" is Java's old code for it, "ind" ISO 639-2; Javanese,
# Sundanese and Malay readers read Indonesian more easily than English.
_INDONESIAN = frozenset({"id", "in", "ind", "jv", "su", "ms"})


def is_language(code: object) -> TypeGuard[Language]:
    """Tell whether `code` is a language we have texts for."""
    return code in LANGUAGES


def supported(language: str | None) -> Language:
    """Return `language` if we speak it, else the default language."""
    return language if is_language(language) else DEFAULT_LANGUAGE


def pick_language(tags: str | None) -> Language:
    """Pick our language from a Telegram language_code or an Accept-Language header."""
    for tag in (tags or "").split(","):
        primary = tag.split(";")[0].strip().lower().replace("_", "-").split("-")[0]
        if primary in _INDONESIAN:
            return "id"
        if primary == "en":
            return "en"
    return DEFAULT_LANGUAGE


class _Lenient(string.Formatter):
    """Fill placeholders, leaving missing ones empty (callers may omit optional params)."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """Return the named parameter, or an empty string when it is absent."""
        return kwargs.get(str(key), "")


_FORMATTER = _Lenient()


def placeholders(template: str) -> frozenset[str]:
    """Return the placeholder names a template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Catalogue:
    """Texts per language; lookups fall back to the default language, then fail loudly."""

    def __init__(self, texts: Mapping[Language, Mapping[str, str]]) -> None:
        self._texts = {language: dict(texts.get(language, {})) for language in LANGUAGES}

    @classmethod
    def by_key(cls, entries: Mapping[str, Mapping[Language, str]]) -> Catalogue:
        """Build a catalogue from `{key: {language: template}}` entries."""
        texts = {
            language: {key: entry[language] for key, entry in entries.items() if language in entry}
            for language in LANGUAGES
        }
        return cls(texts)

    def __contains__(self, key: object) -> bool:
        """Tell whether the default language has a text for `key`."""
        return key in self._texts[DEFAULT_LANGUAGE]

    def keys(self, language: Language) -> frozenset[str]:
        """Return every key the language has a text for (for completeness tests)."""
        return frozenset(self._texts[language])

    def template(self, key: str, language: str) -> str:
        """Return the raw template, in the default language if `language` lacks it."""
        texts = self._texts[supported(language)]
        return texts.get(key) or self._texts[DEFAULT_LANGUAGE][key]

    def text(self, key: str, language: str, /, **params: object) -> str:
        """Return the template filled with `params`; absent ones are left empty."""
        return _FORMATTER.format(self.template(key, language), **params)

    def gaps(self) -> list[str]:
        """List what keeps the languages from matching: missing keys, empty texts, placeholders."""
        problems = []
        for key in sorted({key for texts in self._texts.values() for key in texts}):
            found = {lang: self._texts[lang][key] for lang in LANGUAGES if key in self._texts[lang]}
            problems += [f"{key}: no {lang} text" for lang in LANGUAGES if lang not in found]
            problems += [f"{key}: empty {lang} text" for lang, t in found.items() if not t.strip()]
            if len({placeholders(template) for template in found.values()}) > 1:
                problems.append(f"{key}: placeholders differ between languages")
        return problems


def plural(forms: str, count: int | float) -> str:
    """Pick the form of `one|other` text for `count`: English "1 trade|{count} trades".

    A text with one form (Indonesian has no plural forms: "{count} transaksi") is that form
    for any count. The caller fills `{count}`, written the way the reader's language writes it.
    """
    one, _, other = forms.partition("|")
    return one if not other or abs(count) == 1 else other
