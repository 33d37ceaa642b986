"""/settings: language, alert level and per-bot supervisor thresholds."""

from __future__ import annotations

import uuid

from telegram import Update

from orchestrator.accounts import users
from orchestrator.accounts.usage import usage
from orchestrator.bots import views
from orchestrator.supervisor.rules import Thresholds
from telegram_bot import keyboards, render
from telegram_bot.callbacks import Action
from telegram_bot.i18n import label, t
from telegram_bot.inputs import numbers
from telegram_bot.session import Ctx, acknowledge, current_user, press, runtime_of, show, signer


async def settings(update: Update, context: Ctx) -> None:
    """Shows the user's settings and plan usage with buttons to change the settings."""
    user = await current_user(update, context)
    await draw_menu(update, context, user.id, user.language)


async def draw_menu(update: Update, context: Ctx, user_id: uuid.UUID, lang: str) -> None:
    """Draws the settings view and menu in `lang`, in place of a pressed button's message."""
    db = runtime_of(context).db
    profile, used = await users.profile(db, user_id), await usage(db, user_id)
    menu = keyboards.settings_menu(lang, signer(update, context))
    await show(update, context, render.settings_view(lang, profile, used), menu)


async def ask_language(update: Update, context: Ctx) -> None:
    """Offers both languages, or stores the chosen one and redraws the settings in it."""
    choice = press(update, context).arg
    user = await current_user(update, context)
    if choice == keyboards.KEEP_SETTING:
        await acknowledge(update)
        await draw_menu(update, context, user.id, user.language)
        return
    if choice:
        await users.set_language(runtime_of(context).db, user.id, choice)
        await acknowledge(update, label(choice, "language_set"))
        await draw_menu(update, context, user.id, choice)
        return
    await acknowledge(update)
    picker = keyboards.settings_languages(user.language, signer(update, context), user.language)
    await show(update, context, t(user.language, "settings_choose_language"), picker)


async def ask_alert_level(update: Update, context: Ctx) -> None:
    """Offers the alert levels."""
    user = await current_user(update, context)
    await acknowledge(update)
    levels = keyboards.alert_levels(user.language, signer(update, context), user.alert_level)
    await show(update, context, t(user.language, "alerts_choose"), levels)


async def set_alert_level(update: Update, context: Ctx) -> None:
    """Stores the chosen alert level and redraws the settings with it."""
    level = press(update, context).arg
    user = await current_user(update, context)
    if level == keyboards.KEEP_SETTING:
        await acknowledge(update)
    else:
        await users.set_alert_level(runtime_of(context).db, user.id, level)
        notice = label(user.language, "alerts_set", level=label(user.language, f"alert_{level}"))
        await acknowledge(update, notice)
    await draw_menu(update, context, user.id, user.language)


async def ask_supervisor_bot(update: Update, context: Ctx) -> None:
    """Asks which bot's supervisor thresholds to change."""
    user = await current_user(update, context)
    await acknowledge(update)
    found = await views.list_bots(runtime_of(context), user.id)
    if not found:
        await show(update, context, t(user.language, "bots_empty"))
        return
    picker = keyboards.bot_picker(signer(update, context), Action.SUPERVISOR_BOT, found)
    await show(update, context, t(user.language, "supervisor_pick_bot"), picker)


async def ask_warn_streak(update: Update, context: Ctx) -> None:
    """Shows the bot's thresholds and asks after how many losses to warn."""
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    bot = await views.get_bot(runtime_of(context), user.id, bot_id)
    now = bot.supervisor
    await acknowledge(update)
    options = [(str(n), str(n)) for n in keyboards.WARN_CHOICES]
    buttons = keyboards.choices(signer(update, context), Action.SUPERVISOR_WARN, bot_id, options)
    text = t(
        user.language,
        "supervisor_pick_warn",
        bot=bot.name,
        warn=now.warn_streak,
        pause=now.pause_streak,
        drawdown=render.number(now.max_drawdown_pct, user.language, 1),
    )
    await show(update, context, text, buttons)


async def ask_pause_streak(update: Update, context: Ctx) -> None:
    """Asks after how many losses to pause, above the warning."""
    choice = press(update, context)
    warn = (numbers(choice.arg) or [0])[0]
    user = await current_user(update, context)
    await acknowledge(update)
    options = [(str(m), f"{warn}:{m}") for m in keyboards.PAUSE_CHOICES if m > warn]
    buttons = keyboards.choices(
        signer(update, context), Action.SUPERVISOR_PAUSE, choice.obj, options
    )
    await show(update, context, t(user.language, "supervisor_pick_pause"), buttons)


async def ask_drawdown(update: Update, context: Ctx) -> None:
    """Asks at what drawdown of the stake to pause."""
    choice = press(update, context)
    user = await current_user(update, context)
    await acknowledge(update)
    options = [(f"{x}%", f"{choice.arg}:{x}") for x in keyboards.DRAWDOWN_CHOICES]
    buttons = keyboards.choices(
        signer(update, context), Action.SUPERVISOR_DRAWDOWN, choice.obj, options
    )
    await show(update, context, t(user.language, "supervisor_pick_drawdown"), buttons)


async def save_thresholds(update: Update, context: Ctx) -> None:
    """Stores the three chosen thresholds for the bot."""
    choice = press(update, context)
    warn, pause, drawdown = [*numbers(choice.arg), 0, 0, 0][:3]
    user = await current_user(update, context)
    runtime = runtime_of(context)
    limits = Thresholds(warn, pause, float(drawdown))
    await users.set_supervisor(runtime.db, user.id, choice.object_id(), limits)
    bot = await views.get_bot(runtime, user.id, choice.object_id())
    await acknowledge(update)
    text = t(
        user.language,
        "supervisor_saved",
        bot=bot.name,
        warn=warn,
        pause=pause,
        drawdown=drawdown,
    )
    await show(
        update, context, text, keyboards.settings_menu(user.language, signer(update, context))
    )
