"""Per-update helpers: the runtime, the user, verified buttons and replies."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackContext, ContextTypes, ExtBot

from orchestrator.accounts import users
from orchestrator.accounts.users import User
from orchestrator.core.runtime import Runtime
from telegram_bot.background import Background
from telegram_bot.callbacks import Callback, Signer, decode
from telegram_bot.state import BotData, UserData

ChatData = dict[Any, Any]  # unused: nothing is kept per chat
# The context every handler receives, as `context_types` makes the application build it.
Ctx = CallbackContext[ExtBot[Any], UserData, ChatData, BotData]


def context_types() -> ContextTypes[Ctx, UserData, ChatData, BotData]:
    """Return the context types the application is built with."""
    return ContextTypes(bot_data=BotData, user_data=UserData)


def runtime_of(context: Ctx) -> Runtime:
    """Return the runtime stored on the application."""
    return context.bot_data.runtime


def background_of(context: Ctx) -> Background:
    """Return the application's background task set."""
    return context.bot_data.background


def telegram_user_id(update: Update) -> int:
    """Return the Telegram id of whoever sent the update."""
    if update.effective_user is None:
        raise ValueError("update has no user")
    return update.effective_user.id


def chat_id(update: Update) -> int:
    """Return the chat the update came from."""
    if update.effective_chat is None:
        raise ValueError("update has no chat")
    return update.effective_chat.id


def user_store(context: Ctx) -> UserData:
    """Return what the bot keeps for this user (flow drafts, remembered ideas)."""
    if context.user_data is None:
        raise ValueError("update has no user")
    return context.user_data


def signer(update: Update, context: Ctx) -> Signer:
    """Return a button signer bound to the user of this update."""
    return Signer(context.bot_data.callback_key, telegram_user_id(update))


def press(update: Update, context: Ctx) -> Callback:
    """Return the verified button press (the guard has already refused bad ones)."""
    query = update.callback_query
    data = query.data if query is not None else None
    found = decode(context.bot_data.callback_key, telegram_user_id(update), data or "")
    if found is None:
        raise ValueError("unverified callback reached a handler")
    return found


async def current_user(update: Update, context: Ctx) -> User:
    """Return the NoFOMO user behind this update, creating it on first contact."""
    tg = update.effective_user
    if tg is None:
        raise ValueError("update has no user")
    return await users.get_or_create(
        runtime_of(context).db,
        tg.id,
        username=tg.username,
        name=tg.full_name,
        language_code=tg.language_code,
    )


async def reply(
    update: Update, context: Ctx, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Send a new message to the update's chat."""
    return await context.bot.send_message(chat_id(update), text, reply_markup=markup)


async def show(
    update: Update, context: Ctx, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Answer a button by editing its message in place; answer anything else with a reply."""
    query = update.callback_query
    message = query.message if query is not None else None
    if isinstance(message, Message) and message.text is not None:
        try:
            await message.edit_text(text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in exc.message:
                raise
        return
    await reply(update, context, text, markup)


async def acknowledge(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    """Answer the pressed button (once), optionally with a notice."""
    if update.callback_query is not None:
        with contextlib.suppress(BadRequest):  # already answered or too old
            await update.callback_query.answer(text, show_alert=alert)
