"""Apply the supervisor rules as trades close: record, alert, and pause when needed."""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from typing import Any

import asyncpg

from orchestrator.alerts.payloads import SupervisorFields, SupervisorPaused, SupervisorWarning
from orchestrator.alerts.produce import audit, enqueue_alert, record_event
from orchestrator.supervisor.rules import Action, Decision, Thresholds, decide

log = logging.getLogger(__name__)

PAUSE_ACTIONS = ["resume", "close_all", "keep_paused", "explain"]


async def _closed_trades(conn: asyncpg.Connection, bot_id: uuid.UUID, after: int) -> list[Any]:
    return list(
        await conn.fetch(
            "select ft_trade_id, profit_abs from trades where bot_id = $1 and not is_open"
            " and profit_abs is not null and ft_trade_id > $2 order by close_date, ft_trade_id",
            bot_id,
            after,
        )
    )


def _streak_start(trades: list[Any], streak: int) -> int:
    return int(trades[-streak]["ft_trade_id"]) if streak else 0


async def on_trade_closed(conn: asyncpg.Connection, trade: dict[str, Any]) -> str | None:
    """Judge the bot after one newly closed trade; return "pause" when it must stop entries."""
    bot = await conn.fetchrow(
        "select id, user_id, name, pair, stake_amount, supervisor, desired_state from bots"
        " where id = $1 for update",
        trade["bot_id"],
    )
    if bot is None:
        return None
    settings = bot["supervisor"] or {}
    # Trades before the user's last "resume" are forgiven: the streak starts afresh.
    trades = await _closed_trades(conn, bot["id"], int(settings.get("reset_after", 0)))
    profits = [Decimal(str(t["profit_abs"])) for t in trades]
    decision = decide(profits, Decimal(str(bot["stake_amount"])), Thresholds.from_json(settings))
    if decision.action is Action.NONE:
        return None
    streak_id = _streak_start(trades, decision.streak) or int(trade["id"])
    if decision.action is Action.WARN:
        await _warn(conn, bot, decision, streak_id)
        return None
    return await _pause(conn, bot, decision, int(trade["id"]))


def _payload(bot: asyncpg.Record, decision: Decision) -> SupervisorFields:
    return {
        "bot_id": str(bot["id"]),
        "bot_name": bot["name"],
        "pair": bot["pair"],
        "streak": decision.streak,
        "drawdown_pct": round(decision.drawdown_pct, 2),
        "reason": decision.reason,
    }


async def _warn(
    conn: asyncpg.Connection, bot: asyncpg.Record, decision: Decision, streak_id: int
) -> None:
    payload = _payload(bot, decision)
    key = f"supervisor:warn:{bot['id']}:{streak_id}"
    alert: SupervisorWarning = {"kind": "supervisor_warning", **payload}
    if await enqueue_alert(conn, bot["user_id"], alert, dedup_key=key):
        await record_event(
            conn,
            bot["user_id"],
            bot["id"],
            "supervisor_warning",
            f"{decision.streak} losses in a row",
            level="warning",
            data=payload,
        )
        await audit(
            conn,
            "supervisor",
            "bot.warn",
            user_id=bot["user_id"],
            target=str(bot["id"]),
            data=payload,
        )


async def _pause(
    conn: asyncpg.Connection, bot: asyncpg.Record, decision: Decision, trade_id: int
) -> str | None:
    if bot["desired_state"] != "running":
        return None  # already paused or stopping: nothing new to decide
    await conn.execute(
        "update bots set desired_state = 'paused', updated_at = now() where id = $1", bot["id"]
    )
    verdict = _payload(bot, decision)
    payload = {**verdict, "actions": PAUSE_ACTIONS}
    key = f"supervisor:pause:{bot['id']}:{trade_id}"
    alert: SupervisorPaused = {"kind": "supervisor_paused", **verdict, "actions": PAUSE_ACTIONS}
    await enqueue_alert(conn, bot["user_id"], alert, dedup_key=key)
    await record_event(
        conn,
        bot["user_id"],
        bot["id"],
        "supervisor_paused",
        decision.reason,
        level="warning",
        data=payload,
    )
    await audit(
        conn, "supervisor", "bot.pause", user_id=bot["user_id"], target=str(bot["id"]), data=payload
    )
    log.warning("supervisor paused bot %s: %s", bot["id"], decision.reason)
    return "pause"


async def forgive_history(conn: asyncpg.Connection, bot_id: uuid.UUID) -> None:
    """Start streaks afresh after the user resumes a paused bot."""
    last = await conn.fetchval(
        "select coalesce(max(ft_trade_id), 0) from trades where bot_id = $1 and not is_open", bot_id
    )
    await conn.execute(
        "update bots set supervisor = supervisor || jsonb_build_object('reset_after', $2::int)"
        " where id = $1",
        bot_id,
        last,
    )
