"""The supervisor on a real bot: scripted losing trades warn, then auto-pause Freqtrade."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from orchestrator.bots.service import bot_command, resume_bot, start_bot
from orchestrator.core.runtime import Runtime
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.strategies import HOLD
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow


async def script_losses(runtime: Runtime, bot_id: uuid.UUID, count: int) -> None:
    """Append closed losing trades to the bot's own Freqtrade database, as if it traded."""
    schema = f"bot_{bot_id.hex}"
    async with runtime.db.as_owner() as conn:
        columns = [
            r["column_name"]
            for r in await conn.fetch(
                "select column_name from information_schema.columns"
                " where table_schema = $1 and table_name = 'trades' and column_name <> 'id'",
                schema,
            )
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        template = await conn.fetchval(f"select min(id) from {schema}.trades")
        for _ in range(count):
            new_id = await conn.fetchval(
                f"insert into {schema}.trades ({names}) select {names} from {schema}.trades"
                " where id = $1 returning id",
                template,
            )
            await conn.execute(
                f"update {schema}.trades set is_open = false,"
                " close_date = now() at time zone 'utc', close_rate = open_rate * 0.99,"
                " close_profit = -0.01,"
                " close_profit_abs = -1.5, exit_reason = 'scripted_loss' where id = $1",
                new_id,
            )


async def alerts(runtime: Runtime, user: uuid.UUID, kind: str) -> list[dict[str, Any]]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select payload from alerts where user_id = $1 and kind = $2 order by id", user, kind
        )
    return [r["payload"] for r in rows]


async def test_losses_warn_then_pause(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    await make_node()
    user, bot = await make_bot(code=HOLD, class_name="Hold")
    await start_bot(runtime, user, bot)

    async def has_trade() -> bool:
        async with runtime.db.as_service() as conn:
            return bool(await conn.fetchval("select count(*) from trades where bot_id = $1", bot))

    await eventually(has_trade, within=40, what="the bot's first trade")
    await script_losses(runtime, bot, 3)
    warnings = await eventually(
        lambda: alerts(runtime, user, "supervisor_warning"), within=15, what="a warning"
    )
    assert warnings[0]["streak"] == 3 and warnings[0]["reason"] == "loss_streak"
    assert await alerts(runtime, user, "supervisor_paused") == []

    await script_losses(runtime, bot, 2)
    paused = await eventually(
        lambda: alerts(runtime, user, "supervisor_paused"), within=15, what="an auto-pause"
    )
    assert paused[0]["streak"] == 5
    assert paused[0]["actions"] == ["resume", "close_all", "keep_paused", "explain"]
    assert len(await alerts(runtime, user, "supervisor_warning")) == 1

    async def freqtrade_paused() -> bool:
        config = await bot_command(runtime, user, bot, "show_config")
        return bool(config["state"] == "paused")

    await eventually(freqtrade_paused, within=15, what="Freqtrade entries stopped")
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select status, desired_state from bots where id = $1", bot)
        audited = await conn.fetchval(
            "select count(*) from audit_log where target = $1 and action = 'bot.pause'", str(bot)
        )
    assert (row["status"], row["desired_state"]) == ("paused", "paused")
    assert audited == 1

    await resume_bot(runtime, user, bot)
    config = await bot_command(runtime, user, bot, "show_config")
    assert config["state"] == "running"
    await script_losses(runtime, bot, 1)  # a fresh streak of one: no new decision
    await eventually(lambda: _synced_losses(runtime, bot, 6), within=15, what="sync")
    assert len(await alerts(runtime, user, "supervisor_paused")) == 1


async def _synced_losses(runtime: Runtime, bot: uuid.UUID, count: int) -> bool:
    async with runtime.db.as_service() as conn:
        synced = await conn.fetchval(
            "select count(*) from trades where bot_id = $1 and exit_reason = 'scripted_loss'", bot
        )
    return bool(synced == count)
