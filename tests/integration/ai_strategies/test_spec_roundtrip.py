"""Rendered spec strategies load and backtest in real Freqtrade, and read back to their spec.

Eight representative specs (every condition type, informative timeframe and pair, ATR
stop, DCA, protections) and the whole indicator catalogue, grouped into three specs, run
through the full validator: static check, then `freqtrade backtesting` on emulator candles.
"""

from __future__ import annotations

import asyncio

import pytest

from ai_strategies.marketdata import MarketData
from ai_strategies.spec import CATALOGUE, StrategySpec, parse_spec, read_spec, render_strategy
from ai_strategies.validate import ValidationReport, validate_strategy
from tests.unit.ai_strategies.spec.examples import EXAMPLES, catalogue_groups, catalogue_spec

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

DAYS = 30
# Specs that trade on most candle paths, but whose entries may not line up in 30 days.
MAY_NOT_TRADE = {"ichimoku"}
Results = dict[str, tuple[StrategySpec, str, ValidationReport]]


def all_specs() -> dict[str, StrategySpec]:
    """Return the representative specs and one spec per group of catalogue indicators."""
    specs = {name: parse_spec(data) for name, data in EXAMPLES.items()}
    for number, kinds in enumerate(catalogue_groups(), start=1):
        specs[f"catalogue_{number}"] = parse_spec(catalogue_spec(kinds))
    return specs


@pytest.fixture(scope="module")
async def results(validation_market: MarketData) -> Results:
    """Render and validate every spec, two backtests at a time."""
    slots = asyncio.Semaphore(2)

    async def one(
        name: str, spec: StrategySpec
    ) -> tuple[str, tuple[StrategySpec, str, ValidationReport]]:
        code = render_strategy(spec, "Spec" + name.title().replace("_", "")).code
        async with slots:
            report = await validate_strategy(
                code,
                market=validation_market,
                pair=spec.pair,
                timeframe=spec.timeframe,
                days=DAYS,
                timeout=180,
            )
        return name, (spec, code, report)

    return dict(await asyncio.gather(*(one(n, s) for n, s in all_specs().items())))


def test_examples_cover_the_catalogue() -> None:
    kinds = {ind.kind for data in EXAMPLES.values() for ind in parse_spec(data).indicators}
    assert len(kinds) >= 20
    grouped = {kind for group in catalogue_groups() for kind in group}
    assert grouped == set(CATALOGUE)


@pytest.mark.parametrize("name", list(all_specs()))
def test_spec_loads_backtests_and_reads_back(results: Results, name: str) -> None:
    spec, code, report = results[name]
    codes = [reason.code for reason in report.reasons]
    assert set(codes) <= {"no_trades"}, (name, report.reasons)
    if name not in MAY_NOT_TRADE:
        assert report.trades > 0, (name, report.reasons)
    assert report.ok == (report.trades > 0)
    assert read_spec(code) == spec


def test_most_specs_trade(results: Results) -> None:
    trading = [name for name, (_, _, report) in results.items() if report.trades > 0]
    assert len(trading) >= len(results) - len(MAY_NOT_TRADE)


def test_exit_tags_come_from_the_spec(results: Results) -> None:
    """Exit reasons are either Freqtrade's own (roi, stops) or one of the spec's exit tags."""
    own = {"roi", "stop_loss", "trailing_stop_loss", "force_exit"}
    for name, (spec, _, report) in results.items():
        tags = {rule.tag for rule in spec.exits}
        reasons = {trade.exit_reason for trade in report.trade_list}
        assert reasons <= own | tags, (name, reasons)
