"""Look up and fill the message catalogue in the user's language, escaping parameters."""

from __future__ import annotations

import html
import string
from collections.abc import Mapping, Sequence
from typing import Any

from telegram_bot.texts import en
from telegram_bot.texts import id as indonesian

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "en"

CATALOGUES: dict[str, dict[str, str]] = {
    "en": {**en.TEXTS, **en.ERRORS},
    "id": {**indonesian.TEXTS, **indonesian.ERRORS},
}
ERROR_KEYS = frozenset(en.ERRORS) | frozenset(indonesian.ERRORS)


class Html(str):
    """Text already safe for Telegram's HTML parse mode; never escaped again."""

    __slots__ = ()


class _Lenient(string.Formatter):
    """Fill placeholders, leaving missing ones empty (services may omit optional params)."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """Return the named parameter, or an empty string when it is absent."""
        return kwargs.get(str(key), "")


_FORMATTER = _Lenient()


def plain_value(value: object) -> str:
    """Write a parameter as text: lists joined, mappings as `key value` pairs."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {plain_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(plain_value(v) for v in value)
    return "" if value is None else str(value)


def _safe(value: object) -> str:
    return value if isinstance(value, Html) else html.escape(plain_value(value), quote=False)


def template(language: str, key: str) -> str:
    """Return the raw template for `key`, falling back to English."""
    catalogue = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])
    return catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE][key]


def has(key: str) -> bool:
    """Tell whether the catalogue knows `key`."""
    return key in CATALOGUES[DEFAULT_LANGUAGE]


def t(language: str, key: str, /, **params: object) -> Html:
    """Return the message `key` as HTML, with every parameter escaped."""
    safe = {name: _safe(value) for name, value in params.items()}
    return Html(_FORMATTER.format(template(language, key), **safe))


def label(language: str, key: str, /, **params: object) -> str:
    """Return the message `key` as plain text (buttons, alerts, command lists)."""
    plain = {name: plain_value(value) for name, value in params.items()}
    return _FORMATTER.format(template(language, key), **plain)


def placeholders(text: str) -> set[str]:
    """Return the placeholder names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
