"""Every number in a spec as a named hyperopt parameter, with a deterministic name and range.

Names: indicator parameters are `<indicator id>_<parameter>` (rsi_fast_period); numbers in
rules are `entry_<n>_threshold_<k>`, `entry_<n>_candles_<k>` and `entry_<n>_pct_<k>` (and
`exit_...`), numbered in tree order; risk numbers are `atr_stop_*`, `dca_*` and
`protect_<n>_*`. ROI, stop loss and trailing stay Freqtrade's own roi/stoploss/trailing spaces.

Ranges: a derived range spans about half to one and a half times the value, inside the
catalogue's (or the model's) limits. Rule for linked periods, so hyperopt never breaks a
spec's meaning:
* within one indicator, ordered periods (MACD fast < slow, Ichimoku, Ultimate Oscillator,
  SAR step < maximum) are fixed (optimize=False); only the indicator's one `loop` period is
  tuned, and it is computed for every value in its range;
* when a condition compares two indicators of the same kind (EMA 9 against EMA 21), their
  tuned periods are split at the midpoint of the defaults, so "fast" stays below "slow".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.catalogue_types import ParamDef
from ai_strategies.spec.conditions import Compare, Distance, Held, Path, Trend, walk
from ai_strategies.spec.operands import IndicatorOperand, Threshold
from ai_strategies.spec.risk import Risk

if TYPE_CHECKING:
    from ai_strategies.spec.conditions import ConditionNode
    from ai_strategies.spec.model import Rule, StrategySpec

Space = Literal["buy", "sell", "protection"]
Side = Literal["entry", "exit"]
_SPACES: dict[Side, Space] = {"entry": "buy", "exit": "sell"}
FIELD_KEYS = ("pair", "timeframe", "stoploss", "roi", "trailing", "atr_stop", "dca", "protections")
_MAX_RULE_CANDLES = 100


@dataclass(frozen=True)
class Param:
    """One hyperopt parameter of the rendered strategy."""

    name: str
    default: float
    low: float
    high: float
    decimals: int  # 0: IntParameter
    space: Space
    optimize: bool
    loop: bool = False  # computed for every value of its range in populate_indicators

    @property
    def is_int(self) -> bool:
        """Tell whether this is an IntParameter."""
        return self.decimals == 0

    def number(self, value: float) -> int | float:
        """Return a value as this parameter holds it (int, or rounded to its decimals)."""
        return int(value) if self.is_int else round(value, self.decimals)


def derived(
    name: str,
    value: float,
    limits: ParamDef,
    space: Space,
    *,
    loop: bool = False,
    tune: bool = True,
) -> Param:
    """Declare a parameter ranging about 0.5x to 1.5x of `value`, within `limits`."""
    if limits.is_int:
        span = int(abs(value) // 2)
        low, high = value - max(span, 1), value + max(span, 2)
    else:
        step = max(abs(value) * 0.5, 10.0**-limits.decimals)
        low, high = round(value - step, limits.decimals), round(value + step, limits.decimals)
    low, high = max(limits.low, low), min(limits.high, high)
    return Param(name, value, low, high, limits.decimals, space, tune and low < high, loop)


def indicator_params(spec: StrategySpec) -> dict[str, Param]:
    """Return the parameters of every indicator, keyed by name, linked periods split."""
    found: dict[str, Param] = {}
    for ind in spec.indicators:
        entry = CATALOGUE[ind.kind]
        values = entry.values(ind.params)
        for limits in entry.params:
            loop = limits.name == entry.loop
            name = f"{ind.id}_{limits.name}"
            found[name] = derived(name, values[limits.name], limits, "buy", loop=loop, tune=loop)
    for fast, slow in _linked_periods(spec):
        a, b = found[fast], found[slow]
        middle = (a.default + b.default) // 2
        found[fast] = _tuned(replace(a, high=min(a.high, middle)))
        found[slow] = _tuned(replace(b, low=max(b.low, middle + 1)))
    return found


def rule_params(condition: ConditionNode, prefix: str, space: Space) -> dict[Path, Param]:
    """Return the parameters of one rule's numbers, keyed by their path in the tree."""
    counts: Counter[str] = Counter()
    found: dict[Path, Param] = {}
    candles = ParamDef("candles", 1, 1, _MAX_RULE_CANDLES)
    for path, node in walk(condition):
        if isinstance(node, Threshold):
            kind = "pct" if path[-1:] == ("pct",) else "threshold"
            counts[kind] += 1
            name = f"{prefix}_{kind}_{counts[kind]}"
            tune = node.optimize and node.min < node.max
            found[path] = Param(name, node.default, node.min, node.max, node.decimals, space, tune)
        elif isinstance(node, Held | Trend):
            counts["candles"] += 1
            name = f"{prefix}_candles_{counts['candles']}"
            found[path] = derived(name, node.candles, candles, space)
    return found


def side_params(side: Side, number: int, condition: ConditionNode) -> dict[Path, Param]:
    """Return the parameters of entry or exit rule `number` (counted from 1)."""
    return rule_params(condition, f"{side}_{number}", _SPACES[side])


def risk_params(risk: Risk) -> list[Param]:
    """Return the parameters of the ATR stop, DCA and protections."""
    found: list[Param] = []
    if risk.atr_stop is not None:
        stop = risk.atr_stop
        found.append(derived("atr_stop_period", stop.period, _limits(2, 100), "sell", loop=True))
        multiplier = _limits(0.5, 10.0, decimals=1)
        found.append(derived("atr_stop_multiplier", stop.multiplier, multiplier, "sell"))
    if risk.dca is not None:
        dca = risk.dca
        found.append(derived("dca_stake_pct", dca.stake_pct, _limits(5, 200), "buy"))
        found.append(derived("dca_drop_pct", dca.drop_pct, _limits(0.5, 50, 1), "buy"))
        found.append(derived("dca_max_adds", dca.max_adds, _limits(1, 10), "buy"))
    for number, protection in enumerate(risk.protections, start=1):
        for field, value in protection.model_dump(exclude={"method", "only_per_pair"}).items():
            limits = _protection_limits(field)
            name = f"protect_{number}_{field}"
            found.append(derived(name, value, limits, "protection"))
    return found


def spec_parameters(spec: StrategySpec) -> list[Param]:
    """Return every parameter of a spec, in the order the strategy declares them."""
    found = list(indicator_params(spec).values())
    sides: tuple[tuple[Side, tuple[Rule, ...]], ...] = (
        ("entry", spec.entries),
        ("exit", spec.exits),
    )
    for side, rules in sides:
        for number, rule in enumerate(rules, start=1):
            found += side_params(side, number, rule.condition).values()
    return found + risk_params(spec.risk)


def _linked_periods(spec: StrategySpec) -> list[tuple[str, str]]:
    """Return (fast, slow) loop-period names of same-kind indicators a condition compares."""
    pairs: list[tuple[str, str]] = []
    for rule in (*spec.entries, *spec.exits):
        for _, node in walk(rule.condition):
            if not isinstance(node, Compare | Distance):
                continue
            if not isinstance(node.a, IndicatorOperand) or not isinstance(node.b, IndicatorOperand):
                continue
            first, second = spec.indicator(node.a.ref), spec.indicator(node.b.ref)
            loop = CATALOGUE[first.kind].loop
            if first.id == second.id or first.kind != second.kind or loop is None:
                continue
            values = [
                (ind.params.get(loop, CATALOGUE[ind.kind].param(loop).default), ind.id)
                for ind in (first, second)
            ]
            (slow_value, slow), (fast_value, fast) = sorted(values, reverse=True)
            if fast_value < slow_value:
                pairs.append((f"{fast}_{loop}", f"{slow}_{loop}"))
    return pairs


def _tuned(param: Param) -> Param:
    return replace(param, optimize=param.optimize and param.low < param.high)


def _limits(low: float, high: float, decimals: int = 0) -> ParamDef:
    return ParamDef("limits", low, low, high, decimals)


def _protection_limits(field: str) -> ParamDef:
    """Return the model's limits of a protection field."""
    if field == "max_allowed_drawdown":
        return _limits(0.01, 1.0, 3)
    if field == "required_profit":
        return _limits(-0.5, 0.5, 3)
    if field == "trade_limit":
        return _limits(1, 50)
    return _limits(1, 2000)
