"""The default sell signal: the entry's main condition turned the other way.

The main condition is the top-level part of the entry that holds a crossing (preferred),
else an oscillator level, else the first; guards (a bare oscillator next to a signal) and
parts under "held" or "not" are never chosen. Turning it the other way: crossings and
states flip (above <-> below, rising <-> falling), a band edge swaps with the other edge
(a touch of the lower band mirrors to the upper one), and an oscillator level mirrors
around its middle (RSI < 40 -> RSI > 60). Every number of the mirror is a default.
"""

from __future__ import annotations

from ai_strategies.composer.kinds import BOUNDED, SCALES
from ai_strategies.composer.operands import Number
from ai_strategies.composer.rules import kind_of
from ai_strategies.composer.shapes import Builder
from ai_strategies.spec.conditions import (
    AllOf,
    AnyOf,
    Compare,
    ConditionNode,
    Held,
    Not,
    Trend,
    walk,
)
from ai_strategies.spec.operands import ConstOperand, IndicatorOperand, PriceOperand

_EDGES = {"lower": "upper", "upper": "lower", "low": "high", "high": "low"}
_OPPOSITE = {
    "above": "below",
    "below": "above",
    "crosses_above": "crosses_below",
    "crosses_below": "crosses_above",
    "rising": "falling",
    "falling": "rising",
}


def mirror(entry: ConditionNode, build: Builder) -> ConditionNode | None:
    """Return the default exit for an entry condition, or None when nothing mirrors."""
    whole = not isinstance(entry, AllOf) or id(entry) in build.units
    parts = [entry] if whole else list(entry.conditions)  # type: ignore[union-attr]
    chosen = [p for p in parts if not isinstance(p, Held | Not) and id(p) not in build.guards]
    chosen.sort(key=lambda part: _rank(part, build))
    return next((t for t in (_turned(p, build) for p in chosen) if t is not None), None)


def _rank(part: ConditionNode, build: Builder) -> int:
    """Rank a part: 0 a crossing, 1 an oscillator level, 3 a strength or volume filter, else 2."""
    nodes = [n for _, n in walk(part)]
    if any(isinstance(n, Compare) and n.type.startswith("crosses") for n in nodes):
        return 0
    kinds = {kind_of(n, build.registry) for n in nodes}
    levels = [n.a for n in nodes if isinstance(n, Compare) and isinstance(n.b, ConstOperand)]
    if any(kind_of(a, build.registry) in SCALES for a in levels):
        return 1
    volume = any(isinstance(n, PriceOperand) and n.field == "volume" for n in nodes)
    return 3 if volume or kinds & set(BOUNDED) else 2


def _turned(node: ConditionNode, build: Builder) -> ConditionNode | None:
    """Return a condition turned the other way, or None when it has no opposite."""
    if isinstance(node, Trend):
        return Trend(type=_OPPOSITE[node.type], operand=node.operand, candles=node.candles)  # type: ignore[arg-type]
    if isinstance(node, AllOf | AnyOf):
        turned = [_turned(c, build) for c in node.conditions]
        if any(t is None for t in turned):
            return None
        return type(node)(type=node.type, conditions=tuple(turned))  # type: ignore[arg-type]
    if isinstance(node, Compare):
        return _compare(node, build)
    return None


def _compare(node: Compare, build: Builder) -> Compare | None:
    """Flip a comparison: other band edge, mirrored oscillator level, opposite relation."""
    a, b = node.a, node.b
    touch = isinstance(a, PriceOperand) and a.field in _EDGES
    if touch and not (isinstance(b, IndicatorOperand) and b.output in _EDGES):
        return None  # a pullback to an average has no opposite
    if isinstance(b, IndicatorOperand) and b.output in _EDGES:
        b = b.model_copy(update={"output": _EDGES[b.output]})
        if isinstance(a, PriceOperand) and a.field in _EDGES:
            a = a.model_copy(update={"field": _EDGES[a.field]})
    if isinstance(b, ConstOperand):
        kind = kind_of(a, build.registry)
        b = build.registry.const(Number(_mirrored(b.default, kind), default=True), kind)
    return Compare(type=_OPPOSITE[node.type], a=a, b=b)  # type: ignore[arg-type]


def _mirrored(value: float, kind: str | None) -> float:
    """Mirror an oscillator level around its middle (RSI 30 -> 70); keep other levels."""
    if kind not in SCALES:
        return value
    low, high, _, _, _ = SCALES[kind]
    return round(low + high - value, 4)
