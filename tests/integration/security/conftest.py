"""Fixtures for the database attacks: two tenants, their bots' own roles, the catalog."""

from __future__ import annotations

import base64
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.db.pool import Database
from orchestrator.keys.vault import Vault
from orchestrator.runner import botdb
from tests.conftest import UserFactory
from tests.support.factories import seed_world

VAULT_KEY = bytes(range(32))
VAULT = Vault({1: VAULT_KEY})
Denied = asyncpg.InsufficientPrivilegeError


@dataclass(frozen=True)
class World:
    """One user and the rows `seed_world` gave them."""

    user: uuid.UUID
    bot: uuid.UUID
    key: uuid.UUID
    strategy: uuid.UUID
    version: uuid.UUID


async def _world(db: Database, user: uuid.UUID) -> World:
    async with db.as_service() as conn:
        await seed_world(conn, user)
        row = await conn.fetchrow(
            "select b.id, b.exchange_key_id, v.strategy_id, v.id as version_id from bots b"
            " join strategy_versions v on v.id = b.strategy_version_id where b.user_id = $1",
            user,
        )
    assert row is not None
    return World(user, row["id"], row["exchange_key_id"], row["strategy_id"], row["version_id"])


@pytest.fixture
async def tenants(db: Database, make_user: UserFactory) -> tuple[World, World]:
    """Alice (the attacker) and Bob (the victim), each with a row in every user table."""
    return await _world(db, await make_user()), await _world(db, await make_user())


@dataclass(frozen=True)
class BotRoles:
    """Both tenants' bots with their own schema and login role."""

    alice: World
    bob: World
    alice_db: botdb.BotDatabase
    bob_db: botdb.BotDatabase


@pytest.fixture
async def bot_roles(db: Database, tenants: tuple[World, World]) -> AsyncIterator[BotRoles]:
    """Provision both bots' databases; drop their schemas and roles afterwards."""
    alice, bob = tenants
    provisioned = []
    for world in tenants:
        async with db.as_owner() as conn:
            provisioned.append(await botdb.provision(conn, world.bot, VAULT))
    yield BotRoles(alice, bob, *provisioned)
    for world in tenants:
        async with db.as_owner() as conn:
            await botdb.drop(conn, world.bot)


@contextlib.asynccontextmanager
async def as_bot(url: str, bot_db: botdb.BotDatabase) -> AsyncIterator[asyncpg.Connection]:
    """Log in as a bot's role, as its strategy could with the URL from its config."""
    conn = await asyncpg.connect(
        url,
        user=bot_db.role,
        password=bot_db.password,
        server_settings={"search_path": bot_db.schema},
    )
    try:
        yield conn
    finally:
        await conn.close()


async def catalog(db: Database, sql: str) -> list[str]:
    async with db.as_service() as conn:
        return [row[0] for row in await conn.fetch(sql)]


async def public_tables(db: Database) -> list[str]:
    return await catalog(
        db,
        "select format('public.%I', relname) from pg_class"
        " where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by 1",
    )


async def public_sequences(db: Database) -> list[str]:
    return await catalog(
        db,
        "select format('public.%I', relname) from pg_class"
        " where relnamespace = 'public'::regnamespace and relkind = 'S' order by 1",
    )


PRIVATE = [
    "internal.user_writable_columns",
    "internal.bot_database_passwords",
    "supabase_migrations.schema_migrations",
]
SERVICE_FUNCTIONS = ["public.touch_summary_since()", "public.notify_alerts_queued()"]
SERVER_FILES = [
    "select pg_read_file('/etc/hostname')",
    "select pg_read_binary_file('/etc/hostname')",
    "select pg_stat_file('/etc/hostname')",
    "select pg_ls_dir('.')",
    "select lo_import('/etc/hostname')",
    "select lo_export(lo_from_bytea(0, 'x'), '/tmp/nofomo-attack')",
    "copy (select 1) to '/tmp/nofomo-attack'",
    "copy (select 1) to program 'id'",
]


@pytest.fixture
async def runtime(tmp_path: Path, database_url: str, redis_url: str) -> AsyncIterator[Runtime]:
    """A runtime on the session database whose vault opens the bots' sealed passwords."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "state",
        database_url=database_url,
        redis_url=redis_url,
        vault_keys="1:" + base64.b64encode(VAULT_KEY).decode(),
    )
    opened = await Runtime.open(settings, run_migrations=False)
    yield opened
    await opened.close()
