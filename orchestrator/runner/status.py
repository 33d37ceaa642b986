"""Record a bot's start and failure: its row, its event log and the alert to its owner."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import asyncpg

from orchestrator.alerts.payloads import BotFailed, BotRestarted, BotRunFields, BotStarted
from orchestrator.alerts.produce import enqueue_alert, record_event
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.feed import announce_bots


@dataclass(frozen=True)
class StartedBot:
    """What a start recorded: the process's lease, API port and crash count so far."""

    bot_id: uuid.UUID
    user_id: uuid.UUID
    lease_token: int
    port: int | None
    crashes: int


async def record_running(
    runtime: Runtime, worker: str, row: asyncpg.Record, bot: StartedBot, *, restarted: bool
) -> None:
    """Mark the bot running (or paused) on `worker`, fenced by its lease token, and tell."""
    status = "paused" if row["desired_state"] == "paused" else "running"
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update bots set status = $2, worker = $3, lease_token = $4, api_port = $5,"
            " started_at = now(), failure_reason = null,"
            " restart_count = restart_count + $6::int"
            " where id = $1 and (lease_token is null or lease_token <= $4)",
            bot.bot_id,
            status,
            worker,
            bot.lease_token,
            bot.port,
            int(restarted),
        )
        kind = "restarted" if restarted else "started"
        await record_event(conn, bot.user_id, bot.bot_id, kind, f"on {worker}")
        fields: BotRunFields = {
            "bot_id": str(bot.bot_id),
            "bot_name": row["name"],
            "pair": row["pair"],
            "dry_run": row["dry_run"],
        }
        payload: BotStarted | BotRestarted = (
            {"kind": "bot_restarted", **fields} if restarted else {"kind": "bot_started", **fields}
        )
        dedup = f"bot_{kind}:{bot.bot_id}:{bot.lease_token}:{bot.crashes}"
        await enqueue_alert(conn, bot.user_id, payload, dedup_key=dedup)
    # Live dashboard: after the commit (announce_bots logs its own failures, never raises).
    await announce_bots(runtime.db, runtime.redis, [bot.bot_id])


async def record_failed(
    runtime: Runtime, row: asyncpg.Record, reason: str, tail: list[str]
) -> None:
    """Mark the bot failed and stopped, log why with its last lines, and alert its owner."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update bots set status = 'failed', desired_state = 'stopped',"
            " failure_reason = $2, worker = null where id = $1",
            row["id"],
            reason,
        )
        await record_event(
            conn, row["user_id"], row["id"], "failed", reason, level="error",
            data={"log_tail": tail[-20:]},
        )  # fmt: skip
        payload: BotFailed = {
            "kind": "bot_failed",
            "bot_id": str(row["id"]),
            "bot_name": row["name"],
            "reason": reason,
            "log_tail": tail[-10:],
        }
        dedup = f"bot_failed:{row['id']}:{int(time.time())}"
        await enqueue_alert(conn, row["user_id"], payload, dedup_key=dedup)
    # Live dashboard: after the commit (announce_bots logs its own failures, never raises).
    await announce_bots(runtime.db, runtime.redis, [row["id"]])
