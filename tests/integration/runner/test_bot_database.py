"""Each bot's Postgres role can use its own schema and nothing else."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from orchestrator.core.embedded import EmbeddedServices
from orchestrator.db.migrate import migrate
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


async def test_bot_role_is_confined(embedded: EmbeddedServices) -> None:
    server = embedded.start_postgres()
    url = await create_database(server, prefix="nofomo_botdb")
    owner = await asyncpg.connect(url)
    try:
        await migrate(owner)
        alice_bot, bob_bot = uuid.uuid4(), uuid.uuid4()
        alice_db = await botdb.provision(owner, alice_bot)
        bob_db = await botdb.provision(owner, bob_bot)
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
        refreshed = await botdb.provision(owner, alice_bot)
        with pytest.raises(asyncpg.InvalidPasswordError):
            await connect_as(url, alice_db)  # the previous start's password no longer works
        await (await connect_as(url, refreshed)).close()
        await botdb.drop(owner, alice_bot)
        await botdb.drop(owner, bob_bot)
    finally:
        await owner.close()
        await drop_database(server, url)


def test_freqtrade_url_carries_role_and_schema() -> None:
    bot_db = botdb.BotDatabase("bot_ab", "nofomo_bot_ab", "p@ss/word")
    url = botdb.freqtrade_db_url("postgresql://postgres:x@/postgres?host=/tmp/pg", bot_db)
    assert url.startswith("postgresql+psycopg://nofomo_bot_ab:p%40ss%2Fword@/postgres?")
    assert "host=%2Ftmp%2Fpg" in url and "options=-csearch_path%3Dbot_ab" in url
    assert with_database(url, "other").endswith("/other?" + url.split("?")[1])
