"""Look up and fill the chat's catalogue in the user's language, escaping parameters."""

from __future__ import annotations

import html
from collections.abc import Mapping

from kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogue
from telegram_bot.texts import billing_en, billing_id, dashboard_en, dashboard_id, en
from telegram_bot.texts import id as indonesian

__all__ = ["CATALOGUE", "DEFAULT_LANGUAGE", "LANGUAGES", "Html", "has", "label", "t"]

CATALOGUE = Catalogue(
    {
        "en": {
            **en.TEXTS,
            **en.ERRORS,
            **billing_en.TEXTS,
            **billing_en.ERRORS,
            **dashboard_en.TEXTS,
        },
        "id": {
            **indonesian.TEXTS,
            **indonesian.ERRORS,
            **billing_id.TEXTS,
            **billing_id.ERRORS,
            **dashboard_id.TEXTS,
        },
    }
)


class Html(str):
    """Text already safe for Telegram's HTML parse mode; never escaped again."""

    __slots__ = ()


def plain_value(value: object) -> str:
    """Write a parameter as text: lists joined, mappings as `key value` pairs."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {plain_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(plain_value(v) for v in value)
    return "" if value is None else str(value)


def _safe(value: object) -> str:
    return value if isinstance(value, Html) else html.escape(plain_value(value), quote=False)


def has(key: str) -> bool:
    """Tell whether the catalogue knows `key`."""
    return key in CATALOGUE


def t(language: str, key: str, /, **params: object) -> Html:
    """Return the message `key` as HTML, with every parameter escaped."""
    safe = {name: _safe(value) for name, value in params.items()}
    return Html(CATALOGUE.text(key, language, **safe))


def label(language: str, key: str, /, **params: object) -> str:
    """Return the message `key` as plain text (buttons, alerts, command lists)."""
    plain = {name: plain_value(value) for name, value in params.items()}
    return CATALOGUE.text(key, language, **plain)
