"""The error handler: translated user-facing errors, a logged apology for everything else."""

from __future__ import annotations

import logging

from telegram import Update

from orchestrator.accounts.users import language_for
from orchestrator.core.errors import ServiceFailure, UserFacingError
from telegram_bot import render
from telegram_bot.i18n import t
from telegram_bot.session import Ctx, acknowledge, current_user

log = logging.getLogger(__name__)


async def language_of(update: Update, context: Ctx) -> str:
    """Return the user's language, even when the database is what failed."""
    try:
        return (await current_user(update, context)).language
    except Exception:  # the error path must still answer in some language
        user = update.effective_user
        return language_for(user.language_code if user else None)


def describe(update: Update) -> str:
    """Name an update for the log without any message content."""
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else None
    kind = "callback" if update.callback_query else "message" if update.message else "other"
    return f"update {update.update_id} ({kind}, user {user}, chat {chat})"


async def on_error(update: object, context: Ctx) -> None:
    """Tells the user what went wrong in their language; logs unexpected failures."""
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update", exc_info=error)
        return
    lang = await language_of(update, context)
    if isinstance(error, ServiceFailure):
        log.error("%s failed on our side: %s", describe(update), error, exc_info=error)
        text = render.error(lang, error.key, error.params)
    elif isinstance(error, UserFacingError):
        text = render.error(lang, error.key, error.params)
    else:
        log.error("%s failed", describe(update), exc_info=error)
        text = t(lang, "apology")
    await acknowledge(update)
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
