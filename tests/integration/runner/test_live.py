"""A live-mode bot trades on the emulator with a vault key that never leaks."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path

import psutil
import pytest

from emulators.exchange import TEST_KEYS, ExchangeEmulator
from orchestrator.bots.service import start_bot, stop_bot
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, store_key
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow

KEY = TEST_KEYS["binance_trade_ip"]


def files_containing(root: Path, needle: str) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and needle.encode() in path.read_bytes():
            hits.append(path)
    return hits


def process_texts(pid: int) -> str:
    proc = psutil.Process(pid)
    return (
        " ".join(proc.cmdline()) + "\n" + "\n".join(f"{k}={v}" for k, v in proc.environ().items())
    )


async def test_live_bot_signs_orders_and_keeps_its_key_private(
    runtime: Runtime,
    make_node: NodeFactory,
    make_bot: BotFactory,
    make_user: object,
    exchange: ExchangeEmulator,
) -> None:
    node = await make_node()
    user, _ = await make_bot(name="placeholder")
    async with runtime.db.as_service() as conn:  # live custom code needs Elite
        await conn.execute("update users set plan_code = 'elite' where id = $1", user)
    key_id = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials(KEY.api_key, KEY.secret)
    )
    _, bot = await _live_bot(runtime, make_bot, user, key_id)
    before = exchange.state.log.counts["POST /api/v3/order"]
    await start_bot(runtime, user, bot)

    async def ordered() -> bool:
        accepted = [
            r
            for r in exchange.state.log.recent
            if (r.method, r.path, r.status) == ("POST", "/api/v3/order", 200)
        ]
        return exchange.state.log.counts["POST /api/v3/order"] > before and bool(accepted)

    await eventually(ordered, within=30, what="a signed order on the emulator")
    running = node.manager.bots[bot]
    for pid in (running.process.pid, node.launcher.pid):  # type: ignore[attr-defined]
        text = process_texts(pid)
        assert KEY.secret not in text and KEY.api_key not in text
    data_dir = runtime.settings.data_dir
    assert files_containing(data_dir, KEY.secret) == [running.files.config]
    assert stat.S_IMODE(running.files.config.stat().st_mode) == 0o600
    assert stat.S_IMODE(running.files.root.stat().st_mode) == 0o700
    await stop_bot(runtime, user, bot)
    assert files_containing(data_dir, KEY.api_key) == [running.files.config]


async def _live_bot(
    runtime: Runtime, make_bot: BotFactory, user: uuid.UUID, key_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID]:
    """Create a live bot for an existing user (make_bot makes a new user, so reuse its SQL)."""
    async with runtime.db.as_service() as conn:
        version_id = await conn.fetchval(
            "select id from strategy_versions where user_id = $1 limit 1", user
        )
        bot_id = await conn.fetchval(
            "insert into bots (user_id, name, strategy_version_id, exchange, pair, timeframe,"
            " stake_amount, dry_run, exchange_key_id) values ($1, 'live', $2, 'binance',"
            " 'ETH/USDT', '1m', 20, false, $3) returning id",
            user,
            version_id,
            key_id,
        )
    return user, bot_id
