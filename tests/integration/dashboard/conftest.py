"""Dashboard fixtures: a runtime on the session database and the web app on 127.0.0.1."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from web_minimal.app import create_app

VAULT_KEYS = "1:" + base64.b64encode(b"dashboard-tests-vault-key-32byte").decode()


@pytest.fixture
async def runtime(tmp_path: Path, database_url: str, redis_url: str) -> AsyncIterator[Runtime]:
    """A local-mode runtime on the test database (its bot token is the emulator's)."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "state",
        database_url=database_url,
        redis_url=redis_url,
        vault_keys=VAULT_KEYS,
    )
    runtime = await Runtime.open(settings, run_migrations=False)
    try:
        yield runtime
    finally:
        await runtime.close()


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[TestClient[Any, Any]]:
    """The whole web app served in-process; the runtime's public URL points at it."""
    server = TestServer(create_app(runtime), host="127.0.0.1")
    test_client: TestClient[Any, Any] = TestClient(server)
    await test_client.start_server()
    runtime.settings = runtime.settings.model_copy(
        update={"public_base_url": str(server.make_url("")).rstrip("/")}
    )
    try:
        yield test_client
    finally:
        await test_client.close()
