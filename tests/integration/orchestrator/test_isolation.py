"""Row-level security isolation matrix, generated from the catalog."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest

from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.support.factories import seed_world


async def user_tables(db: Database) -> list[str]:
    """List every public table with a user_id column; new tables join automatically."""
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select c.table_name from information_schema.columns c"
            " join information_schema.tables t using (table_schema, table_name)"
            " where c.table_schema = 'public' and c.column_name = 'user_id'"
            " and t.table_type = 'BASE TABLE' order by 1"
        )
    return [row["table_name"] for row in rows]


@pytest.fixture
async def two_worlds(db: Database, make_user: UserFactory) -> tuple[uuid.UUID, uuid.UUID]:
    """Two users, each owning at least one row in every user table."""
    alice, bob = await make_user(), await make_user()
    async with db.as_service() as conn:
        await seed_world(conn, alice)
        await seed_world(conn, bob)
    return alice, bob


async def test_catalog_lists_the_expected_tables(db: Database) -> None:
    tables = await user_tables(db)
    assert {"exchange_keys", "bots", "trades", "alerts", "invoices", "audit_log"} <= set(tables)


async def test_every_user_table_has_rls_enabled(db: Database) -> None:
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select relname from pg_class where relnamespace = 'public'::regnamespace"
            " and relname = any($1::text[]) and not relrowsecurity",
            await user_tables(db),
        )
    assert [row["relname"] for row in rows] == []


async def test_seed_covers_every_user_table(db: Database, two_worlds: Any) -> None:
    """Guard the matrix: a new table without a seed row would be tested vacuously."""
    _, bob = two_worlds
    async with db.as_service() as conn:
        for table in await user_tables(db):
            count = await conn.fetchval(f"select count(*) from {table} where user_id = $1", bob)
            assert count > 0, f"tests/support/factories.seed_world must seed {table}"


async def _attempt(db: Database, user: uuid.UUID, sql: str, *args: Any) -> str:
    """Run a statement as `user`; return its status, or 'denied' on a privilege error."""
    try:
        async with db.as_user(user) as conn:
            return str(await conn.execute(sql, *args))
    except asyncpg.InsufficientPrivilegeError:
        return "denied"


async def _row_of(db: Database, table: str, owner: uuid.UUID) -> dict[str, Any]:
    async with db.as_service() as conn:
        row = await conn.fetchrow(
            f"select to_jsonb(t) as row from {table} t where user_id = $1 limit 1", owner
        )
    assert row is not None
    data: dict[str, Any] = row["row"]
    return data


async def test_isolation_matrix(db: Database, two_worlds: Any) -> None:
    alice, bob = two_worlds
    for table in await user_tables(db):
        async with db.as_user(alice) as conn:
            own = await conn.fetchval(f"select count(*) from {table} where user_id = $1", alice)
            foreign = await conn.fetchval(f"select count(*) from {table} where user_id = $1", bob)
        assert own > 0, f"{table}: a user must see their own rows"
        assert foreign == 0, f"{table}: alice can read bob's rows"

        update = f"update {table} set user_id = user_id where user_id = $1"
        assert await _attempt(db, alice, update, bob) in {"UPDATE 0", "denied"}, table
        delete = f"delete from {table} where user_id = $1"
        assert await _attempt(db, alice, delete, bob) in {"DELETE 0", "denied"}, table

        stolen = await _row_of(db, table, bob)
        stolen.pop("id", None)
        columns = ", ".join(stolen)
        insert = (
            f"insert into {table} ({columns}) select {columns}"
            f" from jsonb_populate_record(null::{table}, $1)"
        )
        assert await _attempt(db, alice, insert, stolen) == "denied", f"{table}: insert as bob"

        async with db.as_service() as conn:
            survivors = await conn.fetchval(f"select count(*) from {table} where user_id = $1", bob)
        assert survivors > 0, f"{table}: bob's rows were changed by alice"


async def test_users_table_shows_only_self(db: Database, two_worlds: Any) -> None:
    alice, bob = two_worlds
    async with db.as_user(alice) as conn:
        visible = {row["id"] for row in await conn.fetch("select id from users")}
        changed = await conn.execute("update users set language = 'id' where id = $1", bob)
    assert visible == {alice}
    assert changed == "UPDATE 0"


async def test_user_cannot_raise_own_plan(db: Database, two_worlds: Any) -> None:
    alice, _ = two_worlds
    result = await _attempt(db, alice, "update users set plan_code = 'elite' where id = $1", alice)
    assert result == "denied"


async def test_anon_sees_no_user_data(db: Database, two_worlds: Any) -> None:
    async with db.pool.acquire() as conn, conn.transaction():
        await conn.execute("set local role anon")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select * from bots")
