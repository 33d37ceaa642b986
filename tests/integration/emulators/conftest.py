"""Fixtures for the exchange emulator: emulators and ccxt clients that are closed after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import ccxt.async_support as ccxt_async
import pytest

from emulators.exchange import ApiKeySpec, EmulatorSettings, ExchangeEmulator, ccxt_config

EmulatorFactory = Callable[..., Awaitable[ExchangeEmulator]]
ClientFactory = Callable[..., Any]


@pytest.fixture
async def make_exchange_emulator() -> AsyncIterator[EmulatorFactory]:
    """Start exchange emulators on free ports; stop them after the test."""
    started: list[ExchangeEmulator] = []

    async def factory(settings: EmulatorSettings | None = None, port: int = 0) -> ExchangeEmulator:
        emulator = ExchangeEmulator(settings or EmulatorSettings(seed=42), port=port)
        await emulator.start()
        started.append(emulator)
        return emulator

    yield factory
    for emulator in started:
        await emulator.stop()


@pytest.fixture
async def exchange_emulator(make_exchange_emulator: EmulatorFactory) -> ExchangeEmulator:
    """One exchange emulator with the default markets and test keys."""
    return await make_exchange_emulator()


@pytest.fixture
async def ccxt_client(exchange_emulator: ExchangeEmulator) -> AsyncIterator[ClientFactory]:
    """Make real async ccxt clients of the emulator (binance or bybit); close them afterwards."""
    made: list[Any] = []

    def factory(
        exchange: str = "binance",
        key: ApiKeySpec | None = None,
        *,
        secret: str | None = None,
        emulator: ExchangeEmulator | None = None,
    ) -> Any:
        config: dict[str, Any] = ccxt_config((emulator or exchange_emulator).url, exchange)
        if key is not None:
            config |= {"apiKey": key.api_key, "secret": secret or key.secret}
        client = getattr(ccxt_async, exchange)(config)
        made.append(client)
        return client

    yield factory
    for client in made:
        await client.close()
