"""How many candles of history a spec's strategy needs before its first signal."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ai_strategies.spec.catalogue import CATALOGUE, warmup_candles
from ai_strategies.spec.catalogue_types import settle
from ai_strategies.spec.conditions import walk
from ai_strategies.spec.names import timeframe_minutes
from ai_strategies.spec.operands import IndicatorOperand, PriceOperand
from ai_strategies.spec.params import Param, indicator_params, risk_params, rule_params

if TYPE_CHECKING:
    from ai_strategies.spec.conditions import ConditionNode
    from ai_strategies.spec.model import IndicatorSpec, StrategySpec

# Freqtrade refuses (and our validator too) a warm-up beyond this many candles.
MAX_STARTUP = 5000


def startup_candles(spec: StrategySpec) -> int:
    """Return `startup_candle_count`: the longest warm-up, in main-timeframe candles.

    Tuned periods count at the top of their hyperopt range; informative indicators count
    in their own candles scaled to the main timeframe. Capped at MAX_STARTUP.
    """
    params = indicator_params(spec)
    needed = [_indicator_warmup(ind, params, spec.timeframe) for ind in spec.indicators]
    atr = [p for p in risk_params(spec.risk) if p.name == "atr_stop_period"]
    needed += [math.ceil(settle(p.high)) for p in atr]
    history = max(_rule_history(rule.condition) for rule in (*spec.entries, *spec.exits))
    return min(max(needed, default=0) + history, MAX_STARTUP)


def _indicator_warmup(ind: IndicatorSpec, params: dict[str, Param], timeframe: str) -> int:
    """Return one indicator's warm-up in main-timeframe candles."""
    entry = CATALOGUE[ind.kind]
    values = {p.name: params[f"{ind.id}_{p.name}"].high for p in entry.params}
    scale = timeframe_minutes(ind.timeframe or timeframe) / timeframe_minutes(timeframe)
    return math.ceil(warmup_candles(ind.kind, values) * scale)


def _rule_history(condition: ConditionNode) -> int:
    """Return the extra candles a rule looks back over: shifts, crossings and candle counts."""
    shifts = [
        node.shift + 1
        for _, node in walk(condition)
        if isinstance(node, IndicatorOperand | PriceOperand)
    ]
    params = rule_params(condition, "rule", "buy").values()
    windows = [int(p.high) for p in params if "_candles_" in p.name]
    return max(shifts, default=0) + max(windows, default=0)
