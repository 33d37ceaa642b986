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


async def _generated(db: Database, table: str) -> list[str]:
    """Return a table's generated columns (no insert may name them)."""
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select column_name from information_schema.columns where table_schema = 'public'"
            " and table_name = $1 and is_generated = 'ALWAYS'",
            table,
        )
    return [r["column_name"] for r in rows]


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
        for column in ["id", *await _generated(db, table)]:
            stolen.pop(column, None)
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


async def _allow_list(db: Database) -> set[tuple[str, str, str]]:
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select table_name, column_name, privilege from internal.user_writable_columns"
        )
    return {(r["table_name"], r["column_name"], r["privilege"]) for r in rows}


async def test_user_writes_are_exactly_the_allow_list(db: Database) -> None:
    """The catalog grants `authenticated` the allow-listed columns and nothing wider."""
    # information_schema hides grants to roles we are not; the catalog's ACLs show them all.
    async with db.as_service() as conn:
        columns = await conn.fetch(
            "select c.relname as table_name, a.attname as column_name, x.privilege_type"
            " from pg_attribute a join pg_class c on c.oid = a.attrelid, aclexplode(a.attacl) x"
            " where c.relnamespace = 'public'::regnamespace and a.attnum > 0"
            " and x.grantee = 'authenticated'::regrole and x.privilege_type in ('INSERT', 'UPDATE')"
        )
        tables = await conn.fetch(
            "select c.relname as table_name, x.privilege_type, x.grantee::regrole::text as who"
            " from pg_class c, aclexplode(c.relacl) x where c.relnamespace = 'public'::regnamespace"
            " and x.grantee in ('authenticated'::regrole, 'anon'::regrole)"
            " and (x.privilege_type <> 'SELECT' or x.grantee = 'anon'::regrole)"
        )
        sequences = await conn.fetchval(
            "select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace"
            " and c.relkind = 'S' and (has_sequence_privilege('authenticated', c.oid, 'USAGE')"
            " or has_sequence_privilege('anon', c.oid, 'USAGE'))"
        )
    granted = {(r["table_name"], r["column_name"], r["privilege_type"]) for r in columns}
    assert granted == await _allow_list(db)
    assert {(r["table_name"], r["privilege_type"], r["who"]) for r in tables} == {
        ("exchange_keys", "DELETE", "authenticated")
    }
    assert sequences == 0


async def test_owner_updates_only_allow_listed_columns(db: Database, two_worlds: Any) -> None:
    """Every column of every user table: writable by its owner exactly when allow-listed."""
    alice, _ = two_worlds
    allowed = {(t, c) for t, c, p in await _allow_list(db) if p == "UPDATE"}
    tried = 0
    for table in [*await user_tables(db), "users"]:
        key = "id" if table == "users" else "user_id"
        async with db.as_service() as conn:
            # Identity and generated columns (GENERATED ALWAYS) are written by no one.
            names = await conn.fetch(
                "select column_name from information_schema.columns where table_schema ="
                " 'public' and table_name = $1 and is_identity = 'NO' and is_generated = 'NEVER'",
                table,
            )
        for column in (r["column_name"] for r in names):
            sql = f'update {table} set "{column}" = "{column}" where {key} = $1'
            outcome = await _attempt(db, alice, sql, alice)
            expected = "denied" if (table, column) not in allowed else outcome
            assert outcome == expected and outcome != "UPDATE 0", f"{table}.{column}: {outcome}"
            tried += 1
    assert tried > 100  # the catalog walk found the columns


# A row moved under another parent must not break a unique key or a check first, or the
# test would see that error instead of the reference rule's.
DODGE = {
    "strategy_versions_strategy_owner_fkey": ", version = version + 1000",
    "backtests_applied_version_owner_fkey": ", kind = 'hyperopt'",
}


async def _references(db: Database) -> list[asyncpg.Record]:
    """Every foreign key between two tables that both carry an owner.

    A system table without an owner (e.g. billing_callbacks) may point at a user's row: no
    user writes it, so there is no tenant to cross.
    """
    async with db.as_service() as conn:
        return await conn.fetch(
            "select c.conname, c.conrelid::regclass::text as src, c.confrelid::regclass::text"
            " as dst, array(select a.attname from unnest(c.conkey) k join pg_attribute a"
            " on a.attrelid = c.conrelid and a.attnum = k) as src_cols,"
            " array(select a.attname from unnest(c.confkey) k join pg_attribute a"
            " on a.attrelid = c.confrelid and a.attnum = k) as dst_cols"
            " from pg_constraint c where c.contype = 'f'"
            " and c.connamespace = 'public'::regnamespace and c.confrelid <> 'users'::regclass"
            " and exists (select 1 from pg_attribute a where a.attrelid = c.confrelid"
            " and a.attname = 'user_id')"
            " and exists (select 1 from pg_attribute a where a.attrelid = c.conrelid"
            " and a.attname = 'user_id')"
        )


async def test_references_never_cross_tenants(db: Database, two_worlds: Any) -> None:
    """Pointing one's row at another user's row is refused by the database itself."""
    alice, bob = two_worlds
    references = await _references(db)
    assert {"bots_exchange_key_owner_fkey", "bots_strategy_version_owner_fkey"} <= {
        r["conname"] for r in references
    }
    for ref in references:
        pairs = [
            (s, d) for s, d in zip(ref["src_cols"], ref["dst_cols"], strict=True) if s != "user_id"
        ]
        async with db.as_service() as conn:
            target = await conn.fetchrow(
                f"select * from {ref['dst']} where user_id = $1 limit 1", bob
            )
        assert target is not None, f"seed_world must seed {ref['dst']}"
        sets = ", ".join(f'"{s}" = ${i + 2}' for i, (s, _) in enumerate(pairs))
        sets += DODGE.get(ref["conname"], "")
        one = f"(select ctid from {ref['src']} where user_id = $1 limit 1)"
        sql = f"update {ref['src']} set {sets} where ctid = {one}"
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            async with db.as_service() as conn:
                changed = await conn.execute(sql, alice, *(target[d] for _, d in pairs))
                # The service bypasses RLS and grants, so only the reference rule can refuse.
                assert changed != "UPDATE 0", f"{ref['conname']}: alice has no {ref['src']} row"
