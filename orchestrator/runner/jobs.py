"""arq jobs of the bot runner: start, stop, command and reconcile."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from typing import Any

from orchestrator.core.errors import TemporaryError, UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.feed import announce_bots
from orchestrator.runner.dispatch import enqueue_command, enqueue_start, enqueue_stop
from orchestrator.runner.leases import lease_holder
from orchestrator.runner.manager import BotManager

log = logging.getLogger(__name__)

# Freqtrade REST endpoints a user may reach through `bot_command`.
COMMANDS: dict[str, tuple[str, str]] = {
    "status": ("GET", "status"),
    "profit": ("GET", "profit"),
    "trades": ("GET", "trades"),
    "count": ("GET", "count"),
    "balance": ("GET", "balance"),
    "forceexit": ("POST", "forceexit"),
    # Operators and tests: open a trade now (bots run with force_entry_enable).
    "forceenter": ("POST", "forceenter"),
    "stopentry": ("POST", "stopentry"),
    "start": ("POST", "start"),
    "show_config": ("GET", "show_config"),
    "locks": ("GET", "locks"),
    # Read-only: the POST form takes pair, timeframe, limit and columns as a JSON body.
    "pair_candles": ("POST", "pair_candles"),
}


async def start_bot(ctx: dict[str, Any], bot_id: str) -> dict[str, Any]:
    """Start one bot on this worker."""
    manager: BotManager = ctx["bots"]
    return asdict(await manager.start(uuid.UUID(bot_id)))


async def stop_bot(ctx: dict[str, Any], bot_id: str, reason: str = "user") -> dict[str, Any]:
    """Stop one bot this worker runs."""
    manager: BotManager = ctx["bots"]
    return await manager.stop(uuid.UUID(bot_id), reason)


async def bot_command(
    ctx: dict[str, Any], bot_id: str, command: str, args: dict[str, Any] | None = None
) -> Any:
    """Proxy one command to a bot's Freqtrade API (or read its log)."""
    manager: BotManager = ctx["bots"]
    bot = manager.bots.get(uuid.UUID(bot_id))
    if bot is None:
        raise UserFacingError("bot_not_running")
    if command == "logs":
        return {"lines": bot.files.tail(int((args or {}).get("lines", 50)))}
    if command == "apply_state":
        return await manager.apply_state(bot.bot_id)
    if command not in COMMANDS:
        raise UserFacingError("unknown_command", command=command)
    method, path = COMMANDS[command]
    body = args if method == "POST" and args else None
    try:
        return await bot.api.request(method, path, body)
    except TemporaryError as exc:
        log.warning("bot %s command %s failed: %s", bot_id, command, exc)
        raise UserFacingError("bot_unreachable") from None


async def reconcile(ctx: dict[str, Any]) -> dict[str, int]:
    """Bring actual bot state to the desired state stored in the database."""
    runtime: Runtime = ctx["runtime"]
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select b.id, b.desired_state, b.status, v.kind from bots b"
            " left join strategy_versions v on v.id = b.strategy_version_id"
            " where b.desired_state <> 'stopped' or b.status not in ('stopped', 'failed')"
        )
    counts = {"started": 0, "stopped": 0, "paused": 0, "resumed": 0}
    for row in rows:
        custom = row["kind"] != "spec"
        action = await _reconcile_one(
            runtime, row["id"], row["desired_state"], row["status"], custom
        )
        if action:
            counts[action] += 1
    if any(counts.values()):
        log.info("reconcile: %s", ", ".join(f"{n} {k}" for k, n in counts.items() if n))
    return counts


async def _reconcile_one(
    runtime: Runtime, bot_id: uuid.UUID, desired: str, status: str, custom_code: bool = True
) -> str:
    redis = runtime.redis
    holder = await lease_holder(redis, str(bot_id))
    if desired == "stopped":
        if holder is not None:
            await enqueue_stop(redis, bot_id, "reconcile")
            return "stopped"
        async with runtime.db.as_service() as conn:
            done = await conn.execute(
                "update bots set status = 'stopped', worker = null where id = $1"
                " and status not in ('stopped', 'failed')",
                bot_id,
            )
        if done == "UPDATE 1":  # live dashboard, after the commit (never raises)
            await announce_bots(runtime.db, redis, [bot_id])
        return ""
    if holder is None:
        started = await enqueue_start(redis, bot_id, custom_code=custom_code)
        return "started" if started else ""
    if (desired, status) in (("paused", "running"), ("running", "paused")):
        await enqueue_command(redis, bot_id, "apply_state")
        return "paused" if desired == "paused" else "resumed"
    return ""
