"""/bots, /stopbot and the commands that work across all of a user's bots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from orchestrator.accounts.users import User
from orchestrator.bots import views
from orchestrator.bots.views import BotView
from telegram_bot import dashboard, keyboards, render
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
    """Lists the user's bots with state and PnL, each with a detail button, and the dashboard."""
    user, found = await _user_bots(update, context)
    markup = (
        keyboards.bot_picker(signer(update, context), Action.BOT_DETAIL, found) if found else None
    )
    app = dashboard.app_url(runtime_of(context).settings)
    markup = dashboard.with_app(markup, user.language, app)
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
    update: Update,
    context: Ctx,
    action: Action,
    single: Single,
    summary: Summary | None = None,
    *,
    live: bool = False,
    none_key: str = "bots_empty",
) -> None:
    """Act on the only bot directly; with several, summarise or ask which one.

    A `live` command offers only running or paused bots; when several bots exist and none
    of them runs, `none_key` says so at once.
    """
    user, found = await _user_bots(update, context)
    offered = keyboards.live_bots(found) if live else found
    if len(found) == 1 or (len(offered) == 1 and summary is None):
        # The only bot, or the only live one; its handler says when it is not running.
        await single(update, context, user, offered[0] if len(offered) == 1 else found[0])
        return
    markup = keyboards.bot_picker(signer(update, context), action, offered) if offered else None
    if not found:
        text = t(user.language, "bots_empty")
    elif summary is not None:
        text = summary(user.language, found)
    else:
        text = t(user.language, "pick_bot" if offered else none_key)
    await reply(update, context, text, markup)


async def status(update: Update, context: Ctx) -> None:
    """Shows open trades: one bot's, or a summary of all bots with the live ones to pick."""
    await _across(
        update, context, Action.BOT_STATUS, detail.send_status, render.status_summary, live=True
    )


async def profit(update: Update, context: Ctx) -> None:
    """Shows profit: one bot's, or a summary of all bots."""
    await _across(update, context, Action.BOT_PROFIT, detail.send_profit, render.profit_summary)


async def trades(update: Update, context: Ctx) -> None:
    """Shows a live bot's recent trades, asking which when several run."""
    await _across(
        update,
        context,
        Action.BOT_TRADES,
        detail.send_trades,
        live=True,
        none_key="trades_none_running",
    )


async def forceexit(update: Update, context: Ctx) -> None:
    """Offers to close a live bot's open trades, asking which when several run."""
    await _across(
        update,
        context,
        Action.BOT_FORCEEXIT,
        detail.ask_forceexit,
        live=True,
        none_key="forceexit_none_running",
    )


async def chart(update: Update, context: Ctx) -> None:
    """Sends a bot's chart, asking which bot when there are several."""
    await _across(update, context, Action.BOT_CHART, detail.send_chart)
