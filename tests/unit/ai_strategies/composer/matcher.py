"""Read a spec as short tuples, so a test states what a prompt must mean.

Operands: an indicator is its id ("rsi_14"), with ".output" for another output
("bbands_20.lower") and "[n]" for a shift ("donchian_20.upper[1]"); a price is its field
("close", "low", "volume", "close@1h"); a constant is its number. Conditions:
("above" | "below" | "crosses_above" | "crosses_below", a, b), ("rising" | "falling", x)
or with a candle count (x, n), ("held", condition, n), ("distance", a, b, mode, side, pct),
("all", [...]), ("any", [...]), ("not", condition). A rule reads as the list of its
top-level conditions (the parts of its "all").
"""

from __future__ import annotations

from typing import Any

from ai_strategies.spec import CATALOGUE, StrategySpec
from ai_strategies.spec.conditions import (
    AllOf,
    AnyOf,
    Compare,
    ConditionNode,
    Distance,
    Held,
    Not,
    Trend,
)
from ai_strategies.spec.operands import ConstOperand, IndicatorOperand, PriceOperand

Shape = Any


def operand(node: IndicatorOperand | PriceOperand | ConstOperand) -> str | float:
    """Return an operand as text (indicator or price) or as its number."""
    if isinstance(node, ConstOperand):
        return node.default
    if isinstance(node, PriceOperand):
        return node.field + (f"@{node.timeframe}" if node.timeframe else "")
    text = node.ref + (f".{node.output}" if node.output else "")
    return text + (f"[{node.shift}]" if node.shift else "")


def condition(node: ConditionNode) -> Shape:
    """Return a condition as nested tuples."""
    match node:
        case Compare():
            return (node.type, operand(node.a), operand(node.b))
        case Trend():
            head = (node.type, operand(node.operand))
            return head if node.candles == 1 else (*head, node.candles)
        case Held():
            return ("held", condition(node.condition), node.candles)
        case Distance():
            a, b = operand(node.a), operand(node.b)
            return ("distance", a, b, node.mode, node.side, node.pct.default)
        case AllOf():
            return ("all", [condition(c) for c in node.conditions])
        case AnyOf():
            return ("any", [condition(c) for c in node.conditions])
        case Not():
            return ("not", condition(node.condition))
    raise TypeError(node)


def rule(node: ConditionNode) -> list[Shape]:
    """Return a rule's condition as the list of its top-level parts."""
    if isinstance(node, AllOf):
        return [condition(c) for c in node.conditions]
    return [condition(node)]


def indicators(spec: StrategySpec) -> dict[str, str]:
    """Return every indicator as `kind(param=value, ...)[@timeframe]`, by id."""
    found = {}
    for ind in spec.indicators:
        values = CATALOGUE[ind.kind].values(ind.params)
        params = ", ".join(f"{name}={value:g}" for name, value in values.items())
        found[ind.id] = f"{ind.kind}({params})" + (f"@{ind.timeframe}" if ind.timeframe else "")
    return found


def risk(spec: StrategySpec) -> dict[str, Shape]:
    """Return the risk settings that differ from none: stop loss, ROI, trailing, ATR, DCA."""
    r = spec.risk
    found: dict[str, Shape] = {
        "stoploss": r.stoploss,
        "roi": [(step.after_minutes, step.profit) for step in r.roi],
    }
    if r.trailing is not None:
        t = r.trailing
        found["trailing"] = (t.positive, t.offset, t.only_offset_is_reached)
    if r.atr_stop is not None:
        found["atr_stop"] = (r.atr_stop.multiplier, r.atr_stop.period, r.atr_stop.anchor)
    if r.dca is not None:
        found["dca"] = (r.dca.stake_pct, r.dca.drop_pct, r.dca.max_adds)
    if r.protections:
        found["protections"] = [p.model_dump() for p in r.protections]
    return found


def facts(spec: StrategySpec) -> dict[str, Shape]:
    """Return every fact a corpus case may state about a spec."""
    return {
        "pair": spec.pair,
        "timeframe": spec.timeframe,
        "indicators": indicators(spec),
        "entries": [rule(r.condition) for r in spec.entries],
        "exits": [rule(r.condition) for r in spec.exits],
        "risk": risk(spec),
        "unsupported": [u.code for u in spec.unsupported],
        "defaults": set(spec.defaults_used),
    }


def mismatches(spec: StrategySpec, expected: dict[str, Shape]) -> list[str]:
    """Return one line per expected fact the spec does not have (empty when all match).

    `entry`/`exit` state the only rule of that side; `entries`/`exits` every rule;
    `risk` the listed risk settings only; `defaults` must be a subset of defaults_used.
    """
    found = facts(spec)
    wanted = dict(expected)
    for one, every in (("entry", "entries"), ("exit", "exits")):
        if one in wanted:
            wanted[every] = [wanted.pop(one)]
    problems = []
    for key, value in wanted.items():
        have = found[key]
        if key == "risk":
            have = {k: have.get(k) for k in value}
        ok = value <= have if key == "defaults" else have == value
        if not ok:
            problems.append(f"{key}:\n  expected {value!r}\n  found    {have!r}")
    return problems
