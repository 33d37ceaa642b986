"""Fixtures for runner tests: the exchange emulator, a runtime and worker nodes."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from emulators.exchange import EmulatorSettings, ExchangeEmulator
from nofomo.worker import WorkerNode, build_node
from orchestrator.bots.service import NewBot, create_bot
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from tests.conftest import UserFactory
from tests.support.processes import free_port
from tests.support.strategies import ALWAYS_IN

VAULT_KEYS = "1:" + base64.b64encode(b"runner-tests-vault-key-32-bytes!").decode()


@pytest.fixture(scope="session")
async def exchange() -> AsyncIterator[ExchangeEmulator]:
    """The exchange emulator on a free port for the whole session."""
    emulator = ExchangeEmulator(EmulatorSettings(seed=7))
    await emulator.start()
    yield emulator
    await emulator.stop()


def runner_env(
    data_dir: Path, database_url: str, redis_url: str, exchange_url: str, **extra: str
) -> dict[str, str]:
    """Return the settings environment a runner (in-process or subprocess) uses."""
    return {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "VAULT_KEYS": VAULT_KEYS,
        "EXCHANGE_EMULATOR_URL": exchange_url,
        "EXCHANGE_MODE": "emulator",
        "BOT_PING_TIMEOUT_S": "20",
        **extra,
    }


@pytest.fixture
async def runtime(
    tmp_path: Path, database_url: str, redis_url: str, exchange: ExchangeEmulator
) -> AsyncIterator[Runtime]:
    """A runtime on the session database, with bots pointed at the emulator."""
    env = runner_env(
        tmp_path / "state", database_url, redis_url, exchange.url, PORT=str(free_port())
    )
    settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})  # type: ignore[arg-type]
    rt = await Runtime.open(settings, run_migrations=False)
    yield rt
    await rt.close()


NodeFactory = Callable[..., Awaitable[WorkerNode]]


@pytest.fixture
async def make_node(runtime: Runtime, make_user: UserFactory) -> AsyncIterator[NodeFactory]:
    """Start in-process worker nodes; stop them (and their bots) after the test.

    Depends on make_user so nodes stop before the users (and their bots) are deleted.
    """
    nodes: list[WorkerNode] = []

    async def factory(**kwargs: Any) -> WorkerNode:
        node = build_node(runtime, **kwargs)
        await node.run()
        nodes.append(node)
        return node

    yield factory
    for node in nodes:
        await node.close()


BotFactory = Callable[..., Awaitable[tuple[uuid.UUID, uuid.UUID]]]


@pytest.fixture
def make_bot(runtime: Runtime, make_user: UserFactory) -> BotFactory:
    """Create a user with a strategy and a stopped bot; return (user_id, bot_id)."""

    async def factory(
        code: str = ALWAYS_IN,
        class_name: str = "AlwaysIn",
        pair: str = "BTC/USDT",
        spec: dict[str, Any] | None = None,
        **kw: Any,
    ) -> tuple[uuid.UUID, uuid.UUID]:
        """Custom code (run in the sandbox) by default; with `spec`, a spec version (zygote).

        Custom code runs only on a plan that allows it, so its user is on Elite; a spec
        bot's user stays on Free.
        """
        user_id = await make_user()
        async with runtime.db.as_service() as conn:  # versions are the service's to write
            if spec is None:
                await conn.execute("update users set plan_code = 'elite' where id = $1", user_id)
            strategy_id = await conn.fetchval(
                "insert into strategies (user_id, name) values ($1, $2) returning id",
                user_id,
                class_name,
            )
            version_id = await conn.fetchval(
                "insert into strategy_versions (strategy_id, user_id, version, class_name, code,"
                " kind, spec) values ($1, $2, 1, $3, $4, $5, $6) returning id",
                strategy_id,
                user_id,
                class_name,
                code,
                "custom" if spec is None else "spec",
                spec,
            )
        new = NewBot(
            name=kw.pop("name", f"{class_name} {pair}"),
            strategy_version_id=version_id,
            exchange=kw.pop("exchange", "binance"),
            pair=pair,
            stake_amount=kw.pop("stake_amount", 100),
            timeframe=kw.pop("timeframe", "1m"),
            **kw,
        )
        return user_id, await create_bot(runtime, user_id, new)

    return factory
