"""One exchange emulator and one market-data cache shared by the validator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ai_strategies.marketdata import MarketData
from emulators.exchange import EmulatorSettings, ExchangeEmulator
from orchestrator.runner.exchanges import emulator_section


@pytest.fixture(scope="session")
async def validation_exchange() -> AsyncIterator[ExchangeEmulator]:
    """The exchange emulator that serves candles (and markets) to every validation."""
    emulator = ExchangeEmulator(EmulatorSettings(seed=11))
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture(scope="session")
def validation_market(
    validation_exchange: ExchangeEmulator, tmp_path_factory: pytest.TempPathFactory
) -> MarketData:
    """Market data cached once for the session, downloaded from the emulator."""
    cache: Path = tmp_path_factory.mktemp("marketdata")
    return MarketData(cache, emulator_section(validation_exchange.url, "binance"))
