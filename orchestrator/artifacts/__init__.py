"""Artifacts (charts, strategy files, reports): metadata in Postgres, bytes in Postgres or Storage.

`artifact_store(settings, db)` picks the backend once per process: a private Supabase Storage
bucket (objects at `user_id/<kind>/<id>`) when SUPABASE_URL and SUPABASE_SERVICE_KEY are set,
else Postgres bytea as before. Either way the `artifacts` row keeps the kind, size and sha256,
every read checks the sha256, and each store also reads the rows the other one wrote.
"""

from orchestrator.artifacts.bucket import StorageBucket, storage_url
from orchestrator.artifacts.model import (
    Artifact,
    ArtifactError,
    ArtifactKind,
    ArtifactStore,
    ArtifactUnavailableError,
    ChecksumMismatchError,
    StorageRefusedError,
    StoredArtifact,
    checksum,
    object_path,
)
from orchestrator.artifacts.postgres import PostgresArtifacts
from orchestrator.artifacts.storage import StorageArtifacts, artifact_store

__all__ = [
    "Artifact",
    "ArtifactError",
    "ArtifactKind",
    "ArtifactStore",
    "ArtifactUnavailableError",
    "ChecksumMismatchError",
    "PostgresArtifacts",
    "StorageArtifacts",
    "StorageBucket",
    "StorageRefusedError",
    "StoredArtifact",
    "artifact_store",
    "checksum",
    "object_path",
    "storage_url",
]
