"""What a bot's trades add up to: realised and open profit, and the trades a window leaves out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ai_strategies.charts.inputs import BotTrade, utc_naive

# A phone shows this many candles legibly; fewer than the least gives a trade no context.
LEAST_CANDLES = 60
MOST_CANDLES = 150
# Candles shown before the first trade, so its entry is not on the left edge.
LEAD_CANDLES = 10


@dataclass(frozen=True, slots=True)
class BotLedger:
    """A bot's profit in its stake currency, and what the chart's window holds of its trades."""

    realised: float
    # What the open trades would make if sold at the price (None without a price).
    unrealised: float | None
    price: float | None
    open_trades: int
    closed_trades: int
    # Closed before the first candle shown: only their sum appears on the chart.
    earlier_trades: int
    earlier_profit: float

    @property
    def total(self) -> float | None:
        """Return realised and unrealised profit together (None without a price)."""
        return None if self.unrealised is None else self.realised + self.unrealised


def candles_to_show(trades: Sequence[BotTrade], now: datetime, step: timedelta) -> int:
    """Return how many recent candles reach a little before the first trade, within bounds."""
    if not trades or step <= timedelta(0):
        return LEAST_CANDLES
    first = min(utc_naive(trade.entry_time) for trade in trades)
    needed = math.ceil((utc_naive(now) - first) / step) + LEAD_CANDLES
    return max(LEAST_CANDLES, min(MOST_CANDLES, needed))


def tally(trades: Sequence[BotTrade], price: float | None, shown_from: datetime) -> BotLedger:
    """Add up the trades; closed ones that ended before shown_from count as earlier."""
    start = utc_naive(shown_from)
    closed = [trade for trade in trades if not trade.is_open]
    opened = [trade for trade in trades if trade.is_open]
    earlier = [t for t in closed if t.exit_time is not None and utc_naive(t.exit_time) < start]
    unrealised: float | None = None
    if price is None or not math.isfinite(price):
        price = None
    else:
        unrealised = sum((trade.unrealised(price) for trade in opened), 0.0)
    return BotLedger(
        realised=sum((profit_of(trade) for trade in closed), 0.0),
        unrealised=unrealised,
        price=price,
        open_trades=len(opened),
        closed_trades=len(closed),
        earlier_trades=len(earlier),
        earlier_profit=sum((profit_of(trade) for trade in earlier), 0.0),
    )


def profit_of(trade: BotTrade) -> float:
    """Return a closed trade's realised profit (0 when the engine reported none)."""
    profit = trade.profit
    return profit if profit is not None and math.isfinite(profit) else 0.0
