"""A deterministic, regime-switching random walk of one-minute bars, one UTC day at a time.

The price at any minute is a pure function of (seed, symbol, minute):
- Day-start levels come from one daily Ornstein-Uhlenbeck walk (with trending regimes) that
  starts on EPOCH and always spans HORIZON_DAYS, so its values never depend on a request.
- Each day's minutes are a Brownian bridge pinned to two consecutive day-start levels, built
  from that day's own random stream: volatility and drift regimes plus a fast mean-reverting
  swing, which gives RSI/EMA/MACD/Bollinger strategies something to trade on 5m candles.
"""

from __future__ import annotations

import hashlib
from typing import Final, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.signal import lfilter

from emulators.exchange.intervals import DAY_MS, MINUTE_MS
from emulators.exchange.markets import MarketSpec

Bars = NDArray[np.float64]
"""Rows of [open, high, low, close, volume], one row per base bar."""

EPOCH_MS: Final = 1_483_228_800_000  # 2017-01-01T00:00:00Z, the first candle served
EPOCH_DAY: Final = EPOCH_MS // DAY_MS
HORIZON_DAYS: Final = 12_000  # about 33 years of data from EPOCH
MINUTES_PER_DAY: Final = DAY_MS // MINUTE_MS

MINUTE_SIGMA: Final = 0.00045  # one-minute log-return scale for volatility 1.0
DAILY_SIGMA: Final = 0.025
DAILY_PULL: Final = 0.015  # daily mean reversion towards the listing price
SWING_PERSISTENCE: Final = 1.0 - 1.0 / 30.0  # the intraday swing's half-life is ~20 minutes


class BarSource(Protocol):
    """Anything that yields one UTC day of base bars for one symbol."""

    base_ms: int
    start_ms: int

    def day_bars(self, day: int) -> Bars:
        """Return the base bars of a day (days since the Unix epoch)."""
        ...


def symbol_key(symbol: str) -> int:
    """Hash a symbol into a stable 63-bit integer."""
    return int.from_bytes(hashlib.sha256(symbol.encode()).digest()[:8], "big") >> 1


def ar1(innovations: NDArray[np.float64], persistence: float) -> NDArray[np.float64]:
    """Run x[t] = persistence * x[t-1] + innovations[t] from x[-1] = 0."""
    filtered = lfilter([1.0], [1.0, -persistence], innovations)
    return np.asarray(filtered, dtype=np.float64)


class RandomWalk:
    """Minute bars for one market, generated on demand from (seed, symbol, day)."""

    base_ms = MINUTE_MS
    start_ms = EPOCH_MS

    def __init__(self, seed: int, market: MarketSpec) -> None:
        self._entropy = [seed & 0xFFFFFFFF, symbol_key(market.symbol)]
        self._market = market
        self._sigma = MINUTE_SIGMA * market.volatility
        self._anchors = self._daily_levels()

    def _rng(self, stream: int, day: int = 0) -> np.random.Generator:
        """Return the random stream for one purpose and day."""
        return np.random.default_rng([*self._entropy, stream, day])

    def _daily_levels(self) -> NDArray[np.float64]:
        """Return the log price at the start of each day from EPOCH on."""
        rng = self._rng(0)
        lengths = rng.geometric(1.0 / 12.0, size=HORIZON_DAYS)
        moods = rng.choice([-2.0, -1.0, 0.0, 0.0, 1.0, 2.0], size=HORIZON_DAYS)
        drift = np.repeat(moods * 0.004 * self._market.volatility, lengths)[:HORIZON_DAYS]
        noise = rng.standard_normal(HORIZON_DAYS) * DAILY_SIGMA * self._market.volatility
        deviation = ar1(drift + noise, 1.0 - DAILY_PULL)
        levels = np.concatenate(([0.0], deviation)) + float(np.log(self._market.price))
        return np.asarray(levels, dtype=np.float64)

    def day_bars(self, day: int) -> Bars:
        """Return 1,440 one-minute bars of a day, pinned to the day-start levels."""
        index = day - EPOCH_DAY
        if not 0 <= index < HORIZON_DAYS:
            raise ValueError(f"day {day} is outside the generated horizon")
        rng = self._rng(1, day)
        log_path = self._bridge(rng, float(self._anchors[index]), float(self._anchors[index + 1]))
        return self._bars(rng, np.exp(log_path))

    def _bridge(self, rng: np.random.Generator, start: float, end: float) -> NDArray[np.float64]:
        """Return 1,441 log prices from start to end with regimes and swings in between."""
        volatility, drift = self._regimes(rng)
        steps = volatility * rng.standard_normal(MINUTES_PER_DAY) + drift
        swing = ar1(rng.standard_normal(MINUTES_PER_DAY + 1) * 1.2 * self._sigma, SWING_PERSISTENCE)
        walk = np.concatenate(([0.0], np.cumsum(steps))) + swing
        share = np.linspace(0.0, 1.0, MINUTES_PER_DAY + 1)
        pinned = walk - walk[0] - share * (walk[-1] - walk[0])
        return np.asarray(start + share * (end - start) + pinned, dtype=np.float64)

    def _regimes(self, rng: np.random.Generator) -> tuple[Bars, Bars]:
        """Return per-minute volatility and drift from a few random intraday regimes."""
        lengths = rng.geometric(1.0 / 150.0, size=64)
        regime = np.searchsorted(np.cumsum(lengths), np.arange(MINUTES_PER_DAY), side="right")
        regime = np.minimum(regime, 63)
        scale = np.exp(rng.normal(0.0, 0.35, size=64)) * self._sigma
        trend = rng.choice([-1.0, 0.0, 0.0, 1.0], size=64) * rng.uniform(0.1, 0.3, size=64)
        return scale[regime], trend[regime] * self._sigma

    def _bars(self, rng: np.random.Generator, prices: Bars) -> Bars:
        """Turn 1,441 minute-boundary prices into OHLCV rows with wicks and volume."""
        opens, closes = prices[:-1], prices[1:]
        wicks = np.abs(rng.standard_normal((2, MINUTES_PER_DAY))) * 0.3 * self._sigma
        highs = np.maximum(opens, closes) * np.exp(wicks[0])
        lows = np.minimum(opens, closes) * np.exp(-wicks[1])
        activity = 0.4 + np.abs(np.log(closes / opens)) / self._sigma
        noise = np.exp(rng.normal(0.0, 0.4, size=MINUTES_PER_DAY))
        volumes = self._market.volume_per_minute * noise * activity
        return np.column_stack((opens, highs, lows, closes, volumes))
