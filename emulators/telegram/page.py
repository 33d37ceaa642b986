"""The chat page: a small offline HTML client for talking to the bot by hand."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES

_PAGE = Path(__file__).with_name("static") / "chat.html"
_LANGUAGE_SLOT = "<!-- languages -->"


@cache
def chat_page() -> str:
    """Return the chat page's HTML (inline CSS and JS, no external resources)."""
    return _PAGE.read_text(encoding="utf-8").replace(_LANGUAGE_SLOT, language_options())


def language_options() -> str:
    """Return an <option> per language the bot speaks, its default language selected."""
    return "".join(
        f"<option{' selected' if code == DEFAULT_LANGUAGE else ''}>{escape(code)}</option>"
        for code in LANGUAGES
    )
