"""One private Supabase Storage bucket, reached with the service key through `storage3`.

Every failure leaves as one of two errors: `ArtifactUnavailableError` when Storage cannot be
reached, fails on its side or lacks the object, `StorageRefusedError` when it refuses the
request itself (a wrong key, a public bucket), which only the settings can fix.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import httpx
from pydantic import ValidationError
from storage3 import AsyncStorageClient
from storage3.exceptions import StorageApiError
from storage3.types import CreateOrUpdateBucketOptions, FileOptions
from storage3.utils import StorageException

from orchestrator.artifacts.model import (
    MAX_OBJECT_BYTES,
    ArtifactUnavailableError,
    StorageRefusedError,
)

log = logging.getLogger(__name__)


def storage_url(project_url: str) -> str:
    """Return the Storage API root of a Supabase project URL (`…/storage/v1/`)."""
    return f"{project_url.rstrip('/')}/storage/v1/"


def _status(exc: StorageApiError) -> int:
    # storage3 reports the body's statusCode ("404") or, when the body has none, the HTTP one.
    text = str(exc.status)
    return int(text) if text.isdigit() else 500


@contextlib.contextmanager
def _translated(what: str) -> Iterator[None]:
    """Turn storage3's and httpx's errors into the two errors callers handle."""
    try:
        yield
    except StorageApiError as exc:
        # Gone (404) or struggling (408, 429, 5xx) is no settings problem: do not call it one.
        status = _status(exc)
        if status >= 500 or status in (404, 408, 429):
            raise ArtifactUnavailableError(f"Storage failed to {what}: {exc.message}") from exc
        raise StorageRefusedError(f"Storage refused to {what}: {exc.message}") from exc
    except (StorageException, httpx.HTTPError, ValidationError) as exc:  # odd replies too
        raise ArtifactUnavailableError(f"Storage unreachable to {what}: {exc!r}") from exc


class StorageBucket:
    """Upload, download, sign and remove objects in one bucket, created private when missing."""

    def __init__(
        self, project_url: str, service_key: str, name: str, *, timeout: float = 20.0
    ) -> None:
        headers = {"apikey": service_key, "Authorization": f"Bearer {service_key}"}
        self._http = httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._client = AsyncStorageClient(storage_url(project_url), headers, http_client=self._http)
        self.name = name
        self._ready = False
        self._lock = asyncio.Lock()

    async def ensure(self) -> None:
        """Create the bucket, private, unless it exists; refuse to write into a public one."""
        if self._ready:
            return
        async with self._lock:
            if not self._ready:
                await self._ensure()
                self._ready = True

    async def _ensure(self) -> None:
        with _translated(f"read bucket {self.name}"):
            try:
                bucket = await self._client.get_bucket(self.name)
            except StorageApiError as exc:
                if _status(exc) != 404:
                    raise
                bucket = None
        if bucket is None:
            await self._create()
        elif bucket.public:
            raise StorageRefusedError(f"bucket {self.name} is public; artifacts need a private one")

    async def _create(self) -> None:
        options: CreateOrUpdateBucketOptions = {
            "public": False,
            "file_size_limit": MAX_OBJECT_BYTES,
        }
        with _translated(f"create bucket {self.name}"):
            try:
                await self._client.create_bucket(self.name, options=options)
            except StorageApiError as exc:
                if _status(exc) != 409:  # 409: another process created it first
                    raise
        log.info("Storage bucket %s is ready (private)", self.name)

    async def upload(self, path: str, content: bytes, content_type: str) -> None:
        """Store `content` at `path`; an existing object is never overwritten."""
        await self.ensure()
        options: FileOptions = {"content-type": content_type, "upsert": "false"}
        with _translated(f"upload {path}"):
            await self._client.from_(self.name).upload(path, content, options)

    async def download(self, bucket: str, path: str) -> bytes:
        """Return the object's bytes (authenticated with the service key)."""
        with _translated(f"download {bucket}/{path}"):
            return await self._client.from_(bucket).download(path)

    async def sign(self, bucket: str, path: str, expires_in: int) -> str:
        """Return a URL that serves the object without a key for `expires_in` seconds."""
        with _translated(f"sign {bucket}/{path}"):
            signed = await self._client.from_(bucket).create_signed_url(path, expires_in)
        if not signed["signedURL"]:
            raise ArtifactUnavailableError(f"Storage signed no URL for {bucket}/{path}")
        return signed["signedURL"]

    async def remove(self, bucket: str, path: str) -> None:
        """Delete the object; one already gone is not an error."""
        with _translated(f"remove {bucket}/{path}"):
            await self._client.from_(bucket).remove([path])

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()
