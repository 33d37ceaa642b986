"""Migrations: idempotent, recorded like the Supabase CLI, and enforcing key constraints."""

from __future__ import annotations

import asyncpg
import pytest

from orchestrator.db.migrate import discover, migrate
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.support.databases import create_database, drop_database
from tests.support.factories import seed_world


async def test_all_migrations_recorded(db: Database) -> None:
    async with db.pool.acquire() as conn:
        rows = await conn.fetch(
            "select version, name from supabase_migrations.schema_migrations order by version"
        )
    assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name) for m in discover()]


async def test_applying_twice_is_a_no_op(pg_server_url: str) -> None:
    url = await create_database(pg_server_url, prefix="nofomo_twice")
    try:
        conn = await asyncpg.connect(url)
        try:
            first = await migrate(conn)
            schema_before = await _schema_fingerprint(conn)
            second = await migrate(conn)
            assert first == [m.version for m in discover()]
            assert second == []
            assert await _schema_fingerprint(conn) == schema_before
        finally:
            await conn.close()
    finally:
        await drop_database(pg_server_url, url)


async def _schema_fingerprint(conn: asyncpg.Connection) -> list[tuple[str, str, str]]:
    rows = await conn.fetch(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'public' order by 1, 2"
    )
    return [tuple(r) for r in rows]


async def test_supabase_roles_and_auth_functions_exist(db: Database) -> None:
    async with db.pool.acquire() as conn:
        roles = await conn.fetch(
            "select rolname, rolbypassrls from pg_roles"
            " where rolname in ('anon', 'authenticated', 'service_role')"
        )
        uid = await conn.fetchval(
            "select auth.uid() from (select set_config('request.jwt.claims',"
            ' \'{"sub": "00000000-0000-0000-0000-000000000001"}\', false)) s'
        )
    assert {r["rolname"]: r["rolbypassrls"] for r in roles} == {
        "anon": False,
        "authenticated": False,
        "service_role": True,
    }
    assert str(uid) == "00000000-0000-0000-0000-000000000001"


async def test_one_active_bot_per_user_exchange_pair(db: Database, make_user: UserFactory) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        await seed_world(conn, user)
    insert = (
        "insert into bots (user_id, name, exchange, pair, stake_amount, desired_state)"
        " values ($1, $2, 'binance', 'ETH/USDT', 50, $3)"
    )
    # Bots are the service's to write (users may not set desired_state).
    async with db.as_service() as conn:
        await conn.execute(insert, user, "first", "running")
        await conn.execute(insert, user, "stopped twin", "stopped")
    with pytest.raises(asyncpg.UniqueViolationError):
        async with db.as_service() as conn:
            await conn.execute(insert, user, "second", "paused")
