"""The Telegram bot end to end: emulator, real PTB, runtime (Postgres, Redis) and a worker."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal

import pytest

from emulators.telegram import FloodLimits, TelegramEmulator
from nofomo.worker import WorkerNode
from orchestrator.accounts import users
from orchestrator.bots.service import NewBot, create_bot
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database
from orchestrator.strategies.versions import NewVersion, create_strategy
from telegram_bot.app import App, build_application
from telegram_bot.runner import running
from tests.e2e.telegram.chat import Chat
from tests.integration.runner.conftest import NodeFactory, exchange, make_node, runtime
from tests.support.strategies import ALWAYS_IN

__all__ = ["exchange", "make_node", "runtime"]

TOKEN = "424242:AAFnoFomoE2eTestTokenForTheEmulator42"
# Telegram's real rates, with a burst generous enough that a quick test never waits.
FLOOD = FloodLimits(enabled=True, per_chat_per_sec=1.0, per_chat_burst=60, global_per_sec=30.0)

ChatFactory = Callable[..., Chat]
SeedStrategy = Callable[[Chat], Awaitable[uuid.UUID]]
SeedBot = Callable[[Chat], Awaitable[uuid.UUID]]


@pytest.fixture
async def tg_emulator() -> AsyncIterator[TelegramEmulator]:
    """The Telegram emulator with flood limits on."""
    async with TelegramEmulator(flood_limits=FLOOD) as emulator:
        yield emulator


@pytest.fixture
async def tg_users(db: Database) -> AsyncIterator[list[int]]:
    """Telegram ids the test chats with; their users (and rows) are deleted afterwards."""
    ids: list[int] = []
    yield ids
    async with db.as_service() as conn:
        found = await conn.fetch("select id from users where telegram_id = any($1::bigint[])", ids)
        user_ids = [row["id"] for row in found]
        await conn.execute("delete from audit_log where user_id = any($1::uuid[])", user_ids)
        await conn.execute("delete from users where id = any($1::uuid[])", user_ids)


@pytest.fixture
async def tg_app(
    runtime: Runtime, tg_emulator: TelegramEmulator, tg_users: list[int]
) -> AsyncIterator[App]:
    """Our bot, long-polling the emulator."""
    app = build_application(
        runtime,
        token=TOKEN,
        base_url=tg_emulator.bot_base_url,
        base_file_url=tg_emulator.file_base_url,
        webhook=False,
    )
    async with running(app):
        yield app


@pytest.fixture
def new_chat(tg_emulator: TelegramEmulator, tg_users: list[int], tg_app: App) -> ChatFactory:
    """Open private chats with the running bot as fresh Telegram users."""

    def factory(language_code: str = "en") -> Chat:
        user_id = secrets.randbelow(10**9) + 10**9
        tg_users.append(user_id)
        return Chat(tg_emulator, user_id, language_code)

    return factory


@pytest.fixture
async def worker(make_node: NodeFactory, tg_users: list[int]) -> WorkerNode:
    """An in-process worker node, stopped (with its bots) before the users are deleted."""
    return await make_node()


@pytest.fixture
def seed_strategy(runtime: Runtime) -> SeedStrategy:
    """Give a chat's user the runner's AlwaysIn strategy; return the version id.

    AlwaysIn is custom code, which runs only on Elite: the user is put on Elite.
    """

    async def factory(chat: Chat) -> uuid.UUID:
        user = await users.get_or_create(
            runtime.db,
            chat.user_id,
            username=None,
            name="Tester",
            language_code=chat.language_code,
        )
        async with runtime.db.as_service() as conn:
            await conn.execute("update users set plan_code = 'elite' where id = $1", user.id)
        version = NewVersion(
            "AlwaysIn", ALWAYS_IN, "AlwaysIn test", pair="BTC/USDT", timeframe="1m"
        )
        _, version_id = await create_strategy(runtime.db, user.id, version)
        return version_id

    return factory


async def put_on_plan(runtime: Runtime, chat: Chat, plan: str) -> None:
    """Move a chat's user to another plan, e.g. back to Free after seeding custom code."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users set plan_code = $2 where telegram_id = $1", chat.user_id, plan
        )


@pytest.fixture
def seed_bot(runtime: Runtime, seed_strategy: SeedStrategy) -> SeedBot:
    """Give a chat's user a stopped dry-run AlwaysIn bot on BTC/USDT; return its id."""

    async def factory(chat: Chat) -> uuid.UUID:
        version_id = await seed_strategy(chat)
        user = await users.get_or_create(
            runtime.db, chat.user_id, username=None, name=None, language_code=None
        )
        new = NewBot("AlwaysIn BTC/USDT", version_id, "binance", "BTC/USDT", Decimal(25), "1m")
        return await create_bot(runtime, user.id, new)

    return factory
