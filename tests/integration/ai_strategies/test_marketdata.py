"""The candle cache: real `freqtrade download-data` against the emulator, run only when needed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.feather as feather
import pytest

from ai_strategies.marketdata import MarketData, MarketDataError
from emulators.exchange import EmulatorSettings, ExchangeEmulator
from orchestrator.runner.exchanges import emulator_section

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

DOWNLOADS = "GET /api/v3/exchangeInfo"  # once per download-data run
KLINES = "GET /api/v3/klines"


@pytest.fixture
async def exchange() -> AsyncIterator[ExchangeEmulator]:
    """A private emulator, so request counts belong to this test alone."""
    async with ExchangeEmulator(EmulatorSettings(seed=11)) as emulator:
        yield emulator


def span(path: Path) -> tuple[datetime, datetime, int]:
    dates = feather.read_table(path, columns=["date"]).column("date")
    return dates[0].as_py(), dates[-1].as_py(), len(dates)


async def test_downloads_once_then_serves_from_cache(
    exchange: ExchangeEmulator, tmp_path: Path
) -> None:
    section = emulator_section(exchange.url, "binance")
    market = MarketData(tmp_path, section)
    log = exchange.state.log
    datadir = await market.ensure("ETH/USDT", "5m", 10)
    first, last, _ = span(datadir / "ETH_USDT-5m.feather")
    now = datetime.now(UTC)
    assert first <= now - timedelta(days=10)
    assert last >= now - timedelta(minutes=10)
    assert log.count(DOWNLOADS) == 1 and log.count(KLINES) >= 3
    await asyncio.gather(market.ensure("ETH/USDT", "5m", 10), market.ensure("ETH/USDT", "5m", 7))
    assert log.count(DOWNLOADS) == 1
    other_process = MarketData(tmp_path, section)
    await asyncio.gather(
        market.ensure("SOL/USDT", "1h", 5), other_process.ensure("SOL/USDT", "1h", 5)
    )
    assert log.count(DOWNLOADS) == 2


async def test_stale_cache_is_extended_not_redownloaded(
    exchange: ExchangeEmulator, tmp_path: Path
) -> None:
    market = MarketData(tmp_path, emulator_section(exchange.url, "binance"))
    path = await market.ensure("BTC/USDT", "5m", 10) / "BTC_USDT-5m.feather"
    first, last, rows = span(path)
    table = feather.read_table(path)
    feather.write_feather(table.slice(0, rows - 30), path)  # as if cached 2.5 hours ago
    klines = exchange.state.log.count(KLINES)
    await market.ensure("BTC/USDT", "5m", 10)
    assert exchange.state.log.count(KLINES) == klines + 1
    assert span(path)[0] == first
    assert span(path)[1] >= last
    longer = await market.ensure("BTC/USDT", "5m", 20)
    assert span(longer / "BTC_USDT-5m.feather")[0] <= datetime.now(UTC) - timedelta(days=20)


async def test_unknown_pair_is_explained(exchange: ExchangeEmulator, tmp_path: Path) -> None:
    market = MarketData(tmp_path, emulator_section(exchange.url, "binance"))
    with pytest.raises(
        MarketDataError, match="NOPE/USDT 5m on binance: the exchange does not list"
    ):
        await market.ensure("NOPE/USDT", "5m", 2)
