"""What an optimisation changed, parameter by parameter, as data the chat can put in words.

Each change names the thing it tunes (`subject`: an indicator as the strategy calls it,
"EMA fast", or a rule) and the part of it (`role`: `period`, `entry_below`, `candles`...),
so the alert can say "EMA fast 9 → 16" or "RSI buy below 30 → 27" in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ai_strategies.spec import CATALOGUE, StrategySpec
from ai_strategies.spec.conditions import Compare, Distance, Held, Trend
from ai_strategies.spec.operands import IndicatorOperand
from ai_strategies.spec.params import Side, risk_params, side_params, spec_parameters
from ai_strategies.spec.tuning import apply_values
from orchestrator.alerts.payloads import ParamChange

_MAX_CHANGES = 12


def spec_changes(spec: StrategySpec, values: Mapping[str, Any]) -> list[ParamChange]:
    """Return every number of a spec that `values` change, described."""
    numeric = {k: float(v) for k, v in values.items() if isinstance(v, int | float)}
    tuned = {p.name: p.default for p in spec_parameters(apply_values(spec, numeric))}
    where = _described(spec)
    changes: list[ParamChange] = []
    for param in spec_parameters(spec):
        after = tuned.get(param.name)
        if after is not None and after != param.default:
            subject, role = where.get(param.name, (param.name, ""))
            changes.append(_change(param.name, subject, role, param.default, after))
    return changes[:_MAX_CHANGES]


def code_changes(before: Mapping[str, Any], values: Mapping[str, Any]) -> list[ParamChange]:
    """Return the custom-code parameters `values` change, named as the code names them."""
    changes = [
        _change(name, name.replace("_", " "), "", before.get(name), value)
        for name, value in values.items()
        if isinstance(value, int | float) and before.get(name) != value
    ]
    return changes[:_MAX_CHANGES]


def _change(name: str, subject: str, role: str, before: Any, after: Any) -> ParamChange:
    shown = before if isinstance(before, int | float) else None
    return {"param": name, "subject": subject, "role": role, "before": shown, "after": after}


def _indicator_subject(spec: StrategySpec, ident: str) -> str:
    """Name an indicator the way its id does, with the catalogue's label: ema_fast → EMA fast."""
    kind = spec.indicator(ident).kind
    rest = ident.removeprefix(kind).strip("_").replace("_", " ")
    return f"{CATALOGUE[kind].label} {rest}".strip()


def _described(spec: StrategySpec) -> dict[str, tuple[str, str]]:
    """Return (subject, role) for each parameter name a spec has."""
    found: dict[str, tuple[str, str]] = {}
    for ind in spec.indicators:
        for limits in CATALOGUE[ind.kind].params:
            found[f"{ind.id}_{limits.name}"] = (_indicator_subject(spec, ind.id), limits.name)
    sides: tuple[tuple[Side, str], ...] = (("entry", "entries"), ("exit", "exits"))
    for side, key in sides:
        for number, rule in enumerate(getattr(spec, key), start=1):
            for path, param in side_params(side, number, rule.condition).items():
                found[param.name] = _rule_number(spec, side, number, rule.condition, path)
    for param in risk_params(spec.risk):
        found[param.name] = ("", param.name)  # atr_stop_multiplier, dca_drop_pct, protect_1_...
    return found


def _rule_number(
    spec: StrategySpec, side: Side, number: int, condition: Any, path: tuple[str | int, ...]
) -> tuple[str, str]:
    """Describe a rule's number by the condition holding it (its subject, its role)."""
    parent, leaf = None, condition
    for step in path:
        parent, leaf = leaf, leaf[step] if isinstance(step, int) else getattr(leaf, step)
    if isinstance(leaf, Held | Trend):
        return str(number), f"{side}_candles"
    if isinstance(parent, Compare) and path[-1] == "b" and isinstance(parent.a, IndicatorOperand):
        return _indicator_subject(spec, parent.a.ref), f"{side}_{parent.type}"
    if isinstance(parent, Distance):
        return str(number), f"{side}_distance"
    return str(number), f"{side}_threshold"
