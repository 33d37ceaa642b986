"""The bot's command list, shared by /help and the Telegram command menu."""

from __future__ import annotations

from telegram import BotCommand

from telegram_bot.i18n import label

# /help shows the commands in these groups, in this order; the menu lists them flat.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("help_group_strategies", ("new", "strategies", "backtest", "optimize")),
    (
        "help_group_bots",
        ("startbot", "stopbot", "bots", "status", "stopentry", "forceexit", "logs"),
    ),
    (
        "help_group_results",
        (
            "profit",
            "daily",
            "weekly",
            "monthly",
            "performance",
            "balance",
            "count",
            "trades",
            "chart",
        ),
    ),
    (
        "help_group_account",
        (
            "start",
            "help",
            "keys",
            "dashboard",
            "settings",
            "plan",
            "upgrade",
            "billing",
            "logout_all",
            "cancel",
        ),
    ),
)
_FIRST = ("start", "help")
# The menu starts where a newcomer does, then follows /help's order.
COMMANDS = _FIRST + tuple(name for _, names in GROUPS for name in names if name not in _FIRST)


def bot_commands(language: str) -> list[BotCommand]:
    """Return the command menu in one language."""
    return [BotCommand(name, label(language, f"cmd_{name}")) for name in COMMANDS]
