"""Read cached candles (Freqtrade's feather files) for charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from ai_strategies.ftconfig import candle_filename


@dataclass(frozen=True)
class Candles:
    """Columns of the most recent candles."""

    times: list[datetime]
    open: list[float]
    high: list[float]
    low: list[float]
    close: list[float]


def load_candles(datadir: Path, pair: str, timeframe: str, last: int) -> Candles:
    """Return the last `last` candles of a pair from the cache (empty if none)."""
    path = datadir / candle_filename(pair, timeframe)
    if not path.exists():
        return Candles([], [], [], [], [])
    frame = pd.read_feather(path).tail(last)
    return Candles(
        [t.to_pydatetime() for t in frame["date"]],
        frame["open"].astype(float).tolist(),
        frame["high"].astype(float).tolist(),
        frame["low"].astype(float).tolist(),
        frame["close"].astype(float).tolist(),
    )
