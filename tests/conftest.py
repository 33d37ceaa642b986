"""Session-wide real Postgres and Redis (embedded by default, external when configured)."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from orchestrator.core.embedded import EmbeddedServices
from orchestrator.db.migrate import migrate
from orchestrator.db.pool import Database
from tests.support.databases import create_database, drop_database
from tests.support.factories import insert_user
from tests.support.leftovers import claim_root, interrupt_on_sigterm, sweep_orphans

UserFactory = Callable[..., Awaitable[uuid.UUID]]

# python-telegram-bot 22: make RetryAfter carry a timedelta instead of warning (warnings fail).
os.environ.setdefault("PTB_TIMEDELTA", "1")


def pytest_configure(config: pytest.Config) -> None:
    """Let SIGTERM tear the session down like Ctrl-C, and sweep servers of killed runs."""
    interrupt_on_sigterm()
    sweep_orphans()


@pytest.fixture
def service_dir() -> Iterator[Path]:
    """A directory for a process that starts its own embedded servers, removed afterwards."""
    root = claim_root("svc-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded() -> Iterator[EmbeddedServices]:
    """Embedded servers for the session, started lazily and stopped at the end."""
    # Not under pytest's basetemp: every new pytest run chmods /tmp/pytest-of-<user> to
    # 0700, which would lock the embedded Postgres (running as its own user) out of its data.
    root = claim_root()
    services = EmbeddedServices(root)
    yield services
    services.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server_url(embedded: EmbeddedServices) -> str:
    """URL of a Postgres server: TEST_DATABASE_URL, or an embedded Postgres 18."""
    return os.environ.get("TEST_DATABASE_URL") or embedded.start_postgres()


@pytest.fixture(scope="session")
def redis_url(embedded: EmbeddedServices) -> str:
    """URL of a Redis: TEST_REDIS_URL, or an embedded Valkey."""
    if url := os.environ.get("TEST_REDIS_URL"):
        return url
    # Valkey takes the first free port from 16379 up, so sessions starting at once (xdist
    # workers, other runs) would pick the same one: they start one at a time.
    with _machine_lock("valkey-start"):
        return embedded.start_valkey()


@contextmanager
def _machine_lock(name: str) -> Iterator[None]:
    """Hold an exclusive lock shared by every test process on this machine."""
    with (Path(tempfile.gettempdir()) / f"nofomo-{name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
async def database_url(pg_server_url: str) -> AsyncIterator[str]:
    """A fresh, migrated database for this test session, dropped afterwards."""
    url = await create_database(pg_server_url)
    db = await Database.connect(url, max_size=1)
    try:
        async with db.pool.acquire() as conn:
            await migrate(conn)
    finally:
        await db.close()
    yield url
    await drop_database(pg_server_url, url)


@pytest.fixture(scope="session")
async def db(database_url: str) -> AsyncIterator[Database]:
    """A connection pool on the session database."""
    database = await Database.connect(database_url)
    yield database
    await database.close()


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    """A Redis client, closed after the test."""
    client = aioredis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
async def make_user(db: Database) -> AsyncIterator[UserFactory]:
    """Create users on demand and delete them (and their rows) after the test."""
    created: list[uuid.UUID] = []

    async def factory(*, language: str = "en") -> uuid.UUID:
        async with db.as_service() as conn:
            user_id = await insert_user(conn, language=language)
        created.append(user_id)
        return user_id

    yield factory
    async with db.as_service() as conn:
        await conn.execute("delete from audit_log where user_id = any($1::uuid[])", created)
        await conn.execute("delete from users where id = any($1::uuid[])", created)
