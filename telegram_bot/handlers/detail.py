"""One bot: its detail view and the status, profit, trades, force-exit, chart, pause and stop."""

from __future__ import annotations

import uuid

from telegram import InputFile, Update

from orchestrator.accounts.users import User
from orchestrator.bots import service as bots
from orchestrator.bots import views
from orchestrator.bots.charts import bot_chart
from orchestrator.bots.views import BotView
from orchestrator.core.errors import UserFacingError
from telegram_bot import dashboard, keyboards, render
from telegram_bot.callbacks import Action
from telegram_bot.i18n import t
from telegram_bot.render_charts import bot_chart_caption
from telegram_bot.session import (
    Ctx,
    acknowledge,
    chat_id,
    current_user,
    press,
    reply,
    runtime_of,
    show,
    signer,
)

ACTIVE = keyboards.LIVE_STATES


async def find_bot(context: Ctx, user: User, bot_id: uuid.UUID) -> BotView:
    """Return one of the user's bots with its PnL and trade counts."""
    for bot in await views.list_bots(runtime_of(context), user.id):
        if bot.id == bot_id:
            return bot
    raise UserFacingError("bot_not_found")


async def _pressed_bot(update: Update, context: Ctx) -> tuple[User, BotView]:
    bot_id = press(update, context).object_id()
    user = await current_user(update, context)
    bot = await find_bot(context, user, bot_id)
    await acknowledge(update)
    return user, bot


async def _draw(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Show (or redraw) the detail view of a bot, with the bot's page in the dashboard."""
    paused = render.state_of(bot) == "paused"
    markup = keyboards.bot_detail(user.language, signer(update, context), bot.id, paused)
    app = dashboard.app_url(runtime_of(context).settings, bot.id)
    shown = render.bot_detail(user.language, bot)
    await show(update, context, shown, dashboard.with_app(markup, user.language, app))


async def show_detail(update: Update, context: Ctx) -> None:
    """Shows one bot with every action as a button."""
    await _draw(update, context, *await _pressed_bot(update, context))


async def send_status(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Send a bot's open trades with its dashboard page, or say it is not running."""
    if render.state_of(bot) not in ACTIVE:
        await reply(update, context, render.not_running(user.language, bot))
        return
    runtime = runtime_of(context)
    trades = await bots.bot_command(runtime, user.id, bot.id, "status")
    app = dashboard.app_url(runtime.settings, bot.id)
    markup = dashboard.with_app(None, user.language, app)
    await reply(update, context, render.status_view(user.language, bot, trades or []), markup)


async def send_profit(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Send a bot's profit: live figures when it runs, synced trades otherwise."""
    if render.state_of(bot) not in ACTIVE:
        await reply(update, context, render.profit_stored(user.language, bot))
        return
    data = await bots.bot_command(runtime_of(context), user.id, bot.id, "profit")
    await reply(update, context, render.profit_view(user.language, bot, data or {}))


async def send_trades(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Send a bot's open trades and its recent closed ones (Freqtrade's /trades has no open)."""
    if render.state_of(bot) not in ACTIVE:
        await reply(update, context, render.not_running(user.language, bot))
        return
    runtime = runtime_of(context)
    open_trades = await bots.bot_command(runtime, user.id, bot.id, "status")
    data = await bots.bot_command(runtime, user.id, bot.id, "trades")
    trades = data.get("trades", []) if isinstance(data, dict) else []
    shown = render.trades_view(user.language, bot, trades, open_trades or [])
    await reply(update, context, shown)


async def ask_forceexit(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Ask to confirm closing every open trade of a bot, or say at once it is not running."""
    if render.state_of(bot) not in ACTIVE:
        await reply(update, context, render.not_running(user.language, bot))
        return
    sign = signer(update, context)
    markup = keyboards.confirm(
        user.language, sign, "btn_confirm_forceexit", Action.BOT_FORCEEXIT_CONFIRM, bot.id
    )
    await reply(update, context, t(user.language, "forceexit_confirm", name=bot.name), markup)


async def send_chart(update: Update, context: Ctx, user: User, bot: BotView) -> None:
    """Send the bot's candles with its trades and profit, described in the caption."""
    chart = await bot_chart(runtime_of(context), user.id, bot.id)
    photo = InputFile(chart.png, filename="chart.png")
    caption = bot_chart_caption(user.language, chart)
    await context.bot.send_photo(chat_id(update), photo, caption=caption)


async def on_status(update: Update, context: Ctx) -> None:
    """Sends the pressed bot's open trades."""
    await send_status(update, context, *await _pressed_bot(update, context))


async def on_profit(update: Update, context: Ctx) -> None:
    """Sends the pressed bot's profit."""
    await send_profit(update, context, *await _pressed_bot(update, context))


async def on_trades(update: Update, context: Ctx) -> None:
    """Sends the pressed bot's recent trades."""
    await send_trades(update, context, *await _pressed_bot(update, context))


async def on_forceexit(update: Update, context: Ctx) -> None:
    """Asks to confirm a force exit of the pressed bot."""
    await ask_forceexit(update, context, *await _pressed_bot(update, context))


async def on_chart(update: Update, context: Ctx) -> None:
    """Sends the pressed bot's chart."""
    await send_chart(update, context, *await _pressed_bot(update, context))


async def forceexit(update: Update, context: Ctx) -> None:
    """Closes every open trade of the confirmed bot at market price."""
    user, bot = await _pressed_bot(update, context)
    if render.state_of(bot) not in ACTIVE:
        # An old confirmation of a bot stopped since: nothing to close, and no more buttons.
        await show(update, context, render.not_running(user.language, bot))
        return
    args = {"tradeid": "all", "ordertype": "market"}
    await bots.bot_command(runtime_of(context), user.id, bot.id, "forceexit", **args)
    await show(update, context, t(user.language, "forceexit_done", name=bot.name))


async def pause(update: Update, context: Ctx) -> None:
    """Pauses new entries of the pressed bot."""
    user, bot = await _pressed_bot(update, context)
    await bots.pause_bot(runtime_of(context), user.id, bot.id)
    await _draw(update, context, user, await find_bot(context, user, bot.id))
    await reply(update, context, t(user.language, "bot_paused", name=bot.name))


async def resume(update: Update, context: Ctx) -> None:
    """Resumes new entries of the pressed bot."""
    user, bot = await _pressed_bot(update, context)
    await bots.resume_bot(runtime_of(context), user.id, bot.id)
    await _draw(update, context, user, await find_bot(context, user, bot.id))
    await reply(update, context, t(user.language, "bot_resumed", name=bot.name))


async def stop(update: Update, context: Ctx) -> None:
    """Stops the pressed bot and reports the positions it leaves open."""
    user, bot = await _pressed_bot(update, context)
    lang, name = user.language, bot.name
    await show(update, context, t(lang, "bot_stopping", name=name))
    result = await bots.stop_bot(runtime_of(context), user.id, bot.id)
    if not result.stopped:
        text = t(lang, "bot_stop_pending", name=name)
    elif result.was_running:
        text = t(lang, "bot_stopped", name=name, open=result.open_trades or 0)
    else:
        text = t(lang, "bot_stopped_idle", name=name)
    await reply(update, context, text)
