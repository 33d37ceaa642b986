"""The bot's command list, shared by /help and the Telegram command menu."""

from __future__ import annotations

from telegram import BotCommand

from telegram_bot.i18n import label

COMMANDS = (
    "start",
    "help",
    "new",
    "strategies",
    "backtest",
    "optimize",
    "startbot",
    "stopbot",
    "bots",
    "status",
    "profit",
    "daily",
    "weekly",
    "monthly",
    "performance",
    "balance",
    "count",
    "trades",
    "forceexit",
    "stopentry",
    "logs",
    "chart",
    "keys",
    "settings",
    "plan",
    "cancel",
)


def bot_commands(language: str) -> list[BotCommand]:
    """Return the command menu in one language."""
    return [BotCommand(name, label(language, f"cmd_{name}")) for name in COMMANDS]
