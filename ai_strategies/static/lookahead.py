"""Look-ahead bias heuristics: code that lets a backtest see future candles."""

from __future__ import annotations

import ast

from ai_strategies.static.allowlist import (
    POPULATE_PREFIX,
    SIGNAL_METHOD_PREFIXES,
    WHOLE_SERIES_REDUCTIONS,
    WINDOW_METHODS,
)
from ai_strategies.static.report import Problem, problem


def check_lookahead(tree: ast.Module) -> list[Problem]:
    """Return look-ahead warnings for a parsed module."""
    problems = [p for node in ast.walk(tree) if (p := _negative_shift(node))]
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef) or not func.name.startswith(POPULATE_PREFIX):
            continue
        frames = {a.arg for a in func.args.args[1:2]}
        for node in ast.walk(func):
            problems += _reduction(node, frames, func.name)
            if func.name.startswith(SIGNAL_METHOD_PREFIXES):
                problems += _last_row(node, func.name)
    return sorted(problems, key=lambda p: p.line or 0)


def _negative_shift(node: ast.AST) -> Problem | None:
    """Flag `.shift(-n)` and `.shift(periods=-n)`, which read future rows."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    if node.func.attr != "shift":
        return None
    candidates = node.args[:1] + [k.value for k in node.keywords if k.arg == "periods"]
    for arg in candidates:
        value = _constant_int(arg)
        if value is not None and value < 0:
            text = (
                f".shift({value}) reads future candles (look-ahead bias); "
                "use a positive shift to look at past candles."
            )
            return problem("lookahead", node.lineno, text, "warning")
    return None


def _reduction(node: ast.AST, frames: set[str], method: str) -> list[Problem]:
    """Flag whole-series reductions such as `dataframe['close'].mean()`."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return []
    if node.func.attr not in WHOLE_SERIES_REDUCTIONS or not _is_series(node.func.value, frames):
        return []
    if any(k.arg == "axis" and _is_row_axis(k.value) for k in node.keywords):
        return []
    text = (
        f".{node.func.attr}() over a whole column in {method} uses future candles "
        "(look-ahead bias); use .rolling(n), .ewm() or .expanding() first."
    )
    return [problem("lookahead", node.lineno, text, "warning")]


def _is_series(expr: ast.expr, frames: set[str]) -> bool:
    """Tell whether an expression is a column (or the frame) not yet windowed."""
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        if expr.func.attr in WINDOW_METHODS:
            return False
        expr = expr.func.value
    if isinstance(expr, ast.BinOp):
        return _is_series(expr.left, frames) or _is_series(expr.right, frames)
    if isinstance(expr, ast.Subscript):
        return _is_frame(expr.value, frames)
    if isinstance(expr, ast.Attribute):
        return _is_frame(expr.value, frames)
    return isinstance(expr, ast.Name) and expr.id in frames


def _is_row_axis(expr: ast.expr) -> bool:
    """Tell whether an axis argument reduces across columns (row-wise, no look-ahead)."""
    return isinstance(expr, ast.Constant) and expr.value in (1, "columns")


def _is_frame(expr: ast.expr, frames: set[str]) -> bool:
    """Tell whether an expression is the dataframe parameter (possibly via .loc/.iloc)."""
    while isinstance(expr, ast.Attribute | ast.Subscript):
        expr = expr.value
    return isinstance(expr, ast.Name) and expr.id in frames


def _last_row(node: ast.AST, method: str) -> list[Problem]:
    """Flag `.iloc[-1]` in signal methods, where it reads the last candle into every row."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)):
        return []
    if node.value.attr != "iloc" or _constant_int(node.slice) != -1:
        return []
    text = (
        f".iloc[-1] in {method} copies the last candle into every row "
        "(look-ahead bias in backtests); compare column-wise instead."
    )
    return [problem("lookahead", node.lineno, text, "warning")]


def _constant_int(expr: ast.expr) -> int | None:
    """Return the value of an integer literal (including a negated one)."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        inner = _constant_int(expr.operand)
        return None if inner is None else -inner
    if isinstance(expr, ast.Constant) and type(expr.value) is int:
        return expr.value
    return None
