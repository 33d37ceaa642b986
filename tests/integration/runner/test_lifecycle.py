"""A real dry-run Freqtrade bot: start, trade, sync, alert, stop."""

from __future__ import annotations

import time
import uuid
from typing import Any

import psutil
import pytest

from orchestrator.bots.service import bot_command, start_bot, stop_bot
from orchestrator.core.runtime import Runtime
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow


async def bot_row(runtime: Runtime, bot_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select * from bots where id = $1", bot_id)
    assert row is not None
    return dict(row)


async def test_dry_run_bot_trades_then_stops(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    user, bot = await make_bot()
    requested = time.monotonic()
    await start_bot(runtime, user, bot)

    async def running() -> bool:
        return (await bot_row(runtime, bot))["status"] == "running"

    await eventually(running, within=30, what="bot running")
    pid = node.manager.bots[bot].process.pid

    async def opened_trade() -> int:
        async with runtime.db.as_owner() as conn:
            if await conn.fetchval("select to_regclass($1)", f"bot_{bot.hex}.trades") is None:
                return 0
            return int(await conn.fetchval(f"select count(*) from bot_{bot.hex}.trades"))

    async def synced_trade() -> int:
        async with runtime.db.as_service() as conn:
            return int(await conn.fetchval("select count(*) from trades where bot_id = $1", bot))

    # The bot opens a trade within 15 s of the request; the sync (≤ 5 s loop) copies it.
    await eventually(opened_trade, within=15, what="a trade opened by Freqtrade")
    opened_after = time.monotonic() - requested
    assert opened_after <= 15, f"first trade {opened_after:.1f}s after the start request"
    await eventually(synced_trade, within=10, what="the trade in our trades table")

    async def opened_alert() -> Any:
        # Queued once the entry order is filled (possibly one sync pass after the trade row).
        async with runtime.db.as_service() as conn:
            return await conn.fetchrow(
                "select kind, payload, status from alerts where user_id = $1"
                " and kind = 'trade_opened'",
                user,
            )

    try:
        alert = await eventually(opened_alert, within=20, what="the trade alert")
    except AssertionError:
        async with runtime.db.as_owner() as conn:
            orders = await conn.fetch(f"select * from bot_{bot.hex}.orders")
            ours = await conn.fetch("select * from alerts where user_id = $1", user)
        raise AssertionError(
            f"orders={[dict(o) for o in orders]} alerts={[dict(a) for a in ours]}"
        ) from None
    assert alert["status"] == "pending"
    assert alert["payload"]["pair"] == "BTC/USDT" and float(alert["payload"]["price"]) > 0

    profit = await bot_command(runtime, user, bot, "profit")
    assert "trade_count" in profit

    result = await stop_bot(runtime, user, bot)
    assert result.stopped and result.was_running
    assert isinstance(result.open_trades, int)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert (await bot_row(runtime, bot))["status"] == "stopped"
    print(f"start→first trade: {opened_after:.1f}s")
