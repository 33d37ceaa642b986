"""Artifacts kept as Postgres bytea in their own row: the default without Supabase Storage."""

from __future__ import annotations

import uuid

import asyncpg

from orchestrator.artifacts.model import (
    MAX_ROW_BYTES,
    Artifact,
    ArtifactError,
    ArtifactKind,
    ArtifactUnavailableError,
    StoredArtifact,
    checksum,
    verified,
)
from orchestrator.db.pool import Database

# The metadata columns, in StoredArtifact's order; `content` only where the bytes are wanted.
_INSERT = (
    "insert into artifacts (id, user_id, kind, content_type, sha256, size_bytes, ref_id,"
    " storage_bucket, storage_path, content) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
)
_SELECT = (
    "select id, user_id, kind, content_type, sha256, size_bytes, ref_id, storage_bucket,"
    " storage_path, content from artifacts where id = $1 and user_id = $2"
)
_SELECT_META = (
    "select id, user_id, kind, content_type, sha256, size_bytes, ref_id, storage_bucket,"
    " storage_path from artifacts where id = $1 and user_id = $2"
)
_DELETE = (
    "delete from artifacts where id = $1 and user_id = $2 returning id, user_id, kind,"
    " content_type, sha256, size_bytes, ref_id, storage_bucket, storage_path"
)


def _meta(row: asyncpg.Record) -> StoredArtifact:
    return StoredArtifact(
        row["id"],
        row["user_id"],
        row["kind"],
        row["content_type"],
        row["sha256"],
        row["size_bytes"],
        row["ref_id"],
        row["storage_bucket"],
        row["storage_path"],
    )


async def insert_row(
    conn: asyncpg.Connection, meta: StoredArtifact, content: bytes | None
) -> StoredArtifact:
    """Write an artifact's row: its bytes (bytea) or where Storage keeps them."""
    await conn.execute(
        _INSERT,
        meta.id,
        meta.user_id,
        meta.kind,
        meta.content_type,
        meta.sha256,
        meta.size_bytes,
        meta.ref_id,
        meta.storage_bucket,
        meta.storage_path,
        content,
    )
    return meta


class PostgresArtifacts:
    """Keep the bytes in the row; read rows that Storage holds only through a subclass."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(
        self,
        conn: asyncpg.Connection,
        user_id: uuid.UUID,
        kind: ArtifactKind,
        content: bytes,
        *,
        ref_id: uuid.UUID | None = None,
        content_type: str = "image/png",
    ) -> StoredArtifact:
        """Store `content` in a new row on the caller's connection and return its metadata."""
        if len(content) > MAX_ROW_BYTES:
            raise ArtifactError(f"{kind} of {len(content)} bytes is too large for Postgres")
        meta = StoredArtifact(
            uuid.uuid4(), user_id, kind, content_type, checksum(content), len(content), ref_id
        )
        return await insert_row(conn, meta, content)

    async def get(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> Artifact | None:
        """Return the user's artifact with its checksum verified, or None if there is none."""
        async with self.db.as_service() as conn:
            row = await conn.fetchrow(_SELECT, artifact_id, user_id)
        if row is None:
            return None
        meta = _meta(row)
        content = row["content"] if row["content"] is not None else await self._download(meta)
        return verified(meta, bytes(content))

    async def signed_url(
        self, user_id: uuid.UUID, artifact_id: uuid.UUID, expires_in: int = 300
    ) -> str | None:
        """Return a signed URL for an artifact in Storage; None for bytea rows and unknown ids."""
        meta = await self._meta(user_id, artifact_id)
        if meta is None or not meta.in_storage:
            return None
        return await self._sign(meta, expires_in)

    async def photo(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> bytes | str | None:
        """Return the artifact's bytes for a chat message (None if it is gone)."""
        artifact = await self.get(user_id, artifact_id)
        return artifact.content if artifact is not None else None

    async def remove(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> bool:
        """Delete the row and its object if Storage holds one; return whether it existed."""
        async with self.db.as_service() as conn:
            row = await conn.fetchrow(_DELETE, artifact_id, user_id)
            if row is None:
                return False
            meta = _meta(row)
            if meta.in_storage:  # inside the transaction: a failure keeps the row
                await self._discard(meta)
        return True

    async def aclose(self) -> None:
        """Nothing to release: the database pool belongs to the runtime."""

    async def _meta(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> StoredArtifact | None:
        async with self.db.as_service() as conn:
            row = await conn.fetchrow(_SELECT_META, artifact_id, user_id)
        return _meta(row) if row is not None else None

    async def _download(self, meta: StoredArtifact) -> bytes:
        raise _no_storage(meta)

    async def _sign(self, meta: StoredArtifact, expires_in: int) -> str:
        raise _no_storage(meta)

    async def _discard(self, meta: StoredArtifact) -> None:
        raise _no_storage(meta)


def _no_storage(meta: StoredArtifact) -> ArtifactUnavailableError:
    # A row written while Storage was configured, read by a process without SUPABASE_URL.
    return ArtifactUnavailableError(
        f"artifact {meta.id} is in Supabase Storage ({meta.storage_bucket}), which this process"
        " has not configured: set SUPABASE_URL and SUPABASE_SERVICE_KEY"
    )
