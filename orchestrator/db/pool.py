"""Open the asyncpg pool and hand out user-scoped or service-scoped transactions."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import asyncpg

from orchestrator.core.errors import ConfigError

log = logging.getLogger(__name__)


def describe_url(url: str) -> str:
    """Name a database URL's host and database without its password."""
    parts = urlsplit(url)
    host = parts.hostname or "(unix socket)"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or ''}"


async def _init_connection(conn: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(kind, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


class Database:
    """The one gateway to Postgres: every query runs as a user or as the service."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @classmethod
    async def connect(cls, url: str, *, min_size: int = 1, max_size: int = 10) -> Database:
        """Open a pool, turning connection failures into one clear ConfigError."""
        # Supabase's transaction pooler (port 6543) cannot keep prepared statements.
        cache = 0 if urlsplit(url).port == 6543 else 100
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=min_size,
                max_size=max_size,
                statement_cache_size=cache,
                init=_init_connection,
                timeout=10,
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            reason = type(exc).__name__ if not str(exc) else str(exc).splitlines()[0]
            raise ConfigError(
                f"cannot reach DATABASE_URL ({describe_url(url)}): {reason}. "
                "Check the host, port and password, or unset DATABASE_URL to use embedded Postgres."
            ) from None
        return cls(pool)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.pool.close()

    @asynccontextmanager
    async def as_user(self, user_id: uuid.UUID | str) -> AsyncIterator[asyncpg.Connection]:
        """Run a transaction under the user's row-level security, as PostgREST does."""
        claims = json.dumps({"sub": str(uuid.UUID(str(user_id))), "role": "authenticated"})
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("set local role authenticated")
            await conn.execute("select set_config('request.jwt.claims', $1, true)", claims)
            yield conn

    @asynccontextmanager
    async def as_service(self) -> AsyncIterator[asyncpg.Connection]:
        """Run a transaction for a system job, explicitly as service_role."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("set local role service_role")
            yield conn

    @asynccontextmanager
    async def as_owner(self) -> AsyncIterator[asyncpg.Connection]:
        """Run a transaction as the connecting role: DDL and per-bot schemas only."""
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn

    async def ping(self) -> bool:
        """Tell whether the database answers a trivial query."""
        async with self.pool.acquire() as conn:
            return bool(await conn.fetchval("select 1") == 1)
