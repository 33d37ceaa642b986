"""Spot markets the emulator lists, with their filters and price formatting."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Final


@dataclass(frozen=True)
class MarketSpec:
    """One spot market: identity, starting price level, volatility and exchange filters."""

    base: str
    quote: str
    price: float
    tick: str
    step: str
    volatility: float = 1.0
    volume_per_minute: float = 1.0
    min_notional: str = "5"
    max_qty: str = "9000"

    @property
    def symbol(self) -> str:
        """Return the exchange id, e.g. BTCUSDT."""
        return self.base + self.quote

    @property
    def pair(self) -> str:
        """Return the unified ccxt symbol, e.g. BTC/USDT."""
        return f"{self.base}/{self.quote}"

    @property
    def tick_size(self) -> Decimal:
        """Return the price step as a Decimal."""
        return Decimal(self.tick)

    @property
    def step_size(self) -> Decimal:
        """Return the quantity step as a Decimal."""
        return Decimal(self.step)

    @property
    def price_decimals(self) -> int:
        """Return how many decimals a price carries."""
        return _decimals(self.tick)

    @property
    def qty_decimals(self) -> int:
        """Return how many decimals a quantity carries."""
        return _decimals(self.step)

    def round_price(self, value: float) -> Decimal:
        """Round a float price to the tick grid."""
        return Decimal(str(round(value, self.price_decimals))).quantize(self.tick_size)

    def floor_qty(self, value: Decimal) -> Decimal:
        """Round a quantity down to the lot step."""
        return value.quantize(self.step_size, rounding=ROUND_DOWN)

    def fmt_price(self, value: float) -> str:
        """Format a price the Binance way (rounded to the tick, 8 decimals)."""
        return f"{round(value, self.price_decimals):.8f}"

    def fmt_qty(self, value: float) -> str:
        """Format a quantity the Binance way (rounded to the step, 8 decimals)."""
        return f"{round(value, self.qty_decimals):.8f}"

    def half_spread(self, mid: float) -> float:
        """Return half the bid/ask spread around mid: one tick or 0.1 bp, whichever is larger."""
        return max(float(self.tick), round(mid * 0.00001, self.price_decimals))

    def bid_ask(self, mid: float) -> tuple[float, float]:
        """Return the best bid and ask around a mid price."""
        half = self.half_spread(mid)
        return round(mid - half, self.price_decimals), round(mid + half, self.price_decimals)


def _decimals(step: str) -> int:
    """Count the decimals of a step such as 0.001."""
    exponent = Decimal(step).normalize().as_tuple().exponent
    return max(0, -int(exponent))


DEFAULT_MARKETS: Final[tuple[MarketSpec, ...]] = (
    MarketSpec("BTC", "USDT", 65_000.0, "0.01", "0.00001", 1.0, 10.0),
    MarketSpec("ETH", "USDT", 3_200.0, "0.01", "0.0001", 1.25, 140.0),
    MarketSpec("SOL", "USDT", 150.0, "0.01", "0.001", 1.6, 1_500.0),
    MarketSpec("BNB", "USDT", 580.0, "0.01", "0.001", 1.1, 350.0),
    MarketSpec("XRP", "USDT", 0.55, "0.0001", "0.1", 1.4, 200_000.0, max_qty="9000000"),
)


class MarketTable:
    """Markets by exchange id, in listing order."""

    def __init__(self, markets: Iterable[MarketSpec]) -> None:
        self._by_symbol = {market.symbol: market for market in markets}

    def __iter__(self) -> Iterator[MarketSpec]:
        return iter(self._by_symbol.values())

    def __len__(self) -> int:
        return len(self._by_symbol)

    def get(self, symbol: str) -> MarketSpec | None:
        """Return the market with this exchange id, if listed."""
        return self._by_symbol.get(symbol)

    def assets(self) -> list[str]:
        """Return every asset of every market, each once, in listing order."""
        found: dict[str, None] = {}
        for market in self:
            found.setdefault(market.base)
            found.setdefault(market.quote)
        return list(found)
