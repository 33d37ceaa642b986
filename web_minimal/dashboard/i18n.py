"""The dashboard's texts: one lookup, `t(key, lang, **params)`, over catalogues modules register.

Each page module registers its own texts at import time with `register({key: {"id": …,
"en": …}})`, the same `{key: {language: text}}` shape as `web_minimal/texts.py`. Keys are
unique across the dashboard (prefix them with the page: `bot.`, `keys.`, `billing.`), and a
clash is refused at import so two pages never silently share or override a text. Texts are
plain; Jinja's autoescape escapes them, and `{placeholders}` are filled by `str.format` rules.
"""

from __future__ import annotations

from collections.abc import Mapping

from kernel.i18n import LANGUAGES, Catalogue, Language, supported

_ENTRIES: dict[str, dict[Language, str]] = {}
_catalogue = Catalogue({})


def register(catalogue: Mapping[str, Mapping[str, str]]) -> None:
    """Add texts `{key: {"id": text, "en": text}}`; a key registered twice is an error."""
    global _catalogue
    clashes = sorted(set(catalogue) & set(_ENTRIES))
    if clashes:
        raise ValueError(f"dashboard texts registered twice: {', '.join(clashes)}")
    for key, entry in catalogue.items():
        _ENTRIES[key] = {lang: entry[lang] for lang in LANGUAGES if lang in entry}
    _catalogue = Catalogue.by_key(_ENTRIES)


def t(key: str, lang: str, /, **params: object) -> str:
    """Return the text `key` in `lang` (English when it lacks one), filled with `params`."""
    language = supported(lang)
    if not params:  # most texts are labels: skip the formatter (pages show hundreds of them)
        template = _catalogue.template(key, language)
        if "{" not in template:
            return template
    return _catalogue.text(key, language, **params)


def has(key: str) -> bool:
    """Tell whether some module registered `key`."""
    return key in _catalogue


def keys(lang: Language) -> frozenset[str]:
    """Return every registered key the language has a text for."""
    return _catalogue.keys(lang)


def text_of(key: str, lang: Language) -> str:
    """Return the raw, unfilled text (for completeness and wording tests)."""
    return _catalogue.template(key, lang)


def gaps() -> list[str]:
    """List registered texts that are missing, empty or mismatched in one language."""
    return _catalogue.gaps()


def catalogue() -> Catalogue:
    """Return every registered text as one catalogue (for completeness and wording tests)."""
    return _catalogue
