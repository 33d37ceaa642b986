"""Leaving flows and answering input nothing else handled."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from ai_strategies.composer.intent import looks_like_idea
from telegram_bot import keyboards
from telegram_bot.handlers.generate import remember_idea
from telegram_bot.i18n import t
from telegram_bot.session import Ctx, acknowledge, current_user, reply, show, signer, user_store


async def cancel_flow(update: Update, context: Ctx) -> int:
    """Leaves the current flow."""
    user = await current_user(update, context)
    user_store(context).start_bot = None
    await acknowledge(update)
    await show(update, context, t(user.language, "cancelled"))
    return ConversationHandler.END


async def interrupt_flow(update: Update, context: Ctx) -> int:
    """Leaves the current flow for another command, which is then handled afresh."""
    user_store(context).start_bot = None
    await context.application.update_queue.put(update)
    return ConversationHandler.END


async def cancel(update: Update, context: Ctx) -> None:
    """Answers /cancel or a Cancel button outside any flow."""
    user = await current_user(update, context)
    await acknowledge(update)
    key = "cancelled" if update.callback_query else "nothing_to_cancel"
    await show(update, context, t(user.language, key))


async def unknown_command(update: Update, context: Ctx) -> None:
    """Points to /help for a command the bot does not know."""
    user = await current_user(update, context)
    await reply(update, context, t(user.language, "fallback_command"))


async def free_text(update: Update, context: Ctx) -> None:
    """Offers to build a strategy from a message naming one; points to /help otherwise."""
    user = await current_user(update, context)
    text = update.message.text if update.message else ""
    if text and looks_like_idea(text):
        token = remember_idea(context, text)
        markup = keyboards.idea(user.language, signer(update, context), token)
        await reply(update, context, t(user.language, "idea_offer"), markup)
        return
    await reply(update, context, t(user.language, "fallback_text"))
