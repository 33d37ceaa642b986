"""/help: every command with one line."""

from __future__ import annotations

from telegram import Update

from telegram_bot import render
from telegram_bot.session import Ctx, current_user, reply


async def show_help(update: Update, context: Ctx) -> None:
    """Lists every command in the user's language."""
    user = await current_user(update, context)
    await reply(update, context, render.help_view(user.language))
