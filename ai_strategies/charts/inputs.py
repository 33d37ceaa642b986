"""Plain records the charts take in: equity points, candles, trades and hyperopt epochs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class EquityPoint:
    """The account balance at one moment, for example after a trade closed."""

    time: datetime
    equity: float


@dataclass(frozen=True, slots=True)
class TradeMark:
    """One long trade: where it was bought and, once closed, where it was sold."""

    entry_time: datetime
    entry_price: float
    exit_time: datetime | None = None
    exit_price: float | None = None
    # Profit in percent as the engine reported it (fees included); derived from prices if None.
    profit_pct: float | None = None

    def result_pct(self) -> float | None:
        """Return the trade's profit in percent, or None while it is still open."""
        if self.profit_pct is not None:
            return self.profit_pct
        if self.exit_price is None or self.entry_price <= 0:
            return None
        return (self.exit_price / self.entry_price - 1.0) * 100.0


@dataclass(frozen=True, slots=True)
class BotTrade:
    """One trade of a live or dry-run bot, with its profit in the stake currency once closed."""

    entry_time: datetime
    entry_price: float
    # Quantity of the base currency bought (sold, for a short).
    amount: float
    exit_time: datetime | None = None
    exit_price: float | None = None
    # Realised profit in the stake currency, fees included, as the engine reported it.
    profit: float | None = None
    is_short: bool = False

    @property
    def is_open(self) -> bool:
        """Tell whether the trade still holds its position."""
        return self.exit_time is None

    def unrealised(self, price: float) -> float:
        """Return what closing an open trade at price would make, before fees."""
        move = price - self.entry_price
        return self.amount * (-move if self.is_short else move)


@dataclass(frozen=True, slots=True)
class CandleSeries:
    """OHLC candles in time order, with optional indicator lines of the same length."""

    times: Sequence[datetime]
    open: Sequence[float]
    high: Sequence[float]
    low: Sequence[float]
    close: Sequence[float]
    # Indicator name -> one value per candle (NaN where the indicator is still warming up).
    overlays: Mapping[str, Sequence[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse columns of different lengths."""
        size = len(self.times)
        columns = {"open": self.open, "high": self.high, "low": self.low, "close": self.close}
        columns |= {f"overlay {name!r}": values for name, values in self.overlays.items()}
        for name, values in columns.items():
            if len(values) != size:
                raise ValueError(f"{name} has {len(values)} values for {size} candles")

    def __len__(self) -> int:
        """Return the number of candles."""
        return len(self.times)


@dataclass(frozen=True, slots=True)
class EpochPoint:
    """One hyperopt epoch: its profit, its loss (lower is better) and its trade count."""

    epoch: int
    profit_pct: float
    loss: float
    trades: int
    is_best: bool = False


def utc_naive(moment: datetime) -> datetime:
    """Return the moment as naive UTC; naive input is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
