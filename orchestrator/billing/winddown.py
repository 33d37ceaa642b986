"""Stop the live bots a downgrade left winding down, once each is flat.

A bot winding down takes no new entries but keeps managing its open positions, which the
strategy exits as it would. It is stopped only when both our synced trades and the bot
itself say nothing is open; a bot that does not answer is asked again next time.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import asyncpg

from orchestrator.alerts.payloads import BotStoppedFlat
from orchestrator.alerts.produce import audit, enqueue_alert
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.feed import announce_bots
from orchestrator.runner.dispatch import enqueue_stop, run_command

log = logging.getLogger(__name__)


async def finish_wind_down(runtime: Runtime, now: dt.datetime) -> None:
    """Stop every winding-down bot that is flat; end the user's wind-down with the last one."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select b.id, b.user_id, b.name, b.pair, b.wind_down, b.status from bots b"
            " where b.wind_down is not null and b.desired_state <> 'stopped'"
            " and not exists (select 1 from trades t where t.bot_id = b.id and t.is_open)"
        )
    for row in rows:
        if await _flat(runtime, row["id"], row["status"]):
            await _stop(runtime, row, now)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users u set billing_state = 'ok' where billing_state = 'winding_down'"
            " and not exists (select 1 from bots b where b.user_id = u.id"
            " and b.wind_down is not null and b.desired_state <> 'stopped')"
        )


async def _flat(runtime: Runtime, bot_id: uuid.UUID, status: str) -> bool:
    """Ask a running bot how many trades it holds; a bot not running holds what we synced."""
    if status not in ("running", "paused", "starting"):
        return status in ("stopped", "failed")
    try:
        answer = await run_command(runtime.redis, bot_id, "count", timeout=10)
    except UserFacingError:  # not running after all: its synced trades (none open) decide
        return True
    except TimeoutError:
        return False
    try:
        return int(answer["current"]) == 0
    except (KeyError, TypeError, ValueError):
        log.warning("bot %s answered count unreadably; asking again later", bot_id)
        return False


async def _stop(runtime: Runtime, bot: asyncpg.Record, now: dt.datetime) -> None:
    """Mark one flat bot stopped, tell the user if it had positions to exit, queue the stop."""
    bot_id, user_id = bot["id"], bot["user_id"]
    async with runtime.db.as_service() as conn:
        done = await conn.execute(
            "update bots set desired_state = 'stopped', wind_down = null, updated_at = now()"
            " where id = $1 and wind_down is not null and desired_state <> 'stopped'",
            bot_id,
        )
        if done != "UPDATE 1":
            return
        if bot["wind_down"] == "notify":
            alert: BotStoppedFlat = {
                "kind": "bot_stopped_flat",
                "bot_id": str(bot_id),
                "bot_name": str(bot["name"]),
                "pair": str(bot["pair"]),
            }
            await enqueue_alert(
                conn, user_id, alert, dedup_key=f"plan:flat:{bot_id}:{now:%Y%m%d%H%M}"
            )
        await audit(conn, "billing", "bot.stop_flat", user_id=user_id, target=str(bot_id))
    await enqueue_stop(runtime.redis, bot_id, "billing")
    await announce_bots(runtime.db, runtime.redis, [bot_id])  # live dashboard; never raises
