"""Prompt → validated strategy (the 5m judging window, in/out-of-sample, both charts), hyperopt.

Uses the offline composer (no LLM time), the exchange emulator and real Freqtrade.
Prints stage timings; the last line is one JSON object.

    python bench/strategy_pipeline.py [--days 90] [--epochs 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ai_strategies.charts import CandleSeries, EquityPoint, TradeMark, equity_chart, trades_chart
from ai_strategies.composer import compose
from ai_strategies.marketdata import MarketData
from ai_strategies.optimise import run_hyperopt
from ai_strategies.validate import validate_strategy
from emulators.exchange import EmulatorSettings, ExchangeEmulator
from orchestrator.runner.exchanges import emulator_section
from orchestrator.strategies.candles import load_candles

PROMPT = "scalping BTC/USDT 5m with RSI and EMA crossover, stop loss 2%"


async def pipeline(data: MarketData, days: int | None) -> dict[str, float]:
    """Run prompt → compose → validate (backtest IS/OOS) → both charts; return timings."""
    t0 = time.monotonic()
    composed = compose(PROMPT, "en")
    t1 = time.monotonic()
    report = await validate_strategy(
        composed.code,
        market=data,
        pair=composed.pair,
        timeframe=composed.timeframe,
        days=days,
        trusted=True,
    )
    assert report.ok, report.reasons
    t2 = time.monotonic()
    points = [EquityPoint(p.time, p.equity) for p in report.equity]
    await asyncio.to_thread(
        equity_chart, points, title="bench", starting_balance=1000, split_at=report.split_at
    )
    candles = load_candles(data.datadir, composed.pair, composed.timeframe, 300)
    series = CandleSeries(candles.times, candles.open, candles.high, candles.low, candles.close)
    marks = [
        TradeMark(t.open_date, t.open_rate, t.close_date, t.close_rate) for t in report.trade_list
    ]
    await asyncio.to_thread(trades_chart, series, marks, title="bench")
    t3 = time.monotonic()
    return {
        "compose_s": t1 - t0,
        "validate_s": t2 - t1,
        "charts_s": t3 - t2,
        "total_s": t3 - t0,
        "trades": float(report.trades),
        "days": float(report.days or 0),
        **{f"stage_{k}_s": v for k, v in report.timings.items()},
    }


async def hyperopt(data: MarketData, epochs: int) -> float:
    """Time `epochs` hyperopt epochs over 30 days of 5m candles."""
    composed = compose(PROMPT, "en")
    datadir = await data.ensure(composed.pair, composed.timeframe, 32)
    start = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y%m%d")
    result = await run_hyperopt(
        composed.code,
        composed.class_name,
        datadir=datadir,
        exchange_section=data.exchange_section,
        pair=composed.pair,
        timeframe=composed.timeframe,
        timerange=f"{start}-",
        epochs=epochs,
        timeout=1800,
        trusted=True,
        markets=await data.markets_snapshot(),
    )
    assert len(result.epochs) == epochs
    return result.seconds


async def main(args: argparse.Namespace) -> dict[str, Any]:
    """Measure a cold run (with download), a warm run, and hyperopt."""
    emulator = ExchangeEmulator(EmulatorSettings(seed=3))
    await emulator.start()
    try:
        with tempfile.TemporaryDirectory(prefix="nofomo-bench-") as tmp:
            section = {**emulator_section(emulator.url, "binance"), "name": "binance"}
            data = MarketData(Path(tmp) / "marketdata", section)
            cold = await pipeline(data, args.days)
            print(
                "cold (includes download):", json.dumps({k: round(v, 2) for k, v in cold.items()})
            )
            warm = await pipeline(data, args.days)
            print(
                "warm (cached candles):   ", json.dumps({k: round(v, 2) for k, v in warm.items()})
            )
            hyperopt_s = await hyperopt(data, args.epochs) if args.epochs else 0.0
    finally:
        await emulator.stop()
    return {
        "days": int(warm["days"]),
        "prompt_to_validated_cold_s": round(cold["total_s"], 2),
        "prompt_to_validated_warm_s": round(warm["total_s"], 2),
        "backtest_trades": int(warm["trades"]),
        "hyperopt_epochs": args.epochs,
        "hyperopt_s": round(hyperopt_s, 2),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Default: the judging window a new 5m strategy gets (see ai_strategies/window.py).
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--epochs", type=int, default=100)
    print(json.dumps(asyncio.run(main(parser.parse_args()))))
