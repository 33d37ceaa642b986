"""Where the Storage contract tests run: the emulator, and a real project when one is configured.

With SUPABASE_URL and SUPABASE_SERVICE_KEY in the environment, every contract test also runs
against that project (bucket SUPABASE_TEST_BUCKET, default `nofomo-contract-tests`, created
private if missing); the objects a test creates are removed afterwards.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import pytest
from supabase import AClient, AsyncClientOptions, acreate_client

from emulators.storage import StorageEmulator
from orchestrator.artifacts import StorageArtifacts, StorageBucket
from orchestrator.db.pool import Database
from tests.conftest import UserFactory

REAL = bool(os.environ.get("SUPABASE_URL") and os.environ.get("SUPABASE_SERVICE_KEY"))
TARGETS = ["emulator", "supabase"] if REAL else ["emulator"]


@dataclass(frozen=True)
class Target:
    """A Storage API to test against: its project URL, service key and test bucket."""

    url: str
    service_key: str
    bucket: str


@pytest.fixture(params=TARGETS)
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    """The storage emulator, then (when configured) the real Supabase project."""
    if request.param == "supabase":
        bucket = os.environ.get("SUPABASE_TEST_BUCKET", "nofomo-contract-tests")
        yield Target(os.environ["SUPABASE_URL"], os.environ["SUPABASE_SERVICE_KEY"], bucket)
        return
    async with StorageEmulator() as emulator:
        yield Target(emulator.url, emulator.service_key, "artifacts")


@pytest.fixture
async def supabase(target: Target) -> AsyncIterator[AClient]:
    """The `supabase` package's own async client for the target, as any other user would hold."""
    async with httpx.AsyncClient() as http:
        options = AsyncClientOptions(httpx_client=http)  # storage3 warns about its own timeout
        yield await acreate_client(target.url, target.service_key, options)


BucketFactory = Callable[..., StorageBucket]


@pytest.fixture
async def make_bucket(target: Target) -> AsyncIterator[BucketFactory]:
    """Build StorageBuckets for the target (a wrong key on request); close them afterwards."""
    made: list[StorageBucket] = []

    def factory(*, service_key: str | None = None) -> StorageBucket:
        bucket = StorageBucket(target.url, service_key or target.service_key, target.bucket)
        made.append(bucket)
        return bucket

    yield factory
    for bucket in made:
        await bucket.aclose()


@pytest.fixture
async def store(
    db: Database,
    make_user: UserFactory,  # set up first, so its users (and rows) outlive this clean-up
    make_bucket: BucketFactory,
    supabase: AClient,
    target: Target,
) -> AsyncIterator[StorageArtifacts]:
    """Artifacts in the target's bucket; what the test left there is removed afterwards."""
    artifacts = StorageArtifacts(db, make_bucket())
    yield artifacts
    async with db.as_service() as conn:
        paths = await conn.fetch(
            "select storage_path from artifacts where storage_bucket = $1", target.bucket
        )
    leftovers = [row["storage_path"] for row in paths]
    if leftovers:
        await supabase.storage.from_(target.bucket).remove(leftovers)
