"""The fidelity corpus, signals: how cases are written, and the cases about conditions.

Indicators and their periods, states and crossings, levels, bands, clouds, channels,
trends, "held", "or", informative timeframes (see `corpus` for the whole corpus).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Facts = dict[str, Any]
SL5 = {"stoploss": 0.05, "roi": [(0, 0.1)]}  # the defaults: stop loss 5%, take profit 10%
RSI = {"rsi_14": "rsi(period=14)"}
SMA_50_200 = {"sma_50": "sma(period=50)", "sma_200": "sma(period=200)"}
MACD = {"macd_12_26_9": "macd(fast=12, slow=26, signal=9)"}
CLOUD_UP = (
    "any",
    [
        ("all", [("crosses_above", "close", "ichimoku_9_26_52.senkou_a"),
                 ("above", "close", "ichimoku_9_26_52.senkou_b")]),
        ("all", [("crosses_above", "close", "ichimoku_9_26_52.senkou_b"),
                 ("above", "close", "ichimoku_9_26_52.senkou_a")]),
    ],
)  # fmt: skip
CLOUD_DOWN = (
    "any",
    [
        ("all", [("crosses_below", "close", "ichimoku_9_26_52.senkou_a"),
                 ("below", "close", "ichimoku_9_26_52.senkou_b")]),
        ("all", [("crosses_below", "close", "ichimoku_9_26_52.senkou_b"),
                 ("below", "close", "ichimoku_9_26_52.senkou_a")]),
    ],
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    """A prompt, its language and the facts its spec must have (None: no strategy)."""

    name: str
    prompt: str
    language: str
    facts: Facts | None
    refused: tuple[str, ...] = ()  # unsupported codes a refused prompt must name
    never: tuple[Any, ...] = field(default=())  # conditions no rule may contain


def twin(name: str, english: str, indonesian: str, facts: Facts | None, **extra: Any) -> list[Case]:
    """Return the same idea in both languages, with the same facts."""
    return [
        Case(f"{name}_en", english, "en", facts, **extra),
        Case(f"{name}_id", indonesian, "id", facts, **extra),
    ]


SIGNALS: list[Case] = [
    *twin(
        "trend_pullback",
        "BTC/USDT 1h: SMA 50 above SMA 200, enter on an RSI pullback below 40",
        "BTC/USDT 1 jam: SMA 50 di atas SMA 200, beli saat RSI pullback di bawah 40",
        {
            "pair": "BTC/USDT",
            "timeframe": "1h",
            "indicators": SMA_50_200 | RSI,
            "entry": [("above", "sma_50", "sma_200"), ("below", "rsi_14", 40)],
            "exit": [("above", "rsi_14", 60)],
            "risk": SL5,
            "unsupported": [],
            "defaults": {"exit_1_threshold_1", "stoploss", "roi"},
        },
        never=("crosses_above", "sma_50", "sma_200"),
    ),
    *twin(
        "golden_death",
        "Golden cross on ETH daily, sell on the death cross, stop loss 8%",
        "golden cross ETH harian, jual saat death cross, stop loss 8%",
        {
            "pair": "ETH/USDT",
            "timeframe": "1d",
            "indicators": SMA_50_200,
            "entry": [("crosses_above", "sma_50", "sma_200")],
            "exit": [("crosses_below", "sma_50", "sma_200")],
            "risk": {"stoploss": 0.08, "roi": [(0, 0.1)]},
            "unsupported": [],
        },
    ),
    *twin(
        "macd_histogram",
        "SOL 1h: buy when the MACD line crosses above the signal line and the histogram is "
        "rising, take profit 6%",
        "beli SOL 1 jam saat garis MACD memotong ke atas garis sinyal dan histogram naik, "
        "take profit 6%",
        {
            "pair": "SOL/USDT",
            "timeframe": "1h",
            "indicators": MACD,
            "entry": [
                ("crosses_above", "macd_12_26_9", "macd_12_26_9.signal"),
                ("rising", "macd_12_26_9.hist"),
            ],
            "exit": [("crosses_below", "macd_12_26_9", "macd_12_26_9.signal")],
            "risk": {"stoploss": 0.05, "roi": [(0, 0.06)]},
            "unsupported": [],
        },
    ),
    *twin(
        "bollinger_touch",
        "BNB 15m buy when price touches the lower Bollinger band (20, 2) and RSI < 35, sell "
        "at the middle band",
        "beli BNB 15 menit saat harga menyentuh band bawah Bollinger (20, 2) dan RSI di bawah "
        "35, jual di band tengah",
        {
            "pair": "BNB/USDT",
            "timeframe": "15m",
            "indicators": {"bbands_20": "bbands(period=20, std=2)"} | RSI,
            "entry": [("below", "low", "bbands_20.lower"), ("below", "rsi_14", 35)],
            "exit": [("above", "high", "bbands_20")],  # bbands_20 alone: its middle band
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "supertrend_flip",
        "ETH 4h: buy when Supertrend (10, 3) flips bullish, sell when it flips bearish, "
        "trailing stop 2%",
        "strategi ETH 4 jam: beli saat Supertrend (10, 3) berbalik naik, jual saat berbalik "
        "turun, trailing stop 2%",
        {
            "pair": "ETH/USDT",
            "timeframe": "4h",
            "indicators": {"supertrend_10": "supertrend(period=10, multiplier=3)"},
            "entry": [("crosses_above", "supertrend_10.direction", 0)],
            "exit": [("crosses_below", "supertrend_10.direction", 0)],
            "risk": SL5 | {"trailing": (0.02, 0.0, False)},
            "unsupported": [],
        },
    ),
    *twin(
        "ichimoku_cloud",
        "BTC 4h long when price breaks above the Ichimoku cloud and the Tenkan is above the Kijun",
        "beli BTC 4 jam saat harga menembus ke atas awan Ichimoku dan Tenkan di atas Kijun",
        {
            "pair": "BTC/USDT",
            "timeframe": "4h",
            "indicators": {"ichimoku_9_26_52": "ichimoku(tenkan=9, kijun=26, senkou=52)"},
            "entry": [CLOUD_UP, ("above", "ichimoku_9_26_52", "ichimoku_9_26_52.kijun")],
            "exit": [CLOUD_DOWN],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "donchian_breakout",
        "XRP 1h Donchian 20 breakout, exit when price closes below the 10-candle low",
        "XRP 1 jam breakout Donchian 20, keluar saat harga ditutup di bawah harga terendah "
        "10 candle terakhir",
        {
            "pair": "XRP/USDT",
            "timeframe": "1h",
            "indicators": {
                "donchian_20": "donchian(period=20)",
                "donchian_10": "donchian(period=10)",
            },
            "entry": [("crosses_above", "close", "donchian_20.upper[1]")],
            "exit": [("below", "close", "donchian_10.lower[1]")],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "rsi_band",
        "BNB 4h RSI 30/70 strategy, stop loss 3%",
        "RSI 30/70 di BNB 4 jam, stop loss 3%",
        {
            "pair": "BNB/USDT",
            "timeframe": "4h",
            "indicators": RSI,
            "entry": [("below", "rsi_14", 30)],
            "exit": [("above", "rsi_14", 70)],
            "risk": {"stoploss": 0.03, "roi": [(0, 0.1)]},
            "unsupported": [],
        },
    ),
    *twin(
        "informative_filter",
        "BTC/USDT 5m strategy: buy when RSI(14) drops below 30, with EMA 200 on 1h as trend filter",
        "strategi BTC 5 menit: beli saat RSI 14 turun di bawah 30, dengan EMA 200 di 1 jam "
        "sebagai filter tren",
        {
            "pair": "BTC/USDT",
            "timeframe": "5m",
            "indicators": RSI | {"ema_200_1h": "ema(period=200)@1h"},
            "entry": [("below", "rsi_14", 30), ("above", "close", "ema_200_1h")],
            "exit": [("above", "rsi_14", 70)],
            "risk": SL5,
            "unsupported": [],
            "defaults": {"exit_1_threshold_1"},
        },
    ),
    *twin(
        "williams_r",
        "SOL 15m buy when Williams %R is below -80, sell when it is above -20",
        "beli SOL 15 menit kalau Williams %R di bawah -80, jual kalau di atas -20",
        {
            "pair": "SOL/USDT",
            "timeframe": "15m",
            "indicators": {"willr_14": "willr(period=14)"},
            "entry": [("below", "willr_14", -80)],
            "exit": [("above", "willr_14", -20)],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "heikin_ashi_obv",
        "SOL 30m: buy when 2 green Heikin-Ashi candles in a row and OBV is rising, sell when "
        "Heikin-Ashi turns red",
        "beli SOL 30 menit saat 2 candle Heikin-Ashi hijau berturut-turut dan OBV naik, jual "
        "saat Heikin-Ashi berubah merah",
        {
            "pair": "SOL/USDT",
            "timeframe": "30m",
            "indicators": {"heikin_ashi": "heikin_ashi()", "obv_20": "obv(period=20)"},
            "entry": [
                ("held", ("above", "heikin_ashi", "heikin_ashi.open"), 2),
                ("rising", "obv_20"),
            ],
            "exit": [("crosses_below", "heikin_ashi", "heikin_ashi.open")],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "rsi_between",
        "XRP 5m buy when RSI is between 40 and 60 and price crosses above EMA 20",
        "beli XRP 5 menit saat RSI antara 40 dan 60 dan harga memotong ke atas EMA 20",
        {
            "pair": "XRP/USDT",
            "timeframe": "5m",
            "indicators": RSI | {"ema_20": "ema(period=20)"},
            "entry": [
                ("above", "rsi_14", 40),
                ("below", "rsi_14", 60),
                ("crosses_above", "close", "ema_20"),
            ],
            "exit": [("crosses_below", "close", "ema_20")],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "rsi_recovery",
        "ETH 4h: buy when RSI dips under 30 and then rises back above 30, sell at RSI 70",
        "beli ETH 4 jam kalau RSI turun ke bawah 30 lalu naik lagi ke atas 30, jual di RSI 70",
        {
            "pair": "ETH/USDT",
            "timeframe": "4h",
            "indicators": RSI,  # "RSI 70" after "at" is a level, not a period
            "entry": [("crosses_above", "rsi_14", 30)],  # the dip is implied by the crossing
            "exit": [("above", "rsi_14", 70)],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "pullback_to_ema",
        "BNB 1h buy if EMA 50 is rising and price pulls back to EMA 50",
        "beli BNB 1 jam saat EMA 50 naik dan harga pullback ke EMA 50",
        {
            "pair": "BNB/USDT",
            "timeframe": "1h",
            "indicators": {"ema_50": "ema(period=50)"},
            "entry": [("rising", "ema_50"), ("below", "low", "ema_50")],
            "exit": [("falling", "ema_50")],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    Case(
        "rsi_or_mfi_id",
        "beli BTC 1 jam, RSI di bawah 30 atau MFI di bawah 20",
        "id",
        {
            "pair": "BTC/USDT",
            "timeframe": "1h",
            "indicators": RSI | {"mfi_14": "mfi(period=14)"},
            "entry": [("any", [("below", "rsi_14", 30), ("below", "mfi_14", 20)])],
            "exit": [("any", [("above", "rsi_14", 70), ("above", "mfi_14", 80)])],
            "risk": SL5,
            "unsupported": [],
            "defaults": {"exit_1_threshold_1", "exit_1_threshold_2"},
        },
    ),
]
