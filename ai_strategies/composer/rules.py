"""Put a rule's atoms together, decide the role of bare oscillators, and tag the rule.

A bare oscillator ("with RSI") is the buy signal (RSI < 30) when nothing else in its
rule is, and a guard against buying overbought (RSI < 70) when something else is; on the
sell side, RSI > 70 or RSI > 30. The level is a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_strategies.composer.ideas import Bare, Item
from ai_strategies.composer.kinds import SCALES
from ai_strategies.composer.operands import Registry
from ai_strategies.composer.shapes import Builder, bare, level
from ai_strategies.spec.conditions import AllOf, AnyOf, Compare, ConditionNode, walk
from ai_strategies.spec.operands import IndicatorOperand

Group = list[Item]


@dataclass
class RuleParts:
    """The atoms of one rule: pieces (AND, or OR when `joins_or`) of OR groups of atoms."""

    up: bool
    pieces: list[tuple[bool, list[Group]]] = field(default_factory=list)

    def items(self) -> list[Item]:
        """Return every item of the rule."""
        return [item for _, groups in self.pieces for group in groups for item in group]


def rule_condition(parts: RuleParts, build: Builder) -> ConditionNode | None:
    """Return the rule's condition, or None when it has no atom that could be read."""
    items = parts.items()
    said = {ref for i in items if not isinstance(i, Bare) for ref in _refs(i)}
    kept = {id(i) for i in items if not isinstance(i, Bare) or not _introduces(i, said, build)}
    signal = any(not isinstance(i, Bare) or not _oscillator(i) for i in items if id(i) in kept)
    found: list[ConditionNode] = []
    for joins_or, groups in parts.pieces:
        alternatives = [
            _all([_resolve(i, build, parts.up, signal) for i in g if id(i) in kept], build)
            for g in groups
            if any(id(i) in kept for i in g)
        ]
        if not alternatives:
            continue
        piece = (
            alternatives[0]
            if len(alternatives) == 1
            else AnyOf(type="any", conditions=tuple(alternatives))
        )
        if joins_or and found:
            found[-1] = AnyOf(type="any", conditions=(found[-1], piece))
        else:
            found.append(piece)
    return _all(found, build) if found else None


def _refs(condition: ConditionNode) -> list[str]:
    """Return the ids of the indicators a condition reads."""
    return [n.ref for _, n in walk(condition) if isinstance(n, IndicatorOperand)]


def _introduces(item: Bare, said: set[str], build: Builder) -> bool:
    """Tell whether a bare mention only introduces indicators its rule uses elsewhere."""
    return all(build.registry.ident(ref) in said for ref in item.refs)


def _oscillator(item: Bare) -> bool:
    """Tell whether a bare mention is one oscillator (its level is decided by its rule)."""
    return (
        len(item.refs) == 1 and item.refs[0].kind in SCALES and item.refs[0].output in (None, "k")
    )


def _all(nodes: list[ConditionNode], build: Builder) -> ConditionNode:
    """Return the one node, or all of them, flat (nested by tens, the most a group holds)."""
    flat: list[ConditionNode] = []
    for node in nodes:
        inner = isinstance(node, AllOf) and id(node) not in build.units
        flat += list(node.conditions) if inner else [node]  # type: ignore[union-attr]
    flat = _sequence(flat)
    if len(flat) == 1:
        return flat[0]
    if len(flat) > 10:
        flat = [_all(flat[i : i + 10], build) for i in range(0, len(flat), 10)]
    return AllOf(type="all", conditions=tuple(flat))


def _sequence(nodes: list[ConditionNode]) -> list[ConditionNode]:
    """Drop a state its crossing ends: "dips under 30 then back above 30" is the crossing."""
    ended = {("below", "crosses_above"), ("above", "crosses_below")}
    crossings = [n for n in nodes if isinstance(n, Compare) and n.type.startswith("crosses")]
    return [
        n
        for n in nodes
        if not (
            isinstance(n, Compare)
            and any((n.type, c.type) in ended and (n.a, n.b) == (c.a, c.b) for c in crossings)
        )
    ]


def _resolve(item: Item, build: Builder, up: bool, signal: bool) -> ConditionNode:
    """Return a condition: a bare oscillator is a guard next to a signal, else the signal."""
    if not isinstance(item, Bare):
        return item
    if len(item.refs) == 2:
        return build.compare("above" if up else "below", item.refs[0], item.refs[1])
    ref = item.refs[0]
    if not _oscillator(item):
        state = bare(build, ref, up)
        assert state is not None  # `ideas.stands_alone` checked it
        return state
    subject, number = level(ref, low_side=(up != signal))
    found = build.compare("below" if up else "above", subject, number)
    if signal:
        build.guards.add(id(found))
    return found


def kind_of(operand: object, registry: Registry) -> str | None:
    """Return the indicator kind an operand reads, or None for prices and numbers."""
    if not isinstance(operand, IndicatorOperand):
        return None
    return next((s.kind for s in registry.specs.values() if s.id == operand.ref), None)


def tag_for(condition: ConditionNode, registry: Registry, taken: set[str]) -> str:
    """Return a rule tag from the indicator kinds it uses, e.g. sma_rsi, unique on its side."""
    kinds = [kind_of(n, registry) for _, n in walk(condition) if isinstance(n, IndicatorOperand)]
    tag = "_".join(dict.fromkeys(k for k in kinds if k))[:28].rstrip("_") or "ohlc"
    found, number = tag, 2
    while found in taken:
        found, number = f"{tag}_{number}", number + 1
    taken.add(found)
    return found
