"""Bot services the chat, the web app and the operator CLI share."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import asyncpg
from arq.jobs import ResultNotFound

from orchestrator.accounts.entitlements import entitlements_of, require_custom_code
from orchestrator.alerts.produce import audit
from orchestrator.bots.views import get_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.feed import announce_bots
from orchestrator.runner.dispatch import (
    enqueue_start,
    run_command,
    sandbox_missing,
    stop_and_wait,
)
from orchestrator.supervisor.service import forgive_history

log = logging.getLogger(__name__)

PAIR_QUOTES = ("USDT", "USDC", "BUSD", "FDUSD")


@dataclass(frozen=True)
class NewBot:
    """What a user chooses when creating a bot."""

    name: str
    strategy_version_id: uuid.UUID
    exchange: str
    pair: str
    stake_amount: Decimal
    timeframe: str = "5m"
    dry_run: bool = True
    exchange_key_id: uuid.UUID | None = None


def normalise_pair(raw: str) -> str:
    """Turn 'btcusdt', 'BTC-USDT' or 'btc/usdt' into 'BTC/USDT'."""
    text = raw.strip().upper().replace("-", "/").replace("_", "/")
    if "/" not in text:
        for quote in PAIR_QUOTES:
            if text.endswith(quote) and len(text) > len(quote):
                text = f"{text[: -len(quote)]}/{quote}"
                break
    base, _, quote = text.partition("/")
    if not base.isalnum() or not quote.isalnum():
        raise UserFacingError("invalid_pair", pair=raw)
    return f"{base}/{quote}"


@dataclass(frozen=True)
class LaunchedBot:
    """A bot created already asked to run."""

    bot_id: uuid.UUID
    name: str
    pair: str  # as stored: normalised
    worker: str | None  # starting it now; None: reconcile starts it once a worker has room


async def create_bot(runtime: Runtime, user_id: uuid.UUID, new: NewBot) -> uuid.UUID:
    """Create a stopped bot owned by the user."""
    new = _checked(new)
    # Bots are written by the service (users may not set state columns); the composite
    # foreign keys refuse another user's version or key.
    async with runtime.db.as_service() as conn:
        if await _runs_custom_code(conn, user_id, new.strategy_version_id):
            # The plan only: the sandbox is asked when the bot starts, as it may be up by then.
            await require_custom_code(conn, user_id)
        bot_id = await _insert(conn, user_id, new, "stopped")
    await _audit_create(runtime, user_id, bot_id)
    return bot_id


async def launch_bot(runtime: Runtime, user_id: uuid.UUID, new: NewBot) -> LaunchedBot:
    """Create a bot and ask for it to run, within the plan; a refused start leaves no bot."""
    new = _checked(new)
    try:
        async with runtime.db.as_service() as conn:
            custom_code = await _runs_custom_code(conn, user_id, new.strategy_version_id)
            if custom_code:
                await _allow_custom_code(runtime, conn, user_id)
            # One launch per user at a time: two at once could both fit the plan's last slot.
            # A row lock, not an advisory lock any database role could take and hold.
            await conn.execute("select 1 from users where id = $1 for no key update", user_id)
            await _check_room(conn, user_id, new.dry_run)
            bot_id = await _insert(conn, user_id, new, "running")
    except asyncpg.UniqueViolationError:  # the one-active-bot-per-pair index
        raise UserFacingError("bot_already_active") from None
    await _audit_create(runtime, user_id, bot_id)
    worker = await enqueue_start(runtime.redis, bot_id, custom_code=custom_code)
    return LaunchedBot(bot_id, new.name, new.pair, worker)


def _checked(new: NewBot) -> NewBot:
    """Refuse a bot that cannot run; return it with its pair normalised."""
    if new.stake_amount <= 0:
        raise UserFacingError("invalid_stake")
    if not new.dry_run and new.exchange_key_id is None:
        raise UserFacingError("live_needs_keys")
    return replace(new, pair=normalise_pair(new.pair))


async def _runs_custom_code(
    conn: asyncpg.Connection, user_id: uuid.UUID, version_id: uuid.UUID
) -> bool:
    """Tell whether one of the user's versions is custom code (it needs the sandbox)."""
    kind = await conn.fetchval(
        "select kind from strategy_versions where id = $1 and user_id = $2", version_id, user_id
    )
    if kind is None:
        raise UserFacingError("strategy_not_found")
    return bool(kind != "spec")


async def _allow_custom_code(
    runtime: Runtime, conn: asyncpg.Connection, user_id: uuid.UUID
) -> None:
    """Refuse custom code where no worker can sandbox it, then on a plan that does not run it."""
    if await sandbox_missing(runtime.redis):  # no plan would help here: offer none
        raise UserFacingError("custom_code_unavailable")
    await require_custom_code(conn, user_id)


async def _insert(
    conn: asyncpg.Connection, user_id: uuid.UUID, new: NewBot, desired: str
) -> uuid.UUID:
    """Insert the user's bot in the desired state; return its id."""
    bot_id: uuid.UUID = await conn.fetchval(
        "insert into bots (user_id, name, strategy_version_id, exchange, pair, timeframe,"
        " stake_amount, dry_run, exchange_key_id, desired_state)"
        " values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning id",
        user_id,
        new.name,
        new.strategy_version_id,
        new.exchange,
        new.pair,
        new.timeframe,
        new.stake_amount,
        new.dry_run,
        new.exchange_key_id,
        desired,
    )
    return bot_id


async def _audit_create(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    async with runtime.db.as_service() as conn:
        await audit(conn, "user", "bot.create", user_id=user_id, target=str(bot_id))


async def _set_desired(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, state: str) -> bool:
    """Set the bot's desired state; return whether it runs custom code (needs the sandbox)."""
    try:
        async with runtime.db.as_service() as conn:
            kind = await conn.fetchval(
                "update bots set desired_state = $2, updated_at = now(),"
                " status = case when status = 'failed' then 'stopped' else status end"
                " where id = $1 and user_id = $3 returning coalesce((select v.kind"
                " from strategy_versions v where v.id = bots.strategy_version_id), 'custom')",
                bot_id,
                state,
                user_id,
            )
    except asyncpg.UniqueViolationError:
        raise UserFacingError("bot_already_active") from None
    if kind is None:
        raise UserFacingError("bot_not_found")
    # Live dashboard: after the commit (announce_bots logs its own failures, never raises).
    await announce_bots(runtime.db, runtime.redis, [bot_id])
    return bool(kind != "spec")


async def check_plan_limits(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Refuse to run more bots (or live bots), or custom code, beyond what the plan allows."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select b.dry_run, b.exchange_key_id, coalesce(v.kind, 'custom') as kind from bots b"
            " left join strategy_versions v on v.id = b.strategy_version_id where b.id = $1",
            bot_id,
        )
        if row is None:
            raise UserFacingError("bot_not_found")
        if not row["dry_run"] and row["exchange_key_id"] is None:
            raise UserFacingError("live_needs_keys")  # its key was deleted while it was stopped
        if row["kind"] != "spec":  # e.g. a bot made before the plan lost custom code
            await _allow_custom_code(runtime, conn, user_id)
        await _check_room(conn, user_id, row["dry_run"], bot_id)


async def _check_room(
    conn: asyncpg.Connection, user_id: uuid.UUID, dry_run: bool, bot_id: uuid.UUID | None = None
) -> None:
    """Refuse one more active bot (besides `bot_id`) when the plan has no room for it."""
    allows = await entitlements_of(conn, user_id)
    row = await conn.fetchrow(
        "select count(*) as active, count(*) filter (where not dry_run) as live from bots"
        " where user_id = $1 and desired_state <> 'stopped' and id is distinct from $2",
        user_id,
        bot_id,
    )
    if row["active"] >= allows.max_bots:
        raise UserFacingError("plan_bot_limit", limit=allows.max_bots)
    if not dry_run and row["live"] >= allows.max_live_bots:
        raise UserFacingError("plan_live_limit", limit=allows.max_live_bots)


async def start_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Ask for the bot to run, within the plan; a worker with room starts it."""
    await check_plan_limits(runtime, user_id, bot_id)
    custom_code = await _set_desired(runtime, user_id, bot_id, "running")
    if await enqueue_start(runtime.redis, bot_id, custom_code=custom_code) is not None:
        return
    # No worker could take it now. Reconcile starts it when one can, unless it is custom
    # code and no worker has the sandbox: say so now rather than leave it waiting.
    if custom_code and await sandbox_missing(runtime.redis):
        await _set_desired(runtime, user_id, bot_id, "stopped")
        raise UserFacingError("custom_code_unavailable")


async def _switch_live(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, state: str) -> None:
    """Move a live bot between running and paused; a stopped bot stays stopped.

    Pause and Resume buttons outlive their messages: pressed on a bot stopped since, they
    must not bring it back (that would skip the plan's limits and the user's decision).
    """
    async with runtime.db.as_service() as conn:
        done = await conn.execute(
            "update bots set desired_state = $2, updated_at = now()"
            " where id = $1 and user_id = $3 and desired_state in ('running', 'paused')",
            bot_id,
            state,
            user_id,
        )
        switched = done == "UPDATE 1"
        exists = switched or await conn.fetchval(
            "select exists(select 1 from bots where id = $1 and user_id = $2)", bot_id, user_id
        )
    if switched:
        # Live dashboard: after the commit (announce_bots logs its own failures, never raises).
        await announce_bots(runtime.db, runtime.redis, [bot_id])
        return
    raise UserFacingError("bot_not_running" if exists else "bot_not_found")


async def pause_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Stop new entries; open positions stay managed."""
    await _switch_live(runtime, user_id, bot_id, "paused")
    await run_command(runtime.redis, bot_id, "apply_state")


async def resume_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Allow new entries again, within the plan; the supervisor's loss streak starts afresh."""
    await check_plan_limits(runtime, user_id, bot_id)  # e.g. a live bot kept after a downgrade
    await _switch_live(runtime, user_id, bot_id, "running")
    async with runtime.db.as_service() as conn:
        await forgive_history(conn, bot_id)
    await run_command(runtime.redis, bot_id, "apply_state")


@dataclass(frozen=True)
class StopResult:
    """How a stop went: whether the bot has stopped, and what it left open."""

    stopped: bool  # False: still stopping; reconcile finishes the job
    open_trades: int | None  # positions left open, when the worker reported them
    was_running: bool


async def stop_bot(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, *, wait: float = 30
) -> StopResult:
    """Ask for the bot to stop and, if it runs, wait for the worker's report."""
    await _set_desired(runtime, user_id, bot_id, "stopped")
    try:
        report = await stop_and_wait(runtime.redis, bot_id, timeout=wait)
    except (TimeoutError, ResultNotFound):
        # Still stopping: its desired state is 'stopped', so reconcile finishes the job.
        return StopResult(stopped=False, open_trades=None, was_running=True)
    if report is None:
        return StopResult(stopped=True, open_trades=0, was_running=False)
    stopped = bool(report.get("stopped"))
    return StopResult(stopped, report.get("open_trades"), was_running=True)


async def bot_command(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, command: str, **args: Any
) -> Any:
    """Run a Freqtrade command on one of the user's bots."""
    await get_bot(runtime, user_id, bot_id)
    return await run_command(runtime.redis, bot_id, command, args or None)
