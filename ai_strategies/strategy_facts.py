"""Read what a backtest needs to know about a strategy from its AST, without importing it."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TypeVar

from ai_strategies.ftconfig import quote_of

T = TypeVar("T")
DEFAULT_STARTUP_CANDLES = 200  # assumed when `startup_candle_count` is not a plain number
_DATA_CALLS = {"get_pair_dataframe", "get_analyzed_dataframe", "historic_ohlcv", "ohlcv"}


@dataclass(frozen=True)
class StrategyFacts:
    """Class-level settings and the extra candle series a strategy declares."""

    timeframe: str | None = None
    startup_candles: int = 0
    # (pair, timeframe); pair None means "the traded pair". Pairs may hold "{stake}".
    informative: list[tuple[str | None, str]] = field(default_factory=list)


def read_facts(code: str, class_name: str) -> StrategyFacts:
    """Return the facts of class `class_name`, or empty facts when it is not found."""
    tree = ast.parse(code)
    names = _constants(tree.body, {})
    klass = next(
        (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name), None
    )
    if klass is None:
        return StrategyFacts()
    attrs = _constants(klass.body, names)
    startup = attrs.get("startup_candle_count", 0)
    timeframe = attrs.get("timeframe")
    return StrategyFacts(
        timeframe=timeframe if isinstance(timeframe, str) else None,
        startup_candles=startup if isinstance(startup, int) else DEFAULT_STARTUP_CANDLES,
        informative=_dedupe(_decorated(klass, attrs) + _requested(klass, attrs)),
    )


def candle_series(facts: StrategyFacts, pair: str, timeframe: str) -> list[tuple[str, str]]:
    """Return every (pair, timeframe) a backtest of `pair` loads, the traded series first."""
    base, quote = pair.split("/", 1)[0], quote_of(pair)
    series = [(pair, timeframe)]
    for extra_pair, extra_timeframe in facts.informative:
        resolved = (extra_pair or pair).format(stake=quote, quote=quote, base=base)
        if "/" not in resolved:
            resolved = f"{resolved}/{quote}"
        series.append((resolved, extra_timeframe))
    return _dedupe(series)


def _constants(body: list[ast.stmt], known: dict[str, object]) -> dict[str, object]:
    """Return NAME = literal assignments (ints folded through + - *), in source order.

    A name assigned something that cannot be folded maps to None.
    """
    found = dict(known)
    for stmt in body:
        target, value = _assignment(stmt)
        if target is not None and value is not None:
            found[target] = _fold(value, found)
    return found


def _assignment(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """Return the name and value of a simple (annotated) assignment."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        return (target.id if isinstance(target, ast.Name) else None), stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id, stmt.value
    return None, None


def _fold(node: ast.expr, names: dict[str, object]) -> object | None:
    """Evaluate a literal, a known name or integer arithmetic; None when it is anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | bool):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute) and _is_self(node.value):
        return names.get(node.attr)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        left, right = _fold(node.left, names), _fold(node.right, names)
        if type(left) is int and type(right) is int:
            ops = {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}
            return ops[type(node.op)]
    return None


def _is_self(node: ast.expr) -> bool:
    """Tell whether an expression is `self` or `cls`."""
    return isinstance(node, ast.Name) and node.id in {"self", "cls"}


def _decorated(klass: ast.ClassDef, attrs: dict[str, object]) -> list[tuple[str | None, str]]:
    """Return the series of `@informative(timeframe, asset)` methods."""
    found: list[tuple[str | None, str]] = []
    for method in klass.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for deco in method.decorator_list:
            if isinstance(deco, ast.Call) and _called_name(deco) == "informative":
                found.extend(_series_of(deco.args, deco.keywords, attrs, ("timeframe", "asset")))
    return found


def _requested(klass: ast.ClassDef, attrs: dict[str, object]) -> list[tuple[str | None, str]]:
    """Return pairs in `informative_pairs()` tuples and `dp.get_pair_dataframe(...)` calls."""
    found: list[tuple[str | None, str]] = []
    for node in ast.walk(klass):
        if isinstance(node, ast.FunctionDef) and node.name == "informative_pairs":
            for item in ast.walk(node):
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    found.extend(_series_of(item.elts[::-1], [], attrs, ("timeframe", "pair")))
        elif isinstance(node, ast.Call) and _called_name(node) in _DATA_CALLS:
            found.extend(_series_of(node.args[::-1], node.keywords, attrs, ("timeframe", "pair")))
    return found


def _series_of(
    args: list[ast.expr],
    keywords: list[ast.keyword],
    attrs: dict[str, object],
    roles: tuple[str, str],
) -> list[tuple[str | None, str]]:
    """Read (pair, timeframe) from call arguments given in `roles` order."""
    values: dict[str, object] = {
        role: _fold(arg, attrs) for role, arg in zip(roles, args, strict=False)
    }
    values.update({kw.arg: _fold(kw.value, attrs) for kw in keywords if kw.arg in roles})
    timeframe, pair = values.get(roles[0]), values.get(roles[1])
    if not isinstance(timeframe, str) or not timeframe[:-1].isdigit():
        return []
    return [(pair if isinstance(pair, str) and pair else None, timeframe)]


def _called_name(call: ast.Call) -> str | None:
    """Return the called function or method name."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _dedupe(items: list[T]) -> list[T]:
    """Drop repeated items, keeping the first occurrence."""
    return list(dict.fromkeys(items))
