"""Give each bot its own Postgres schema and a role that can use nothing else."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import asyncpg


@dataclass(frozen=True)
class BotDatabase:
    """Where one bot's Freqtrade database lives and how it logs in."""

    schema: str
    role: str
    password: str

    def __repr__(self) -> str:
        return f"BotDatabase(schema={self.schema!r}, role={self.role!r})"


def names_for(bot_id: uuid.UUID | str) -> tuple[str, str]:
    """Return (schema, role) for a bot; derived from its id, so always valid identifiers."""
    hex_id = uuid.UUID(str(bot_id)).hex
    return f"bot_{hex_id}", f"nofomo_bot_{hex_id}"


async def provision(conn: asyncpg.Connection, bot_id: uuid.UUID | str) -> BotDatabase:
    """Create (or refresh) the bot's schema and role with a fresh password."""
    schema, role = names_for(bot_id)
    password = secrets.token_urlsafe(24)
    # Role DDL touches shared catalogs; concurrent starts must take turns.
    await conn.execute("select pg_advisory_xact_lock(hashtext('nofomo:botdb'))")
    exists = await conn.fetchval("select 1 from pg_roles where rolname = $1", role)
    verb = "alter" if exists else "create"
    # Identifiers are derived from a UUID, so quoting with %I-style "..." is safe here.
    await conn.execute(
        f'{verb} role "{role}" login noinherit nocreatedb nocreaterole connection limit 8'
        f" password '{password}'"
    )
    member = await conn.fetchval("select pg_has_role(current_user, $1, 'member')", role)
    if not member:
        # Lets our own connection read the bot's tables to sync trades.
        await conn.execute(f'grant "{role}" to current_user')
    await conn.execute(f'create schema if not exists "{schema}" authorization "{role}"')
    await conn.execute(f'alter role "{role}" set search_path = "{schema}"')
    return BotDatabase(schema, role, password)


async def drop(conn: asyncpg.Connection, bot_id: uuid.UUID | str) -> None:
    """Remove a deleted bot's schema and role."""
    schema, role = names_for(bot_id)
    await conn.execute(f'drop schema if exists "{schema}" cascade')
    if await conn.fetchval("select 1 from pg_roles where rolname = $1", role):
        await conn.execute(f'drop owned by "{role}"')  # also revokes its grants
        await conn.execute(f'drop role "{role}"')


def freqtrade_db_url(database_url: str, bot_db: BotDatabase) -> str:
    """Build the SQLAlchemy URL Freqtrade uses: our server, the bot's role and schema."""
    parts = urlsplit(database_url)
    host = parts.hostname or ""
    netloc = f"{quote(bot_db.role, safe='')}:{quote(bot_db.password, safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    query = dict(parse_qsl(parts.query))
    query["options"] = f"-csearch_path={bot_db.schema}"
    return urlunsplit(("postgresql+psycopg", netloc, parts.path, urlencode(query), ""))
