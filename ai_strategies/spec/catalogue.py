"""The indicator catalogue: every indicator kind a spec may use, keyed by kind.

Each entry says which parameters it takes (default, range, integer or decimal), which
outputs it has (the first is the main one), how many candles it needs to warm up and the
trusted code that computes it from `talib.abstract`, pandas and our own helpers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Literal, get_args

from ai_strategies.spec.catalogue_oscillators import OSCILLATORS
from ai_strategies.spec.catalogue_trend import TREND
from ai_strategies.spec.catalogue_types import IndicatorDef, ParamDef
from ai_strategies.spec.catalogue_volume import VOLUME

IndicatorKind = Literal[
    "ema",
    "sma",
    "wma",
    "tema",
    "dema",
    "kama",
    "hma",
    "macd",
    "adx",
    "supertrend",
    "ichimoku",
    "sar",
    "heikin_ashi",
    "aroon",
    "rsi",
    "stoch",
    "stochrsi",
    "cci",
    "mfi",
    "willr",
    "roc",
    "mom",
    "cmo",
    "ultosc",
    "bbands",
    "atr",
    "natr",
    "keltner",
    "donchian",
    "obv",
    "vwap",
    "volume_ma",
    "cmf",
]

CATALOGUE: dict[str, IndicatorDef] = {d.kind: d for d in (*TREND, *OSCILLATORS, *VOLUME)}
KINDS: tuple[str, ...] = get_args(IndicatorKind)
if set(KINDS) != set(CATALOGUE):  # pragma: no cover - a programming error, caught on import
    raise RuntimeError(f"IndicatorKind and CATALOGUE differ: {set(KINDS) ^ set(CATALOGUE)}")


def definition(kind: str) -> IndicatorDef:
    """Return the catalogue entry of an indicator kind."""
    return CATALOGUE[kind]


def param_problems(kind: str, given: Mapping[str, float]) -> list[str]:
    """Return what is wrong with an indicator's parameters: unknown, out of range, unordered."""
    entry = CATALOGUE[kind]
    known = {p.name: p for p in entry.params}
    problems = [
        f"unknown parameter '{name}' for {kind}; it takes {_names(entry)}"
        for name in given
        if name not in known
    ]
    for name, value in given.items():
        if name in known:
            problems += _value_problems(known[name], value)
    if not problems and entry.ordered:
        values = entry.values(given)
        ordered = [values[name] for name in entry.ordered]
        if any(a >= b for a, b in itertools.pairwise(ordered)):
            got = ", ".join(f"{value:g}" for value in ordered)
            problems.append(f"{kind} needs {' < '.join(entry.ordered)} (got {got})")
    return problems


def warmup_candles(kind: str, values: Mapping[str, float]) -> int:
    """Return the candles an indicator needs before its first reliable value."""
    return math.ceil(CATALOGUE[kind].warmup(values))


def _value_problems(param: ParamDef, value: float) -> list[str]:
    if not math.isfinite(value) or not param.low <= value <= param.high:
        return [f"{param.name} must be between {param.low:g} and {param.high:g} (got {value:g})"]
    if param.is_int and value != int(value):
        return [f"{param.name} must be a whole number (got {value:g})"]
    if round(value, param.decimals) != value:
        return [f"{param.name} takes at most {param.decimals} decimals (got {value:g})"]
    return []


def _names(entry: IndicatorDef) -> str:
    return ", ".join(p.name for p in entry.params) or "no parameters"
