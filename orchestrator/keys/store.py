"""Store, list, delete and rotate users' exchange credentials, sealed by the vault."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any, Self

import asyncpg

from orchestrator.alerts.produce import audit
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.db.pool import Database
from orchestrator.keys.vault import Sealed, Vault, exchange_key_aad

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Credentials:
    """Decrypted exchange credentials; only the runner and key checks ever hold these."""

    api_key: str
    secret: str

    def __repr__(self) -> str:
        return f"Credentials(api_key={mask(self.api_key)!r}, secret='***')"


def mask(value: str) -> str:
    """Show only the last four characters of a credential."""
    return "••••" + value[-4:] if len(value) > 8 else "••••"


async def store_key(
    db: Database,
    vault: Vault,
    user_id: uuid.UUID,
    exchange: str,
    credentials: Credentials,
    *,
    label: str = "",
    permissions: dict[str, Any] | None = None,
    ip_restricted: bool = False,
) -> uuid.UUID:
    """Seal the credentials to this user and a new row id, and insert the row."""
    row_id = uuid.uuid4()
    plaintext = json.dumps({"api_key": credentials.api_key, "secret": credentials.secret})
    sealed = vault.seal(plaintext.encode(), exchange_key_aad(user_id, row_id))
    async with db.as_service() as conn:  # permissions are ours to write, never the user's
        await conn.execute(
            "insert into exchange_keys (id, user_id, exchange, label, key_hint, key_version,"
            " nonce, ciphertext, permissions, ip_restricted)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            row_id,
            user_id,
            exchange,
            label,
            mask(credentials.api_key),
            sealed.version,
            sealed.nonce,
            sealed.ciphertext,
            permissions or {},
            ip_restricted,
        )
    return row_id


@dataclass(frozen=True)
class KeySummary:
    """A connected exchange key as the user may see it: masked, never the secret."""

    id: uuid.UUID
    exchange: str
    label: str
    key_hint: str  # the API key's last four characters
    ip_restricted: bool
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the summary from an exchange_keys row."""
        return cls(
            id=row["id"],
            exchange=row["exchange"],
            label=row["label"],
            key_hint=row["key_hint"],
            ip_restricted=row["ip_restricted"],
            created_at=row["created_at"],
        )


async def list_keys(db: Database, user_id: uuid.UUID) -> list[KeySummary]:
    """List the user's keys, masked, newest first."""
    async with db.as_user(user_id) as conn:
        rows = await conn.fetch(
            "select id, exchange, label, key_hint, ip_restricted, created_at"
            " from exchange_keys order by created_at desc"
        )
    return [KeySummary.from_row(row) for row in rows]


async def delete_key(db: Database, user_id: uuid.UUID, key_id: uuid.UUID) -> bool:
    """Delete one of the user's keys; return whether it existed."""
    try:
        async with db.as_user(user_id) as conn:
            result = await conn.execute("delete from exchange_keys where id = $1", key_id)
    except asyncpg.CheckViolationError:
        # A running or paused live bot trades with this key: it must stop first.
        raise UserFacingError("key_in_use") from None
    return bool(result.endswith(" 1"))


def _open_row(vault: Vault, row: asyncpg.Record) -> Credentials:
    sealed = Sealed(row["key_version"], bytes(row["nonce"]), bytes(row["ciphertext"]))
    data = json.loads(vault.open(sealed, exchange_key_aad(row["user_id"], row["id"])))
    return Credentials(api_key=data["api_key"], secret=data["secret"])


async def load_credentials(
    db: Database, vault: Vault, key_id: uuid.UUID, *, owner: uuid.UUID
) -> Credentials:
    """Decrypt one of `owner`'s keys for a system job (bot start); never for display."""
    async with db.as_service() as conn:
        row = await conn.fetchrow(
            "select id, user_id, key_version, nonce, ciphertext from exchange_keys where id = $1",
            key_id,
        )
        stolen = row is not None and row["user_id"] != owner
        if stolen:
            await audit(conn, "system", "key.owner_mismatch", user_id=owner, target=str(key_id))
    if row is None:
        raise LookupError(f"exchange key {key_id} not found")
    if stolen:
        # The composite foreign keys make this impossible; if it happens anyway, someone
        # found a way around them: refuse, and leave a trail an operator will see.
        log.error(
            "SECURITY: key %s of user %s requested for user %s", key_id, row["user_id"], owner
        )
        raise ServiceFailure("internal_error", f"key {key_id} is not owned by {owner}")
    return _open_row(vault, row)


async def rotate_all(db: Database, vault: Vault, batch: int = 200) -> int:
    """Re-encrypt every key not under the newest vault key; return how many changed."""
    changed = 0
    while True:
        async with db.as_service() as conn:
            rows = await conn.fetch(
                "select id, user_id, key_version, nonce, ciphertext from exchange_keys"
                " where key_version <> $1 limit $2 for update skip locked",
                vault.current_version,
                batch,
            )
            for row in rows:
                aad = exchange_key_aad(row["user_id"], row["id"])
                old = Sealed(row["key_version"], bytes(row["nonce"]), bytes(row["ciphertext"]))
                new = vault.reseal(old, aad)
                await conn.execute(
                    "update exchange_keys set key_version = $2, nonce = $3, ciphertext = $4,"
                    " rotated_at = now() where id = $1",
                    row["id"],
                    new.version,
                    new.nonce,
                    new.ciphertext,
                )
        changed += len(rows)
        if len(rows) < batch:
            return changed
