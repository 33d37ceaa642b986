"""What the Storage emulator holds: buckets and their objects, in memory."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]


class StorageError(Exception):
    """A refusal the Storage API answers with `{statusCode, error, message}`."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message

    def body(self) -> JSON:
        """Return the JSON body the real API sends (statusCode as a string, as it does)."""
        return {"statusCode": str(self.status), "error": self.error, "message": self.message}


def not_found(what: str = "Object") -> StorageError:
    """Return the error for a missing object or bucket."""
    if what == "Bucket":
        return StorageError(404, "Bucket not found", "Bucket not found")
    return StorageError(404, "not_found", "Object not found")


def duplicate() -> StorageError:
    """Return the error for creating what already exists."""
    return StorageError(409, "Duplicate", "The resource already exists")


def iso(moment: float) -> str:
    """Return a Unix time as the API's ISO 8601 timestamp."""
    return datetime.fromtimestamp(moment, UTC).isoformat().replace("+00:00", "Z")


@dataclass
class StoredObject:
    """One object: its bytes and the metadata the API reports."""

    name: str
    data: bytes
    content_type: str
    cache_control: str
    created: float
    updated: float
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def etag(self) -> str:
        """Return the object's ETag, quoted as S3 does."""
        return f'"{hashlib.md5(self.data, usedforsecurity=False).hexdigest()}"'

    def to_api(self, bucket: str) -> JSON:
        """Describe the object as the list and remove routes do."""
        return {
            "name": self.name,
            "bucket_id": bucket,
            "owner": "",
            "id": self.id,
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
            "last_accessed_at": iso(self.updated),
            "metadata": {
                "eTag": self.etag(),
                "size": len(self.data),
                "mimetype": self.content_type,
                "cacheControl": f"max-age={self.cache_control}",
                "lastModified": iso(self.updated),
                "contentLength": len(self.data),
                "httpStatusCode": 200,
            },
        }


@dataclass
class Bucket:
    """A bucket: public or private, an optional size limit, and its objects by path."""

    id: str
    public: bool
    file_size_limit: int | None
    allowed_mime_types: list[str] | None
    created: float
    objects: dict[str, StoredObject] = field(default_factory=dict)

    def to_api(self) -> JSON:
        """Describe the bucket as `GET /bucket/{id}` does."""
        return {
            "id": self.id,
            "name": self.id,
            "owner": "",
            "public": self.public,
            "file_size_limit": self.file_size_limit,
            "allowed_mime_types": self.allowed_mime_types,
            "created_at": iso(self.created),
            "updated_at": iso(self.created),
        }

    def check_upload(self, size: int, content_type: str) -> None:
        """Refuse an object over the bucket's size limit or of a type it does not allow."""
        if self.file_size_limit is not None and size > self.file_size_limit:
            raise StorageError(
                413, "Payload too large", "The object exceeded the maximum allowed size"
            )
        allowed = self.allowed_mime_types
        if allowed and content_type.split(";")[0].strip() not in allowed:
            raise StorageError(
                415, "invalid_mime_type", f"mime type {content_type} is not supported"
            )


class StorageState:
    """Every bucket of the emulated project."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.buckets: dict[str, Bucket] = {}

    def bucket(self, bucket_id: str) -> Bucket:
        """Return a bucket or raise the API's not-found error."""
        found = self.buckets.get(bucket_id)
        if found is None:
            raise not_found("Bucket")
        return found

    def create_bucket(self, body: JSON) -> Bucket:
        """Create a bucket from `POST /bucket`'s body."""
        bucket_id = body.get("id") or body.get("name")
        if not isinstance(bucket_id, str) or not bucket_id:
            raise StorageError(400, "InvalidRequest", "body must have required property 'name'")
        if bucket_id in self.buckets:
            raise duplicate()
        limit = body.get("file_size_limit")
        made = Bucket(
            bucket_id,
            bool(body.get("public", False)),
            int(limit) if limit is not None else None,
            body.get("allowed_mime_types"),
            self.clock(),
        )
        self.buckets[bucket_id] = made
        return made

    def obj(self, bucket_id: str, path: str) -> StoredObject:
        """Return an object or raise the API's not-found error."""
        found = self.bucket(bucket_id).objects.get(path)
        if found is None:
            raise not_found()
        return found

    def put(self, bucket_id: str, path: str, upload: Upload, *, mode: str) -> StoredObject:
        """Store an upload: mode 'create' refuses an existing path, 'update' needs one."""
        bucket = self.bucket(bucket_id)
        bucket.check_upload(len(upload.data), upload.content_type)
        existing = bucket.objects.get(path)
        if existing is not None and mode == "create":
            raise duplicate()
        if existing is None and mode == "update":
            raise not_found()
        now = self.clock()
        stored = StoredObject(
            path, upload.data, upload.content_type, upload.cache_control, now, now
        )
        if existing is not None:
            stored.created, stored.id = existing.created, existing.id
        bucket.objects[path] = stored
        return stored

    def remove(self, bucket_id: str, paths: list[str]) -> list[JSON]:
        """Delete the objects that exist among `paths`; describe what was deleted."""
        bucket = self.bucket(bucket_id)
        gone = [bucket.objects.pop(p) for p in paths if p in bucket.objects]
        return [o.to_api(bucket_id) for o in gone]


@dataclass(frozen=True)
class Upload:
    """An uploaded body: its bytes, content type and cache control."""

    data: bytes
    content_type: str
    cache_control: str = "3600"
