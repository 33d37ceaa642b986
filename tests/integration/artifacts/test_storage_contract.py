"""Artifacts round-trip through a Storage API with the real storage3 and supabase clients.

Each test runs against the storage emulator and, when SUPABASE_URL and SUPABASE_SERVICE_KEY
are set, against that real project too (see conftest.py).
"""

from __future__ import annotations

import hashlib

import httpx
import pytest
from storage3.exceptions import StorageApiError
from supabase import AClient

from orchestrator.artifacts import (
    ChecksumMismatchError,
    StorageArtifacts,
    StorageRefusedError,
    object_path,
)
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.integration.artifacts.conftest import BucketFactory, Target
from tests.integration.emulators.conftest_telegram import png_bytes

CHART = png_bytes(40, 30)


async def test_a_chart_round_trips_and_its_row_keeps_only_metadata(
    db: Database, store: StorageArtifacts, make_user: UserFactory, supabase: AClient, target: Target
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART)
    assert stored.storage_bucket == target.bucket
    assert stored.storage_path == object_path(user, "equity_chart", stored.id)
    assert stored.sha256 == hashlib.sha256(CHART).hexdigest()
    async with db.as_service() as conn:
        row = await conn.fetchrow("select * from artifacts where id = $1", stored.id)
    assert row["content"] is None and row["size_bytes"] == len(CHART)
    assert row["storage_path"] == f"{user}/equity_chart/{stored.id}"
    # Another client sees the very object, with its content type.
    bucket = supabase.storage.from_(target.bucket)
    assert await bucket.download(stored.storage_path) == CHART
    read = await store.get(user, stored.id)
    assert read is not None and read.content == CHART and read.meta == stored


async def test_the_bucket_is_private(
    db: Database, store: StorageArtifacts, make_user: UserFactory, supabase: AClient, target: Target
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART)
    assert (await supabase.storage.get_bucket(target.bucket)).public is False
    public = await supabase.storage.from_(target.bucket).get_public_url(stored.location[1])
    async with httpx.AsyncClient() as http:
        answer = await http.get(public)
    assert answer.status_code >= 400 and answer.content != CHART


async def test_bytes_changed_in_storage_are_caught_on_read(
    db: Database, store: StorageArtifacts, make_user: UserFactory, supabase: AClient, target: Target
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "trades_chart", CHART)
    tampered = CHART[:-1] + bytes([CHART[-1] ^ 1])
    await supabase.storage.from_(target.bucket).update(
        stored.location[1], tampered, {"content-type": "image/png"}
    )
    with pytest.raises(ChecksumMismatchError):
        await store.get(user, stored.id)


async def test_a_signed_url_serves_the_chart_without_a_key(
    db: Database, store: StorageArtifacts, make_user: UserFactory
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "hyperopt_chart", CHART)
    url = await store.signed_url(user, stored.id, expires_in=60)
    assert url is not None
    async with httpx.AsyncClient() as http:
        answer = await http.get(url)
        forged = await http.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB"))
    assert answer.status_code == 200 and answer.content == CHART
    assert answer.headers["content-type"].startswith("image/png")
    assert forged.status_code >= 400 and forged.content != CHART


async def test_remove_deletes_the_row_and_the_object(
    db: Database, store: StorageArtifacts, make_user: UserFactory, supabase: AClient, target: Target
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await store.put(
            conn, user, "strategy_code", b"class S: ...", content_type="text/x-python"
        )
    assert await store.remove(user, stored.id) is True
    assert await store.get(user, stored.id) is None
    assert await store.remove(user, stored.id) is False
    with pytest.raises(StorageApiError) as gone:
        await supabase.storage.from_(target.bucket).download(stored.location[1])
    assert str(gone.value.status) in ("400", "404")


async def test_another_users_artifact_is_not_found(
    db: Database, store: StorageArtifacts, make_user: UserFactory
) -> None:
    alice, bob = await make_user(), await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, alice, "equity_chart", CHART)
    assert await store.get(bob, stored.id) is None
    assert await store.signed_url(bob, stored.id) is None
    assert await store.remove(bob, stored.id) is False
    assert await store.get(alice, stored.id) is not None


async def test_a_wrong_service_key_is_refused(
    db: Database,
    store: StorageArtifacts,
    make_user: UserFactory,
    make_bucket: BucketFactory,
    target: Target,
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART)
    impostor = StorageArtifacts(db, make_bucket(service_key="not-the-service-key"))
    async with db.as_service() as conn:
        with pytest.raises(StorageRefusedError):
            await impostor.put(conn, user, "equity_chart", CHART)
    with pytest.raises(StorageRefusedError):
        await impostor.get(user, stored.id)
    with pytest.raises(StorageRefusedError):
        await impostor.signed_url(user, stored.id)
    async with db.as_service() as conn:
        count = await conn.fetchval("select count(*) from artifacts where user_id = $1", user)
    assert count == 1  # the refused upload left no row behind
