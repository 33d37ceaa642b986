"""Artifacts in a private Supabase Storage bucket, and the choice of store from the settings."""

from __future__ import annotations

import logging
import uuid

import asyncpg

from orchestrator.artifacts.bucket import StorageBucket
from orchestrator.artifacts.model import (
    MAX_OBJECT_BYTES,
    MAX_ROW_BYTES,
    ArtifactError,
    ArtifactKind,
    ArtifactStore,
    ArtifactUnavailableError,
    StoredArtifact,
    checksum,
    object_path,
)
from orchestrator.artifacts.postgres import PostgresArtifacts, insert_row
from orchestrator.core.errors import ConfigError
from orchestrator.core.settings import Settings
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)


class StorageArtifacts(PostgresArtifacts):
    """Upload new artifacts to the bucket at `user_id/<kind>/<id>`; read rows of either kind.

    With `photo_urls`, chats get a signed URL that Telegram fetches itself (it must reach
    Storage, so only a public Supabase URL will do); otherwise they get the verified bytes.
    """

    def __init__(
        self,
        db: Database,
        bucket: StorageBucket,
        *,
        photo_urls: bool = False,
        photo_url_ttl: int = 300,
    ) -> None:
        super().__init__(db)
        self.bucket = bucket
        self.photo_urls = photo_urls
        self.photo_url_ttl = photo_url_ttl

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
        """Upload `content`, then write its row on the caller's connection."""
        if len(content) > MAX_OBJECT_BYTES:
            raise ArtifactError(f"{kind} of {len(content)} bytes is too large for Storage")
        artifact_id = uuid.uuid4()
        path = object_path(user_id, kind, artifact_id)
        try:
            await self.bucket.upload(path, content, content_type)
        except ArtifactUnavailableError as exc:
            if len(content) > MAX_ROW_BYTES:
                raise
            # A Storage outage should not cost the user a finished backtest: keep this one here.
            log.warning("%s; %s for user %s kept in Postgres", exc, kind, user_id)
            return await super().put(
                conn, user_id, kind, content, ref_id=ref_id, content_type=content_type
            )
        size, digest = len(content), checksum(content)
        meta = StoredArtifact(
            artifact_id, user_id, kind, content_type, digest, size, ref_id, self.bucket.name, path
        )
        # An object whose row never commits (the caller rolled back) stays behind, private.
        return await insert_row(conn, meta, None)

    async def photo(self, user_id: uuid.UUID, artifact_id: uuid.UUID) -> bytes | str | None:
        """Return a signed URL for the chart when so configured and it is in Storage, else bytes."""
        if self.photo_urls:
            url = await self.signed_url(user_id, artifact_id, self.photo_url_ttl)
            if url is not None:
                return url
        return await super().photo(user_id, artifact_id)

    async def aclose(self) -> None:
        """Close the connections to Storage."""
        await self.bucket.aclose()

    async def _download(self, meta: StoredArtifact) -> bytes:
        return await self.bucket.download(*meta.location)

    async def _sign(self, meta: StoredArtifact, expires_in: int) -> str:
        return await self.bucket.sign(*meta.location, expires_in)

    async def _discard(self, meta: StoredArtifact) -> None:
        await self.bucket.remove(*meta.location)


def artifact_store(settings: Settings, db: Database) -> ArtifactStore:
    """Return Storage-backed artifacts when SUPABASE_URL and its service key are set, else bytea."""
    secret = settings.supabase_service_key
    key = secret.get_secret_value().strip() if secret is not None else ""
    url = settings.supabase_url.strip()
    if not url and not key:
        return PostgresArtifacts(db)
    if not (url and key):
        raise ConfigError("SUPABASE_URL and SUPABASE_SERVICE_KEY go together: set both or neither")
    bucket = StorageBucket(url, key, settings.supabase_bucket)
    return StorageArtifacts(db, bucket, photo_urls=settings.supabase_photo_urls)
