"""Phone-readable PNG charts for Telegram: equity, trades on candles, hyperopt progress."""

from ai_strategies.charts.equity import equity_chart
from ai_strategies.charts.hyperopt import hyperopt_chart
from ai_strategies.charts.inputs import CandleSeries, EpochPoint, EquityPoint, TradeMark
from ai_strategies.charts.trades import trades_chart

__all__ = [
    "CandleSeries",
    "EpochPoint",
    "EquityPoint",
    "TradeMark",
    "equity_chart",
    "hyperopt_chart",
    "trades_chart",
]
