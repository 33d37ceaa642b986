"""/plan: the user's plan, when it ends, and how much of it is in use."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from orchestrator.accounts import users
from orchestrator.accounts.usage import usage
from telegram_bot import render_settings
from telegram_bot.callbacks import Action
from telegram_bot.keyboards import button
from telegram_bot.session import Ctx, current_user, reply, runtime_of, signer


async def show_plan(update: Update, context: Ctx) -> None:
    """Shows the plan's name, end date and usage, with a button to upgrade or renew it."""
    user = await current_user(update, context)
    db = runtime_of(context).db
    profile, used = await users.profile(db, user.id), await usage(db, user.id)
    expires_at = profile.plan_expires_at if profile else None
    upgrade = button(user.language, "btn_upgrade", signer(update, context), Action.UPGRADE)
    view = render_settings.plan_view(user.language, used, expires_at)
    await reply(update, context, view, InlineKeyboardMarkup([[upgrade]]))
