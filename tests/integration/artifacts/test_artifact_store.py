"""The artifact stores over real Postgres: bytea by default, Storage when configured, and both."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from pydantic import SecretStr

from emulators.storage import StorageEmulator
from orchestrator.artifacts import (
    ArtifactUnavailableError,
    ChecksumMismatchError,
    PostgresArtifacts,
    StorageArtifacts,
    StorageBucket,
    StorageRefusedError,
    artifact_store,
)
from orchestrator.core.errors import ConfigError
from orchestrator.core.settings import Settings
from orchestrator.db.pool import Database
from orchestrator.strategies.reports import store_artifacts
from tests.conftest import UserFactory
from tests.integration.emulators.conftest_telegram import png_bytes

CHART = png_bytes(20, 10)


@pytest.fixture
async def emulator() -> AsyncIterator[StorageEmulator]:
    async with StorageEmulator() as running:
        yield running


@pytest.fixture
async def bucket(emulator: StorageEmulator) -> AsyncIterator[StorageBucket]:
    made = StorageBucket(emulator.url, emulator.service_key, "charts")
    yield made
    await made.aclose()


async def test_bytea_is_the_default_and_round_trips_with_its_checksum(
    db: Database, make_user: UserFactory
) -> None:
    store, user = PostgresArtifacts(db), await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART, ref_id=user)
    assert not stored.in_storage and stored.size_bytes == len(CHART)
    read = await store.get(user, stored.id)
    assert read is not None and read.content == CHART and read.meta.ref_id == user
    assert await store.photo(user, stored.id) == CHART
    assert await store.signed_url(user, stored.id) is None  # bytea has no URL
    assert await store.remove(user, stored.id) is True
    assert await store.get(user, stored.id) is None and await store.photo(user, stored.id) is None


async def test_bytea_changed_behind_the_store_is_caught(
    db: Database, make_user: UserFactory
) -> None:
    store, user = PostgresArtifacts(db), await make_user()
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART)
        await conn.execute(
            "update artifacts set content = overlay(content placing '\\x00'::bytea from 20)"
            " where id = $1",
            stored.id,
        )
    with pytest.raises(ChecksumMismatchError):
        await store.get(user, stored.id)


async def test_rows_written_before_storage_are_still_read(
    db: Database, make_user: UserFactory, bucket: StorageBucket
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        old = await PostgresArtifacts(db).put(conn, user, "trades_chart", CHART)
    store = StorageArtifacts(db, bucket, photo_urls=True)
    read = await store.get(user, old.id)
    assert read is not None and read.content == CHART
    assert await store.photo(user, old.id) == CHART  # no URL for a bytea row: its bytes


async def test_a_process_without_storage_says_so_for_a_stored_chart(
    db: Database, make_user: UserFactory, bucket: StorageBucket
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        stored = await StorageArtifacts(db, bucket).put(conn, user, "equity_chart", CHART)
    with pytest.raises(ArtifactUnavailableError, match="SUPABASE_URL"):
        await PostgresArtifacts(db).get(user, stored.id)
    with pytest.raises(ArtifactUnavailableError):
        await PostgresArtifacts(db).remove(user, stored.id)
    assert await StorageArtifacts(db, bucket).get(user, stored.id) is not None  # row kept


async def test_a_missing_bucket_is_created_private(
    db: Database, make_user: UserFactory, emulator: StorageEmulator, bucket: StorageBucket
) -> None:
    user = await make_user()
    assert "charts" not in emulator.project.state.buckets
    async with db.as_service() as conn:
        stored = await StorageArtifacts(db, bucket).put(conn, user, "equity_chart", CHART)
    assert emulator.project.state.buckets["charts"].public is False
    assert emulator.object_data("charts", f"{user}/equity_chart/{stored.id}") == CHART


async def test_a_public_bucket_is_refused_and_nothing_is_stored(
    db: Database, make_user: UserFactory, emulator: StorageEmulator, bucket: StorageBucket
) -> None:
    emulator.project.state.create_bucket({"id": "charts", "public": True})
    user = await make_user()
    async with db.as_service() as conn:
        with pytest.raises(StorageRefusedError, match="public"):
            await StorageArtifacts(db, bucket).put(conn, user, "equity_chart", CHART)
    assert emulator.project.state.buckets["charts"].objects == {}


async def test_a_storage_outage_keeps_the_chart_in_postgres(
    db: Database,
    make_user: UserFactory,
    emulator: StorageEmulator,
    bucket: StorageBucket,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = await make_user()
    await emulator.stop()
    store = StorageArtifacts(db, bucket)
    with caplog.at_level(logging.WARNING, logger="orchestrator.artifacts"):
        async with db.as_service() as conn:
            stored = await store.put(conn, user, "equity_chart", CHART)
    assert not stored.in_storage
    assert any("kept in Postgres" in r.getMessage() for r in caplog.records)
    read = await store.get(user, stored.id)
    assert read is not None and read.content == CHART


async def test_photo_urls_hand_out_a_signed_url(
    db: Database, make_user: UserFactory, emulator: StorageEmulator, bucket: StorageBucket
) -> None:
    user = await make_user()
    store = StorageArtifacts(db, bucket, photo_urls=True, photo_url_ttl=120)
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART)
    url = await store.photo(user, stored.id)
    assert isinstance(url, str)
    assert url.startswith(f"{emulator.storage_url}object/sign/charts/{user}/equity_chart/")
    assert await store.photo(user, uuid.uuid4()) is None


async def test_a_row_cannot_hold_its_bytes_in_both_places(
    db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        with pytest.raises(asyncpg.CheckViolationError, match="artifacts_one_place"):
            await conn.execute(
                "insert into artifacts (user_id, kind, content, sha256, size_bytes,"
                " storage_bucket, storage_path) values ($1, 'equity_chart', $2, $3, 3, 'b', 'p')",
                user,
                b"abc",
                "0" * 64,
            )


async def test_the_settings_pick_the_store(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUPABASE_URL", "SUPABASE_SERVICE_KEY", "SUPABASE_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(artifact_store(Settings(_env_file=None), db), PostgresArtifacts)
    key = SecretStr("service-key-for-tests")
    url = "http://127.0.0.1:9"
    chosen = artifact_store(
        Settings(_env_file=None, supabase_url=url, supabase_service_key=key), db
    )
    assert isinstance(chosen, StorageArtifacts) and chosen.bucket.name == "artifacts"
    await chosen.aclose()
    with pytest.raises(ConfigError, match="go together"):
        artifact_store(Settings(_env_file=None, supabase_url=url), db)
    blank = Settings(_env_file=None, supabase_service_key="  ")  # a copied .env's `NAME=`
    assert isinstance(artifact_store(blank, db), PostgresArtifacts)


async def test_job_charts_go_to_storage_with_their_run(
    db: Database, make_user: UserFactory, emulator: StorageEmulator, bucket: StorageBucket
) -> None:
    user, run = await make_user(), uuid.uuid4()
    charts = {"equity_chart": CHART, "trades_chart": png_bytes(5, 5)}
    async with db.as_service() as conn:
        ids = await store_artifacts(StorageArtifacts(db, bucket), conn, user, charts, run)
        rows = await conn.fetch(
            "select id, kind, ref_id, content from artifacts where ref_id = $1 order by kind", run
        )
    assert [(r["id"], r["kind"], r["content"]) for r in rows] == [
        (ids["equity_chart"], "equity_chart", None),
        (ids["trades_chart"], "trades_chart", None),
    ]
    for kind, content in charts.items():
        assert emulator.object_data("charts", f"{user}/{kind}/{ids[kind]}") == content
