"""Apply `supabase/migrations/*.sql` in order, recorded as the Supabase CLI records them."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "supabase" / "migrations"
_NAME = re.compile(r"^(?P<version>\d{14})_(?P<name>[a-z0-9_]+)\.sql$")

_BOOKKEEPING = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
"""


@dataclass(frozen=True)
class Migration:
    """One SQL file, identified by its 14-digit timestamp version."""

    version: str
    name: str
    path: Path

    def sql(self) -> str:
        """Read the file's SQL."""
        return self.path.read_text(encoding="utf-8")


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """List migrations in version order, refusing badly named files."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise ValueError(f"migration file name must be <14 digits>_<name>.sql: {path.name}")
        found.append(Migration(match["version"], match["name"], path))
    return found


async def applied_versions(conn: asyncpg.Connection) -> set[str]:
    """Return the versions already recorded in this database."""
    exists = await conn.fetchval("select to_regclass('supabase_migrations.schema_migrations')")
    if exists is None:
        return set()
    rows = await conn.fetch("select version from supabase_migrations.schema_migrations")
    return {row["version"] for row in rows}


async def migrate(conn: asyncpg.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the versions applied.

    Concurrent deploys take turns on a lock of the bookkeeping table, not an advisory lock:
    any role (a bot's too) may take advisory locks and would hang the next deploy.
    """
    await _bookkeeping(conn)
    applied = []
    for migration in discover(directory):
        async with conn.transaction():
            await conn.execute(
                "lock table supabase_migrations.schema_migrations in share row exclusive mode"
            )
            if migration.version in await applied_versions(conn):
                continue
            sql = migration.sql()
            await conn.execute(sql)
            await conn.execute(
                "insert into supabase_migrations.schema_migrations (version, statements, name)"
                " values ($1, $2, $3)",
                migration.version,
                [sql],
                migration.name,
            )
        log.info("applied migration %s_%s", migration.version, migration.name)
        applied.append(migration.version)
    return applied


async def _bookkeeping(conn: asyncpg.Connection) -> None:
    """Create the migrations table; a process racing us to it may win, which is fine."""
    try:
        await conn.execute(_BOOKKEEPING)
    except (asyncpg.UniqueViolationError, asyncpg.DuplicateObjectError):
        await conn.execute(_BOOKKEEPING)  # the other process made it: now a no-op
