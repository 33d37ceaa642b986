"""Candles for the trades chart: thinned to a readable count, each part drawn as one artist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from numpy.typing import NDArray

from ai_strategies.charts.inputs import CandleSeries, utc_naive

FloatArray = NDArray[np.float64]
MAX_CANDLES = 500
TARGET_BARS = 300
HALF_BODY = 0.36
RISING = "#26A69A"
FALLING = "#EF5350"


@dataclass(frozen=True)
class Bars:
    """Candles ready to draw at x = 0, 1, 2, ...; each bar may merge several candles."""

    times: list[datetime]
    open: FloatArray
    high: FloatArray
    low: FloatArray
    close: FloatArray
    overlays: dict[str, FloatArray]
    per_bar: int
    # Naive UTC opening time of every source candle, to place trades.
    source: NDArray[np.datetime64]

    def locate(self, moment: datetime) -> int | None:
        """Return the bar holding moment, or None if it lies outside the candles."""
        when = np.datetime64(utc_naive(moment), "us")
        index = int(np.searchsorted(self.source, when, side="right")) - 1
        step = self.source[-1] - self.source[-2] if len(self.source) > 1 else np.timedelta64(0)
        if index < 0 or when > self.source[-1] + step:
            return None
        return index // self.per_bar


def to_bars(series: CandleSeries) -> Bars:
    """Return the candles as bars, merged into about TARGET_BARS when there are too many."""
    count = len(series)
    per_bar = 1 if count <= MAX_CANDLES else -(-count // TARGET_BARS)
    starts = np.arange(0, count, per_bar)
    ends = np.minimum(starts + per_bar, count) - 1
    times = [utc_naive(moment) for moment in series.times]

    def column(values: object) -> FloatArray:
        return np.asarray(values, dtype=np.float64)

    return Bars(
        times=[times[i] for i in starts],
        open=column(series.open)[starts],
        high=np.fmax.reduceat(column(series.high), starts),
        low=np.fmin.reduceat(column(series.low), starts),
        close=column(series.close)[ends],
        overlays={name: column(values)[ends] for name, values in series.overlays.items()},
        per_bar=per_bar,
        source=np.array(times, dtype="datetime64[us]"),
    )


def draw_candles(ax: Axes, bars: Bars) -> None:
    """Draw wicks as one line collection and bodies as one polygon collection."""
    x = np.arange(len(bars.times), dtype=np.float64)
    colours = np.where(bars.close >= bars.open, RISING, FALLING).tolist()
    ax.vlines(x, bars.low, bars.high, colors=colours, linewidth=1.3)
    low, high = _price_range(bars)
    # Before the bodies: adding a collection autoscales at once; this keeps flat markets readable.
    ax.update_datalim([(0.0, low), (0.0, high)])
    bottom = np.minimum(bars.open, bars.close)
    top = np.maximum(np.maximum(bars.open, bars.close), bottom + (high - low) * 0.003)
    left, right = x - HALF_BODY, x + HALF_BODY
    corners = [(left, bottom), (left, top), (right, top), (right, bottom)]
    polygons = np.stack([np.column_stack(corner) for corner in corners], axis=1)
    bodies = PolyCollection(list(polygons), facecolors=colours, edgecolors=colours)
    bodies.set_linewidth(0.6)
    ax.add_collection(bodies)
    ax.set_xlim(-1.0, len(x) + max(1.0, len(x) * 0.02))


def _price_range(bars: Bars) -> tuple[float, float]:
    """Return the lowest and highest price, widened to plus or minus 1% for a flat market."""
    prices = np.concatenate([bars.high, bars.low, bars.open, bars.close])
    prices = prices[np.isfinite(prices)]
    if prices.size == 0:
        return 0.0, 1.0
    low, high = float(prices.min()), float(prices.max())
    if high > low:
        return low, high
    return low - (abs(low) * 0.01 or 1.0), high + (abs(high) * 0.01 or 1.0)
