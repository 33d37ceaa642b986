"""Candles of any interval, aggregated from cached per-day base bars and cut at `now`."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np

from emulators.exchange.intervals import DAY_MS, HOUR_MS, Interval
from emulators.exchange.markets import MarketSpec
from emulators.exchange.pricepath import Bars, BarSource, RandomWalk
from emulators.exchange.replay import CsvReplay


class Ohlcv(NamedTuple):
    """One summarised stretch of time."""

    open: float
    high: float
    low: float
    close: float
    volume: float


class Candles(NamedTuple):
    """Candles in ascending order: open times and [open, high, low, close, volume] rows."""

    open_times: list[int]
    bars: Bars


def combine(bars: Bars) -> Ohlcv:
    """Summarise consecutive bars into one."""
    return Ohlcv(
        float(bars[0, 0]),
        float(bars[:, 1].max()),
        float(bars[:, 2].min()),
        float(bars[-1, 3]),
        float(bars[:, 4].sum()),
    )


def reduce_groups(bars: Bars, starts: np.ndarray) -> Bars:
    """Summarise the groups of bars that begin at the given row indices."""
    ends = np.append(starts[1:], len(bars)) - 1
    return np.column_stack(
        (
            bars[starts, 0],
            np.maximum.reduceat(bars[:, 1], starts),
            np.minimum.reduceat(bars[:, 2], starts),
            bars[ends, 3],
            np.add.reduceat(bars[:, 4], starts),
        )
    )


class CandleBook:
    """Candle queries over one bar source per symbol, with per-day caches."""

    def __init__(self, sources: Mapping[str, BarSource], cache_days: int = 512) -> None:
        self._sources = dict(sources)
        self._cache_days = cache_days
        self._base: OrderedDict[tuple[str, int], Bars] = OrderedDict()
        self._levels: dict[tuple[str, int, int], Bars] = {}

    @classmethod
    def generated(
        cls, seed: int, markets: list[MarketSpec], csv_files: Mapping[str, Path] | None = None
    ) -> CandleBook:
        """Build a book with a random walk per market, or a CSV replay where one is given."""
        files = csv_files or {}
        sources: dict[str, BarSource] = {}
        for market in markets:
            path = files.get(market.symbol)
            sources[market.symbol] = CsvReplay(path) if path else RandomWalk(seed, market)
        return cls(sources)

    def price(self, symbol: str, t_ms: int) -> float:
        """Return the traded price at an instant, interpolated inside its base bar."""
        source = self._sources[symbol]
        t_ms = max(t_ms, source.start_ms)
        day, offset = divmod(t_ms, DAY_MS)
        index, rest = divmod(offset, source.base_ms)
        bar = self._base_bars(symbol, day)[index]
        return float(bar[0] + (bar[3] - bar[0]) * rest / source.base_ms)

    def summary(self, symbol: str, start_ms: int, end_ms: int) -> Ohlcv | None:
        """Summarise [start_ms, end_ms); a base bar cut by end_ms counts pro rata."""
        source = self._sources[symbol]
        start_ms = max(start_ms, source.start_ms)
        if end_ms <= start_ms:
            return None
        pieces = []
        for day in range(start_ms // DAY_MS, (end_ms - 1) // DAY_MS + 1):
            low, high = max(start_ms, day * DAY_MS), min(end_ms, (day + 1) * DAY_MS)
            pieces.append(self._day_piece(symbol, day, low, high))
        return combine(np.vstack(pieces))

    def extremes(self, symbol: str, start_ms: int, end_ms: int) -> tuple[float, float]:
        """Return the lowest and highest traded price in [start_ms, end_ms]."""
        base = self._sources[symbol].base_ms
        points = [self.price(symbol, start_ms), self.price(symbol, end_ms)]
        inner = self.summary(symbol, -(-start_ms // base) * base, end_ms)
        if inner is not None:
            points += [inner.low, inner.high]
        return min(points), max(points)

    def candles(
        self,
        symbol: str,
        interval: Interval,
        *,
        start_ms: int | None,
        end_ms: int | None,
        limit: int,
        now_ms: int,
    ) -> Candles:
        """Return up to `limit` candles, the way Binance selects them; the last may be open."""
        source = self._sources[symbol]
        self.level_for(symbol, interval)
        opens = self._open_times(source, interval, start_ms, end_ms, limit, now_ms)
        closed = [t for t in opens if interval.next_open(t) <= now_ms]
        rows = [self._closed(symbol, interval, closed)] if closed else []
        if len(closed) < len(opens):
            current = self.summary(symbol, opens[-1], now_ms)
            if current is not None:
                rows.append(np.asarray([current], dtype=np.float64))
        bars = np.vstack(rows) if rows else np.empty((0, 5), dtype=np.float64)
        return Candles(opens[: len(bars)], bars)

    def level_for(self, symbol: str, interval: Interval) -> int:
        """Return the cached bar length to aggregate from; ValueError if none fits."""
        base = self._sources[symbol].base_ms
        if interval.monthly:
            return DAY_MS
        for level in (DAY_MS, HOUR_MS, base):
            fits = level >= base and level % base == 0
            if fits and interval.length_ms % level == 0 and interval.offset_ms % level == 0:
                return level
        raise ValueError(f"interval {interval.name} is finer than the {base} ms source")

    def _open_times(
        self,
        source: BarSource,
        interval: Interval,
        start_ms: int | None,
        end_ms: int | None,
        limit: int,
        now_ms: int,
    ) -> list[int]:
        """Pick candle open times: from start_ms forwards, or the latest up to end_ms/now."""
        last = interval.floor(now_ms if end_ms is None else min(end_ms, now_ms))
        first = interval.ceil(source.start_ms)
        opens: list[int] = []
        if start_ms is not None:
            moment = interval.ceil(max(start_ms, first))
            while moment <= last and len(opens) < limit:
                opens.append(moment)
                moment = interval.next_open(moment)
            return opens
        moment = last
        while moment >= first and len(opens) < limit:
            opens.append(moment)
            moment = interval.previous_open(moment)
        return opens[::-1]

    def _closed(self, symbol: str, interval: Interval, opens: list[int]) -> Bars:
        """Aggregate consecutive closed candles from the coarsest fitting cached level."""
        level = self.level_for(symbol, interval)
        stop = interval.next_open(opens[-1])
        first_day, last_day = opens[0] // DAY_MS, (stop - 1) // DAY_MS
        days = [self._level_bars(symbol, day, level) for day in range(first_day, last_day + 1)]
        origin = first_day * DAY_MS
        bars = np.vstack(days)[: (stop - origin) // level]
        starts = (np.asarray(opens, dtype=np.int64) - origin) // level
        return reduce_groups(bars, starts)

    def _day_piece(self, symbol: str, day: int, low: int, high: int) -> Bars:
        """Return the bars of [low, high) within one day, the last one cut pro rata."""
        origin = day * DAY_MS
        if low == origin and high == origin + DAY_MS:
            return self._level_bars(symbol, day, DAY_MS)
        base = self._sources[symbol].base_ms
        bars = self._base_bars(symbol, day)
        first, (last, rest) = (low - origin) // base, divmod(high - origin, base)
        piece = bars[first:last]
        if rest:
            open_, _, _, close, volume = bars[last]
            cut = open_ + (close - open_) * rest / base
            partial = [open_, max(open_, cut), min(open_, cut), cut, volume * rest / base]
            piece = np.vstack((piece, np.asarray([partial], dtype=np.float64)))
        return piece

    def _level_bars(self, symbol: str, day: int, level: int) -> Bars:
        """Return a day's bars at a cached level (base, hour or day)."""
        if level == self._sources[symbol].base_ms:
            return self._base_bars(symbol, day)
        cached = self._levels.get((symbol, day, level))
        if cached is None:
            self._base_bars(symbol, day)
            cached = self._levels[(symbol, day, level)]
        return cached

    def _base_bars(self, symbol: str, day: int) -> Bars:
        """Return a day's base bars, generating and summarising them on first use."""
        key = (symbol, day)
        bars = self._base.get(key)
        if bars is not None:
            self._base.move_to_end(key)
            return bars
        source = self._sources[symbol]
        bars = source.day_bars(day)
        self._base[key] = bars
        if len(self._base) > self._cache_days:
            self._base.popitem(last=False)
        for level in (HOUR_MS, DAY_MS):
            if level > source.base_ms and level % source.base_ms == 0:
                starts = np.arange(0, len(bars), level // source.base_ms)
                self._levels[(symbol, day, level)] = reduce_groups(bars, starts)
        return bars
