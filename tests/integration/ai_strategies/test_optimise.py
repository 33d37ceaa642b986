"""Real Freqtrade hyperopt on emulator data: progress, best parameters, applied as code."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ai_strategies.composer import compose
from ai_strategies.marketdata import MarketData
from ai_strategies.optimise import EpochResult, run_hyperopt
from ai_strategies.params import apply_parameters
from ai_strategies.static import check_source
from emulators.exchange import EmulatorSettings, ExchangeEmulator
from orchestrator.runner.exchanges import emulator_section

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture
async def market(tmp_path: Path) -> AsyncIterator[tuple[MarketData, dict[str, object]]]:
    emulator = ExchangeEmulator(EmulatorSettings(seed=5))
    await emulator.start()
    section = {**emulator_section(emulator.url, "binance"), "name": "binance"}
    yield MarketData(tmp_path / "marketdata", section), section
    await emulator.stop()


async def test_hyperopt_runs_and_applies(market: tuple[MarketData, dict[str, object]]) -> None:
    data, section = market
    composed = compose("scalping BTC/USDT 5m with RSI and EMA crossover", "en")
    datadir = await data.ensure(composed.pair, composed.timeframe, 20)
    start = (datetime.now(UTC) - timedelta(days=14)).strftime("%Y%m%d")
    seen: list[tuple[int, int]] = []

    async def progress(done: int, total: int, best: EpochResult | None) -> None:
        seen.append((done, total))

    result = await run_hyperopt(
        composed.code,
        composed.class_name,
        datadir=datadir,
        exchange_section=dict(section),
        pair=composed.pair,
        timeframe=composed.timeframe,
        timerange=f"{start}-",
        epochs=6,
        markets=await data.markets_snapshot(),
        progress=progress,
    )
    assert len(result.epochs) == 6
    assert result.best is not None and result.best_params
    assert seen and seen[-1][0] >= 1 and all(total == 6 for _, total in seen)
    tuned = apply_parameters(composed.code, result.best_params)
    assert tuned != composed.code or result.best_params == composed.params
    assert check_source(tuned).ok
    print(f"6 epochs in {result.seconds:.1f}s; best {result.best.profit_pct}%")
