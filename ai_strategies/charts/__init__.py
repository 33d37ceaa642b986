"""Phone-readable PNG charts for Telegram: equity, trades on candles, hyperopt, a bot's trades."""

from ai_strategies.charts.bot import bot_chart
from ai_strategies.charts.equity import equity_chart
from ai_strategies.charts.hyperopt import hyperopt_chart
from ai_strategies.charts.inputs import BotTrade, CandleSeries, EpochPoint, EquityPoint, TradeMark
from ai_strategies.charts.ledger import BotLedger, candles_to_show, tally
from ai_strategies.charts.trades import trades_chart

__all__ = [
    "BotLedger",
    "BotTrade",
    "CandleSeries",
    "EpochPoint",
    "EquityPoint",
    "TradeMark",
    "bot_chart",
    "candles_to_show",
    "equity_chart",
    "hyperopt_chart",
    "tally",
    "trades_chart",
]
