"""Assemble the shared resources (database, Redis, vault) an entry point needs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from redis.exceptions import RedisError

from orchestrator.artifacts import ArtifactStore, artifact_store
from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.errors import ConfigError
from orchestrator.core.settings import Settings
from orchestrator.db.migrate import migrate
from orchestrator.db.pool import Database
from orchestrator.keys.vault import Vault, vault_from_settings

log = logging.getLogger(__name__)


def resolve_database_url(settings: Settings, embedded: EmbeddedServices) -> str:
    """Return DATABASE_URL, starting embedded Postgres in local mode when it is unset."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    if settings.is_local:
        return embedded.start_postgres()
    raise ConfigError("DATABASE_URL is required outside local mode")


def resolve_redis_url(settings: Settings, embedded: EmbeddedServices) -> str:
    """Return REDIS_URL, starting embedded Valkey in local mode when it is unset."""
    if settings.redis_url is not None:
        return settings.redis_url.get_secret_value()
    if settings.is_local:
        return embedded.start_valkey()
    raise ConfigError("REDIS_URL is required outside local mode")


def resolve_urls(settings: Settings, embedded: EmbeddedServices) -> tuple[str, str]:
    """Return (database_url, redis_url), starting embedded servers where none is set."""
    return resolve_database_url(settings, embedded), resolve_redis_url(settings, embedded)


async def open_redis(url: str) -> ArqRedis:
    """Connect arq's Redis pool, turning failures into one clear ConfigError."""
    try:
        settings = RedisSettings.from_dsn(url)
        settings.conn_retries = 1
        return await create_pool(settings)
    except (OSError, RuntimeError, RedisError) as exc:
        raise ConfigError(
            f"cannot reach REDIS_URL: {exc}. Unset it to use embedded Valkey."
        ) from None


@dataclass
class Runtime:
    """The live resources of one process, closed in reverse order of opening."""

    settings: Settings
    embedded: EmbeddedServices
    database_url: str
    redis_url: str
    db: Database
    redis: ArqRedis
    vault: Vault
    artifacts: ArtifactStore  # charts and files: Supabase Storage when configured, else bytea
    _closed: bool = field(default=False, repr=False)

    @classmethod
    async def open(
        cls, settings: Settings, *, run_migrations: bool = True, pool_max: int = 10
    ) -> Runtime:
        """Start or connect every backing service and apply pending migrations."""
        embedded = EmbeddedServices(settings.data_dir)
        try:
            database_url, redis_url = resolve_urls(settings, embedded)
            vault = vault_from_settings(settings)
            db = await Database.connect(database_url, max_size=pool_max)
        except Exception:
            embedded.stop()
            raise
        try:
            if run_migrations:
                async with db.pool.acquire() as conn:
                    await migrate(conn)
            artifacts = artifact_store(settings, db)  # no I/O: it connects on first use
            redis = await open_redis(redis_url)
        except Exception:
            await db.close()
            embedded.stop()
            raise
        return cls(settings, embedded, database_url, redis_url, db, redis, vault, artifacts)

    async def close(self) -> None:
        """Release connections and stop embedded servers this process started."""
        if self._closed:
            return
        self._closed = True
        await self.artifacts.aclose()
        await self.redis.aclose()
        await self.db.close()
        self.embedded.stop()
