"""Conditions: comparisons, crossings, trends and distances, combined with all/any/not.

A condition tree is bounded (depth and node count, see `checks`) so no spec can make the
renderer produce unbounded code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ai_strategies.spec.names import SpecModel
from ai_strategies.spec.operands import (
    ConstOperand,
    IndicatorOperand,
    Operand,
    PriceOperand,
    Threshold,
)

MAX_CHILDREN = 10
MAX_CANDLES = 100


class Compare(SpecModel):
    """`a` above/below `b` on this candle, or crossing it on this candle."""

    type: Literal["above", "below", "crosses_above", "crosses_below"]
    a: Operand
    b: Operand


class Held(SpecModel):
    """A condition that has been true on each of the last `candles` candles."""

    type: Literal["held"]
    condition: Condition
    candles: int = Field(ge=2, le=MAX_CANDLES)


class Trend(SpecModel):
    """An operand higher (rising) or lower (falling) than `candles` candles ago."""

    type: Literal["rising", "falling"]
    operand: Operand
    candles: int = Field(default=1, ge=1, le=MAX_CANDLES)


class Distance(SpecModel):
    """`a` within (or more than) `pct` percent of `b`, on the given side of it."""

    type: Literal["distance_pct"]
    a: Operand
    b: Operand
    mode: Literal["within", "more_than"]
    side: Literal["above", "below", "either"] = "either"
    pct: Threshold = Field(description="The distance in percent of b, e.g. 1.5 for 1.5%.")


class AllOf(SpecModel):
    """Every sub-condition holds."""

    type: Literal["all"]
    conditions: tuple[Condition, ...] = Field(min_length=1, max_length=MAX_CHILDREN)


class AnyOf(SpecModel):
    """At least one sub-condition holds."""

    type: Literal["any"]
    conditions: tuple[Condition, ...] = Field(min_length=1, max_length=MAX_CHILDREN)


class Not(SpecModel):
    """The sub-condition does not hold."""

    type: Literal["not"]
    condition: Condition


Condition = Annotated[
    Compare | Held | Trend | Distance | AllOf | AnyOf | Not, Field(discriminator="type")
]
for _model in (Held, AllOf, AnyOf, Not):
    _model.model_rebuild()

ConditionNode = Compare | Held | Trend | Distance | AllOf | AnyOf | Not
OperandNode = IndicatorOperand | PriceOperand | ConstOperand
Node = ConditionNode | OperandNode | Threshold
Path = tuple[str | int, ...]


def children(node: Node) -> list[tuple[Path, Node]]:
    """Return a node's direct children with their path steps, in field order."""
    match node:
        case Compare(a=a, b=b):
            return [(("a",), a), (("b",), b)]
        case Distance(a=a, b=b, pct=pct):
            return [(("a",), a), (("b",), b), (("pct",), pct)]
        case Held(condition=sub) | Not(condition=sub):
            return [(("condition",), sub)]
        case Trend(operand=operand):
            return [(("operand",), operand)]
        case AllOf(conditions=subs) | AnyOf(conditions=subs):
            return [(("conditions", i), sub) for i, sub in enumerate(subs)]
    return []


def walk(node: Node, path: Path = ()) -> Iterator[tuple[Path, Node]]:
    """Yield every node of a tree with its path, parents before children."""
    stack: list[tuple[Path, Node]] = [(path, node)]
    while stack:
        where, current = stack.pop()
        yield where, current
        stack.extend(reversed([(where + step, child) for step, child in children(current)]))


def depth(condition: ConditionNode) -> int:
    """Return how many condition levels a tree has (a single comparison is 1)."""
    subs = [c for _, c in children(condition) if isinstance(c, ConditionNode)]
    return 1 + max((depth(sub) for sub in subs), default=0)


def condition_count(condition: ConditionNode) -> int:
    """Return the number of condition nodes in a tree."""
    return sum(1 for _, node in walk(condition) if isinstance(node, ConditionNode))
