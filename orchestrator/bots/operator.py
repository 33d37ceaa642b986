"""Operator-side bot actions (by bot id, service context) for support and benchmarks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Self

import asyncpg

from orchestrator.alerts.produce import audit
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import enqueue_start, enqueue_stop, run_command


@dataclass(frozen=True)
class FleetBot:
    """One bot as the operator sees it: owner, state and the worker holding it."""

    id: uuid.UUID
    telegram_id: int  # the owner's
    name: str
    exchange: str
    pair: str
    dry_run: bool
    desired_state: str
    status: str
    worker: str | None
    failure_reason: str | None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the entry from a row of the fleet query."""
        return cls(
            id=row["id"],
            telegram_id=row["telegram_id"],
            name=row["name"],
            exchange=row["exchange"],
            pair=row["pair"],
            dry_run=row["dry_run"],
            desired_state=row["desired_state"],
            status=row["status"],
            worker=row["worker"],
            failure_reason=row["failure_reason"],
        )


async def list_all(runtime: Runtime) -> list[FleetBot]:
    """List every bot with its owner, state and worker."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select b.id, u.telegram_id, b.name, b.exchange, b.pair, b.dry_run,"
            " b.desired_state, b.status, b.worker, b.failure_reason"
            " from bots b join users u on u.id = b.user_id order by b.created_at"
        )
    return [FleetBot.from_row(row) for row in rows]


async def set_desired(runtime: Runtime, bot_id: uuid.UUID, state: str) -> bool:
    """Set a bot's desired state as the operator, audited; return whether it runs custom code."""
    try:
        async with runtime.db.as_service() as conn:
            row = await conn.fetchrow(
                "update bots set desired_state = $2, updated_at = now() where id = $1"
                " returning user_id, (select v.kind from strategy_versions v"
                " where v.id = bots.strategy_version_id) as kind",
                bot_id,
                state,
            )
            if row is None:
                raise UserFacingError("bot_not_found")
            owner = row["user_id"]
            await audit(conn, "operator", f"bot.{state}", user_id=owner, target=str(bot_id))
    except asyncpg.UniqueViolationError:
        raise UserFacingError("bot_already_active") from None
    return bool(row["kind"] != "spec")


async def start(runtime: Runtime, bot_id: uuid.UUID) -> str | None:
    """Mark a bot running and queue its start; return the chosen worker."""
    custom_code = await set_desired(runtime, bot_id, "running")
    return await enqueue_start(runtime.redis, bot_id, custom_code=custom_code)


async def stop(runtime: Runtime, bot_id: uuid.UUID) -> str | None:
    """Mark a bot stopped and queue its stop; return the worker that held it."""
    await set_desired(runtime, bot_id, "stopped")
    return await enqueue_stop(runtime.redis, bot_id, "operator")


async def logs(runtime: Runtime, bot_id: uuid.UUID, lines: int = 50) -> list[str]:
    """Return the last log lines of a running bot, from the worker that holds it."""
    result = await run_command(runtime.redis, bot_id, "logs", {"lines": lines})
    return list(result["lines"])
