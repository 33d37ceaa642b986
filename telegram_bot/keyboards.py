"""Inline keyboards; every callback button is signed for the user who will press it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from kernel import formatting
from orchestrator.accounts.users import ALERT_LEVELS
from orchestrator.bots.views import BotView
from orchestrator.keys.store import KeySummary
from telegram_bot.callbacks import Action, Signer
from telegram_bot.i18n import label
from telegram_bot.render_settings import hour_label

Row = list[InlineKeyboardButton]

EXCHANGES = ("binance", "bybit")
POPULAR_PAIRS = ("BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT", "DOGE/USDT")
STAKES = (10, 25, 50, 100)
BACKTEST_DAYS = (30, 90, 180, 365)
OPTIMISE_EPOCHS = (50, 100, 200)
WARN_CHOICES = (2, 3, 4, 5)
PAUSE_CHOICES = (3, 4, 5, 7, 10)
DRAWDOWN_CHOICES = (5, 10, 15, 20, 30)
# The hours a summary can arrive at, in the user's time zone.
SUMMARY_HOURS = (7, 12, 20, 22)
# A bot in one of these states has a Freqtrade to ask for live trades or to close them.
LIVE_STATES = ("running", "paused")
# The argument of a settings picker's Back button: keep the value, show the settings again.
KEEP_SETTING = "keep"
# The argument of the stake step's button that asks for another pair than the strategy's.
OTHER_PAIR = "pair"


def button(
    lang: str,
    key: str,
    sign: Signer,
    action: Action,
    obj: uuid.UUID | None = None,
    arg: str = "",
    **params: object,
) -> InlineKeyboardButton:
    """Return one signed button labelled from the catalogue."""
    return InlineKeyboardButton(label(lang, key, **params), callback_data=sign(action, obj, arg))


def grid(buttons: Iterable[InlineKeyboardButton], per_row: int = 2) -> InlineKeyboardMarkup:
    """Lay buttons out `per_row` to a row."""
    items = list(buttons)
    return InlineKeyboardMarkup([items[i : i + per_row] for i in range(0, len(items), per_row)])


def cancel_row(lang: str, sign: Signer) -> Row:
    """Return a row with the Cancel button."""
    return [button(lang, "btn_cancel", sign, Action.CANCEL)]


def language_picker(sign: Signer) -> InlineKeyboardMarkup:
    """Offer both languages, each named in itself."""
    return grid(
        [
            button(code, f"lang_name_{code}", sign, Action.LANGUAGE, arg=code)
            for code in ("id", "en")
        ]
    )


def main_menu(lang: str, sign: Signer) -> InlineKeyboardMarkup:
    """Offer the next steps after onboarding."""
    return grid(
        [
            button(lang, "btn_new_strategy", sign, Action.MENU_NEW),
            button(lang, "btn_connect_keys", sign, Action.MENU_KEYS),
            button(lang, "btn_my_bots", sign, Action.MENU_BOTS),
        ],
        per_row=1,
    )


def settings_menu(lang: str, sign: Signer) -> InlineKeyboardMarkup:
    """Offer the settings."""
    return grid(
        [
            button(lang, "btn_settings_language", sign, Action.SETTINGS_LANGUAGE),
            button(lang, "btn_settings_alerts", sign, Action.SETTINGS_ALERTS),
            button(lang, "btn_settings_supervisor", sign, Action.SETTINGS_SUPERVISOR),
            button(lang, "btn_settings_summary", sign, Action.SETTINGS_SUMMARY),
            button(lang, "btn_upgrade", sign, Action.UPGRADE),
        ],
        per_row=1,
    )


def summary_frequencies(lang: str, sign: Signer, current: str) -> InlineKeyboardMarkup:
    """Offer off, daily and weekly summaries, the current one ticked, and Back."""
    options = [(label(lang, f"summary_{f}"), f) for f in ("off", "daily", "weekly")]
    return settings_picker(lang, sign, Action.SETTINGS_SUMMARY, options, current)


def summary_hours(
    lang: str, sign: Signer, frequency: str, current: int | None
) -> InlineKeyboardMarkup:
    """Offer the summary's hours (the argument names the frequency too), and Back."""
    options = [(hour_label(h, lang), f"{frequency}:{h}") for h in SUMMARY_HOURS]
    ticked = f"{frequency}:{current}" if current is not None else None
    return settings_picker(lang, sign, Action.SUMMARY_HOUR, options, ticked)


def alert_levels(lang: str, sign: Signer, current: str | None = None) -> InlineKeyboardMarkup:
    """Offer the alert levels, the current one ticked, and a way back to the settings."""
    options = [(label(lang, f"alert_{level}"), level) for level in ALERT_LEVELS]
    return settings_picker(lang, sign, Action.ALERT_LEVEL, options, current)


def settings_languages(lang: str, sign: Signer, current: str | None = None) -> InlineKeyboardMarkup:
    """Offer both languages, each named in itself, and a way back to the settings."""
    options = [(label(code, f"lang_name_{code}"), code) for code in ("id", "en")]
    return settings_picker(lang, sign, Action.SETTINGS_LANGUAGE, options, current)


def settings_picker(
    lang: str,
    sign: Signer,
    action: Action,
    options: Sequence[tuple[str, str]],
    current: str | None,
) -> InlineKeyboardMarkup:
    """Offer one setting's (label, value) options a row each, the current one ticked, and Back.

    Back presses the same action with `KEEP_SETTING`: nothing changes and the settings menu
    is drawn again.
    """
    rows = [
        [
            InlineKeyboardButton(
                f"✓ {text}" if arg == current else text, callback_data=sign(action, None, arg)
            )
        ]
        for text, arg in options
    ]
    rows.append([button(lang, "btn_back", sign, action, arg=KEEP_SETTING)])
    return InlineKeyboardMarkup(rows)


def choices(
    sign: Signer, action: Action, obj: uuid.UUID | None, options: Sequence[tuple[str, str]]
) -> InlineKeyboardMarkup:
    """Lay out (label, argument) options of one action, three to a row."""
    buttons = [
        InlineKeyboardButton(text, callback_data=sign(action, obj, arg)) for text, arg in options
    ]
    return grid(buttons, per_row=3)


def within_plan(
    lang: str,
    sign: Signer,
    action: Action,
    obj: uuid.UUID,
    offers: Iterable[tuple[int, str | None]],
    label_of: tuple[str, str],
) -> InlineKeyboardMarkup:
    """Offer a plan-limited choice: each value the plan allows, the rest marked with a plan.

    `label_of` is the label key and its placeholder for the value. A marked button keeps its
    value, so a press asks the service, which refuses it naming the limit and the plan needed.
    """
    key, name = label_of
    options = []
    for value, plan in offers:
        text = label(lang, key, **{name: formatting.number(value, lang, decimals=0)})
        marked = label(lang, "btn_needs_plan", choice=text, plan=plan) if plan else text
        options.append((marked, str(value)))
    return choices(sign, action, obj, options)


def picker(
    sign: Signer, action: Action, items: Iterable[tuple[str, uuid.UUID]]
) -> InlineKeyboardMarkup:
    """List named objects (bots, strategies), one button each."""
    buttons = [
        InlineKeyboardButton(name[:60], callback_data=sign(action, oid)) for name, oid in items
    ]
    return grid(buttons, per_row=1)


def bot_picker(sign: Signer, action: Action, bots: Iterable[BotView]) -> InlineKeyboardMarkup:
    """List bots by name and pair."""
    return picker(sign, action, ((f"{b.name} · {b.pair}", b.id) for b in bots))


def live_bots(bots: Iterable[BotView]) -> list[BotView]:
    """Return the bots worth offering for a live action (status, trades, force exit)."""
    return [b for b in bots if b.status in LIVE_STATES]


def strategy_actions(lang: str, sign: Signer, version_id: uuid.UUID) -> list[Row]:
    """Return the rows of what can be done with a strategy version."""
    return [
        [
            button(lang, "btn_backtest", sign, Action.BACKTEST_PICK, version_id),
            button(lang, "btn_optimise", sign, Action.OPTIMISE_PICK, version_id),
        ],
        [
            button(lang, "btn_start_bot", sign, Action.STARTBOT_STRATEGY, version_id),
            button(lang, "btn_show_code", sign, Action.SHOW_CODE, version_id),
        ],
    ]


def versions(
    lang: str,
    sign: Signer,
    strategy_id: uuid.UUID,
    numbers: Sequence[int],
    current: tuple[int, uuid.UUID],
) -> InlineKeyboardMarkup:
    """Offer a rollback to each older version, then actions on the current one.

    A rollback button names the version it restores and the version current when it was
    drawn (`rollback_arg`), so a press on an out-of-date list changes nothing.
    """
    rollbacks = [
        button(
            lang,
            "btn_rollback",
            sign,
            Action.ROLLBACK,
            strategy_id,
            rollback_arg(n, current[0]),
            version=n,
        )
        for n in numbers
        if n != current[0]
    ][:8]
    rows = [rollbacks[i : i + 2] for i in range(0, len(rollbacks), 2)]
    return InlineKeyboardMarkup(rows + strategy_actions(lang, sign, current[1]))


def rollback_arg(old: int, current: int) -> str:
    """Return a rollback button's argument: the version to restore, then the current one."""
    return f"{old}:{current}"


def parse_rollback_arg(arg: str) -> tuple[int, int | None]:
    """Return (version to restore, version current when drawn; None on older buttons)."""
    old, _, current = arg.partition(":")
    return int(old), int(current) if current else None


def confirm(
    lang: str, sign: Signer, yes_key: str, action: Action, obj: uuid.UUID
) -> InlineKeyboardMarkup:
    """Ask for a confirmation: yes, or cancel."""
    return InlineKeyboardMarkup(
        [[button(lang, yes_key, sign, action, obj)], cancel_row(lang, sign)]
    )


def key_list(lang: str, sign: Signer, url: str, keys: Iterable[KeySummary]) -> InlineKeyboardMarkup:
    """Offer the one-time key form link and a delete button per connected key."""
    rows: list[Row] = [[InlineKeyboardButton(label(lang, "btn_open_key_form"), url=url)]]
    for key in keys:
        params = {"exchange": key.exchange.capitalize(), "hint": key.key_hint}
        rows.append([button(lang, "btn_delete_key", sign, Action.KEY_DELETE, key.id, **params)])
    return InlineKeyboardMarkup(rows)


def exchanges(lang: str, sign: Signer) -> InlineKeyboardMarkup:
    """Offer the supported exchanges."""
    options = [(label(lang, f"exchange_{name}"), name) for name in EXCHANGES]
    return with_cancel(lang, sign, choices(sign, Action.STARTBOT_EXCHANGE, None, options))


def pairs(lang: str, sign: Signer) -> InlineKeyboardMarkup:
    """Offer popular pairs (free text is accepted too)."""
    options = [(pair, pair) for pair in POPULAR_PAIRS]
    return with_cancel(lang, sign, choices(sign, Action.STARTBOT_PAIR, None, options))


def stakes(lang: str, sign: Signer, *, other_pair: bool = False) -> InlineKeyboardMarkup:
    """Offer common stakes (free text is accepted too), and a change of the pre-filled pair."""
    options = [(label(lang, "btn_stake", amount=s), str(s)) for s in STAKES]
    markup = choices(sign, Action.STARTBOT_STAKE, None, options)
    if other_pair:
        change = button(lang, "btn_other_pair", sign, Action.STARTBOT_STAKE, arg=OTHER_PAIR)
        markup = InlineKeyboardMarkup([*markup.inline_keyboard, [change]])
    return with_cancel(lang, sign, markup)


def modes(lang: str, sign: Signer) -> InlineKeyboardMarkup:
    """Offer dry-run or live."""
    return InlineKeyboardMarkup(
        [
            [button(lang, "btn_dry_run", sign, Action.STARTBOT_MODE, arg="dry")],
            [button(lang, "btn_live", sign, Action.STARTBOT_MODE, arg="live")],
            cancel_row(lang, sign),
        ]
    )


def confirm_live(lang: str, sign: Signer) -> InlineKeyboardMarkup:
    """Ask to confirm real-money trading."""
    return InlineKeyboardMarkup(
        [
            [button(lang, "btn_confirm_live", sign, Action.STARTBOT_CONFIRM_LIVE)],
            cancel_row(lang, sign),
        ]
    )


def bot_detail(lang: str, sign: Signer, bot_id: uuid.UUID, paused: bool) -> InlineKeyboardMarkup:
    """Offer everything one can do with a bot."""
    toggle = ("btn_resume", Action.BOT_RESUME) if paused else ("btn_pause", Action.BOT_PAUSE)
    return InlineKeyboardMarkup(
        [
            [
                button(lang, "btn_status", sign, Action.BOT_STATUS, bot_id),
                button(lang, "btn_profit", sign, Action.BOT_PROFIT, bot_id),
                button(lang, "btn_trades", sign, Action.BOT_TRADES, bot_id),
            ],
            [
                button(lang, "btn_forceexit", sign, Action.BOT_FORCEEXIT, bot_id),
                button(lang, "btn_chart", sign, Action.BOT_CHART, bot_id),
            ],
            [
                button(lang, toggle[0], sign, toggle[1], bot_id),
                button(lang, "btn_stop", sign, Action.BOT_STOP, bot_id),
            ],
        ]
    )


def idea(lang: str, sign: Signer, token: str) -> InlineKeyboardMarkup:
    """Offer to generate a strategy from a free-text message."""
    return InlineKeyboardMarkup(
        [[button(lang, "btn_generate_idea", sign, Action.GENERATE_IDEA, arg=token)]]
    )


def with_cancel(lang: str, sign: Signer, markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """Append the Cancel row to a keyboard."""
    rows = [list(row) for row in markup.inline_keyboard]
    return InlineKeyboardMarkup([*rows, cancel_row(lang, sign)])
