"""Refuse tampered buttons and buttons made for someone else, before any handler runs."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from orchestrator.accounts.users import language_for
from telegram_bot.callbacks import decode
from telegram_bot.i18n import label
from telegram_bot.session import Ctx, acknowledge, current_user


async def guard(update: Update, context: Ctx) -> None:
    """Stops a press whose signature does not match the presser and says so."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        raise ApplicationHandlerStop
    if decode(context.bot_data.callback_key, user.id, query.data or "") is not None:
        return
    lang = language_for(user.language_code)
    await acknowledge(update, label(lang, "not_for_you"), alert=True)
    raise ApplicationHandlerStop


async def expired(update: Update, context: Ctx) -> None:
    """Answers a valid button that no flow is waiting for any more."""
    user = await current_user(update, context)
    await acknowledge(update, label(user.language, "button_expired"))
