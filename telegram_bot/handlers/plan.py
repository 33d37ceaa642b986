"""/plan: the user's plan, when it ends, and how much of it is in use."""

from __future__ import annotations

from telegram import Update

from orchestrator.accounts import users
from orchestrator.accounts.usage import usage
from telegram_bot import render_settings
from telegram_bot.session import Ctx, current_user, reply, runtime_of


async def show_plan(update: Update, context: Ctx) -> None:
    """Shows the plan's name, end date and usage: bots, live bots, AI generations, limits."""
    user = await current_user(update, context)
    db = runtime_of(context).db
    profile, used = await users.profile(db, user.id), await usage(db, user.id)
    expires_at = profile.plan_expires_at if profile else None
    await reply(update, context, render_settings.plan_view(user.language, used, expires_at))
