"""Attacks from a bot's own database role: what a custom strategy could do with its URL.

A custom strategy can read the database URL (role and password) from its own config, and
its sandbox reaches Postgres through the gateway's db.sock. Each test is one attack and
asserts that it fails: a passing test is a rule that holds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest

from orchestrator.core.runtime import Runtime
from orchestrator.db import migrate as migrations
from orchestrator.db.pool import Database
from orchestrator.runner import botdb, gateway
from orchestrator.runner.tradesync import sync_bot
from tests.integration.security.conftest import (
    PRIVATE,
    SERVER_FILES,
    SERVICE_FUNCTIONS,
    VAULT,
    BotRoles,
    Denied,
    as_bot,
    catalog,
    public_sequences,
    public_tables,
)


async def test_bot_role_reaches_nothing_outside_its_schema(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    others = [*await public_tables(db), *PRIVATE, f'"{bot_roles.bob_db.schema}".trades']
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        for table in others:
            with pytest.raises(Denied):
                await bot.fetch(f"select * from {table} limit 1")
        for sql in [
            *(f"select {function}" for function in SERVICE_FUNCTIONS),
            *(f"select nextval('{sequence}')" for sequence in await public_sequences(db)),
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
    assert await catalog(db, "select extname from pg_extension where extname <> 'plpgsql'") == []


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
       null::text as enter_tag, 0.001::float8 as fee_open, 0.001::float8 as fee_close,
       0.01::float8 as fee_open_cost, 'USDT'::text as fee_open_currency,
       0.01::float8 as fee_close_cost, 'USDT'::text as fee_close_currency,
       0.95::float8 as stop_loss, -0.05::float8 as stop_loss_pct
where tripwire();
"""


async def test_trade_sync_runs_no_bot_code_as_owner(
    db: Database, database_url: str, bot_roles: BotRoles, runtime: Runtime
) -> None:
    """A bot's `trades` may be a view calling its own function: it must not run as us."""
    alice = bot_roles.alice
    act = f"update public.users set plan_code = 'elite' where id = '{alice.user}'"
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        await bot.execute(TROJAN.format(act=act))
    await sync_bot(runtime, alice.bot)
    async with db.as_service() as conn:
        plan = await conn.fetchval("select plan_code from users where id = $1", alice.user)
    assert plan == "free", "the bot's function ran as the connecting role (postgres)"


@pytest.mark.xfail(
    strict=True,
    reason="Postgres checks SET ROLE against the session user: code run under SET ROLE on our"
    " connection takes our role back. Read a bot's tables over the bot's own login instead",
)
async def test_bot_code_under_set_role_cannot_take_our_role_back(
    db: Database, database_url: str, bot_roles: BotRoles
) -> None:
    """Guards the obvious fix for the sync: SET ROLE to the bot before reading its tables."""
    alice = bot_roles.alice
    act = (
        "perform set_config('role', 'postgres', true);"
        f" update public.users set plan_code = 'elite' where id = '{alice.user}'"
    )
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        await bot.execute(TROJAN.format(act=act))
    async with db.as_owner() as conn:
        await conn.execute(f'set local role "{bot_roles.alice_db.role}"')
        await conn.fetch(f'select * from "{bot_roles.alice_db.schema}".trades')
    async with db.as_service() as conn:
        plan = await conn.fetchval("select plan_code from users where id = $1", alice.user)
    assert plan == "free"


async def _finishes(work: Awaitable[Any], within: float) -> bool:
    """Tell whether `work` ends (or is cut by a statement timeout) within `within` seconds."""
    try:
        with contextlib.suppress(asyncpg.QueryCanceledError):
            await asyncio.wait_for(work, within)
    except TimeoutError:
        return False
    return True


async def test_bot_cannot_stall_the_trade_sync(
    db: Database, database_url: str, bot_roles: BotRoles, runtime: Runtime
) -> None:
    """Syncs run one bot after another: a bot whose read never ends stalls every bot."""
    async with as_bot(database_url, bot_roles.alice_db) as bot:
        await bot.execute(TROJAN.format(act="perform pg_sleep(30)"))
    stalled = not await _finishes(sync_bot(runtime, bot_roles.alice.bot), within=8)
    assert not stalled, "a bot's own view held the sync (and one of our connections) for 8 s"


async def test_bot_cannot_block_another_bots_trade_sync(
    db: Database, database_url: str, bot_roles: BotRoles, runtime: Runtime
) -> None:
    # Every bot's id is in pg_namespace (bot_<id>), readable by every role.
    victim = bot_roles.alice.bot
    async with as_bot(database_url, bot_roles.bob_db) as bob:
        await bob.execute("select pg_advisory_lock(hashtext($1))", f"sync:{victim}")
        blocked = not await _finishes(sync_bot(runtime, victim), within=5)
    assert not blocked, "another bot's advisory lock held this bot's sync for 5 s"


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
        # The advisory key migrations used to take, and the table lock they take now.
        await bot.execute("select pg_advisory_lock($1)", 0x6E6F666F6D6F)
        with pytest.raises(asyncpg.PostgresError):
            async with bot.transaction():
                await bot.execute(
                    "lock table supabase_migrations.schema_migrations in access share mode"
                )
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
