"""Whole-spec checks one field cannot make: references, tree bounds, timeframes and names.

Each problem is one short line, `path: what is wrong`, for an LLM repair loop to read.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.conditions import (
    Compare,
    ConditionNode,
    Distance,
    Trend,
    condition_count,
    depth,
    walk,
)
from ai_strategies.spec.names import RESERVED, timeframe_minutes
from ai_strategies.spec.operands import IndicatorOperand, PriceOperand, is_series
from ai_strategies.spec.params import FIELD_KEYS, spec_parameters

if TYPE_CHECKING:
    from ai_strategies.spec.model import Rule, StrategySpec

MAX_DEPTH = 6
MAX_RULE_NODES = 40
MAX_SPEC_NODES = 80
MAX_INFORMATIVE = 4


def spec_problems(spec: StrategySpec) -> list[str]:
    """Return every problem of a spec whose fields are each valid on their own."""
    problems = _indicator_problems(spec)
    for label, rules in (("entries", spec.entries), ("exits", spec.exits)):
        problems += _duplicates([r.tag for r in rules], f"{label}: duplicate tag")
        for number, rule in enumerate(rules):
            problems += _rule_problems(spec, rule, f"{label}.{number}.condition")
    total = sum(condition_count(r.condition) for r in (*spec.entries, *spec.exits))
    if total > MAX_SPEC_NODES:
        problems.append(f"entries/exits: {total} conditions in all; at most {MAX_SPEC_NODES}")
    if problems:  # names derive from a consistent spec only
        return problems
    return _name_problems(spec)


def _indicator_problems(spec: StrategySpec) -> list[str]:
    """Check ids and informative timeframes and pairs."""
    problems = _duplicates([ind.id for ind in spec.indicators], "indicators: duplicate id")
    groups: set[tuple[str | None, str]] = set()
    for number, ind in enumerate(spec.indicators):
        if ind.timeframe is not None and _shorter(ind.timeframe, spec.timeframe):
            problems.append(
                f"indicators.{number}.timeframe: {ind.timeframe} is shorter than the strategy's "
                f"{spec.timeframe}; informative timeframes must be the same or longer"
            )
        pair = None if ind.pair == spec.pair else ind.pair
        if pair is not None or (ind.timeframe or spec.timeframe) != spec.timeframe:
            groups.add((pair, ind.timeframe or spec.timeframe))
    if len(groups) > MAX_INFORMATIVE:
        problems.append(f"indicators: {len(groups)} informative series; at most {MAX_INFORMATIVE}")
    return problems


def _rule_problems(spec: StrategySpec, rule: Rule, where: str) -> list[str]:
    """Check one rule's tree: bounds, references and operand kinds."""
    condition: ConditionNode = rule.condition
    if depth(condition) > MAX_DEPTH:
        return [f"{where}: nested {depth(condition)} levels deep; at most {MAX_DEPTH}"]
    if condition_count(condition) > MAX_RULE_NODES:
        return [f"{where}: {condition_count(condition)} conditions; at most {MAX_RULE_NODES}"]
    problems: list[str] = []
    for path, node in walk(condition):
        at = where + "".join(f".{step}" for step in path)
        if isinstance(node, IndicatorOperand):
            problems += _reference_problems(spec, node, at)
        elif isinstance(node, PriceOperand) and node.timeframe is not None:
            if _shorter(node.timeframe, spec.timeframe):
                problems.append(f"{at}.timeframe: shorter than the strategy's {spec.timeframe}")
        elif isinstance(node, Compare | Distance) and not (is_series(node.a) or is_series(node.b)):
            problems.append(f"{at}: compares two constants; one side must be a price or indicator")
        elif isinstance(node, Trend) and not is_series(node.operand):
            problems.append(f"{at}.operand: a constant never rises or falls")
    return problems


def _reference_problems(spec: StrategySpec, operand: IndicatorOperand, at: str) -> list[str]:
    """Check that an operand names a declared indicator and one of its outputs."""
    ids = [ind.id for ind in spec.indicators]
    if operand.ref not in ids:
        known = ", ".join(ids) or "none declared"
        return [f"{at}.ref: unknown indicator '{operand.ref}' (indicators: {known})"]
    kind = spec.indicator(operand.ref).kind
    outputs = CATALOGUE[kind].output_names
    if operand.output is not None and operand.output not in outputs:
        return [f"{at}.output: {kind} has no output '{operand.output}' ({', '.join(outputs)})"]
    return []


def _name_problems(spec: StrategySpec) -> list[str]:
    """Check generated parameter names and the `defaults_used` keys."""
    names = [p.name for p in spec_parameters(spec)]
    problems = _duplicates(names, "parameters: two values get the name")
    problems += [
        f"parameters: the name '{name}' is reserved by Freqtrade; rename the indicator"
        for name in names
        if name in RESERVED
    ]
    known = {*names, *FIELD_KEYS}
    for number, key in enumerate(spec.defaults_used):
        if key not in known:
            problems.append(
                f"defaults_used.{number}: unknown name '{key}'; use a parameter name such as "
                f"{names[0] if names else 'rsi_period'} or one of {', '.join(FIELD_KEYS)}"
            )
    return problems


def _duplicates(values: list[str], message: str) -> list[str]:
    return [f"{message} '{value}'" for value, count in Counter(values).items() if count > 1]


def _shorter(timeframe: str, than: str) -> bool:
    """Tell whether `timeframe` has shorter candles than `than`."""
    return timeframe_minutes(timeframe) < timeframe_minutes(than)
