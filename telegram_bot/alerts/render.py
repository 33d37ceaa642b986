"""Render an outbox alert as Telegram HTML plus signed inline buttons, in the user's language.

Every value taken from a payload is escaped and length-capped here; templates and
labels in `texts` are trusted.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from kernel.i18n import supported
from orchestrator.alerts import RenderedAlert
from telegram_bot.alerts import billing_fields, fields
from telegram_bot.alerts.buttons import keyboard
from telegram_bot.alerts.caption import caption
from telegram_bot.alerts.fields import Fields, escape
from telegram_bot.alerts.summary import summary_fields
from telegram_bot.alerts.texts import label, template
from telegram_bot.callbacks import Signer, derive_key

_GENERIC_ITEMS = 12
# Kinds whose fields are built outside `fields`, in a module of their own.
_OWN_FIELDS: dict[str, Callable[[Mapping[str, Any], str], Fields]] = {
    "summary": summary_fields,
    **billing_fields.BUILDERS,
}


def alert_text(kind: str, payload: Mapping[str, Any], language: str) -> str:
    """Return the HTML text of an alert of `kind` in `language` (English if we lack it)."""
    lang = supported(language)
    found = template(kind, lang)
    if found is None:
        return label("generic", lang).format(**_generic_fields(kind, payload))
    build = _OWN_FIELDS.get(kind)
    values = build(payload, lang) if build else fields.for_kind(kind, payload, lang)
    return found.format_map(values)


def render(
    kind: str, payload: Mapping[str, Any], language: str, signer: Signer, app: str | None = None
) -> RenderedAlert:
    """Render an alert: its text, buttons signed with `signer`, its chart and caption if any.

    `app` is the dashboard's Mini App URL for the "📊 Dashboard" button (None: no button).
    """
    lang = supported(language)
    buttons = keyboard(kind, payload, lang, signer, app)
    text = alert_text(kind, payload, language)
    return RenderedAlert(text, buttons, _artifact(payload), caption(kind, payload, lang))


class TelegramRenderer:
    """The sender's `AlertRenderer`: every button signed for the chat it goes to."""

    def __init__(self, key: bytes, app: str | None = None) -> None:
        self.key = key
        self.app = app  # the dashboard's Mini App URL; None where Telegram would refuse it

    @classmethod
    def for_token(cls, token: str, app: str | None = None) -> TelegramRenderer:
        """Return a renderer signing with the key the bot derives from its token."""
        return cls(derive_key(token), app)

    def __call__(
        self, kind: str, payload: Mapping[str, Any], language: str, chat_id: int
    ) -> RenderedAlert:
        """Render for a private chat, whose id is its user's."""
        return render(kind, payload, language, Signer(self.key, chat_id), self.app)


def _generic_fields(kind: str, payload: Mapping[str, Any]) -> dict[str, str]:
    lines = []
    for key, value in list(payload.items())[:_GENERIC_ITEMS]:
        shown = value if isinstance(value, str | int | float) else json.dumps(value, default=str)
        lines.append(f"<b>{escape(key, 40)}</b>: {escape(shown, 300)}")
    title = escape(kind.replace("_", " ").strip().capitalize() or "Alert", 64)
    return {"title": title, "details": "\n".join(lines)}


def _artifact(payload: Mapping[str, Any]) -> uuid.UUID | None:
    raw = payload.get("chart_artifact_id")
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None
