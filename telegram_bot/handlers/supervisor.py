"""Buttons under a supervisor pause alert: resume, close all, keep paused, explain."""

from __future__ import annotations

from telegram import Update

from orchestrator.bots import service as bots
from orchestrator.supervisor.explain import explain_bot
from telegram_bot.handlers.detail import find_bot
from telegram_bot.i18n import t
from telegram_bot.session import Ctx, acknowledge, current_user, press, reply, runtime_of


async def resume(update: Update, context: Ctx) -> None:
    """Resumes the paused bot; its loss streak starts afresh."""
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    bot = await find_bot(context, user, bot_id)
    await bots.resume_bot(runtime_of(context), user.id, bot_id)
    await acknowledge(update)
    await reply(update, context, t(user.language, "sv_resumed", name=bot.name))


async def close_all(update: Update, context: Ctx) -> None:
    """Closes every open trade of the paused bot at market price."""
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    bot = await find_bot(context, user, bot_id)
    args = {"tradeid": "all", "ordertype": "market"}
    await bots.bot_command(runtime_of(context), user.id, bot_id, "forceexit", **args)
    await acknowledge(update)
    await reply(update, context, t(user.language, "sv_closing", name=bot.name))


async def keep_paused(update: Update, context: Ctx) -> None:
    """Acknowledges that the bot stays paused."""
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    bot = await find_bot(context, user, bot_id)
    await acknowledge(update)
    await reply(update, context, t(user.language, "sv_kept_paused", name=bot.name))


async def explain(update: Update, context: Ctx) -> None:
    """Explains why the bot was losing."""
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    await acknowledge(update)
    text = await explain_bot(runtime_of(context), user.id, bot_id, user.language)
    await reply(update, context, t(user.language, "explanation", text=text))
