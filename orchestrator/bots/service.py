"""Bot services the chat, the web app and the operator CLI share."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg

from orchestrator.alerts.produce import audit
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import (
    enqueue_start,
    enqueue_stop,
    run_command,
    sandbox_missing,
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


async def create_bot(runtime: Runtime, user_id: uuid.UUID, new: NewBot) -> uuid.UUID:
    """Create a stopped bot owned by the user."""
    if new.stake_amount <= 0:
        raise UserFacingError("invalid_stake")
    if not new.dry_run and new.exchange_key_id is None:
        raise UserFacingError("live_needs_keys")
    async with runtime.db.as_user(user_id) as conn:
        bot_id: uuid.UUID = await conn.fetchval(
            "insert into bots (user_id, name, strategy_version_id, exchange, pair, timeframe,"
            " stake_amount, dry_run, exchange_key_id) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
            " returning id",
            user_id,
            new.name,
            new.strategy_version_id,
            new.exchange,
            normalise_pair(new.pair),
            new.timeframe,
            new.stake_amount,
            new.dry_run,
            new.exchange_key_id,
        )
    async with runtime.db.as_service() as conn:
        await audit(conn, "user", "bot.create", user_id=user_id, target=str(bot_id))
    return bot_id


async def _set_desired(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, state: str) -> bool:
    """Set the bot's desired state; return whether it runs custom code (needs the sandbox)."""
    try:
        async with runtime.db.as_user(user_id) as conn:
            kind = await conn.fetchval(
                "update bots set desired_state = $2, updated_at = now(),"
                " status = case when status = 'failed' then 'stopped' else status end"
                " where id = $1 returning coalesce((select v.kind from strategy_versions v"
                " where v.id = bots.strategy_version_id), 'custom')",
                bot_id,
                state,
            )
    except asyncpg.UniqueViolationError:
        raise UserFacingError("bot_already_active") from None
    if kind is None:
        raise UserFacingError("bot_not_found")
    return bool(kind != "spec")


async def check_plan_limits(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Refuse to run more bots (or live bots) than the user's plan allows."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select p.max_bots, p.max_live_bots, b.dry_run,"
            " (select count(*) from bots o where o.desired_state <> 'stopped' and o.id <> b.id)"
            " as active,"
            " (select count(*) from bots o where o.desired_state <> 'stopped' and o.id <> b.id"
            " and not o.dry_run) as live"
            " from bots b join users u on u.id = b.user_id join plans p on p.code = u.plan_code"
            " where b.id = $1",
            bot_id,
        )
    if row is None:
        raise UserFacingError("bot_not_found")
    if row["active"] >= row["max_bots"]:
        raise UserFacingError("plan_bot_limit", limit=row["max_bots"])
    if not row["dry_run"] and row["live"] >= row["max_live_bots"]:
        raise UserFacingError("plan_live_limit", limit=row["max_live_bots"])


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


async def pause_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Stop new entries; open positions stay managed."""
    await _set_desired(runtime, user_id, bot_id, "paused")
    await run_command(runtime.redis, bot_id, "apply_state")


async def resume_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> None:
    """Allow new entries again; the supervisor's loss streak starts afresh."""
    await _set_desired(runtime, user_id, bot_id, "running")
    async with runtime.db.as_service() as conn:
        await forgive_history(conn, bot_id)
    await run_command(runtime.redis, bot_id, "apply_state")


async def stop_bot(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, *, wait: float = 30
) -> dict[str, Any]:
    """Ask for the bot to stop and, if it runs, wait for the worker's report."""
    await _set_desired(runtime, user_id, bot_id, "stopped")
    holder = await enqueue_stop(runtime.redis, bot_id)
    if holder is None:
        return {"stopped": True, "open_trades": 0, "was_running": False}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while loop.time() < deadline:
        async with runtime.db.as_service() as conn:
            event = await conn.fetchrow(
                "select data from bot_events where bot_id = $1 and kind = 'stopped'"
                " and created_at > now() - interval '2 minutes' order by id desc limit 1",
                bot_id,
            )
        if event is not None:
            return {
                "stopped": True,
                "open_trades": event["data"].get("open_trades"),
                "was_running": True,
            }
        await asyncio.sleep(0.3)
    return {"stopped": False, "open_trades": None, "was_running": True}


async def bot_command(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, command: str, **args: Any
) -> Any:
    """Run a Freqtrade command on one of the user's bots."""
    await get_bot(runtime, user_id, bot_id)
    return await run_command(runtime.redis, bot_id, command, args or None)


async def get_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> dict[str, Any]:
    """Return one of the user's bots (row-level security hides everyone else's)."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow("select * from bots where id = $1", bot_id)
    if row is None:
        raise UserFacingError("bot_not_found")
    return dict(row)


async def list_bots(runtime: Runtime, user_id: uuid.UUID) -> list[dict[str, Any]]:
    """List the user's bots with realised PnL from synced trades."""
    async with runtime.db.as_user(user_id) as conn:
        rows = await conn.fetch(
            "select b.id, b.name, b.exchange, b.pair, b.timeframe, b.dry_run, b.status,"
            " b.desired_state, b.failure_reason, b.stake_amount, b.stake_currency,"
            " coalesce(sum(t.profit_abs) filter (where not t.is_open), 0) as profit_abs,"
            " count(t.id) filter (where t.is_open) as open_trades,"
            " count(t.id) filter (where not t.is_open) as closed_trades"
            " from bots b left join trades t on t.bot_id = b.id"
            " group by b.id order by b.created_at"
        )
    return [dict(row) for row in rows]
