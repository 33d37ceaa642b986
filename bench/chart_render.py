"""Chart rendering time: each Telegram chart (equity, trades, hyperopt) in both languages.

Pure CPU in this process, no servers. The first render of each chart (fonts, caches) is
timed apart from the steady state. Prints milliseconds per chart; the last line is one
JSON object.

    python bench/chart_render.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np

from ai_strategies.charts import (
    CandleSeries,
    EpochPoint,
    EquityPoint,
    TradeMark,
    equity_chart,
    hyperopt_chart,
    trades_chart,
)

START = datetime(2025, 1, 6, tzinfo=UTC)
LANGUAGES = ("en", "id")


def equity(language: str) -> bytes:
    """A 30-day backtest's balance, every 6 hours, split into in- and out-of-sample."""
    rng = np.random.default_rng(3)
    balance = 1000 * np.cumprod(1 + rng.normal(0.003, 0.02, 120))
    points = [EquityPoint(START + timedelta(hours=6 * i), float(v)) for i, v in enumerate(balance)]
    split = START + timedelta(days=22)
    return equity_chart(
        points, title="bench", starting_balance=1000, split_at=split, language=language
    )


def trades(language: str) -> bytes:
    """200 hourly candles with an indicator line and a trade every 20 candles."""
    rng = np.random.default_rng(5)
    close = 60_000 * np.cumprod(1 + rng.normal(0, 0.004, 200))
    open_ = np.r_[close[0], close[:-1]]
    spread = 1 + np.abs(rng.normal(0, 0.002, 200))
    ema = np.convolve(close, np.ones(9) / 9, mode="full")[:200]
    ema[:8] = np.nan
    series = CandleSeries(
        [START + timedelta(hours=i) for i in range(200)],
        open_.tolist(),
        (np.maximum(open_, close) * spread).tolist(),
        (np.minimum(open_, close) / spread).tolist(),
        close.tolist(),
        {"SMA 9": ema.tolist()},
    )
    marks = [
        TradeMark(series.times[i], series.close[i], series.times[i + 7], series.close[i + 7])
        for i in range(5, 190, 20)
    ]
    return trades_chart(series, marks, title="bench", language=language)


def hyperopt(language: str) -> bytes:
    """150 hyperopt epochs."""
    rng = np.random.default_rng(11)
    points, best = [], math.inf
    for epoch in range(1, 151):
        loss = -float(rng.normal(epoch * 0.05, 6))
        points.append(EpochPoint(epoch, -loss, loss, int(rng.integers(0, 90)), loss < best))
        best = min(best, loss)
    return hyperopt_chart(points, title="bench", language=language)


CHARTS: dict[str, Callable[[str], bytes]] = {
    "equity": equity,
    "trades": trades,
    "hyperopt": hyperopt,
}


def timed_ms(render: Callable[[str], bytes], language: str) -> float:
    started = time.perf_counter()
    render(language)
    return (time.perf_counter() - started) * 1000


def main(repeat: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    for name, render in CHARTS.items():
        figures[f"{name}_first_ms"] = timed_ms(render, "en")
        steady = [timed_ms(render, language) for _ in range(repeat) for language in LANGUAGES]
        figures[f"{name}_median_ms"] = statistics.median(steady)
        figures[f"{name}_max_ms"] = max(steady)
        print(f"{name:9} first {figures[f'{name}_first_ms']:6.0f} ms, median", end=" ")
        print(f"{figures[f'{name}_median_ms']:4.0f} ms, max {figures[f'{name}_max_ms']:4.0f} ms")
    return {key: round(value, 1) for key, value in figures.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="renders per language")
    print(json.dumps(main(parser.parse_args().repeat)))
