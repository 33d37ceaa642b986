"""Charts kept in Supabase Storage reach the chat: as bytes by default, or as a signed URL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from emulators.storage import StorageEmulator
from emulators.telegram import TelegramEmulator
from orchestrator.artifacts import StorageArtifacts, StorageBucket
from orchestrator.db.pool import Database
from tests.integration.emulators.conftest_telegram import png_bytes
from tests.integration.notify.conftest import ChatUserFactory, SenderFactory, enqueue, settle
from tests.unit.notify.samples import SAMPLES

CHART = png_bytes(64, 48)


@pytest.fixture
async def storage() -> AsyncIterator[StorageEmulator]:
    async with StorageEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bucket(storage: StorageEmulator) -> AsyncIterator[StorageBucket]:
    made = StorageBucket(storage.url, storage.service_key, "artifacts")
    yield made
    await made.aclose()


async def _chart_alert(db: Database, store: StorageArtifacts, user: uuid.UUID) -> str:
    """Store the chart in Storage and queue the alert that shows it; return its object path."""
    async with db.as_service() as conn:
        stored = await store.put(conn, user, "equity_chart", CHART)
    payload = {**SAMPLES["strategy_ready"], "chart_artifact_id": str(stored.id)}
    await enqueue(db, user, "strategy_ready", payload)
    return stored.location[1]


async def test_a_chart_in_storage_arrives_as_a_photo(
    db: Database,
    tg: TelegramEmulator,
    storage: StorageEmulator,
    bucket: StorageBucket,
    new_sender: SenderFactory,
    chat_user: ChatUserFactory,
) -> None:
    user, chat = await chat_user(language="en")
    store = StorageArtifacts(db, bucket)
    path = await _chart_alert(db, store, user)
    found = await settle(new_sender(artifacts=store), db, [user])
    assert [row["status"] for row in found] == ["sent"]
    photo, text = tg.messages(chat)
    assert photo["photo"] is True and photo["text"].startswith("✨ Strategy ready")
    assert tg.state.files[photo["file_id"]].data == CHART  # uploaded: Telegram got the bytes
    assert f"GET /storage/v1/object/artifacts/{path}" in storage.requests
    assert text["text"].startswith("RSI dip buyer")


async def test_with_photo_urls_telegram_gets_a_signed_url_that_serves_the_chart(
    db: Database,
    tg: TelegramEmulator,
    bucket: StorageBucket,
    new_sender: SenderFactory,
    chat_user: ChatUserFactory,
) -> None:
    user, chat = await chat_user(language="id")
    store = StorageArtifacts(db, bucket, photo_urls=True)
    await _chart_alert(db, store, user)
    await settle(new_sender(artifacts=store), db, [user])
    photo, _ = tg.messages(chat)
    sent = tg.state.files[photo["file_id"]]
    assert photo["photo"] is True and sent.data is None and sent.url is not None
    async with httpx.AsyncClient() as telegram_fetching:
        fetched = await telegram_fetching.get(sent.url)
    assert fetched.status_code == 200 and fetched.content == CHART


async def test_a_chart_changed_in_storage_is_not_sent_but_the_alert_is(
    db: Database,
    tg: TelegramEmulator,
    storage: StorageEmulator,
    bucket: StorageBucket,
    new_sender: SenderFactory,
    chat_user: ChatUserFactory,
) -> None:
    user, chat = await chat_user(language="en")
    store = StorageArtifacts(db, bucket)
    path = await _chart_alert(db, store, user)
    storage.project.state.buckets["artifacts"].objects[path].data = png_bytes(2, 2)
    found = await settle(new_sender(artifacts=store), db, [user])
    assert [row["status"] for row in found] == ["sent"]
    [message] = tg.messages(chat)
    assert not message["photo"] and message["text"].startswith("✨ Strategy ready")
