"""Trend indicators: moving averages, MACD, ADX, Supertrend, Ichimoku, SAR, Heikin-Ashi, Aroon."""

from __future__ import annotations

import math
from collections.abc import Callable

from ai_strategies.spec.catalogue_types import (
    IndicatorDef,
    ParamDef,
    Params,
    by_period,
    period,
    settle,
    settled,
    talib_single,
)


def _stacked(times: int) -> Callable[[Params], float]:
    """Return the warm-up of `times` stacked EMAs (DEMA, TEMA)."""

    def warmup(p: Params) -> float:
        """Return the warm-up for these parameter values."""
        return times * p["period"] + min(2 * p["period"], 100)

    return warmup


def _hma_warmup(p: Params) -> float:
    return p["period"] + math.sqrt(p["period"]) + 1


def _macd_warmup(p: Params) -> float:
    return settle(p["slow"]) + p["signal"]


def _ichimoku_warmup(p: Params) -> float:
    return p["senkou"] + p["kijun"]


_MIDPOINT = "nofomo_midpoint(dataframe, {n})"

TREND: tuple[IndicatorDef, ...] = (
    talib_single("EMA", "EMA", 20),
    talib_single("SMA", "SMA", 20, warmup=by_period()),
    talib_single("WMA", "WMA", 20, warmup=by_period()),
    talib_single("TEMA", "TEMA", 20, warmup=_stacked(3), high=200),
    talib_single("DEMA", "DEMA", 20, warmup=_stacked(2), high=300),
    talib_single("KAMA", "KAMA", 10, high=200),
    IndicatorDef(
        kind="hma",
        label="HMA",
        params=(period(20, 4, 300),),
        # Hull: WMA over sqrt(n) candles of 2 * WMA(n / 2) - WMA(n).
        compute=(
            'res = 2 * ta.WMA(dataframe["close"], timeperiod={period} // 2)'
            ' - ta.WMA(dataframe["close"], timeperiod={period})',
        ),
        outputs=(("value", "ta.WMA(res, timeperiod=int({period} ** 0.5))"),),
        warmup=_hma_warmup,
        loop="period",
    ),
    IndicatorDef(
        kind="macd",
        label="MACD",
        params=(
            ParamDef("fast", 12, 2, 100),
            ParamDef("slow", 26, 3, 200),
            ParamDef("signal", 9, 2, 50),
        ),
        compute=(
            "res = ta.MACD(dataframe, fastperiod={fast}, slowperiod={slow}, signalperiod={signal})",
        ),
        outputs=(
            ("macd", 'res["macd"]'),
            ("signal", 'res["macdsignal"]'),
            ("hist", 'res["macdhist"]'),
        ),
        warmup=_macd_warmup,
        ordered=("fast", "slow"),
    ),
    IndicatorDef(
        kind="adx",
        label="ADX",
        params=(period(14, 3, 100),),
        outputs=(
            ("adx", "ta.ADX(dataframe, timeperiod={period})"),
            ("plus_di", "ta.PLUS_DI(dataframe, timeperiod={period})"),
            ("minus_di", "ta.MINUS_DI(dataframe, timeperiod={period})"),
        ),
        warmup=_stacked(2),
        loop="period",
    ),
    IndicatorDef(
        kind="supertrend",
        label="Supertrend",
        params=(period(10, 3, 100), ParamDef("multiplier", 3.0, 0.5, 10.0, decimals=1)),
        compute=("res = nofomo_supertrend(dataframe, {period}, {multiplier})",),
        outputs=(("line", "res[0]"), ("direction", "res[1]")),
        warmup=settled,
        loop="period",
        helpers=("nofomo_supertrend",),
    ),
    IndicatorDef(
        kind="ichimoku",
        label="Ichimoku",
        params=(
            ParamDef("tenkan", 9, 2, 100),
            ParamDef("kijun", 26, 3, 200),
            ParamDef("senkou", 52, 4, 400),
        ),
        # The spans are drawn `kijun` candles ahead; shifting them forward reads only the past.
        outputs=(
            ("tenkan", _MIDPOINT.replace("{n}", "{tenkan}")),
            ("kijun", _MIDPOINT.replace("{n}", "{kijun}")),
            (
                "senkou_a",
                "((nofomo_midpoint(dataframe, {tenkan}) + nofomo_midpoint(dataframe, {kijun}))"
                " / 2).shift({kijun})",
            ),
            ("senkou_b", "nofomo_midpoint(dataframe, {senkou}).shift({kijun})"),
        ),
        warmup=_ichimoku_warmup,
        ordered=("tenkan", "kijun", "senkou"),
        helpers=("nofomo_midpoint",),
    ),
    IndicatorDef(
        kind="sar",
        label="Parabolic SAR",
        params=(
            ParamDef("acceleration", 0.02, 0.005, 0.2, decimals=3),
            ParamDef("maximum", 0.2, 0.05, 1.0, decimals=2),
        ),
        outputs=(("value", "ta.SAR(dataframe, acceleration={acceleration}, maximum={maximum})"),),
        warmup=lambda p: 60,
        ordered=("acceleration", "maximum"),
    ),
    IndicatorDef(
        kind="heikin_ashi",
        label="Heikin-Ashi",
        params=(),
        compute=("res = nofomo_heikin_ashi(dataframe)",),
        outputs=(("close", "res[3]"), ("open", "res[0]"), ("high", "res[1]"), ("low", "res[2]")),
        # Each open averages the previous candle, so the seed fades within a few candles.
        warmup=lambda p: 20,
        helpers=("nofomo_heikin_ashi",),
    ),
    IndicatorDef(
        kind="aroon",
        label="Aroon",
        params=(period(14, 2, 200),),
        compute=("res = ta.AROON(dataframe, timeperiod={period})",),
        outputs=(
            ("osc", 'res["aroonup"] - res["aroondown"]'),
            ("up", 'res["aroonup"]'),
            ("down", 'res["aroondown"]'),
        ),
        warmup=by_period(1, 1),
        loop="period",
    ),
)
