"""Apply hyperopt's chosen values to a spec: an optimised strategy stays data, never code.

Parameter names are those of `params.spec_parameters` (indicator parameters, rule
thresholds and candle counts, the ATR stop and DCA). Names a spec does not have are
ignored; every value is checked again when the new spec is validated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.conditions import Path
from ai_strategies.spec.model import StrategySpec
from ai_strategies.spec.params import (
    Param,
    Side,
    indicator_params,
    risk_params,
    side_params,
    spec_parameters,
)
from ai_strategies.spec.schema import parse_spec

Json = dict[str, Any]


def apply_values(spec: StrategySpec, values: Mapping[str, float]) -> StrategySpec:
    """Return a new spec whose numbers are the given parameter values."""
    data: Json = spec.model_dump(mode="json", exclude_none=True)
    _apply_indicators(spec, data, values)
    sides: tuple[tuple[Side, str], ...] = (("entry", "entries"), ("exit", "exits"))
    for side, key in sides:
        for number, rule in enumerate(getattr(spec, key), start=1):
            condition = data[key][number - 1]["condition"]
            for path, param in side_params(side, number, rule.condition).items():
                if param.name in values:
                    _set_rule_number(_node_at(condition, path), param, values[param.name])
    _apply_risk(spec, data, values)
    return parse_spec(data)


def changed_values(before: StrategySpec, after: StrategySpec) -> list[tuple[str, float, float]]:
    """Return (parameter, old default, new default) for every number that changed."""
    old = {p.name: p.default for p in spec_parameters(before)}
    return [
        (p.name, old[p.name], p.default)
        for p in spec_parameters(after)
        if p.name in old and old[p.name] != p.default
    ]


def _apply_indicators(spec: StrategySpec, data: Json, values: Mapping[str, float]) -> None:
    """Set each indicator parameter that has a new value."""
    found = indicator_params(spec)
    for position, indicator in enumerate(spec.indicators):
        for limits in CATALOGUE[indicator.kind].params:
            name = f"{indicator.id}_{limits.name}"
            if name in values:
                params = data["indicators"][position].setdefault("params", {})
                params[limits.name] = found[name].number(values[name])


def _node_at(condition: Json, path: Path) -> Json:
    """Walk a condition's JSON by the path steps `walk` yields."""
    node: Any = condition
    for step in path:
        node = node[step]
    assert isinstance(node, dict)
    return node


def _set_rule_number(node: Json, param: Param, value: float) -> None:
    """Set a threshold's default (widening its range if needed) or a candle count."""
    number = param.number(value)
    if "candles" in node and "default" not in node:
        node["candles"] = int(number)
        return
    node["default"] = number
    node["min"], node["max"] = min(node["min"], number), max(node["max"], number)


def _apply_risk(spec: StrategySpec, data: Json, values: Mapping[str, float]) -> None:
    """Set the ATR stop's and DCA's numbers that have new values."""
    by_name = {p.name: p for p in risk_params(spec.risk)}
    for section, prefix in (("atr_stop", "atr_stop_"), ("dca", "dca_")):
        block = data.get("risk", {}).get(section)
        if block is None:
            continue
        for name, param in by_name.items():
            if name.startswith(prefix) and name in values:
                block[name.removeprefix(prefix)] = param.number(values[name])
