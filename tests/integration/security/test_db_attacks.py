"""Attacks on the database's tenant rules, as a user, as anon and as a bot's own role.

Each test is one attack and asserts that it fails: a passing test is a rule that holds.
Users reach SQL only through our services, as with PostgREST: their attacks run through
`Database.as_user`, which is what a PostgREST request becomes. A bot is different: its
custom strategy can read the database URL from its own config and run any SQL as its role.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest
from pydantic import SecretStr

from orchestrator.bots.service import NewBot, create_bot, pause_bot, start_bot, stop_bot
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.db import migrate as migrations
from orchestrator.db.pool import Database
from orchestrator.keys.store import delete_key, load_credentials
from orchestrator.keys.vault import Vault
from orchestrator.runner import botdb, gateway
from orchestrator.runner.tradesync import sync_bot
from orchestrator.strategies.backtests import request_backtest
from orchestrator.strategies.optimisation import apply_best
from orchestrator.strategies.versions import NewVersion, add_version, rollback
from tests.conftest import UserFactory
from tests.support.factories import seed_world

VAULT = Vault({1: bytes(range(32))})
VAULT_KEYS = "1:" + base64.b64encode(bytes(range(32))).decode()
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


async def _catalog(db: Database, sql: str) -> list[str]:
    async with db.as_service() as conn:
        return [row[0] for row in await conn.fetch(sql)]


async def _tables(db: Database) -> list[str]:
    return await _catalog(
        db,
        "select oid::regclass::text from pg_class where relnamespace = 'public'::regnamespace"
        " and relkind in ('r', 'p') order by 1",
    )


async def _sequences(db: Database) -> list[str]:
    return await _catalog(
        db,
        "select oid::regclass::text from pg_class where relnamespace = 'public'::regnamespace"
        " and relkind = 'S' order by 1",
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
    for table in await _tables(db):
        await _refused(db, alice.user, f"insert into {table} default values")
        if table != "exchange_keys":
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
    for sequence in await _sequences(db):
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
    for table in await _tables(db):
        await _refused_as(db, "anon", f"select * from {table} limit 1")
    for function in SERVICE_FUNCTIONS:
        await _refused_as(db, "anon", f"select {function}")
    for sequence in await _sequences(db):
        await _refused_as(db, "anon", f"select nextval('{sequence}')")


# --- The catalog ---------------------------------------------------------------------------


async def test_every_public_table_has_row_level_security(db: Database) -> None:
    assert (
        await _catalog(
            db,
            "select relname from pg_class where relnamespace = 'public'::regnamespace"
            " and relkind in ('r', 'p') and not relrowsecurity",
        )
        == []
    )


async def test_no_security_definer_function_or_owner_view_is_reachable(db: Database) -> None:
    api = "anon", "authenticated"
    definers = await _catalog(
        db,
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n"
        " on n.oid = p.pronamespace where p.prosecdef and n.nspname not like 'pg\\_%'"
        " and n.nspname <> 'information_schema' and (has_function_privilege('anon', p.oid,"
        " 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))",
    )
    views = await _catalog(
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


# --- As a bot's own role (a custom strategy with its database URL) ---------------------------


async def test_bot_role_reaches_nothing_outside_its_schema(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    others = [*await _tables(db), *PRIVATE, f'"{bot_roles.bob_db.schema}".trades']
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        for table in others:
            with pytest.raises(Denied):
                await bot.fetch(f"select * from {table} limit 1")
        for sql in [
            *(f"select {function}" for function in SERVICE_FUNCTIONS),
            *(f"select nextval('{sequence}')" for sequence in await _sequences(db)),
            *SERVER_FILES,
        ]:
            with pytest.raises(Denied):
                await bot.execute(sql)


async def test_bot_role_cannot_become_or_make_anyone(
    database_url: str, bot_roles: BotRoles
) -> None:
    role = bot_roles.alice_db.role
    targets = ["authenticated", "service_role", "anon", "postgres", "supabase_admin"]
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        for target in [*targets, bot_roles.bob_db.role]:
            with pytest.raises(Denied):
                await bot.execute(f'set role "{target}"')
        for sql in [
            "set session authorization postgres",
            "create role attacker login",
            "create database attacker",
            f'alter role "{role}" connection limit -1',
            f'alter role "{role}" createrole',
            f'alter role "{role}" bypassrls',
        ]:
            with pytest.raises(Denied):
                await bot.execute(sql)


async def test_bot_role_creates_nothing_outside_its_schema(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        for sql in [
            "create table public.attack (id int)",
            "create function public.attack() returns int language sql as 'select 1'",
            f'create table "{bot_roles.bob_db.schema}".attack (id int)',
            "create schema attack",
        ]:
            with pytest.raises(Denied):
                await bot.execute(sql)
        for extension in ("dblink", "postgres_fdw", "file_fdw", "adminpack"):
            with pytest.raises(asyncpg.PostgresError):  # not permitted, or not even shipped
                await bot.execute(f"create extension {extension}")
    assert await _catalog(db, "select extname from pg_extension where extname <> 'plpgsql'") == []


async def test_bot_role_cannot_touch_another_bots_large_object_or_backend(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    async with (
        as_bot(database_url, bot_roles.alice_db) as alice,
        as_bot(database_url, bot_roles.bob_db) as bob,
        db.pool.acquire() as ours,
    ):
        secret = await bob.fetchval("select lo_from_bytea(0, 'bob''s data')")
        for sql in ["select lo_get($1)", "select lo_unlink($1)", "select lo_put($1, 0, 'x')"]:
            with pytest.raises(Denied):
                await alice.execute(sql, secret)
        for victim in (bob, ours):
            pid = victim.get_server_pid()
            for signal in ("pg_terminate_backend", "pg_cancel_backend"):
                with pytest.raises(Denied):
                    await alice.execute(f"select {signal}($1)", pid)
        assert await bob.fetchval("select lo_get($1)", secret) == b"bob's data"
        assert await ours.fetchval("select 1") == 1


TROJAN = """
create table orders (ft_trade_id int, ft_order_side text, status text);
create function tripwire() returns boolean language plpgsql as $$
begin
  {act};
  return true;
exception when others then
  return true;
end
$$;
create view trades as
select 1 as id, 'BTC/USDT'::text as pair, false as is_open, false as is_short,
       1::numeric as amount, 10::numeric as stake_amount, 1::numeric as open_rate,
       1::numeric as close_rate, now()::timestamp as open_date, now()::timestamp as close_date,
       0::numeric as close_profit, 0::numeric as close_profit_abs, 'roi'::text as exit_reason,
       null::text as enter_tag
where tripwire();
"""


async def test_trade_sync_runs_no_bot_code_as_owner(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    """A bot's `trades` may be a view calling its own function: it must not run as us."""
    alice = bot_roles.alice
    act = f"update public.users set plan_code = 'elite' where id = '{alice.user}'"
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        await bot.execute(TROJAN.format(act=act))
    await sync_bot(db, alice.bot)
    async with db.as_service() as conn:
        plan = await conn.fetchval("select plan_code from users where id = $1", alice.user)
    assert plan == "free", "the bot's function ran as the connecting role (postgres)"


async def _finishes(work: Awaitable[Any], within: float) -> bool:
    """Tell whether `work` ends (or is cut by a statement timeout) within `within` seconds."""
    try:
        with contextlib.suppress(asyncpg.QueryCanceledError):
            await asyncio.wait_for(work, within)
    except TimeoutError:
        return False
    return True


async def test_bot_cannot_stall_the_trade_sync(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    """Syncs run one bot after another: a bot whose read never ends stalls every bot."""
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        await bot.execute(TROJAN.format(act="perform pg_sleep(30)"))
    assert await _finishes(sync_bot(db, bot_roles.alice.bot), within=8)


async def test_bot_cannot_block_another_bots_trade_sync(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    # Every bot's id is in pg_namespace (bot_<id>), readable by every role.
    victim = bot_roles.alice.bot
    async with as_bot(database_url, bot_roles.bob_db) as bob:
        await bob.execute("select pg_advisory_lock(hashtext($1))", f"sync:{victim}")
        assert await _finishes(sync_bot(db, victim), within=5)


@contextlib.asynccontextmanager
async def _impatient(url: str) -> AsyncIterator[asyncpg.Connection]:
    """Our own connection, giving up on a lock after two seconds."""
    conn = await asyncpg.connect(url, server_settings={"lock_timeout": "2s"})
    try:
        yield conn
    finally:
        await conn.close()


async def test_bot_cannot_block_bot_provisioning(database_url: str, bot_roles: BotRoles) -> None:
    async with as_bot(database_url, bot_roles.alice_db) as bot, _impatient(database_url) as ours:
        await bot.execute("select pg_advisory_lock(hashtext('nofomo:botdb'))")
        problem = await botdb.rehearse(ours, VAULT)  # provisions a throwaway bot, rolled back
    assert problem is None, problem


async def test_bot_cannot_block_migrations(database_url: str, bot_roles: BotRoles) -> None:
    async with as_bot(database_url, bot_roles.alice_db) as bot, _impatient(database_url) as ours:
        await bot.execute("select pg_advisory_lock($1)", migrations._LOCK_ID)
        blocked = None
        try:
            await migrations.migrate(ours)  # everything is applied: only the lock is at stake
        except asyncpg.LockNotAvailableError as exc:
            blocked = exc
    assert blocked is None, "a bot holding the migration lock stops every deploy"


async def test_sandboxed_bot_logs_in_only_as_its_own_role(
    database_url: str, bot_roles: BotRoles, tmp_path: Path
) -> None:
    """The sandbox's only way out to Postgres is its gateway's db.sock: who can it be there?"""
    target = gateway.database_target(database_url)
    if target.unix_path is None:
        pytest.skip("this server is reached over TCP; the trust lines are for its socket")
    relay = gateway.BotGateway(str(bot_roles.alice.bot), str(tmp_path), {}, target)
    await relay.start()
    inside = tmp_path / "sandbox"  # what the bot's relay makes of 127.0.0.1:5432
    inside.mkdir()
    (inside / f".s.PGSQL.{target.port}").symlink_to(tmp_path / gateway.DB_SOCKET)
    database = urlsplit(database_url).path.lstrip("/")
    admitted = []
    try:
        own = bot_roles.alice_db
        conn = await asyncpg.connect(
            host=str(inside),
            port=target.port,
            database=database,
            user=own.role,
            password=own.password,
        )
        await conn.close()
        for role in ("supabase_admin", "postgres"):
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                conn = await asyncpg.connect(
                    host=str(inside), port=target.port, database=database, user=role
                )
                superuser = await conn.fetchval(
                    "select rolsuper from pg_roles where rolname = $1", role
                )
                admitted.append(f"{role} (superuser: {superuser})")
                await conn.close()
    finally:
        relay.close()
    assert admitted == [], "a sandboxed strategy logs in through its gateway without a password"


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
