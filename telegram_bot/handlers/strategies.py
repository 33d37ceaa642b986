"""/strategies, versions and rollback, the code as a document, /backtest and /optimize."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import BadRequest

from orchestrator.accounts.usage import Limit, usage
from orchestrator.accounts.users import User
from orchestrator.core.errors import UserFacingError
from orchestrator.strategies import versions as strategies
from orchestrator.strategies.backtests import request_backtest
from orchestrator.strategies.optimisation import apply_best, request_optimise
from orchestrator.strategies.versions import StrategySummary
from telegram_bot import keyboards, render
from telegram_bot.callbacks import Action
from telegram_bot.handlers.optimise_progress import OptimiseTracker
from telegram_bot.i18n import Html, label, t
from telegram_bot.session import (
    Ctx,
    acknowledge,
    background_of,
    chat_id,
    current_user,
    press,
    reply,
    runtime_of,
    show,
    signer,
)

# Plan-limited menus: the plans column, then the button label and its placeholder.
DAYS: tuple[Limit, str, str] = ("backtest_max_days", "btn_days", "days")
EPOCHS: tuple[Limit, str, str] = ("hyperopt_max_epochs", "btn_epochs", "epochs")


async def list_strategies(update: Update, context: Ctx) -> None:
    """Lists the user's strategies with a button each."""
    user = await current_user(update, context)
    found = await strategies.list_strategies(runtime_of(context).db, user.id)
    items = ((s.title(user.language), s.id) for s in found)
    picker = keyboards.picker(signer(update, context), Action.STRATEGY, items) if found else None
    await reply(update, context, render.strategies_view(user.language, found), picker)


async def _strategy(context: Ctx, user_id: uuid.UUID, strategy_id: uuid.UUID) -> StrategySummary:
    for found in await strategies.list_strategies(runtime_of(context).db, user_id):
        if found.id == strategy_id:
            return found
    raise UserFacingError("strategy_not_found")


async def show_versions(update: Update, context: Ctx) -> None:
    """Lists a strategy's versions with rollback buttons and actions."""
    strategy_id = press(update, context).object_id()
    user = await current_user(update, context)
    await acknowledge(update)
    await _draw_versions(update, context, user, strategy_id)


async def _draw_versions(
    update: Update,
    context: Ctx,
    user: User,
    strategy_id: uuid.UUID,
    notice: str = "",
    *,
    rollbacks: bool = True,
) -> None:
    """Show (or redraw) a strategy's versions; without rollback buttons after a rollback."""
    strategy = await _strategy(context, user.id, strategy_id)
    versions = await strategies.list_versions(runtime_of(context).db, user.id, strategy_id)
    current = (strategy.current_version, strategy.version_id)
    numbers = [v.version for v in versions] if rollbacks else []
    buttons = keyboards.versions(
        user.language, signer(update, context), strategy_id, numbers, current
    )
    title = strategy.title(user.language)
    text = render.versions_view(user.language, title, versions, current[0])
    await show(update, context, render.lines(notice, text), buttons)


async def roll_back(update: Update, context: Ctx) -> None:
    """Makes an older version current again, once; an out-of-date list changes nothing."""
    choice = press(update, context)
    strategy_id = choice.object_id()
    user = await current_user(update, context)
    old, drawn_at = keyboards.parse_rollback_arg(choice.arg)
    current = (await _strategy(context, user.id, strategy_id)).current_version
    if drawn_at is not None and drawn_at != current:
        # Rolled back already (a second press), or changed since: say so, change nothing.
        await acknowledge(update, label(user.language, "rollback_stale", current=current))
        stale = t(user.language, "rollback_stale", current=current)
        await _draw_versions(update, context, user, strategy_id, stale, rollbacks=False)
        return
    await acknowledge(update)
    db = runtime_of(context).db
    new, _ = await strategies.rollback(db, user.id, strategy_id, old)
    notice = t(user.language, "rolled_back", old=old, new=new)
    await _draw_versions(update, context, user, strategy_id, notice, rollbacks=False)


async def send_code(update: Update, context: Ctx) -> None:
    """Sends a strategy version's code as a .py document."""
    version_id = press(update, context).object_id()
    user = await current_user(update, context)
    version = await strategies.get_version(runtime_of(context).db, user.id, version_id)
    await acknowledge(update)
    document = InputFile(version.code.encode(), filename=f"{version.class_name}.py")
    caption = t(user.language, "code_caption", name=version.class_name, version=version.version)
    await context.bot.send_document(chat_id(update), document, caption=caption)


async def _pick_strategy(update: Update, context: Ctx, action: Action, key: str) -> None:
    user = await current_user(update, context)
    found = await strategies.list_strategies(runtime_of(context).db, user.id)
    if not found:
        await reply(update, context, t(user.language, "strategies_empty"))
        return
    items = ((s.title(user.language), s.version_id) for s in found)
    picker = keyboards.picker(signer(update, context), action, items)
    await reply(update, context, t(user.language, key), picker)


async def pick_backtest(update: Update, context: Ctx) -> None:
    """Asks which strategy to backtest."""
    await _pick_strategy(update, context, Action.BACKTEST_PICK, "pick_strategy_backtest")


async def pick_optimise(update: Update, context: Ctx) -> None:
    """Asks which strategy to optimise."""
    await _pick_strategy(update, context, Action.OPTIMISE_PICK, "pick_strategy_optimise")


async def ask_days(update: Update, context: Ctx) -> None:
    """Asks how many days to backtest; longer than the plan allows is marked with a plan."""
    version_id = press(update, context).object_id()
    user = await current_user(update, context)
    await acknowledge(update)
    buttons = await _within_plan(
        update, context, user, (Action.BACKTEST, version_id), keyboards.BACKTEST_DAYS, DAYS
    )
    await reply(update, context, t(user.language, "pick_backtest_days"), buttons)


async def ask_epochs(update: Update, context: Ctx) -> None:
    """Asks how many optimisation epochs to run; more than the plan allows is marked."""
    version_id = press(update, context).object_id()
    user = await current_user(update, context)
    await acknowledge(update)
    buttons = await _within_plan(
        update, context, user, (Action.OPTIMISE, version_id), keyboards.OPTIMISE_EPOCHS, EPOCHS
    )
    await reply(update, context, t(user.language, "pick_optimise_epochs"), buttons)


async def _within_plan(
    update: Update,
    context: Ctx,
    user: User,
    target: tuple[Action, uuid.UUID],
    values: Sequence[int],
    limit: tuple[Limit, str, str],
) -> InlineKeyboardMarkup:
    """Offer `values`, marking those above the plan's limit with the plan that allows them."""
    found = await usage(runtime_of(context).db, user.id)
    column, key, name = limit
    offers = found.offers(values, column) if found else [(v, None) for v in values]
    sign = signer(update, context)
    return keyboards.within_plan(user.language, sign, *target, offers, (key, name))


async def run_backtest(update: Update, context: Ctx) -> None:
    """Queues a longer backtest of the chosen version."""
    choice = press(update, context)
    user = await current_user(update, context)
    await acknowledge(update)
    await request_backtest(runtime_of(context), user.id, choice.object_id(), int(choice.arg))
    await show(update, context, t(user.language, "backtest_queued"))


async def run_optimise(update: Update, context: Ctx) -> None:
    """Queues a hyperparameter optimisation of the chosen version."""
    choice = press(update, context)
    user = await current_user(update, context)
    await acknowledge(update)
    runtime = runtime_of(context)
    run_id = await request_optimise(runtime, user.id, choice.object_id(), int(choice.arg))
    await show(update, context, t(user.language, "optimise_queued"))
    # One message follows the run, edited as epochs finish; the results come as an alert.
    message = await reply(update, context, t(user.language, "optimise_waiting"))
    tracker = OptimiseTracker(context.bot, runtime, user, chat_id(update), message.message_id)
    background_of(context).spawn(tracker.follow(run_id), name=f"optimise {run_id}")


async def apply_optimised(update: Update, context: Ctx) -> None:
    """Saves a finished optimisation's best parameters as a new version, once per run."""
    run_id = press(update, context).object_id()
    user = await current_user(update, context)
    applied = await apply_best(runtime_of(context), user.id, run_id)
    key = "optimise_applied" if applied.created else "optimise_already_applied"
    lang, version = user.language, applied.version
    await acknowledge(update, label(lang, key, version=version))
    # Every copy ends the same way, so presses racing to edit it agree on the outcome.
    await _settle(update, context, t(lang, "optimise_applied", version=version))


async def _settle(update: Update, context: Ctx, outcome: Html) -> None:
    """Add the outcome to the pressed message and take its buttons away, once."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message):
        await reply(update, context, outcome)
        return
    if message.reply_markup is None:
        return  # settled by an earlier press; the press's answer says the outcome
    try:
        if message.text is not None:
            await message.edit_text(f"{message.text_html}\n\n{outcome}")
        else:
            caption = f"{message.caption_html}\n\n" if message.caption else ""
            await message.edit_caption(caption + outcome)
    except BadRequest as exc:
        if "not modified" in exc.message:
            return
        # The outcome does not fit (a chart's caption is short): say it below instead.
        await message.edit_reply_markup(None)
        await reply(update, context, outcome)
