"""/bots, /stopbot and the commands that work across all of a user's bots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from orchestrator.accounts.users import User
from orchestrator.bots import views
from orchestrator.bots.views import BotView
from telegram_bot import keyboards, render
from telegram_bot.callbacks import Action
from telegram_bot.handlers import detail
from telegram_bot.i18n import Html, t
from telegram_bot.session import Ctx, acknowledge, current_user, reply, runtime_of, signer

Single = Callable[[Update, Ctx, User, BotView], Awaitable[None]]
Summary = Callable[[str, list[BotView]], Html]


async def _user_bots(update: Update, context: Ctx) -> tuple[User, list[BotView]]:
    user = await current_user(update, context)
    await acknowledge(update)
    return user, await views.list_bots(runtime_of(context), user.id)


async def list_bots(update: Update, context: Ctx) -> None:
    """Lists the user's bots with state and PnL, each with a detail button."""
    user, found = await _user_bots(update, context)
    markup = (
        keyboards.bot_picker(signer(update, context), Action.BOT_DETAIL, found) if found else None
    )
    await reply(update, context, render.bots_list(user.language, found), markup)


async def stop_bot(update: Update, context: Ctx) -> None:
    """Asks which active bot to stop."""
    user, found = await _user_bots(update, context)
    active = [
        b for b in found if b.desired_state != "stopped" or render.state_of(b) in detail.ACTIVE
    ]
    if not active:
        await reply(update, context, t(user.language, "stop_none_active"))
        return
    markup = keyboards.bot_picker(signer(update, context), Action.BOT_STOP, active)
    await reply(update, context, t(user.language, "stop_pick_bot"), markup)


async def _across(
    update: Update, context: Ctx, action: Action, single: Single, summary: Summary | None = None
) -> None:
    """Act on the only bot directly; with several, summarise or ask which one."""
    user, found = await _user_bots(update, context)
    if not found:
        await reply(update, context, t(user.language, "bots_empty"))
        return
    if len(found) == 1:
        await single(update, context, user, found[0])
        return
    text = summary(user.language, found) if summary else t(user.language, "pick_bot")
    await reply(update, context, text, keyboards.bot_picker(signer(update, context), action, found))


async def status(update: Update, context: Ctx) -> None:
    """Shows open trades: one bot's, or a summary of all bots."""
    await _across(update, context, Action.BOT_STATUS, detail.send_status, render.status_summary)


async def profit(update: Update, context: Ctx) -> None:
    """Shows profit: one bot's, or a summary of all bots."""
    await _across(update, context, Action.BOT_PROFIT, detail.send_profit, render.profit_summary)


async def trades(update: Update, context: Ctx) -> None:
    """Shows a bot's recent trades, asking which bot when there are several."""
    await _across(update, context, Action.BOT_TRADES, detail.send_trades)


async def forceexit(update: Update, context: Ctx) -> None:
    """Offers to close a bot's open trades, asking which bot when there are several."""
    await _across(update, context, Action.BOT_FORCEEXIT, detail.ask_forceexit)


async def chart(update: Update, context: Ctx) -> None:
    """Sends a bot's chart, asking which bot when there are several."""
    await _across(update, context, Action.BOT_CHART, detail.send_chart)
