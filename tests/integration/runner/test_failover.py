"""Failover across two worker processes: bots move with their open trades, never doubled."""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from emulators.exchange import ExchangeEmulator
from orchestrator.bots.service import start_bot
from orchestrator.core.runtime import Runtime
from orchestrator.runner.leases import lease_holder
from tests.integration.runner.conftest import BotFactory, runner_env
from tests.support.botprocs import DuplicateWatcher
from tests.support.processes import NOFOMO, clean_env
from tests.support.strategies import HOLD
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow

PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT", "BTC/USDT"]


def start_worker(
    name: str, tmp: Path, database_url: str, redis_url: str, exchange_url: str
) -> subprocess.Popen[bytes]:
    env = clean_env(
        **runner_env(
            tmp / name, database_url, redis_url, exchange_url, WORKER_NAME=name, LOG_LEVEL="WARNING"
        )
    )
    with (tmp / f"{name}.log").open("wb") as log:
        return subprocess.Popen([*NOFOMO, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)


async def open_trade_ids(runtime: Runtime, bot_id: uuid.UUID) -> set[int]:
    schema = f"bot_{bot_id.hex}"
    async with runtime.db.as_owner() as conn:
        if await conn.fetchval("select to_regclass($1)", f"{schema}.trades") is None:
            return set()
        rows = await conn.fetch(f"select id from {schema}.trades where is_open")
    return {row["id"] for row in rows}


async def test_sigkill_worker_moves_bots_without_doubles(
    tmp_path: Path,
    runtime: Runtime,
    make_bot: BotFactory,
    database_url: str,
    redis_url: str,
    exchange: ExchangeEmulator,
) -> None:
    workers = {
        n: start_worker(n, tmp_path, database_url, redis_url, exchange.url) for n in ("w1", "w2")
    }
    try:
        bots = []
        for index, pair in enumerate(PAIRS):
            user, bot = await make_bot(code=HOLD, class_name="Hold", pair=pair, name=f"h{index}")
            bots.append(bot)
            await start_bot(runtime, user, bot)
        with DuplicateWatcher() as watcher:
            holders = await eventually(
                lambda: _all_held(runtime, bots), within=60, what="6 bots up"
            )
            before = {
                b: await eventually(
                    lambda b=b: open_trade_ids(runtime, b), within=30, what="an open trade"
                )
                for b in bots
            }
            victim = max(set(holders.values()), key=list(holders.values()).count)
            moved = [b for b, holder in holders.items() if holder == victim]
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait(10)
            killed_at = time.monotonic()
            survivor = "w2" if victim == "w1" else "w1"

            async def all_on_survivor() -> bool:
                now = await _all_held(runtime, bots)
                if not now or any(now[b] != survivor for b in bots):
                    return False
                return all([await _running(runtime, b) for b in moved])

            await eventually(all_on_survivor, within=45, what="bots on the survivor")
            failover_s = time.monotonic() - killed_at
        assert failover_s <= 30, f"failover took {failover_s:.1f}s"
        for bot in moved:
            assert await open_trade_ids(runtime, bot) == before[bot]
        assert watcher.samples > 100
        assert max(watcher.max_seen.values()) == 1, watcher.max_seen
        print(f"failover: {len(moved)} bots moved in {failover_s:.1f}s")
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(60)


async def _all_held(runtime: Runtime, bots: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    holders = {b: await lease_holder(runtime.redis, str(b)) for b in bots}
    return {b: h for b, h in holders.items() if h} if all(holders.values()) else {}


async def _running(runtime: Runtime, bot_id: uuid.UUID) -> bool:
    async with runtime.db.as_service() as conn:
        status = await conn.fetchval("select status from bots where id = $1", bot_id)
    return bool(status == "running")
