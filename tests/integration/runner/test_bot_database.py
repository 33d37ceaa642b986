"""Each bot's Postgres role can use its own schema and nothing else."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from orchestrator.core.embedded import EmbeddedServices
from orchestrator.db.migrate import migrate
from orchestrator.keys.vault import Vault
from orchestrator.runner import botdb
from tests.support.databases import create_database, drop_database, with_database


async def connect_as(
    url: str, bot_db: botdb.BotDatabase, password: str | None = None
) -> asyncpg.Connection:
    return await asyncpg.connect(
        url,
        user=bot_db.role,
        password=password or bot_db.password,
        server_settings={"search_path": bot_db.schema},
    )


VAULT = Vault({1: bytes(range(32))})


async def _seed_bots(conn: asyncpg.Connection, *bot_ids: uuid.UUID) -> None:
    """Insert bots to hang sealed passwords on (a user and a version to own them)."""
    user = await conn.fetchval(
        "insert into users (telegram_id) values ((random() * 1e12)::bigint) returning id"
    )
    for bot_id in bot_ids:
        await conn.execute(
            "insert into bots (id, user_id, name, exchange, pair, stake_amount)"
            " values ($1, $2, 'b', 'binance', 'BTC/USDT', 10)",
            bot_id,
            user,
        )


async def test_connecting_role_is_not_a_superuser(embedded: EmbeddedServices) -> None:
    """The suite runs where production does: as Supabase's demoted `postgres`."""
    conn = await asyncpg.connect(embedded.start_postgres())
    try:
        row = await conn.fetchrow(
            "select current_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,"
            " current_setting('server_version_num')::int as version"
            " from pg_roles where rolname = current_user"
        )
    finally:
        await conn.close()
    assert dict(row) == {
        "current_user": "postgres",
        "rolsuper": False,
        "rolcreaterole": True,
        "rolcreatedb": True,
        "rolbypassrls": True,
        "version": row["version"],
    }
    assert row["version"] >= 160000  # where CREATEROLE grants only ADMIN on new roles


async def test_bot_role_is_confined(embedded: EmbeddedServices) -> None:
    server = embedded.start_postgres()
    url = await create_database(server, prefix="nofomo_botdb")
    owner = await asyncpg.connect(url)
    try:
        await migrate(owner)
        alice_bot, bob_bot = uuid.uuid4(), uuid.uuid4()
        await _seed_bots(owner, alice_bot, bob_bot)
        alice_db = await botdb.provision(owner, alice_bot, VAULT)
        bob_db = await botdb.provision(owner, bob_bot, VAULT)
        bob = await connect_as(url, bob_db)
        await bob.execute("create table trades (id int primary key, pair text)")
        await bob.execute("insert into trades values (1, 'BTC/USDT')")
        await bob.close()

        alice = await connect_as(url, alice_db)
        try:
            await alice.execute("create table trades (id int primary key)")
            assert await alice.fetchval("select count(*) from trades") == 0
            for table in (
                "public.users",
                "public.exchange_keys",
                "public.bots",
                f"{bob_db.schema}.trades",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await alice.fetch(f"select * from {table}")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await alice.execute("create table public.sneaky (id int)")
        finally:
            await alice.close()
        # Our own connection can read bot schemas to sync trades.
        assert await owner.fetchval(f"select pair from {bob_db.schema}.trades") == "BTC/USDT"
        with pytest.raises(asyncpg.InvalidPasswordError):
            await connect_as(url, alice_db, password="wrong-password")
        # A restart reuses the sealed password: the pooler's cached one stays valid.
        again = await botdb.provision(owner, alice_bot, VAULT)
        assert again.password == alice_db.password
        await (await connect_as(url, again)).close()
        stored = await owner.fetchval(
            "select ciphertext from internal.bot_database_passwords where bot_id = $1", alice_bot
        )
        assert alice_db.password.encode() not in bytes(stored)
        # Sealed under a retired vault key: a fresh password replaces it, and the old one dies.
        renewed = await botdb.provision(owner, alice_bot, Vault({9: bytes(32)}))
        assert renewed.password != alice_db.password
        with pytest.raises(asyncpg.InvalidPasswordError):
            await connect_as(url, alice_db)
        await botdb.drop(owner, alice_bot)
        await botdb.drop(owner, bob_bot)
    finally:
        await owner.close()
        await drop_database(server, url)


def test_pooler_url_names_the_project_and_relies_on_the_role_setting() -> None:
    bot_db = botdb.BotDatabase("bot_ab", "nofomo_bot_ab", "pw")
    url = botdb.freqtrade_db_url(
        "postgresql://postgres.abcdefghij:x@aws-0-ap-southeast-1.pooler.supabase.com:5432/postgres",
        bot_db,
    )
    assert url == (
        "postgresql+psycopg://nofomo_bot_ab.abcdefghij:pw"
        "@aws-0-ap-southeast-1.pooler.supabase.com:5432/postgres"
    )


def test_freqtrade_url_carries_role_and_schema() -> None:
    bot_db = botdb.BotDatabase("bot_ab", "nofomo_bot_ab", "p@ss/word")
    url = botdb.freqtrade_db_url("postgresql://postgres:x@/postgres?host=/tmp/pg", bot_db)
    assert url.startswith("postgresql+psycopg://nofomo_bot_ab:p%40ss%2Fword@/postgres?")
    assert "host=%2Ftmp%2Fpg" in url and "options=-csearch_path%3Dbot_ab" in url
    assert with_database(url, "other").endswith("/other?" + url.split("?")[1])


async def test_rehearsal_leaves_nothing_and_names_what_is_missing(
    embedded: EmbeddedServices,
) -> None:
    server = embedded.start_postgres()
    url = await create_database(server, prefix="nofomo_rehearse")
    owner = await asyncpg.connect(url)
    try:
        await migrate(owner)
        roles = "select count(*) from pg_roles where rolname like 'nofomo_bot_%'"
        before = await owner.fetchval(roles)
        assert await botdb.rehearse(owner, VAULT) is None
        assert await owner.fetchval(roles) == before  # rolled back, role and schema
        # A role like a misconfigured DATABASE_URL's: it may log in, not create roles.
        await owner.execute("create role nofomo_probe login password 'probe-pass-1'")
        database = await owner.fetchval("select current_database()")
        await owner.execute(f'grant connect on database "{database}" to nofomo_probe')
        probe = await asyncpg.connect(url, user="nofomo_probe", password="probe-pass-1")
        try:
            problem = await botdb.rehearse(probe, VAULT)
        finally:
            await probe.close()
        assert problem is not None and "CREATEROLE" in problem
    finally:
        database = await owner.fetchval("select current_database()")
        if await owner.fetchval("select 1 from pg_roles where rolname = 'nofomo_probe'"):
            await owner.execute(f'revoke connect on database "{database}" from nofomo_probe')
            await owner.execute("drop role nofomo_probe")
        await owner.close()
        await drop_database(server, url)
