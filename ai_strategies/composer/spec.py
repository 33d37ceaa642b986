"""What a prompt asks for, as plain frozen data: indicators, market and risk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["en", "id"]
MaKind = Literal["ema", "sma"]

TIMEFRAMES = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "1d")
DEFAULT_PAIR = "BTC/USDT"
DEFAULT_TIMEFRAME = "1h"
DEFAULT_STOPLOSS = 0.05
DEFAULT_TAKE_PROFIT = 0.10
DEFAULT_TRAILING = 0.01


@dataclass(frozen=True)
class Rsi:
    """Relative Strength Index: buy leaving oversold, sell reaching overbought."""

    period: int = 14
    oversold: int = 30
    overbought: int = 70


@dataclass(frozen=True)
class MaCross:
    """Fast moving average crossing a slow one."""

    kind: MaKind = "ema"
    fast: int = 9
    slow: int = 21


@dataclass(frozen=True)
class MaTrend:
    """Price relative to a single moving average (trend filter)."""

    kind: MaKind = "ema"
    period: int = 200


@dataclass(frozen=True)
class Macd:
    """MACD line crossing its signal line."""

    fast: int = 12
    slow: int = 26
    signal: int = 9


@dataclass(frozen=True)
class Bollinger:
    """Bollinger Bands: buy on a lower-band touch."""

    period: int = 20
    std: float = 2.0


@dataclass(frozen=True)
class Stochastic:
    """Slow stochastic: %K crossing %D after being oversold."""

    k: int = 14
    d: int = 3
    oversold: int = 20
    overbought: int = 80


@dataclass(frozen=True)
class Adx:
    """Average Directional Index as a trend-strength filter."""

    period: int = 14
    threshold: int = 25


@dataclass(frozen=True)
class VolumeFilter:
    """Volume above `factor` times its rolling average."""

    period: int = 20
    factor: float = 1.0


Indicator = Rsi | MaCross | MaTrend | Macd | Bollinger | Stochastic | Adx | VolumeFilter


@dataclass(frozen=True)
class StrategySpec:
    """A complete, validated request: the composer renders exactly this."""

    pair: str
    timeframe: str
    indicators: tuple[Indicator, ...]
    stoploss: float
    take_profit: float
    trailing: float | None = None
    notes: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        """Return the base asset, e.g. BTC for BTC/USDT."""
        return self.pair.split("/")[0]

    @property
    def quote(self) -> str:
        """Return the quote asset, e.g. USDT for BTC/USDT."""
        return self.pair.split("/")[1]


@dataclass(frozen=True)
class ParseResult:
    """What the parser read: a spec when complete, else what is understood and missing."""

    spec: StrategySpec | None
    understood: dict[str, object] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    language: Language = "en"


_KEYS: dict[type, str] = {
    Rsi: "rsi",
    MaCross: "ma_cross",
    MaTrend: "ma_trend",
    Macd: "macd",
    Bollinger: "bollinger",
    Stochastic: "stochastic",
    Adx: "adx",
    VolumeFilter: "volume",
}


def indicator_key(indicator: Indicator) -> str:
    """Return the stable short name of an indicator ("rsi", "ma_cross", ...)."""
    return _KEYS[type(indicator)]
