"""Volatility and volume: Bollinger, ATR, Keltner, Donchian, OBV, VWAP, volume average, CMF."""

from __future__ import annotations

from ai_strategies.spec.catalogue_types import (
    IndicatorDef,
    ParamDef,
    by_period,
    period,
    settled,
    talib_single,
)

_BANDS = "res = ta.BBANDS(dataframe, timeperiod={period}, nbdevup={std}, nbdevdn={std})"
_TYPICAL_VOLUME = (
    'res = (dataframe["high"] + dataframe["low"] + dataframe["close"]) / 3 * dataframe["volume"]'
)
# Money flow volume: the close's place in the candle's range (-1 .. 1) times the volume;
# a candle without range contributes nothing.
_MONEY_FLOW = (
    'res = ((2 * dataframe["close"] - dataframe["high"] - dataframe["low"]) * dataframe["volume"]'
    ' / (dataframe["high"] - dataframe["low"])).where(dataframe["high"] > dataframe["low"], 0.0)'
)
_VOLUME_SUM = 'dataframe["volume"].rolling({period}).sum()'

VOLUME: tuple[IndicatorDef, ...] = (
    IndicatorDef(
        kind="bbands",
        label="Bollinger",
        params=(period(20, 5, 200), ParamDef("std", 2.0, 0.5, 4.0, decimals=1)),
        compute=(_BANDS,),
        outputs=(
            ("mid", 'res["middleband"]'),
            ("upper", 'res["upperband"]'),
            ("lower", 'res["lowerband"]'),
            ("width", '(res["upperband"] - res["lowerband"]) / res["middleband"]'),
            (
                "percent_b",
                '(dataframe["close"] - res["lowerband"]) / (res["upperband"] - res["lowerband"])',
            ),
        ),
        warmup=by_period(),
        loop="period",
    ),
    talib_single("ATR", "ATR", 14, high=100),
    talib_single("NATR", "ATR%", 14, high=100),
    IndicatorDef(
        kind="keltner",
        label="Keltner",
        params=(period(20, 2, 200), ParamDef("multiplier", 2.0, 0.5, 5.0, decimals=1)),
        compute=(
            "mid = ta.EMA(dataframe, timeperiod={period})",
            "res = ta.ATR(dataframe, timeperiod={period}) * {multiplier}",
        ),
        outputs=(("mid", "mid"), ("upper", "mid + res"), ("lower", "mid - res")),
        warmup=settled,
        loop="period",
    ),
    IndicatorDef(
        kind="donchian",
        label="Donchian",
        params=(period(20, 2, 500),),
        outputs=(
            ("mid", "nofomo_midpoint(dataframe, {period})"),
            ("upper", 'dataframe["high"].rolling({period}).max()'),
            ("lower", 'dataframe["low"].rolling({period}).min()'),
        ),
        warmup=by_period(),
        loop="period",
        helpers=("nofomo_midpoint",),
    ),
    IndicatorDef(
        kind="obv",
        label="OBV",
        params=(period(20, 2, 200),),
        compute=("res = ta.OBV(dataframe)",),
        outputs=(("value", "res"), ("ma", "res.rolling({period}).mean()")),
        warmup=by_period(1, 1),
        loop="period",
    ),
    IndicatorDef(
        kind="vwap",
        label="VWAP",
        params=(period(20, 2, 500),),
        compute=(_TYPICAL_VOLUME,),
        outputs=(("value", "res.rolling({period}).sum() / " + _VOLUME_SUM),),
        warmup=by_period(),
        loop="period",
    ),
    IndicatorDef(
        kind="volume_ma",
        label="Volume MA",
        params=(period(20, 2, 500),),
        outputs=(("value", 'dataframe["volume"].rolling({period}).mean()'),),
        warmup=by_period(),
        loop="period",
    ),
    IndicatorDef(
        kind="cmf",
        label="CMF",
        params=(period(20, 2, 200),),
        compute=(_MONEY_FLOW,),
        outputs=(("value", "res.rolling({period}).sum() / " + _VOLUME_SUM),),
        warmup=by_period(),
        loop="period",
    ),
)
