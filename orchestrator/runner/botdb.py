"""Give each bot its own Postgres schema and a role that can use nothing else."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import asyncpg

from orchestrator.core.errors import VaultError
from orchestrator.core.settings import Settings
from orchestrator.keys.vault import Sealed, Vault

# Connections one bot may hold: Freqtrade's engine pool plus its API threads (measured in
# bench/bot_connections.py). The database enforces it, whatever Freqtrade's pool would open.
CONNECTION_LIMIT = 8
# Supavisor's shared pooler: the user names the project, as `role.<project_ref>`.
POOLER_SUFFIX = ".pooler.supabase.com"


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


async def provision(
    conn: asyncpg.Connection, bot_id: uuid.UUID | str, vault: Vault, *, remember: bool = True
) -> BotDatabase:
    """Create the bot's schema and role once; later starts reuse the sealed password.

    A password that changed at every start would fight Supavisor, which caches passwords
    and limits how often it refreshes them.
    """
    async with conn.transaction():  # the lock below needs one (a savepoint inside another)
        return await _provision(conn, bot_id, vault, remember)


async def _provision(
    conn: asyncpg.Connection, bot_id: uuid.UUID | str, vault: Vault, remember: bool
) -> BotDatabase:
    schema, role = names_for(bot_id)
    # Role DDL touches shared catalogs; concurrent starts must take turns. A table lock, not an
    # advisory lock: any role (a bot's too) may hold advisory locks and stop every start.
    await conn.execute("lock table internal.bot_database_passwords in share row exclusive mode")
    exists = await conn.fetchval("select 1 from pg_roles where rolname = $1", role)
    password = await _unsealed(conn, vault, bot_id, role) if exists else None
    if password is None:
        password = secrets.token_urlsafe(24)
        verb = "alter" if exists else "create"
        # Identifiers derive from a UUID and the password is URL-safe base64: both safe here.
        await conn.execute(
            f'{verb} role "{role}" login noinherit nocreatedb nocreaterole'
            f" connection limit {CONNECTION_LIMIT} password '{password}'"
        )
        if remember:
            await _seal(conn, vault, bot_id, role, password)
    await _hold(conn, role)
    await conn.execute(f'create schema if not exists "{schema}" authorization "{role}"')
    await conn.execute(f'alter role "{role}" set search_path = "{schema}"')
    return BotDatabase(schema, role, password)


async def rehearse(conn: asyncpg.Connection, vault: Vault) -> str | None:
    """Provision and use a throwaway bot database, then roll it all back; say what failed."""
    missing = await conn.fetchrow(
        "select not (rolcreaterole or rolsuper) as createrole,"
        " not has_database_privilege(current_database(),"
        " 'CREATE') as create_schema from pg_roles where rolname = current_user"
    )
    if missing is not None and (missing["createrole"] or missing["create_schema"]):
        lacking = [name.upper().replace("_", " ") for name, lacks in missing.items() if lacks]
        return f"the connecting role lacks {', '.join(lacking)}"
    transaction = conn.transaction()
    await transaction.start()
    try:
        bot_db = await provision(conn, uuid.uuid4(), vault, remember=False)
        await conn.execute(f'set local role "{bot_db.role}"')
        await conn.execute(f'create table "{bot_db.schema}".rehearsal (id int)')
    except asyncpg.PostgresError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await transaction.rollback()
    return None


async def stored_password(
    conn: asyncpg.Connection, vault: Vault, bot_id: uuid.UUID | str
) -> str | None:
    """Return a provisioned bot's password (None before its first start)."""
    return await _unsealed(conn, vault, bot_id, names_for(bot_id)[1])


def _aad(bot_id: uuid.UUID | str, role: str) -> bytes:
    return f"botdb:{uuid.UUID(str(bot_id))}:{role}".encode()


async def _unsealed(
    conn: asyncpg.Connection, vault: Vault, bot_id: uuid.UUID | str, role: str
) -> str | None:
    """Return the role's stored password, or None when there is none we can open."""
    row = await conn.fetchrow(
        "select key_version, nonce, ciphertext from internal.bot_database_passwords"
        " where bot_id = $1",
        uuid.UUID(str(bot_id)),
    )
    if row is None:
        return None
    sealed = Sealed(row["key_version"], bytes(row["nonce"]), bytes(row["ciphertext"]))
    try:
        return vault.open(sealed, _aad(bot_id, role)).decode()
    except VaultError:
        return None  # sealed under a retired vault key: a new password replaces it


async def _seal(
    conn: asyncpg.Connection, vault: Vault, bot_id: uuid.UUID | str, role: str, password: str
) -> None:
    sealed = vault.seal(password.encode(), _aad(bot_id, role))
    await conn.execute(
        "insert into internal.bot_database_passwords (bot_id, key_version, nonce, ciphertext)"
        " values ($1, $2, $3, $4) on conflict (bot_id) do update set key_version ="
        " excluded.key_version, nonce = excluded.nonce, ciphertext = excluded.ciphertext,"
        " created_at = now()",
        uuid.UUID(str(bot_id)),
        sealed.version,
        sealed.nonce,
        sealed.ciphertext,
    )


async def _hold(conn: asyncpg.Connection, role: str) -> None:
    """Make the connecting role able to SET ROLE to the bot's role and use its privileges.

    We need both to create the bot's schema with it as owner and to read its tables when
    syncing trades. On Postgres 16+ a CREATEROLE role (Supabase's `postgres`) is granted the
    roles it creates with ADMIN only, so MEMBER is true while SET is not: check SET, and
    grant with INHERIT and SET explicitly.
    """
    modern = int(await conn.fetchval("show server_version_num")) >= 160000
    held = (
        "select pg_has_role(current_user, $1, 'set') and pg_has_role(current_user, $1, 'usage')"
        if modern
        else "select pg_has_role(current_user, $1, 'member')"
    )
    if await conn.fetchval(held, role):
        return
    extra = " with inherit true, set true" if modern else ""
    await conn.execute(f'grant "{role}" to current_user{extra}')


async def drop(conn: asyncpg.Connection, bot_id: uuid.UUID | str) -> None:
    """Remove a deleted bot's schema, role and sealed password."""
    schema, role = names_for(bot_id)
    await conn.execute(f'drop schema if exists "{schema}" cascade')
    if await conn.fetchval("select 1 from pg_roles where rolname = $1", role):
        await conn.execute(f'drop owned by "{role}"')  # also revokes its grants
        await conn.execute(f'drop role "{role}"')
    await conn.execute(
        "delete from internal.bot_database_passwords where bot_id = $1", uuid.UUID(str(bot_id))
    )


def bots_url(settings: Settings, database_url: str) -> str:
    """Return how bots reach the database: BOT_DATABASE_URL, else DATABASE_URL."""
    chosen = settings.bot_database_url
    return chosen.get_secret_value() if chosen else database_url


def is_pooler(database_url: str) -> bool:
    """Tell whether a URL points at Supabase's Supavisor pooler."""
    return (urlsplit(database_url).hostname or "").endswith(POOLER_SUFFIX)


def login_user(database_url: str, bot_id: uuid.UUID | str) -> str:
    """Return the user name a bot logs in with: its role, `role.<project_ref>` via Supavisor."""
    _, role = names_for(bot_id)
    if is_pooler(database_url):
        project_ref = (urlsplit(database_url).username or "").partition(".")[2]
        return f"{role}.{project_ref}" if project_ref else role
    return role


def freqtrade_db_url(database_url: str, bot_db: BotDatabase) -> str:
    """Build the SQLAlchemy URL Freqtrade uses: the bots' server, the bot's role and schema.

    Through Supavisor the user is `role.<project_ref>` (taken from the URL's own user) and
    connection options are ignored, so the role's own search_path setting has to do.
    """
    parts = urlsplit(database_url)
    user, query = bot_db.role, dict(parse_qsl(parts.query))
    if is_pooler(database_url):
        user = f"{bot_db.role}.{(parts.username or '').partition('.')[2]}".rstrip(".")
    else:
        query["options"] = f"-csearch_path={bot_db.schema}"
    netloc = f"{quote(user, safe='')}:{quote(bot_db.password, safe='')}@{parts.hostname or ''}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(("postgresql+psycopg", netloc, parts.path, urlencode(query), ""))
