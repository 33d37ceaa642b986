"""The summary in /settings: off, daily or weekly (Mondays), and the hour it arrives."""

from __future__ import annotations

from telegram import Update

from orchestrator.accounts.users import User
from orchestrator.alerts import summary
from orchestrator.alerts.summary_periods import SummarySettings
from telegram_bot import keyboards, render_settings
from telegram_bot.handlers.settings import draw_menu
from telegram_bot.i18n import label
from telegram_bot.session import Ctx, acknowledge, current_user, press, runtime_of, show, signer

REPEATING = ("daily", "weekly")


async def ask_frequency(update: Update, context: Ctx) -> None:
    """Offers off, daily and weekly; stores off, or asks the hour of daily or weekly."""
    choice = press(update, context).arg
    user = await current_user(update, context)
    db = runtime_of(context).db
    if choice == keyboards.KEEP_SETTING:
        await acknowledge(update)
        await draw_menu(update, context, user.id, user.language)
    elif choice == "off":
        await _saved(update, context, user, await summary.set_summary(db, user.id, "off"))
    elif choice in REPEATING:
        await acknowledge(update)
        await _ask_hour(update, context, user, choice)
    else:
        await acknowledge(update)
        await _ask_frequency(update, context, user)


async def set_hour(update: Update, context: Ctx) -> None:
    """Stores the chosen frequency and hour and redraws the settings; Back asks again."""
    choice = press(update, context).arg
    user = await current_user(update, context)
    if choice == keyboards.KEEP_SETTING:
        await acknowledge(update)
        await _ask_frequency(update, context, user)
        return
    frequency, _, hour = choice.partition(":")
    chosen = await summary.set_summary(
        runtime_of(context).db, user.id, frequency, int(hour) if hour.isdigit() else -1
    )
    await _saved(update, context, user, chosen)


async def _ask_frequency(update: Update, context: Ctx, user: User) -> None:
    """Draws the summary's explanation and current choice with the frequencies."""
    current = await summary.summary_settings(runtime_of(context).db, user.id)
    picker = keyboards.summary_frequencies(
        user.language, signer(update, context), current.frequency
    )
    await show(update, context, render_settings.summary_choice(user.language, current), picker)


async def _ask_hour(update: Update, context: Ctx, user: User, frequency: str) -> None:
    """Draws the hours for a daily or weekly summary, the current one ticked."""
    current = await summary.summary_settings(runtime_of(context).db, user.id)
    hour = current.hour if current.frequency == frequency else None
    picker = keyboards.summary_hours(user.language, signer(update, context), frequency, hour)
    question = render_settings.summary_hour_question(user.language, frequency, current.timezone)
    await show(update, context, question, picker)


async def _saved(update: Update, context: Ctx, user: User, chosen: SummarySettings) -> None:
    """Confirms the stored choice and redraws the settings menu in place."""
    said = render_settings.summary_state(user.language, chosen)
    await acknowledge(update, label(user.language, "summary_set", summary=said))
    await draw_menu(update, context, user.id, user.language)
