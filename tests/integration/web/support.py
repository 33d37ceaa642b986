"""Shared by the key-form integration and browser tests: a runtime and the app on 127.0.0.1."""

from __future__ import annotations

import base64
import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from emulators.exchange import TEST_KEYS
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.db.pool import Database
from web_minimal.app import create_app

VAULT_KEYS = "1:" + base64.b64encode(b"keyform-tests-vault-key-32bytes!").decode()
PUBLIC_BASE = "https://app.nofomo.test"
# Everything a key form must never show, log or store in plaintext.
SECRETS = [value for spec in TEST_KEYS.values() for value in (spec.api_key, spec.secret)]


@asynccontextmanager
async def open_runtime(
    data_dir: Path, database_url: str, redis_url: str, exchange_url: str
) -> AsyncIterator[Runtime]:
    """Open a runtime on the test database and Redis, checking keys against `exchange_url`."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data_dir,
        database_url=database_url,
        redis_url=redis_url,
        vault_keys=VAULT_KEYS,
        exchange_emulator_url=exchange_url,
        exchange_mode="emulator",
        public_base_url=PUBLIC_BASE,
    )
    runtime = await Runtime.open(settings, run_migrations=False)
    try:
        yield runtime
    finally:
        await runtime.close()


@asynccontextmanager
async def serve(runtime: Runtime) -> AsyncIterator[TestClient[Any, Any]]:
    """Serve the whole web app in-process on 127.0.0.1 and yield an English-speaking client."""
    server = TestServer(create_app(runtime), host="127.0.0.1")
    client: TestClient[Any, Any] = TestClient(server, headers={"Accept-Language": "en-US,en"})
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


def link_path(link: str) -> str:
    """Return the path of an issued link (the test server stands in for the public host)."""
    assert link.startswith(PUBLIC_BASE + "/keys/"), link
    return urlsplit(link).path


def csrf_of(page: str) -> str:
    """Return the CSRF token from a rendered form."""
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


async def snapshot(db: Database, user_id: uuid.UUID) -> dict[str, list[Any]]:
    """Return the user's key rows (as text), alerts and audit entries."""
    async with db.as_service() as conn:
        keys = await conn.fetch(
            "select t::text as row from exchange_keys t where user_id = $1 order by created_at",
            user_id,
        )
        alerts = await conn.fetch(
            "select kind, payload from alerts where user_id = $1 order by id", user_id
        )
        audits = await conn.fetch("select action from audit_log where user_id = $1", user_id)
    return {
        "keys": [r["row"] for r in keys],
        "alerts": [(r["kind"], r["payload"]) for r in alerts],
        "audit": [r["action"] for r in audits],
    }


def assert_no_secret_logged(caplog: pytest.LogCaptureFixture) -> None:
    """Fail if any record of the test's phases carries a test key or secret."""
    formatter = logging.Formatter("%(name)s %(message)s")
    records = [r for when in ("setup", "call", "teardown") for r in caplog.get_records(when)]
    for record in records:
        line = formatter.format(record) + repr(record.args)
        leaked = [value[-4:] for value in SECRETS if value in line]
        assert not leaked, f"{record.name} logged a credential ending in {leaked}"
