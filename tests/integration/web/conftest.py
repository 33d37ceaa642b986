"""Fixtures for the key-form tests: the exchange emulator, a runtime and the app server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from emulators.exchange import EmulatorSettings, ExchangeEmulator
from orchestrator.core.runtime import Runtime
from tests.integration.web.support import assert_no_secret_logged, open_runtime, serve


@pytest.fixture(scope="session")
async def exchange() -> AsyncIterator[ExchangeEmulator]:
    """The exchange emulator on a free 127.0.0.1 port for the whole session."""
    async with ExchangeEmulator(EmulatorSettings(seed=11)) as emulator:
        yield emulator


@pytest.fixture
async def runtime(
    tmp_path: Path, database_url: str, redis_url: str, exchange: ExchangeEmulator
) -> AsyncIterator[Runtime]:
    """A runtime on the session database whose key checks go to the emulator."""
    async with open_runtime(tmp_path / "state", database_url, redis_url, exchange.url) as rt:
        yield rt


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[TestClient[Any, Any]]:
    """The web app served in-process on 127.0.0.1."""
    async with serve(runtime) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Capture every log record at DEBUG and fail if any test key or secret shows up."""
    caplog.set_level(logging.DEBUG)
    yield
    assert_no_secret_logged(caplog)
