"""Attacks on the database's tenant rules as a user (through as_user) and as anon.

Each test is one attack and asserts that it fails: a passing test is a rule that holds.
Users reach SQL only through our services, as with PostgREST, so their attacks run through
`Database.as_user`, which is what a PostgREST request becomes. The bots' own roles are
attacked in test_db_attacks_bots.py.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from pydantic import SecretStr

from orchestrator.bots.service import NewBot, create_bot, pause_bot, start_bot, stop_bot
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.db.pool import Database
from orchestrator.keys.store import delete_key, load_credentials
from orchestrator.strategies.backtests import request_backtest
from orchestrator.strategies.optimisation import apply_best
from orchestrator.strategies.versions import NewVersion, add_version, rollback
from tests.integration.security.conftest import (
    PRIVATE,
    SERVER_FILES,
    SERVICE_FUNCTIONS,
    BotRoles,
    Denied,
    World,
    catalog,
    public_sequences,
    public_tables,
)

VAULT_KEYS = "1:" + base64.b64encode(bytes(range(32))).decode()


@pytest.fixture
async def runtime(tmp_path: Path, database_url: str, redis_url: str) -> AsyncIterator[Runtime]:
    """A runtime on the session database, for the service-level attacks."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "state",
        database_url=SecretStr(database_url),
        redis_url=SecretStr(redis_url),
        vault_keys=SecretStr(VAULT_KEYS),
    )
    rt = await Runtime.open(settings, run_migrations=False)
    yield rt
    await rt.close()


async def _refused(db: Database, user: uuid.UUID, sql: str, *args: Any) -> None:
    """Assert that `sql`, run as the user (a PostgREST request), is denied."""
    with pytest.raises(Denied):
        async with db.as_user(user) as conn:
            await conn.execute(sql, *args)


async def _refused_as(db: Database, role: str, sql: str) -> None:
    """Assert that `sql`, run after SET ROLE `role` on our connection, is denied."""
    with pytest.raises(Denied):
        async with db.pool.acquire() as conn, conn.transaction():
            await conn.execute(f"set local role {role}")
            await conn.execute(sql)


# --- As a user, through as_user (what a PostgREST request becomes) -------------------------

SYSTEM_COLUMNS = [
    ("users", "plan_code", "'elite'"),
    ("users", "plan_expires_at", "now() + interval '10 years'"),
    ("users", "ai_generations_used", "0"),
    ("users", "ai_generations_period", "current_date + 365"),
    ("users", "summary_since", "null"),
    ("users", "summary_sent_period", "null"),
    ("users", "telegram_id", "telegram_id + 1"),
    ("bots", "desired_state", "'running'"),
    ("bots", "dry_run", "false"),
    ("bots", "status", "'running'"),
    ("bots", "worker", "'mine'"),
    ("bots", "lease_token", "1"),
    ("bots", "webhook_secret", "'known'"),
    ("bots", "exchange_key_id", "exchange_key_id"),
    ("bots", "strategy_version_id", "strategy_version_id"),
    ("bots", "user_id", "user_id"),
    ("strategy_versions", "code", "'import os'"),
    ("strategy_versions", "validation", "'{\"ok\": true}'"),
    ("strategy_versions", "kind", "'spec'"),
    ("strategy_versions", "migrated_from", "null"),
    ("exchange_keys", "permissions", "'{\"withdraw\": false}'"),
    ("exchange_keys", "ip_restricted", "true"),
    ("exchange_keys", "user_id", "user_id"),
    ("backtests", "applied_version_id", "null"),
    ("generation_requests", "charged", "false"),
]


@pytest.mark.parametrize(("table", "column", "value"), SYSTEM_COLUMNS)
async def test_user_cannot_write_system_columns(
    db: Database, tenants: tuple[World, World], table: str, column: str, value: str
) -> None:
    alice, _ = tenants
    key = "id" if table == "users" else "user_id"
    await _refused(
        db, alice.user, f"update {table} set {column} = {value} where {key} = $1", alice.user
    )


async def test_user_cannot_insert_or_delete_rows(
    db: Database, tenants: tuple[World, World]
) -> None:
    """Every table refuses a user's INSERT; all but exchange_keys refuse their DELETE."""
    alice, _ = tenants
    for table in await public_tables(db):
        await _refused(db, alice.user, f"insert into {table} default values")
        if table != "public.exchange_keys":
            await _refused(db, alice.user, f"delete from {table}")


async def test_user_cannot_delete_the_key_of_a_live_bot(
    db: Database, tenants: tuple[World, World]
) -> None:
    alice, _ = tenants
    async with db.as_service() as conn:
        await conn.execute(
            "update bots set dry_run = false, desired_state = 'running' where id = $1", alice.bot
        )
    with pytest.raises(asyncpg.CheckViolationError):
        async with db.as_user(alice.user) as conn:
            await conn.execute("delete from exchange_keys where id = $1", alice.key)
    async with db.as_service() as conn:
        kept = await conn.fetchval("select exchange_key_id from bots where id = $1", alice.bot)
    assert kept == alice.key


async def test_user_cannot_reach_private_schemas(db: Database, bot_roles: BotRoles) -> None:
    alice = bot_roles.alice
    for table in [*PRIVATE, f'"{bot_roles.alice_db.schema}".trades']:
        await _refused(db, alice.user, f"select * from {table}")


async def test_user_cannot_call_functions_or_sequences(
    db: Database, tenants: tuple[World, World]
) -> None:
    alice, _ = tenants
    for function in SERVICE_FUNCTIONS:
        await _refused(db, alice.user, f"select {function}")
    for sequence in await public_sequences(db):
        await _refused(db, alice.user, f"select nextval('{sequence}')")
        await _refused(db, alice.user, f"select setval('{sequence}', 1)")


async def test_user_cannot_create_objects_or_read_server_files(
    db: Database, tenants: tuple[World, World]
) -> None:
    alice, _ = tenants
    for sql in [
        "create table public.attack (id int)",
        "create function public.attack() returns int language sql as 'select 1'",
        "create view public.attack as select 1",
        "create table internal.attack (id int)",
        "create schema attack",
        *SERVER_FILES,
    ]:
        await _refused(db, alice.user, sql)


@pytest.mark.xfail(
    strict=True,
    reason="PostgREST's model: SQL run as `authenticated` may set its own claims; users never"
    " send SQL (any path that let them would be the hole, not the policies)",
)
async def test_user_cannot_forge_claims_mid_transaction(
    db: Database, tenants: tuple[World, World]
) -> None:
    alice, bob = tenants
    claims = json.dumps({"sub": str(bob.user), "role": "authenticated"})
    async with db.as_user(alice.user) as conn:
        await conn.execute("select set_config('request.jwt.claims', $1, true)", claims)
        seen = await conn.fetchval(
            "select count(*) from exchange_keys where user_id = $1", bob.user
        )
    assert seen == 0


@pytest.mark.xfail(
    strict=True,
    reason="SET ROLE is checked against the session user (postgres), so SQL run as"
    " `authenticated` can RESET ROLE or SET ROLE service_role; same model limit as above",
)
async def test_user_cannot_leave_the_authenticated_role(
    db: Database, tenants: tuple[World, World]
) -> None:
    alice, _ = tenants
    await _refused(db, alice.user, "set local role service_role")


# --- As anon -------------------------------------------------------------------------------


async def test_anon_reaches_no_table_function_or_sequence(db: Database) -> None:
    for table in await public_tables(db):
        await _refused_as(db, "anon", f"select * from {table} limit 1")
    for function in SERVICE_FUNCTIONS:
        await _refused_as(db, "anon", f"select {function}")
    for sequence in await public_sequences(db):
        await _refused_as(db, "anon", f"select nextval('{sequence}')")


# --- The catalog ---------------------------------------------------------------------------


async def test_every_public_table_has_row_level_security(db: Database) -> None:
    assert (
        await catalog(
            db,
            "select relname from pg_class where relnamespace = 'public'::regnamespace"
            " and relkind in ('r', 'p') and not relrowsecurity",
        )
        == []
    )


async def test_no_security_definer_function_or_owner_view_is_reachable(db: Database) -> None:
    api = "anon", "authenticated"
    definers = await catalog(
        db,
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n"
        " on n.oid = p.pronamespace where p.prosecdef and n.nspname not like 'pg\\_%'"
        " and n.nspname <> 'information_schema' and (has_function_privilege('anon', p.oid,"
        " 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))",
    )
    views = await catalog(
        db,
        "select c.oid::regclass::text from pg_class c where c.relkind in ('v', 'm')"
        " and c.relnamespace = 'public'::regnamespace"
        " and not coalesce('security_invoker=true' = any(c.reloptions), false)"
        f" and (has_table_privilege('{api[0]}', c.oid, 'SELECT')"
        f" or has_table_privilege('{api[1]}', c.oid, 'SELECT'))",
    )
    assert (definers, views) == ([], [])


async def _privileges_of_new_objects(db: Database) -> dict[str, bool]:
    """Create a table, sequence and function as a later migration would; roll them back."""
    async with db.pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            await conn.execute(
                "create table public.nofomo_probe (id int);"
                " create sequence public.nofomo_probe_seq;"
                " create function public.nofomo_probe() returns int language sql as 'select 1'"
            )
            found = {}
            for role in ("anon", "authenticated"):
                found[f"{role} table"] = await conn.fetchval(
                    "select has_table_privilege($1, 'public.nofomo_probe',"
                    " 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')",
                    role,
                )
                found[f"{role} sequence"] = await conn.fetchval(
                    "select has_sequence_privilege($1, 'public.nofomo_probe_seq',"
                    " 'USAGE, SELECT, UPDATE')",
                    role,
                )
                found[f"{role} function"] = await conn.fetchval(
                    "select has_function_privilege($1, 'public.nofomo_probe()', 'EXECUTE')", role
                )
        finally:
            await transaction.rollback()
    return found


async def test_new_public_tables_and_sequences_get_no_api_grants(db: Database) -> None:
    found = await _privileges_of_new_objects(db)
    assert {k: v for k, v in found.items() if not k.endswith("function") and v} == {}


async def test_new_public_functions_are_not_executable_by_api_roles(db: Database) -> None:
    """Per-schema default privileges cannot revoke the global EXECUTE-to-PUBLIC default."""
    found = await _privileges_of_new_objects(db)
    assert {k: v for k, v in found.items() if k.endswith("function") and v} == {}


# --- Service code: ids a user sends, used as the service -----------------------------------


async def _bob_rows(db: Database, bob: World) -> list[Any]:
    async with db.as_service() as conn:
        return [
            await conn.fetchval(
                f"select jsonb_agg(t order by t.id) from {table} t where user_id = $1", bob.user
            )
            for table in ("bots", "exchange_keys", "strategies", "strategy_versions", "backtests")
        ]


async def test_services_refuse_another_users_ids(
    runtime: Runtime, tenants: tuple[World, World]
) -> None:
    alice, bob = tenants
    async with runtime.db.as_service() as conn:
        run = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, results)"
            " values ($1, $2, 'hyperopt', 'done', $3) returning id",
            bob.user,
            bob.version,
            {"best": {"params": {}}},
        )
    before = await _bob_rows(runtime.db, bob)
    new_bot = NewBot("mine", bob.version, "binance", "BTC/USDT", Decimal(10))
    version = NewVersion("Rsi", "class Rsi: pass", "stolen")
    refusals: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("bot_not_found", lambda: start_bot(runtime, alice.user, bob.bot)),
        ("bot_not_found", lambda: pause_bot(runtime, alice.user, bob.bot)),
        ("bot_not_found", lambda: stop_bot(runtime, alice.user, bob.bot, wait=1)),
        ("strategy_not_found", lambda: create_bot(runtime, alice.user, new_bot)),
        ("strategy_not_found", lambda: add_version(runtime.db, alice.user, bob.strategy, version)),
        ("version_not_found", lambda: rollback(runtime.db, alice.user, bob.strategy, 1)),
        ("strategy_not_found", lambda: request_backtest(runtime, alice.user, bob.version)),
        ("optimise_not_ready", lambda: apply_best(runtime, alice.user, run)),
    ]
    for key, call in refusals:
        with pytest.raises(UserFacingError) as refused:
            await call()
        assert refused.value.key == key
    async with runtime.db.as_service() as conn:  # her version is custom code: Elite's
        await conn.execute("update users set plan_code = 'elite' where id = $1", alice.user)
    own_version_bobs_key = NewBot(
        "mine",
        alice.version,
        "binance",
        "ETH/USDT",
        Decimal(10),
        dry_run=False,
        exchange_key_id=bob.key,
    )
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await create_bot(runtime, alice.user, own_version_bobs_key)
    with pytest.raises(ServiceFailure):
        await load_credentials(runtime.db, runtime.vault, bob.key, owner=alice.user)
    assert await delete_key(runtime.db, alice.user, bob.key) is False
    assert await _bob_rows(runtime.db, bob) == before
