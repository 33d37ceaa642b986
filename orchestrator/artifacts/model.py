"""What an artifact is, how the stores fail, and the one interface both backends offer."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Literal, Protocol

import asyncpg

from orchestrator.core.errors import NoFomoError

ArtifactKind = Literal[
    "equity_chart", "trades_chart", "hyperopt_chart", "strategy_code", "backtest_report"
]
# A bytea row is capped by the table (20261124000400); Storage takes up to this much.
MAX_ROW_BYTES = 5 * 1024 * 1024
MAX_OBJECT_BYTES = 50 * 1024 * 1024


class ArtifactError(NoFomoError):
    """An artifact cannot be stored or read."""


class ArtifactUnavailableError(ArtifactError):
    """The artifact's bytes cannot be reached now (Storage down or not configured here)."""


class StorageRefusedError(ArtifactError):
    """Storage refused the request itself (a wrong key, a public bucket): fix the settings."""


class ChecksumMismatchError(ArtifactError):
    """The bytes read back are not the bytes that were stored."""


@dataclass(frozen=True)
class StoredArtifact:
    """An artifact's metadata row: where its bytes live and their sha256."""

    id: uuid.UUID
    user_id: uuid.UUID
    kind: str
    content_type: str
    sha256: str
    size_bytes: int
    ref_id: uuid.UUID | None = None
    storage_bucket: str | None = None  # None: the bytes are in the row (bytea)
    storage_path: str | None = None

    @property
    def in_storage(self) -> bool:
        """Tell whether the bytes live in Supabase Storage rather than in the row."""
        return self.storage_path is not None

    @property
    def location(self) -> tuple[str, str]:
        """Return the (bucket, path) of the object that holds the bytes."""
        if self.storage_bucket is None or self.storage_path is None:
            raise ArtifactError(f"artifact {self.id} keeps its bytes in its row")
        return self.storage_bucket, self.storage_path


@dataclass(frozen=True)
class Artifact:
    """An artifact read back, its checksum verified."""

    meta: StoredArtifact
    content: bytes


class ArtifactStore(Protocol):
    """Store and read a user's artifacts; metadata in Postgres, bytes wherever the store puts them.

    `put` writes the row on the caller's connection, so it commits with the caller's work.
    """

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
        """Store `content` as one of the user's artifacts and return its row."""
        ...

    async def get(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> Artifact | None:
        """Return the user's artifact with verified bytes, or None if there is none."""
        ...

    async def signed_url(
        self, user_id: uuid.UUID, artifact_id: uuid.UUID, expires_in: int = 300
    ) -> str | None:
        """Return a URL that serves the bytes for `expires_in` seconds, or None if none can."""
        ...

    async def photo(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> bytes | str | None:
        """Return what a chat message attaches: the bytes, or a short-lived signed URL."""
        ...

    async def remove(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> bool:
        """Delete the artifact (row and bytes); return whether there was one."""
        ...

    async def aclose(self) -> None:
        """Release the store's connections."""
        ...


def checksum(content: bytes) -> str:
    """Return the hex sha256 the row keeps for `content`."""
    return hashlib.sha256(content).hexdigest()


def verified(meta: StoredArtifact, content: bytes) -> Artifact:
    """Return the artifact if `content` matches its row; raise ChecksumMismatchError if not."""
    if len(content) != meta.size_bytes or checksum(content) != meta.sha256:
        raise ChecksumMismatchError(
            f"artifact {meta.id}: read {len(content)} bytes that do not match the stored sha256"
        )
    return Artifact(meta, content)


def object_path(user_id: uuid.UUID, kind: str, artifact_id: uuid.UUID) -> str:
    """Return where an artifact's object lives in the bucket: `user_id/<kind>/<id>`."""
    return f"{user_id}/{kind}/{artifact_id}"
