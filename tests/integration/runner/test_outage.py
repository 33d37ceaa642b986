"""An exchange outage: bots survive it, resume after it, and no trade goes missing."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

import pytest
from aiohttp import web

from emulators.exchange import ExchangeEmulator
from orchestrator.bots.service import bot_command, start_bot
from orchestrator.core.runtime import Runtime
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.waiting import eventually
from web_minimal.app import create_app

# One minute of outage, then a fresh entry (after the next-candle lock), then a sync.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

OUTAGE_S = 60


async def bot_trades(runtime: Runtime, bot_id: uuid.UUID) -> dict[int, bool]:
    async with runtime.db.as_owner() as conn:
        rows = await conn.fetch(f"select id, is_open from bot_{bot_id.hex}.trades")
    return {row["id"]: row["is_open"] for row in rows}


async def our_trades(runtime: Runtime, bot_id: uuid.UUID) -> dict[int, bool]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch("select ft_trade_id, is_open from trades where bot_id = $1", bot_id)
    return {row["ft_trade_id"]: row["is_open"] for row in rows}


async def test_outage_survived_and_sync_catches_up(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory, exchange: ExchangeEmulator
) -> None:
    web_runner = web.AppRunner(create_app(runtime))
    await web_runner.setup()
    site = web.TCPSite(web_runner, "127.0.0.1", runtime.settings.port)
    await site.start()
    node = await make_node()
    user, bot = await make_bot()
    await start_bot(runtime, user, bot)
    await eventually(lambda: our_trades(runtime, bot), within=30, what="a first synced trade")
    pid = node.manager.bots[bot].process.pid

    await site.stop()  # from now on every webhook is lost
    await exchange.outage(OUTAGE_S)
    for _ in range(OUTAGE_S // 5):
        await asyncio.sleep(5)
        assert node.manager.bots[bot].process.pid == pid, "the bot died in the outage"
        assert node.manager.bots[bot].process.returncode is None
    await eventually(_listening(exchange), within=30, what="the emulator back")
    back = datetime.now(UTC)
    back_ts = time.time()
    resumed_at = time.monotonic()

    async def trading_again() -> bool:
        # The bot talks to the exchange successfully again (prices, order book, orders).
        return any(
            r.at > back_ts and r.status == 200 and r.path.startswith("/api/v3/")
            for r in exchange.state.log.recent
        )

    await eventually(trading_again, within=120, every=1, what="exchange calls after the outage")
    assert node.manager.bots[bot].process.pid == pid

    # Make a fill happen now, deterministically, while our webhook receiver is still down.
    if any((await bot_trades(runtime, bot)).values()):
        await bot_command(runtime, user, bot, "forceexit", tradeid="all", ordertype="market")
    else:
        await bot_command(runtime, user, bot, "forceenter", pair="BTC/USDT", ordertype="market")

    async def filled_after_outage() -> bool:
        async with runtime.db.as_owner() as conn:
            newest = await conn.fetchval(
                f"select max(greatest(open_date, close_date)) from bot_{bot.hex}.trades"
            )
        return newest is not None and newest.replace(tzinfo=UTC) > back

    await eventually(filled_after_outage, within=60, every=1, what="a fill after the outage")

    async def in_sync() -> bool:
        return await bot_trades(runtime, bot) == await our_trades(runtime, bot)

    await eventually(in_sync, within=15, what="trades table in sync")
    print(f"exchange calls resumed {time.monotonic() - resumed_at:.1f}s after the outage")
    await web_runner.cleanup()


def _listening(exchange: ExchangeEmulator):  # type: ignore[no-untyped-def]
    async def probe() -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", exchange.port)
        except OSError:
            return False
        writer.close()
        await writer.wait_closed()
        return True

    return probe
