"""/startbot: strategy → exchange → pair → stake → mode (→ live confirmation) → running bot."""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import ConversationHandler

from orchestrator.accounts.usage import usage
from orchestrator.accounts.users import User
from orchestrator.bots import service as bots
from orchestrator.core.errors import UserFacingError
from orchestrator.keys import store as exchange_keys
from orchestrator.strategies import versions as strategies
from telegram_bot import keyboards, render
from telegram_bot.alerts.texts import LABELS as FLAG_LABELS
from telegram_bot.alerts.texts import label as flag_label
from telegram_bot.callbacks import Action
from telegram_bot.i18n import Html, label, t
from telegram_bot.inputs import parse_stake
from telegram_bot.session import (
    Ctx,
    acknowledge,
    current_user,
    press,
    reply,
    runtime_of,
    show,
    signer,
    user_store,
)
from telegram_bot.state import StartBotDraft


class StartBotState(IntEnum):
    """Steps of the /startbot conversation."""

    STRATEGY = 1
    EXCHANGE = 2
    PAIR = 3
    STAKE = 4
    MODE = 5
    CONFIRM_LIVE = 6


def draft_of(context: Ctx) -> StartBotDraft:
    """Return the bot being configured in this flow."""
    data = user_store(context)
    if data.start_bot is None:
        data.start_bot = StartBotDraft()
    return data.start_bot


async def begin(update: Update, context: Ctx) -> int:
    """Asks which strategy the new bot should run, once the plan has room for one more bot."""
    user = await current_user(update, context)
    user_store(context).start_bot = None
    if (full := await _no_room(context, user)) is not None:
        await reply(update, context, full)
        return ConversationHandler.END
    found = await strategies.list_strategies(runtime_of(context).db, user.id)
    if not found:
        await reply(update, context, t(user.language, "sb_no_strategies"))
        return ConversationHandler.END
    sign = signer(update, context)
    items = ((s.title(user.language), s.version_id) for s in found)
    picker = keyboards.picker(sign, Action.STARTBOT_STRATEGY, items)
    markup = keyboards.with_cancel(user.language, sign, picker)
    await reply(update, context, t(user.language, "sb_pick_strategy"), markup)
    return StartBotState.STRATEGY


async def _no_room(context: Ctx, user: User) -> Html | None:
    """Say why the plan has no room for one more bot; None when it has.

    Asked at the first step, not after four choices: launching would refuse it at the last.
    """
    room = await usage(runtime_of(context).db, user.id)
    if room is None or room.bot_room:
        return None
    return render.error(user.language, "plan_bot_limit", {"limit": room.plan.entitlements.max_bots})


async def pick_strategy(update: Update, context: Ctx) -> int:
    """Stores the strategy version and asks for the exchange."""
    version_id = press(update, context).object_id()
    user = await current_user(update, context)
    if (full := await _no_room(context, user)) is not None:
        # The first step when started from a strategy's "Start bot" button.
        await acknowledge(update)
        await reply(update, context, full)
        return ConversationHandler.END
    version = await strategies.get_version(runtime_of(context).db, user.id, version_id)
    await acknowledge(update)
    user_store(context).start_bot = StartBotDraft(
        version_id=version_id,
        class_name=version.class_name,
        timeframe=version.timeframe or "5m",
        pair=bots.normalise_pair(version.pair) if version.pair else None,
    )
    markup = keyboards.exchanges(user.language, signer(update, context))
    await show(update, context, t(user.language, "sb_pick_exchange"), markup)
    return StartBotState.EXCHANGE


async def pick_exchange(update: Update, context: Ctx) -> int:
    """Stores the exchange and asks for the pair, or for the stake when the strategy has one."""
    exchange = press(update, context).arg
    user = await current_user(update, context)
    await acknowledge(update)
    if exchange not in keyboards.EXCHANGES:
        return StartBotState.EXCHANGE
    draft = draft_of(context)
    draft.exchange = exchange
    if draft.pair is not None:
        return await _ask_stake(update, context, user, preset=draft.pair)
    return await _ask_pair(update, context, user)


async def _ask_pair(update: Update, context: Ctx, user: User) -> int:
    """Offers the popular pairs."""
    await show(
        update,
        context,
        t(user.language, "sb_pick_pair"),
        keyboards.pairs(user.language, signer(update, context)),
    )
    return StartBotState.PAIR


async def pick_pair(update: Update, context: Ctx) -> int:
    """Stores the pair, pressed or typed, and asks for the stake."""
    user = await current_user(update, context)
    typed = update.message.text if update.message else None
    pair = bots.normalise_pair(typed if typed is not None else press(update, context).arg)
    await acknowledge(update)
    draft_of(context).pair = pair
    return await _ask_stake(update, context, user)


async def _ask_stake(update: Update, context: Ctx, user: User, preset: str | None = None) -> int:
    """Asks for the stake; a pair taken from the strategy is named, with a way to change it."""
    markup = keyboards.stakes(user.language, signer(update, context), other_pair=bool(preset))
    text = t(user.language, "sb_pick_stake")
    if preset:
        text = render.lines(t(user.language, "sb_pair_preset", pair=preset), text)
    await show(update, context, text, markup)
    return StartBotState.STAKE


async def pick_stake(update: Update, context: Ctx) -> int:
    """Stores the stake, pressed or typed, and asks for the mode."""
    user = await current_user(update, context)
    typed = update.message.text if update.message else None
    pressed = press(update, context).arg if typed is None else ""
    if pressed == keyboards.OTHER_PAIR:
        await acknowledge(update)
        return await _ask_pair(update, context, user)
    stake = parse_stake(typed if typed is not None else pressed, user.language)
    await acknowledge(update)
    draft_of(context).stake = stake
    markup = keyboards.modes(user.language, signer(update, context))
    await show(update, context, t(user.language, "sb_pick_mode"), markup)
    return StartBotState.MODE


async def pick_mode(update: Update, context: Ctx) -> int:
    """Starts a dry-run bot, or checks keys and restates the risk before a live one."""
    live = press(update, context).arg == "live"
    user = await current_user(update, context)
    await acknowledge(update)
    draft = draft_of(context)
    if not live:
        await launch(update, context, user, dry_run=True)
        return ConversationHandler.END
    keys = await exchange_keys.list_keys(runtime_of(context).db, user.id)
    usable = [key for key in keys if key.exchange == draft.exchange]
    exchange = label(user.language, f"exchange_{draft.exchange or 'binance'}")
    sign = signer(update, context)
    if not usable:
        text = t(user.language, "sb_live_needs_keys", exchange=exchange)
        await show(update, context, text, keyboards.modes(user.language, sign))
        return StartBotState.MODE
    draft.key_id = usable[0].id
    text = t(
        user.language,
        "sb_live_confirm",
        pair=draft.pair,
        exchange=exchange,
        stake=render.number(draft.stake, user.language),
    )
    warning = await _backtest_warning(context, user, draft)
    await show(update, context, Html(warning + text), keyboards.confirm_live(user.language, sign))
    return StartBotState.CONFIRM_LIVE


async def _backtest_warning(context: Ctx, user: User, draft: StartBotDraft) -> Html:
    """Name what the strategy's backtest flagged, to be read before real money; empty if none."""
    if draft.version_id is None:
        return Html("")
    db = runtime_of(context).db
    flags = await strategies.quality_flags(db, user.id, draft.version_id)
    named = [flag_label(f"flag_{f}", user.language) for f in flags if f"flag_{f}" in FLAG_LABELS]
    if not named:
        return Html("")
    return t(user.language, "sb_live_flagged", problems=", ".join(named))


async def confirm_live(update: Update, context: Ctx) -> int:
    """Starts the live bot after the user accepted the risk."""
    user = await current_user(update, context)
    await acknowledge(update)
    await launch(update, context, user, dry_run=False)
    return ConversationHandler.END


async def launch(update: Update, context: Ctx, user: User, *, dry_run: bool) -> None:
    """Launch the configured bot (one active bot per pair: the database refuses a second)."""
    new = _new_bot(draft_of(context), dry_run=dry_run)
    launched = await bots.launch_bot(runtime_of(context), user.id, new)
    user_store(context).start_bot = None
    mode = label(user.language, "mode_dry" if dry_run else "mode_live")
    exchange = label(user.language, f"exchange_{new.exchange}")
    text = t(
        user.language,
        "sb_started",
        name=launched.name,
        pair=launched.pair,
        exchange=exchange,
        stake=render.number(new.stake_amount, user.language),
        mode=mode,
    )
    await show(update, context, text)


def _new_bot(draft: StartBotDraft, *, dry_run: bool) -> bots.NewBot:
    """Turn a finished draft into the bot to launch; a draft missing a step cannot launch."""
    version_id, exchange, pair, stake = draft.version_id, draft.exchange, draft.pair, draft.stake
    if version_id is None or exchange is None or pair is None or stake is None:
        raise UserFacingError("try_again")
    return bots.NewBot(
        name=draft.class_name,  # the pair is shown next to the name wherever both appear
        strategy_version_id=version_id,
        exchange=exchange,
        pair=pair,
        stake_amount=stake,
        timeframe=draft.timeframe,
        dry_run=dry_run,
        exchange_key_id=None if dry_run else draft.key_id,
    )
