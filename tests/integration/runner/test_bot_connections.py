"""How many database connections a running bot holds, against the cap its role carries."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from orchestrator.bots.service import start_bot, stop_bot
from orchestrator.core.runtime import Runtime
from orchestrator.runner.botdb import CONNECTION_LIMIT, names_for
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow


async def _connections(runtime: Runtime, role: str) -> int:
    async with runtime.db.as_owner() as conn:
        return int(
            await conn.fetchval("select count(*) from pg_stat_activity where usename = $1", role)
        )


async def _status(runtime: Runtime, bot: uuid.UUID) -> str:
    async with runtime.db.as_service() as conn:
        return str(await conn.fetchval("select status from bots where id = $1", bot))


async def test_a_trading_bot_stays_within_its_connection_cap(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    await make_node()
    user, bot = await make_bot()
    _, role = names_for(bot)
    await start_bot(runtime, user, bot)

    async def running() -> bool:
        return await _status(runtime, bot) == "running"

    await eventually(running, within=30, what="bot running")
    async with runtime.db.as_owner() as conn:
        limit = await conn.fetchval("select rolconnlimit from pg_roles where rolname = $1", role)
    samples = []
    for _ in range(20):  # ten seconds of trading, API polling and trade syncs
        samples.append(await _connections(runtime, role))
        await asyncio.sleep(0.5)
    await stop_bot(runtime, user, bot)
    print(f"bot connections: max {max(samples)}, samples {samples}, cap {limit}")
    assert limit == CONNECTION_LIMIT
    assert 1 <= max(samples) <= CONNECTION_LIMIT
