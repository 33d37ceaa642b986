"""Market data both exchanges serve: rolling 24-hour statistics and a synthetic order book."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from emulators.exchange.candles import CandleBook
from emulators.exchange.intervals import DAY_MS
from emulators.exchange.markets import MarketSpec
from emulators.exchange.pricepath import symbol_key

TRADE_SIZE_USD: Final = 800.0  # average trade size, to invent trade counts from volume
LEVEL_GAP: Final = 0.00002  # distance between book levels, as a share of the price


@dataclass(frozen=True)
class DayStats:
    """Rolling 24-hour ticker figures at one instant."""

    open: float
    high: float
    low: float
    last: float
    volume: float
    quote_volume: float
    bid: float
    ask: float
    open_ms: int
    close_ms: int
    trades: int


def day_stats(book: CandleBook, market: MarketSpec, now_ms: int) -> DayStats:
    """Return the 24-hour statistics of a market up to now."""
    start = now_ms - DAY_MS
    last = book.price(market.symbol, now_ms)
    window = book.summary(market.symbol, start, now_ms)
    high, low, volume = (window.high, window.low, window.volume) if window else (last, last, 0.0)
    bid, ask = market.bid_ask(last)
    quote_volume = volume * (high + low + last) / 3
    return DayStats(
        open=book.price(market.symbol, start),
        high=max(high, last),
        low=min(low, last),
        last=last,
        volume=volume,
        quote_volume=quote_volume,
        bid=bid,
        ask=ask,
        open_ms=start,
        close_ms=now_ms,
        trades=trade_count(quote_volume),
    )


def trade_count(quote_volume: float) -> int:
    """Invent a plausible number of trades for a traded value."""
    return max(1, int(quote_volume / TRADE_SIZE_USD))


def book_levels(
    book: CandleBook, market: MarketSpec, now_ms: int, depth: int, seed: int
) -> tuple[list[list[str]], list[list[str]]]:
    """Return `depth` bid and ask levels around the current price, as [price, qty] strings."""
    mid = book.price(market.symbol, now_ms)
    bid, ask = market.bid_ask(mid)
    gap = max(float(market.tick), mid * LEVEL_GAP)
    steps = np.arange(depth, dtype=np.float64)
    rng = np.random.default_rng([seed & 0xFFFFFFFF, symbol_key(market.symbol), 2, now_ms // 1000])
    typical = market.volume_per_minute * 0.05
    sizes = typical * (0.3 + rng.exponential(1.0, size=(2, depth))) * (1.0 + steps / 10.0)
    bids = [
        [market.fmt_price(price), market.fmt_qty(max(size, float(market.step)))]
        for price, size in zip(bid - steps * gap, sizes[0], strict=True)
        if price > 0
    ]
    asks = [
        [market.fmt_price(price), market.fmt_qty(max(size, float(market.step)))]
        for price, size in zip(ask + steps * gap, sizes[1], strict=True)
    ]
    return bids, asks
