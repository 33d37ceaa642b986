"""The fidelity corpus: prompts in English and Bahasa Indonesia with the spec each must give.

Each case states the facts precisely (see `matcher`): pair, timeframe, every indicator
with its parameters, every entry and exit condition with its operands and numbers, the
risk settings, the unsupported codes, and which values are defaults. Most ideas are
written in both languages and must give the same facts. A case with `refused` and no
`facts` must not give a strategy at all (NotUnderstood). The condition cases are in
`corpus_signals`; the risk and unsupported cases, and a few more, are here.
"""

from __future__ import annotations

from tests.unit.ai_strategies.composer.corpus_signals import MACD, RSI, SIGNALS, SL5, Case, twin

__all__ = ["CASES", "Case"]

RISKS: list[Case] = [
    Case(
        "macd_golden_cross_id",
        "mau beli SOL tiap kali MACD golden cross di 4 jam, stop loss 5 persen",
        "id",
        {
            "pair": "SOL/USDT",
            "timeframe": "4h",
            "indicators": MACD,
            "entry": [("crosses_above", "macd_12_26_9", "macd_12_26_9.signal")],
            "exit": [("crosses_below", "macd_12_26_9", "macd_12_26_9.signal")],
            "risk": {"stoploss": 0.05, "roi": [(0, 0.1)]},
            "unsupported": [],
            "defaults": {"roi"},
        },
        never=("crosses_above", "sma_50", "sma_200"),
    ),
    Case(
        "sma_rising_held_id",
        "beli BTC harian saat SMA 20 naik selama 3 candle",
        "id",
        {
            "pair": "BTC/USDT",
            "timeframe": "1d",
            "indicators": {"sma_20": "sma(period=20)"},
            "entry": [("held", ("rising", "sma_20"), 3)],
            "exits": [],
            "risk": SL5,
            "unsupported": [],
        },
    ),
    *twin(
        "sar_atr_stop",
        "BNB 1h buy when price crosses above the Parabolic SAR, stop 2x ATR",
        "beli BNB 1 jam saat harga memotong ke atas Parabolic SAR, stop loss 2x ATR",
        {
            "pair": "BNB/USDT",
            "timeframe": "1h",
            "indicators": {"sar": "sar(acceleration=0.02, maximum=0.2)"},
            "entry": [("crosses_above", "close", "sar")],
            "exit": [("crosses_below", "close", "sar")],
            "risk": {"stoploss": 0.15, "atr_stop": (2.0, 14, "entry")},
            "unsupported": [],
            "defaults": {"atr_stop_period", "stoploss", "roi"},
        },
    ),
    *twin(
        "stochrsi_dca",
        "BTC 15m: buy when StochRSI K crosses above D while K is below 20, DCA: add 50% when "
        "down 5%, max 2 times",
        "BTC 15 menit: beli saat StochRSI K memotong ke atas D dan K di bawah 20, DCA tambah "
        "50% saat turun 5%, maksimal 2 kali",
        {
            "pair": "BTC/USDT",
            "timeframe": "15m",
            "indicators": {"stochrsi_14_14_3": "stochrsi(period=14, k=14, d=3)"},
            "entry": [
                ("crosses_above", "stochrsi_14_14_3", "stochrsi_14_14_3.d"),
                ("below", "stochrsi_14_14_3", 20),
            ],
            "exit": [("crosses_below", "stochrsi_14_14_3", "stochrsi_14_14_3.d")],
            "risk": SL5 | {"dca": (50, 5.0, 2)},
            "unsupported": [],
        },
    ),
    *twin(
        "keltner_cooldown",
        "ETH 1h buy when close is below the lower Keltner channel, sell when it crosses back "
        "above the Keltner middle, cooldown 4 candles",
        "beli ETH 1 jam saat harga ditutup di bawah channel bawah Keltner, jual saat harga "
        "kembali ke atas garis tengah Keltner, jeda 4 candle",
        {
            "pair": "ETH/USDT",
            "timeframe": "1h",
            "indicators": {"keltner_20": "keltner(period=20, multiplier=2)"},
            "entry": [("below", "close", "keltner_20.lower")],
            "exit": [("crosses_above", "close", "keltner_20")],  # the middle band
            "risk": SL5
            | {"protections": [{"method": "CooldownPeriod", "stop_duration_candles": 4}]},
            "unsupported": [],
        },
    ),
    *twin(
        "short_only",
        "short BTC when RSI above 70 on 1h",
        "short BTC kalau RSI di atas 70 di 1 jam",
        None,
        refused=("short_selling",),
    ),
    *twin(
        "leverage",
        "BTC 1h: buy when RSI below 30, use 10x leverage",
        "beli BTC 1 jam kalau RSI di bawah 30, pakai leverage 10x",
        {
            "pair": "BTC/USDT",
            "timeframe": "1h",
            "indicators": RSI,
            "entry": [("below", "rsi_14", 30)],
            "exit": [("above", "rsi_14", 70)],
            "risk": SL5,
            "unsupported": ["leverage"],
        },
    ),
    *twin(
        "futures_short",
        "Trade ETH futures 4h: buy when EMA 9 crosses above EMA 21, short when it crosses below",
        "trading futures ETH 4 jam: beli saat EMA 9 memotong ke atas EMA 21, short saat "
        "memotong ke bawah",
        {
            "pair": "ETH/USDT",
            "timeframe": "4h",
            "indicators": {"ema_9": "ema(period=9)", "ema_21": "ema(period=21)"},
            "entry": [("crosses_above", "ema_9", "ema_21")],
            "exit": [("crosses_below", "ema_9", "ema_21")],  # the mirrored default exit
            "risk": SL5,
            "unsupported": ["futures", "short_selling"],
        },
    ),
    *twin(
        "news_sentiment",
        "buy BTC 1h when news sentiment is positive and RSI below 40",
        "beli BTC 1 jam kalau sentimen berita positif dan RSI di bawah 40",
        {
            "pair": "BTC/USDT",
            "timeframe": "1h",
            "indicators": RSI,
            "entry": [("below", "rsi_14", 40)],
            "exit": [("above", "rsi_14", 60)],
            "risk": SL5,
            "unsupported": ["external_data"],
        },
    ),
    *twin(
        "adx_di_guard",
        "BTC 15m buy when ADX above 25 and +DI crosses above -DI, stop loss 2%, pause trading "
        "after 3 stop losses within 24 candles for 12 candles",
        "beli BTC 15 menit saat ADX di atas 25 dan +DI memotong ke atas -DI, stop loss 2%, "
        "berhenti trading setelah 3 kali stop loss dalam 24 candle selama 12 candle",
        {
            "pair": "BTC/USDT",
            "timeframe": "15m",
            "indicators": {"adx_14": "adx(period=14)"},
            "entry": [
                ("above", "adx_14", 25),
                ("crosses_above", "adx_14.plus_di", "adx_14.minus_di"),
            ],
            "exit": [("crosses_below", "adx_14.plus_di", "adx_14.minus_di")],
            "risk": {
                "stoploss": 0.02,
                "protections": [
                    {
                        "method": "StoplossGuard",
                        "lookback_period_candles": 24,
                        "trade_limit": 3,
                        "stop_duration_candles": 12,
                        "only_per_pair": False,
                    }
                ],
            },
            "unsupported": [],
        },
    ),
    *twin(
        "distance_volume",
        "BTC 15m buy when price is within 1% of EMA 50 and volume is 1.5x its average, max "
        "drawdown 10%",
        "beli BTC 15 menit saat harga dalam 1% dari EMA 50 dan volume 1,5x rata-rata, "
        "drawdown maksimal 10%",
        {
            "pair": "BTC/USDT",
            "timeframe": "15m",
            "indicators": {"ema_50": "ema(period=50)", "volume_ma_20": "volume_ma(period=20)"},
            "entry": [
                ("distance", "close", "ema_50", "within", "either", 1),
                ("distance", "volume", "volume_ma_20", "more_than", "above", 50),
            ],
            "exits": [],  # a distance has no mirror: take profit and stop loss close trades
            "risk": SL5
            | {
                "protections": [
                    {
                        "method": "MaxDrawdown",
                        "lookback_period_candles": 48,
                        "trade_limit": 5,
                        "stop_duration_candles": 12,
                        "max_allowed_drawdown": 0.1,
                    }
                ]
            },
            "unsupported": [],
            "defaults": {"protect_1_lookback_period_candles", "protect_1_trade_limit"},
        },
    ),
    *twin(
        "cci_roi_table",
        "BTC 4h buy when CCI crosses above -100 from below and MFI is under 30; take profit "
        "5%, then 2% after 4 hours",
        "beli BTC 4 jam saat CCI memotong -100 dari bawah dan MFI di bawah 30; take profit "
        "5%, lalu 2% setelah 4 jam",
        {
            "pair": "BTC/USDT",
            "timeframe": "4h",
            "indicators": {"cci_20": "cci(period=20)", "mfi_14": "mfi(period=14)"},
            "entry": [("crosses_above", "cci_20", -100), ("below", "mfi_14", 30)],
            "exit": [("crosses_below", "cci_20", 100)],
            "risk": {"stoploss": 0.05, "roi": [(0, 0.05), (240, 0.02)]},
            "unsupported": [],
        },
    ),
    *twin(
        "vwap_trailing_offset",
        "BTC 1h buy when price is above VWAP and ROC(10) is positive, trailing stop 1.5% once "
        "profit reaches 3%",
        "beli BTC 1 jam saat harga di atas VWAP dan ROC(10) positif, trailing stop 1,5% "
        "setelah profit 3%",
        {
            "pair": "BTC/USDT",
            "timeframe": "1h",
            "indicators": {"vwap_20": "vwap(period=20)", "roc_10": "roc(period=10)"},
            "entry": [("above", "close", "vwap_20"), ("above", "roc_10", 0)],
            "exit": [("below", "close", "vwap_20")],
            "risk": SL5 | {"trailing": (0.015, 0.03, True)},
            "unsupported": [],
        },
    ),
    Case(
        "histogram_not_below_id",
        "beli ETH 4 jam kalau histogram MACD positif dan harga tidak di bawah EMA 100, take "
        "profit 10%, jeda 8 jam",
        "id",
        {
            "pair": "ETH/USDT",
            "timeframe": "4h",
            "indicators": MACD | {"ema_100": "ema(period=100)"},
            "entry": [("above", "macd_12_26_9.hist", 0), ("not", ("below", "close", "ema_100"))],
            "exit": [("below", "macd_12_26_9.hist", 0)],
            "risk": SL5
            | {"protections": [{"method": "CooldownPeriod", "stop_duration_candles": 2}]},
            "unsupported": [],
        },
    ),
    Case(
        "two_pairs_en",
        "buy BTC and ETH on 15m when MACD crosses up",
        "en",
        {
            "pair": "BTC/USDT",
            "timeframe": "15m",
            "indicators": MACD,
            "entry": [("crosses_above", "macd_12_26_9", "macd_12_26_9.signal")],
            "exit": [("crosses_below", "macd_12_26_9", "macd_12_26_9.signal")],
            "risk": SL5,
            "unsupported": ["multiple_pairs"],
        },
    ),
    Case(
        "order_book_en",
        "buy SOL 1h when the order book shows a big bid wall and RSI < 35",
        "en",
        {
            "pair": "SOL/USDT",
            "timeframe": "1h",
            "indicators": RSI,
            "entry": [("below", "rsi_14", 35)],
            "exit": [("above", "rsi_14", 65)],
            "risk": SL5,
            "unsupported": ["order_book"],
        },
    ),
    Case("divergence_en", "buy BTC 4h on a bullish RSI divergence", "en", None, ("other",)),
]
CASES: list[Case] = [*SIGNALS, *RISKS]
