"""Render an outbox alert as Telegram HTML plus inline buttons, in the user's language.

Every value taken from a payload is escaped and length-capped here; templates and
labels in `texts` are trusted. Callback data is short and opaque: `bot:<bot hex>`,
`st:<strategy hex>`, and for a paused bot `sr:` resume, `sc:` close all, `sk:` keep
paused, `se:` explain, each followed by the bot's hex id. The chat layer signs it
through the `sign` hook.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from orchestrator.alerts import fields
from orchestrator.alerts.fields import escape
from orchestrator.alerts.texts import DEFAULT_LANGUAGE, GENERIC, LANGUAGES, label, template
from orchestrator.alerts.transport import Button

log = logging.getLogger(__name__)

Sign = Callable[[str], str]
# The chat layer signs per user: (chat id, data) -> signed data.
ChatSign = Callable[[int, str], str]
CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
PAUSE_ACTION_CODES = {"resume": "sr", "keep_paused": "sk", "close_all": "sc", "explain": "se"}
_BOT_BUTTON_KINDS = {"trade_opened", "trade_closed", "bot_started", "bot_restarted"}
_BOT_BUTTON_KINDS |= {"bot_failed", "supervisor_warning"}
_GENERIC_ITEMS = 12


def identity(data: str) -> str:
    """Return callback data unchanged (the default, unsigned hook)."""
    return data


@dataclass(frozen=True)
class RenderedAlert:
    """What the transport sends: HTML text, button rows, and an optional chart to attach."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo_artifact_id: uuid.UUID | None = None


def render(
    kind: str, payload: Mapping[str, Any], language: str, *, sign: Sign = identity
) -> RenderedAlert:
    """Render an alert of `kind` for a user speaking `language` ('id' or 'en')."""
    lang = language if language in LANGUAGES else DEFAULT_LANGUAGE
    found = template(kind, lang)
    if found is None:
        text = GENERIC[lang].format(**_generic_fields(kind, payload))
    else:
        text = found.format_map(fields.for_kind(kind, payload, lang))
    return RenderedAlert(text, _buttons(kind, payload, lang, sign), _artifact(payload))


def _generic_fields(kind: str, payload: Mapping[str, Any]) -> dict[str, str]:
    lines = []
    for key, value in list(payload.items())[:_GENERIC_ITEMS]:
        shown = value if isinstance(value, str | int | float) else json.dumps(value, default=str)
        lines.append(f"<b>{escape(key, 40)}</b>: {escape(shown, 300)}")
    title = escape(kind.replace("_", " ").strip().capitalize() or "Alert", 64)
    return {"title": title, "details": "\n".join(lines)}


def _hex_id(value: Any) -> str | None:
    try:
        return uuid.UUID(str(value)).hex
    except ValueError:
        return None


def _button(text: str, data: str, sign: Sign) -> Button | None:
    """Build a callback button; a sign hook that fails or overflows loses it, not the alert."""
    try:
        signed = sign(data)
    except Exception:  # the hook belongs to the chat layer; the alert must still go out
        log.exception("cannot sign alert button data %r", data)
        return None
    if len(signed.encode()) > CALLBACK_LIMIT:
        log.warning("signed alert button data is over %d bytes; dropped", CALLBACK_LIMIT)
        return None
    return Button(text, callback_data=signed)


def _buttons(
    kind: str, payload: Mapping[str, Any], lang: str, sign: Sign
) -> tuple[tuple[Button, ...], ...]:
    bot = _hex_id(payload.get("bot_id"))
    if kind == "supervisor_paused" and bot is not None:
        return _pause_buttons(payload, bot, lang, sign)
    wanted: list[Button | None] = []
    if bot is not None and (kind in _BOT_BUTTON_KINDS or template(kind, lang) is None):
        wanted.append(_button(label("button_bot", lang), f"bot:{bot}", sign))
    version = _hex_id(payload.get("version_id"))
    if kind == "strategy_ready" and version is not None:
        return _strategy_buttons(version, lang, sign)
    run = _hex_id(payload.get("run_id"))
    if kind == "optimise_ready" and run is not None and payload.get("best"):
        wanted.append(_button(label("button_apply", lang), f"oa:{run}", sign))
    strategy = _hex_id(payload.get("strategy_id"))
    if kind == "strategy_ready" and strategy is not None:
        wanted.append(_button(label("button_strategy", lang), f"st:{strategy}", sign))
    return tuple((b,) for b in wanted if b is not None)


def _strategy_buttons(version: str, lang: str, sign: Sign) -> tuple[tuple[Button, ...], ...]:
    """Offer what to do next with a fresh strategy: the four actions, two per row."""
    made = [
        _button(label(f"button_{name}", lang), f"{code}:{version}", sign)
        for name, code in STRATEGY_ACTION_CODES.items()
    ]
    kept = [b for b in made if b is not None]
    return tuple(tuple(kept[i : i + 2]) for i in range(0, len(kept), 2))


# Alert button codes for a strategy version's actions (the chat layer maps and signs them).
STRATEGY_ACTION_CODES = {
    "backtest_longer": "vb",
    "optimise": "vo",
    "start_bot": "vs",
    "show_code": "vc",
}


def _pause_buttons(
    payload: Mapping[str, Any], bot: str, lang: str, sign: Sign
) -> tuple[tuple[Button, ...], ...]:
    actions = payload.get("actions") or list(PAUSE_ACTION_CODES)
    made = [
        _button(label(f"button_{action}", lang), f"{PAUSE_ACTION_CODES[action]}:{bot}", sign)
        for action in PAUSE_ACTION_CODES
        if action in actions
    ]
    kept = [b for b in made if b is not None]
    return tuple(tuple(kept[i : i + 2]) for i in range(0, len(kept), 2))


def _artifact(payload: Mapping[str, Any]) -> uuid.UUID | None:
    raw = payload.get("chart_artifact_id")
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None
