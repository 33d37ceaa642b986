"""The commands traders know from Freqtrade, across all of a user's bots.

/daily, /weekly, /monthly and /performance sum the synced trades of every bot, stopped ones
too; /balance and /count ask each running bot; /logs and /stopentry act on one running bot,
asking which when several run. /stopentry is the Pause button by another name: Freqtrade's
stopentry is how a pause is applied, and the desired state keeps it across restarts.
"""

from __future__ import annotations

from telegram import Update

from orchestrator.accounts.users import User
from orchestrator.bots import live, reports
from orchestrator.bots import service as bots
from orchestrator.bots.views import BotView
from telegram_bot import keyboards, render, render_reports
from telegram_bot.callbacks import Action
from telegram_bot.handlers import detail
from telegram_bot.handlers.bots import _across
from telegram_bot.i18n import t
from telegram_bot.session import Ctx, acknowledge, current_user, press, reply, runtime_of


async def _periods(update: Update, context: Ctx, unit: reports.Unit) -> None:
    """Send the profit of the last periods, as many as the command asks for."""
    user = await current_user(update, context)
    count = reports.wanted_periods(unit, context.args or [])
    report = await reports.period_profit(runtime_of(context).db, user.id, unit, count)
    if not report.currencies:
        await reply(update, context, t(user.language, "bots_empty"))
        return
    await reply(update, context, render_reports.period_report(user.language, report))


async def daily(update: Update, context: Ctx) -> None:
    """Sends the profit per day of all the user's bots."""
    await _periods(update, context, "day")


async def weekly(update: Update, context: Ctx) -> None:
    """Sends the profit per week of all the user's bots."""
    await _periods(update, context, "week")


async def monthly(update: Update, context: Ctx) -> None:
    """Sends the profit per month of all the user's bots."""
    await _periods(update, context, "month")


async def performance(update: Update, context: Ctx) -> None:
    """Sends the profit per pair of all the user's bots."""
    user = await current_user(update, context)
    pairs = await reports.pair_performance(runtime_of(context).db, user.id)
    await reply(update, context, render_reports.performance(user.language, pairs))


async def balance(update: Update, context: Ctx) -> None:
    """Sends the wallet of each running bot and lists the others."""
    user = await current_user(update, context)
    answers = await live.balances(runtime_of(context), user.id)
    await reply(update, context, render_reports.balances(user.language, answers))


async def count(update: Update, context: Ctx) -> None:
    """Sends each running bot's open trades against its limit and lists the others."""
    user = await current_user(update, context)
    answers = await live.open_counts(runtime_of(context), user.id)
    await reply(update, context, render_reports.counts(user.language, answers))


async def logs(update: Update, context: Ctx) -> None:
    """Sends a running bot's last log lines, asking which bot when several run."""
    await _across(
        update, context, Action.BOT_LOGS, send_logs, live=True, none_key="logs_none_running"
    )


async def stopentry(update: Update, context: Ctx) -> None:
    """Stops a running bot buying, asking which bot when several run."""
    await _across(
        update,
        context,
        Action.BOT_STOPENTRY,
        stop_entries,
        live=True,
        none_key="stopentry_none_running",
    )


async def send_logs(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Send a bot's last log lines, or say it is not running."""
    if render.state_of(bot) not in keyboards.LIVE_STATES:
        await reply(update, context, render.not_running(user.language, bot))
        return
    found = await live.bot_logs(runtime_of(context), user.id, bot.id)
    await reply(update, context, render_reports.logs(user.language, bot, found))


async def stop_entries(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Pause a running bot: no new entries, open trades still managed."""
    state = render.state_of(bot)
    if state not in keyboards.LIVE_STATES:
        await reply(update, context, render.not_running(user.language, bot))
        return
    if state == "paused":
        await reply(update, context, t(user.language, "stopentry_already", name=bot.name))
        return
    await bots.pause_bot(runtime_of(context), user.id, bot.id)
    await reply(update, context, t(user.language, "stopentry_done", name=bot.name))


async def _pressed_bot(update: Update, context: Ctx) -> tuple[User, BotView]:
    """Return the user and the bot their button names (theirs, or the error says it is gone)."""
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    bot = await detail.find_bot(context, user, bot_id)
    await acknowledge(update)
    return user, bot


async def on_logs(update: Update, context: Ctx) -> None:
    """Sends the pressed bot's last log lines."""
    await send_logs(update, context, *await _pressed_bot(update, context))


async def on_stopentry(update: Update, context: Ctx) -> None:
    """Stops the pressed bot buying."""
    await stop_entries(update, context, *await _pressed_bot(update, context))
