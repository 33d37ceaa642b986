"""Composer prompts (English and Bahasa Indonesia) become strategies that load and trade.

Every strategy goes through the full validator: static check, then a real Freqtrade
backtest on emulator candles. Slow timeframes (and rare signals) get more days so that
each one trades.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from ai_strategies.composer import Composition, compose, detect_language
from ai_strategies.marketdata import MarketData
from ai_strategies.validate import ValidationReport, validate_strategy
from tests.unit.ai_strategies.composer.legacy import PROMPTS as LEGACY_PROMPTS

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

# (prompt, days); the prompts of tests/unit/ai_strategies/composer/legacy.py, on pairs the
# emulator lists. Days give every strategy a comfortable number of trades.
CASES: list[tuple[str, int]] = [
    ("Buy BTC/USDT on 15m when RSI below 30, sell above 70, stop loss 3%, take profit 5%", 30),
    ("ETH 1h EMA 9/21 crossover with volume above average, SL 2%", 60),
    ("solusdt 4h MACD signal cross with ADX above 20, trailing stop 2%", 150),
    ("Bollinger Bands 20 2.5 lower band touch on XRP 30m with RSI 14 under 25, TP 4%", 90),
    ("BNB stochastic oversold cross 5m, cut loss 5%, target profit 10%", 30),
    ("swing trade eth/usdt with MACD 8 21 5 and RSI", 120),
    ("short BTC when RSI is above 75, buy when it drops below 30, on 1h", 90),
    ("ethusdt 3m, EMA 20 cross EMA 50 and RSI below 65, trailing stop 1.5%", 30),
    ("scalping BTC/USDT 5m dengan RSI dan EMA crossover", 30),
    ("beli ETH kalau RSI di bawah 30 timeframe 15 menit, stop loss 3%", 30),
    ("strategi SOL 1 jam pakai MACD cross dan volume di atas rata-rata, TP 6%", 60),
    ("beli bitcoin harian saat harga sentuh band bawah bollinger, SL 4%", 365),
    (
        "buatkan strategi XRP 30 menit stochastic jenuh jual di bawah 15 dan ADX di atas 25, "
        "target profit 8%, trailing stop",
        60,
    ),
    (
        "jual BNB kalau RSI di atas 70, beli kalau RSI di bawah 30 timeframe 1 jam, cut loss 2,5%",
        60,
    ),
    ("beli ETH 1 jam kalau EMA 12 memotong ke atas EMA 26, stop loss 2%", 60),
    ("beli SOL 5 menit kalau harga di atas EMA 50 dan RSI di bawah 40", 30),
    ("beli XRP 15 menit saat stochastic jenuh jual dan volume di atas rata-rata, SL 3%", 30),
    ("golden cross BTC 1 jam", 150),
]
PROMPTS = [prompt for prompt, _ in CASES]
Validated = dict[str, tuple[Composition, ValidationReport]]


def slug(prompt: str) -> str:
    return "-".join(re.findall(r"\w+", prompt.lower())[:5])


@pytest.fixture(scope="module")
async def validated(validation_market: MarketData) -> Validated:
    """Validate every composed strategy, two backtests at a time."""
    slots = asyncio.Semaphore(2)

    async def one(prompt: str, days: int) -> tuple[str, tuple[Composition, ValidationReport]]:
        composition = compose(prompt, "en")
        async with slots:
            report = await validate_strategy(
                composition.code,
                market=validation_market,
                pair=composition.pair,
                timeframe=composition.timeframe,
                days=days,
                trusted=True,
            )
        return prompt, (composition, report)

    return dict(await asyncio.gather(*(one(prompt, days) for prompt, days in CASES)))


def test_prompts_cover_both_languages() -> None:
    indonesian = [p for p in PROMPTS if detect_language(p) == "id"]
    assert PROMPTS == LEGACY_PROMPTS
    assert len(indonesian) == 10
    assert len({compose(p).class_name for p in PROMPTS}) == len(PROMPTS)


@pytest.mark.parametrize("prompt", PROMPTS, ids=[slug(p) for p in PROMPTS])
async def test_composed_strategy_loads_and_trades(prompt: str, validated: Validated) -> None:
    composition, report = validated[prompt]
    assert report.ok, report.reasons
    assert report.reasons == []
    assert report.class_name == composition.class_name
    assert (report.pair, report.timeframe) == (composition.pair, composition.timeframe)
    assert report.trades >= 1
    assert len(report.trade_list) == report.trades
    assert report.split_at is not None
    assert report.trade_list[0].open_date < report.trade_list[-1].close_date
    assert report.overall is not None and report.overall.trades == report.trades
    assert report.in_sample is not None and report.out_of_sample is not None
    assert report.in_sample.trades + report.out_of_sample.trades == report.trades
    assert len(report.equity) == report.trades + 1
    assert report.equity[-1].equity == pytest.approx(1000 + report.overall.profit_abs)
    assert {"static", "data", "backtest"} <= set(report.timings)
