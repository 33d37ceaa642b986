"""The chat page: a small offline HTML client for talking to the bot by hand."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PAGE = Path(__file__).with_name("static") / "chat.html"


@cache
def chat_page() -> str:
    """Return the chat page's HTML (inline CSS and JS, no external resources)."""
    return _PAGE.read_text(encoding="utf-8")
