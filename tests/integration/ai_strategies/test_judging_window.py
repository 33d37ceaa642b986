"""Composed strategies are judged on a window that holds their longest indicator."""

from __future__ import annotations

import pytest

from ai_strategies.composer import compose
from ai_strategies.ftconfig import timeframe_seconds
from ai_strategies.marketdata import MarketData
from ai_strategies.strategy_facts import read_facts
from ai_strategies.validate import validate_strategy

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.mark.parametrize(
    ("prompt", "timeframe"),
    [
        ("BTC/USDT 4h: buy when SMA 50 crosses above SMA 200, RSI below 70", "4h"),
        ("scalping BTC/USDT 1m with RSI and EMA crossover", "1m"),
    ],
)
async def test_window_holds_the_longest_indicator_and_1000_candles(
    validation_market: MarketData, prompt: str, timeframe: str
) -> None:
    made = compose(prompt, "en")
    assert made.timeframe == timeframe
    startup = read_facts(made.code, made.class_name).startup_candles
    report = await validate_strategy(
        made.code, market=validation_market, pair=made.pair, timeframe=made.timeframe, timeout=180
    )
    assert report.overall is not None, report.reasons
    candles = report.overall.days * 86400 / timeframe_seconds(timeframe)
    assert candles >= 999 and candles >= 4 * startup
    assert report.days is not None and report.days >= 60
