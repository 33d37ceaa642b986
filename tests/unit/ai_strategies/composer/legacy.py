"""The composer's 18 long-standing prompts (10 in Bahasa Indonesia) with their spec facts,
and helpers to run a composed strategy on synthetic candles.

tests/integration/ai_strategies/test_composer_backtest.py backtests the same prompts.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from freqtrade.strategy import IStrategy

from ai_strategies.composer import Composition

RSI = {"rsi_14": "rsi(period=14)"}
# (prompt, facts); the prompts of tests/integration/ai_strategies/test_composer_backtest.py.
CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "Buy BTC/USDT on 15m when RSI below 30, sell above 70, stop loss 3%, take profit 5%",
        {"pair": "BTC/USDT", "timeframe": "15m", "indicators": RSI,
         "entry": [("below", "rsi_14", 30)], "exit": [("above", "rsi_14", 70)],
         "risk": {"stoploss": 0.03, "roi": [(0, 0.05)]}},
    ),
    (
        "ETH 1h EMA 9/21 crossover with volume above average, SL 2%",
        {"pair": "ETH/USDT", "timeframe": "1h",
         "entry": [("crosses_above", "ema_9", "ema_21"), ("above", "volume", "volume_ma_20")],
         "exit": [("crosses_below", "ema_9", "ema_21")], "risk": {"stoploss": 0.02}},
    ),
    (
        "solusdt 4h MACD signal cross with ADX above 20, trailing stop 2%",
        {"pair": "SOL/USDT", "timeframe": "4h",
         "entry": [("crosses_above", "macd_12_26_9", "macd_12_26_9.signal"),
                   ("above", "adx_14", 20)],
         "risk": {"trailing": (0.02, 0.0, False)}},
    ),
    (
        "Bollinger Bands 20 2.5 lower band touch on XRP 30m with RSI 14 under 25, TP 4%",
        {"pair": "XRP/USDT", "timeframe": "30m",
         "indicators": {"bbands_20": "bbands(period=20, std=2.5)"} | RSI,
         "entry": [("below", "low", "bbands_20.lower"), ("below", "rsi_14", 25)],
         "risk": {"roi": [(0, 0.04)]}},
    ),
    (
        "BNB stochastic oversold cross 5m, cut loss 5%, target profit 10%",
        {"pair": "BNB/USDT", "timeframe": "5m",
         "entry": [("crosses_above", "stoch_14_3_3", "stoch_14_3_3.d"),
                   ("below", "stoch_14_3_3", 20)],
         "defaults": {"entry_1_threshold_1"}},
    ),
    (
        "swing trade eth/usdt with MACD 8 21 5 and RSI",
        {"pair": "ETH/USDT", "timeframe": "4h",
         "indicators": {"macd_8_21_5": "macd(fast=8, slow=21, signal=5)"} | RSI,
         "entry": [("above", "macd_8_21_5", "macd_8_21_5.signal"), ("below", "rsi_14", 70)],
         "exit": [("below", "macd_8_21_5", "macd_8_21_5.signal")],
         "defaults": {"timeframe", "entry_1_threshold_1"}},
    ),
    (
        "short BTC when RSI is above 75, buy when it drops below 30, on 1h",
        {"pair": "BTC/USDT", "timeframe": "1h", "entry": [("below", "rsi_14", 30)],
         "unsupported": ["short_selling"]},
    ),
    (
        "ethusdt 3m, EMA 20 cross EMA 50 and RSI below 65, trailing stop 1.5%",
        {"pair": "ETH/USDT", "timeframe": "3m",
         "entry": [("crosses_above", "ema_20", "ema_50"), ("below", "rsi_14", 65)],
         "risk": {"trailing": (0.015, 0.0, False)}},
    ),
    (
        "scalping BTC/USDT 5m dengan RSI dan EMA crossover",
        {"pair": "BTC/USDT", "timeframe": "5m",
         "entry": [("below", "rsi_14", 70), ("crosses_above", "ema_9", "ema_21")],
         "defaults": {"ema_9_period", "ema_21_period", "entry_1_threshold_1"}},
    ),
    (
        "beli ETH kalau RSI di bawah 30 timeframe 15 menit, stop loss 3%",
        {"pair": "ETH/USDT", "timeframe": "15m", "entry": [("below", "rsi_14", 30)],
         "exit": [("above", "rsi_14", 70)], "risk": {"stoploss": 0.03}},
    ),
    (
        "strategi SOL 1 jam pakai MACD cross dan volume di atas rata-rata, TP 6%",
        {"pair": "SOL/USDT", "timeframe": "1h",
         "entry": [("crosses_above", "macd_12_26_9", "macd_12_26_9.signal"),
                   ("above", "volume", "volume_ma_20")],
         "risk": {"roi": [(0, 0.06)]}},
    ),
    (
        "beli bitcoin harian saat harga sentuh band bawah bollinger, SL 4%",
        {"pair": "BTC/USDT", "timeframe": "1d", "entry": [("below", "low", "bbands_20.lower")],
         "exit": [("above", "high", "bbands_20.upper")], "risk": {"stoploss": 0.04}},
    ),
    (
        "buatkan strategi XRP 30 menit stochastic jenuh jual di bawah 15 dan ADX di atas 25, "
        "target profit 8%, trailing stop",
        {"pair": "XRP/USDT", "timeframe": "30m",
         "entry": [("below", "stoch_14_3_3", 15), ("above", "adx_14", 25)],
         "risk": {"roi": [(0, 0.08)], "trailing": (0.01, 0.0, False)},
         "defaults": {"trailing"}},
    ),
    (
        "jual BNB kalau RSI di atas 70, beli kalau RSI di bawah 30 timeframe 1 jam, "
        "cut loss 2,5%",
        {"pair": "BNB/USDT", "timeframe": "1h", "entry": [("below", "rsi_14", 30)],
         "exit": [("above", "rsi_14", 70)], "risk": {"stoploss": 0.025}},
    ),
    (
        "beli ETH 1 jam kalau EMA 12 memotong ke atas EMA 26, stop loss 2%",
        {"pair": "ETH/USDT", "timeframe": "1h", "entry": [("crosses_above", "ema_12", "ema_26")]},
    ),
    (
        "beli SOL 5 menit kalau harga di atas EMA 50 dan RSI di bawah 40",
        {"pair": "SOL/USDT", "timeframe": "5m",
         "entry": [("above", "close", "ema_50"), ("below", "rsi_14", 40)]},
    ),
    (
        "beli XRP 15 menit saat stochastic jenuh jual dan volume di atas rata-rata, SL 3%",
        {"pair": "XRP/USDT", "timeframe": "15m",
         "entry": [("below", "stoch_14_3_3", 20), ("above", "volume", "volume_ma_20")]},
    ),
    (
        "golden cross BTC 1 jam",
        {"pair": "BTC/USDT", "timeframe": "1h", "entry": [("crosses_above", "sma_50", "sma_200")],
         "exit": [("crosses_below", "sma_50", "sma_200")]},
    ),
]  # fmt: skip
PROMPTS = [prompt for prompt, _ in CASES]


def random_walk(candles: int, seed: int) -> pd.DataFrame:
    """Return OHLCV candles of a random walk trending up and down by turns, noisy volume."""
    rng = np.random.default_rng(seed)
    drift = np.where(np.arange(candles) // 400 % 2 == 0, 0.0006, -0.0006)
    close = 100 * np.exp(np.cumsum(rng.normal(drift, 0.003, candles)))
    open_ = np.r_[close[0], close[:-1]]
    wick = rng.uniform(0, 0.002, (2, candles))
    return pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=candles, freq="5min", tz="UTC"),
            "open": open_,
            "high": np.maximum(open_, close) * (1 + wick[0]),
            "low": np.minimum(open_, close) * (1 - wick[1]),
            "close": close,
            "volume": rng.lognormal(3, 0.6, candles),
        }
    )


def load_class(composition: Composition, directory: Path) -> IStrategy:
    """Import rendered code from a file and return its strategy, parameters loaded."""
    path = directory / f"{composition.class_name}.py"
    path.write_text(composition.code)
    name = f"composed_{composition.class_name.lower()}_{abs(hash(str(directory)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    strategy: IStrategy = getattr(module, composition.class_name)(
        {"timeframe": composition.timeframe}
    )
    strategy.ft_load_hyper_params(False)
    return strategy
