"""The inline buttons under an alert, in the chat's own signed callback scheme.

Each button is an `Action` with the bot, strategy, version or run it acts on, signed for
the chat the alert goes to, so pressing it runs the same handler as the chat's own
buttons do. Alerts about a bot, and summaries, also open the dashboard as a Mini App.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from orchestrator.alerts import Button
from telegram_bot.alerts import billing_fields
from telegram_bot.alerts.texts import label, template
from telegram_bot.callbacks import Action, Signer
from telegram_bot.dashboard import for_bot

Rows = tuple[tuple[Button, ...], ...]

# What a paused bot's owner may do next, in the order the buttons appear.
PAUSE_ACTIONS = {
    "resume": Action.SUPERVISOR_RESUME,
    "keep_paused": Action.SUPERVISOR_KEEP_PAUSED,
    "close_all": Action.SUPERVISOR_CLOSE_ALL,
    "explain": Action.SUPERVISOR_EXPLAIN,
}
# What to do next with a fresh strategy version.
STRATEGY_ACTIONS = {
    "backtest_longer": Action.BACKTEST_PICK,
    "optimise": Action.OPTIMISE_PICK,
    "start_bot": Action.STARTBOT_STRATEGY,
    "show_code": Action.SHOW_CODE,
}
_BOT_BUTTON_KINDS = frozenset(
    {"trade_opened", "trade_closed", "bot_started", "bot_restarted"}
    | {"bot_failed", "supervisor_warning"}
)
# Alerts that end with the "📊 Dashboard" Mini App button: the bot's page, or the overview.
DASHBOARD_KINDS = _BOT_BUTTON_KINDS | {"supervisor_paused", "summary"}


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _pairs(buttons: list[Button]) -> Rows:
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def keyboard(
    kind: str, payload: Mapping[str, Any], lang: str, signer: Signer, app: str | None = None
) -> Rows:
    """Return the button rows for an alert of `kind`, signed with the chat's `signer`.

    `app` is the Mini App's URL (None where Telegram would refuse it): alerts of
    `DASHBOARD_KINDS` then end with a row that opens the bot's page, or the overview.
    """
    rows = _rows(kind, payload, lang, signer)
    if app is None or kind not in DASHBOARD_KINDS:
        return rows
    url = for_bot(app, _uuid(payload.get("bot_id")))
    return (*rows, (Button(label("button_dashboard", lang), web_app_url=url),))


def _rows(kind: str, payload: Mapping[str, Any], lang: str, signer: Signer) -> Rows:
    """Return the signed callback buttons of an alert of `kind`."""
    bot = _uuid(payload.get("bot_id"))
    billing = billing_fields.buttons(kind, payload, lang, signer, bot)
    if billing is not None:
        return billing
    if kind == "supervisor_paused" and bot is not None:
        return _pause_buttons(payload, bot, lang, signer)
    wanted: list[Button] = []
    if bot is not None and (kind in _BOT_BUTTON_KINDS or template(kind, lang) is None):
        wanted.append(Button(label("button_bot", lang), signer(Action.BOT_DETAIL, bot)))
    version = _uuid(payload.get("version_id"))
    if kind == "strategy_ready" and version is not None:
        return _strategy_buttons(version, lang, signer)
    run = _uuid(payload.get("run_id"))
    if kind == "optimise_ready" and run is not None and payload.get("best"):
        wanted.append(Button(label("button_apply", lang), signer(Action.OPTIMISE_APPLY, run)))
    strategy = _uuid(payload.get("strategy_id"))
    if kind == "strategy_ready" and strategy is not None:
        wanted.append(Button(label("button_strategy", lang), signer(Action.STRATEGY, strategy)))
    return tuple((button,) for button in wanted)


def _strategy_buttons(version: uuid.UUID, lang: str, signer: Signer) -> Rows:
    """Offer what to do next with a fresh strategy: the four actions, two per row."""
    return _pairs(
        [
            Button(label(f"button_{name}", lang), signer(action, version))
            for name, action in STRATEGY_ACTIONS.items()
        ]
    )


def _pause_buttons(payload: Mapping[str, Any], bot: uuid.UUID, lang: str, signer: Signer) -> Rows:
    """Offer the actions the supervisor allows for a paused bot, two per row."""
    allowed = payload.get("actions") or list(PAUSE_ACTIONS)
    return _pairs(
        [
            Button(label(f"button_{name}", lang), signer(action, bot))
            for name, action in PAUSE_ACTIONS.items()
            if name in allowed
        ]
    )
