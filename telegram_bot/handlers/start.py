"""Onboarding: /start, the language picker and the first-step menu."""

from __future__ import annotations

from telegram import Update

from orchestrator.accounts import users
from telegram_bot import keyboards
from telegram_bot.i18n import label, t
from telegram_bot.session import (
    Ctx,
    acknowledge,
    current_user,
    press,
    reply,
    runtime_of,
    show,
    signer,
)


async def start(update: Update, context: Ctx) -> None:
    """Greets the user and asks for their language."""
    user = await current_user(update, context)
    picker = keyboards.language_picker(signer(update, context))
    await reply(update, context, t(user.language, "choose_language"), picker)


async def choose_language(update: Update, context: Ctx) -> None:
    """Stores the chosen language and explains what the bot does."""
    lang = press(update, context).arg
    user = await current_user(update, context)
    await users.set_language(runtime_of(context).db, user.id, lang)
    await acknowledge(update, label(lang, "language_set"))
    menu = keyboards.main_menu(lang, signer(update, context))
    await show(update, context, t(lang, "welcome"), menu)
