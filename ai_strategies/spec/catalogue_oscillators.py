"""Oscillators: RSI, Stochastic, StochRSI, CCI, MFI, Williams %R, ROC, momentum, CMO, UO."""

from __future__ import annotations

from ai_strategies.spec.catalogue_types import (
    IndicatorDef,
    ParamDef,
    Params,
    by_period,
    period,
    settle,
    talib_single,
)


def _stoch_warmup(p: Params) -> float:
    return p["k"] + p["smooth"] + p["d"]


def _stochrsi_warmup(p: Params) -> float:
    return settle(p["period"]) + p["k"] + p["d"]


def _ultosc_warmup(p: Params) -> float:
    return p["slow"] + 1


OSCILLATORS: tuple[IndicatorDef, ...] = (
    talib_single("RSI", "RSI", 14, high=100),
    IndicatorDef(
        kind="stoch",
        label="Stochastic",
        params=(
            ParamDef("k", 14, 3, 100),
            ParamDef("smooth", 3, 1, 20),
            ParamDef("d", 3, 1, 20),
        ),
        compute=(
            "res = ta.STOCH(dataframe, fastk_period={k}, slowk_period={smooth}, slowd_period={d})",
        ),
        outputs=(("k", 'res["slowk"]'), ("d", 'res["slowd"]')),
        warmup=_stoch_warmup,
        loop="k",
    ),
    IndicatorDef(
        kind="stochrsi",
        label="StochRSI",
        params=(period(14, 3, 100), ParamDef("k", 14, 3, 100), ParamDef("d", 3, 1, 20)),
        compute=(
            "res = ta.STOCHRSI(dataframe, timeperiod={period}, fastk_period={k}, fastd_period={d})",
        ),
        outputs=(("k", 'res["fastk"]'), ("d", 'res["fastd"]')),
        warmup=_stochrsi_warmup,
        loop="period",
    ),
    talib_single("CCI", "CCI", 20, warmup=by_period(), low=3, high=200),
    talib_single("MFI", "MFI", 14, warmup=by_period(1, 1), low=3, high=100),
    talib_single("WILLR", "Williams %R", 14, warmup=by_period(), high=100),
    talib_single("ROC", "ROC", 10, warmup=by_period(1, 1), low=1, high=200),
    talib_single("MOM", "Momentum", 10, warmup=by_period(1, 1), low=1, high=200),
    talib_single("CMO", "CMO", 14, high=100),
    IndicatorDef(
        kind="ultosc",
        label="Ultimate Oscillator",
        params=(
            ParamDef("fast", 7, 1, 50),
            ParamDef("mid", 14, 2, 100),
            ParamDef("slow", 28, 3, 200),
        ),
        outputs=(
            (
                "value",
                "ta.ULTOSC(dataframe, timeperiod1={fast}, timeperiod2={mid}, timeperiod3={slow})",
            ),
        ),
        warmup=_ultosc_warmup,
        ordered=("fast", "mid", "slow"),
    ),
)
