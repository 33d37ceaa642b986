"""Strategy settings the pipeline reads before running anything: they must be literals.

`startup_candle_count` sizes the candle download of every backtest (a huge value crashed
things), and `timeframe` picks the data; both are read from the AST by
`strategy_facts.py`. They must be literals (or arithmetic on module constants), within
bounds, set in the class body and never reassigned on `self`/`cls` at run time.
Informative timeframes are checked with the `@informative` decorator (headers.py).
"""

from __future__ import annotations

import ast

from ai_strategies.static.allowlist import LITERAL_SETTINGS, MAX_STARTUP_CANDLES, TIMEFRAMES
from ai_strategies.static.report import Problem, problem
from ai_strategies.static.scope import SELF_NAMES, Scope

_MAX_FOLD_DEPTH = 8
_HUGE = 10**18
_MAX_EXPONENT = 64
_TIMEFRAME_LIST = "1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d or 1w"


def check_settings(tree: ast.Module, strategies: list[ast.ClassDef], scope: Scope) -> list[Problem]:
    """Check the literal settings of the strategy classes and refuse run-time rebinding."""
    problems: list[Problem] = []
    for cls in strategies:
        for stmt in cls.body:
            target, value = _assigned(stmt)
            if target == "startup_candle_count" and value is not None:
                problems += _startup_problems(value, scope)
            elif target == "timeframe" and value is not None:
                problems += _timeframe_problems(value, scope)
    for node in ast.walk(tree):
        if _runtime_rebinding(node, scope):
            assert isinstance(node, ast.Attribute)
            text = (
                f"'{node.attr}' must be set once as a class attribute literal, "
                "not assigned at run time."
            )
            problems.append(problem("invalid_setting", node.lineno, text))
    return problems


def _assigned(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """Return the single plain name a class-body statement assigns, and the value."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name):
            return target.id, stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id, stmt.value
    return None, None


def _runtime_rebinding(node: ast.AST, scope: Scope) -> bool:
    """Tell whether a node assigns a literal setting on self, cls or a strategy class."""
    if not (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del)):
        return False
    owner = node.value
    owned = isinstance(owner, ast.Name) and (owner.id in SELF_NAMES or owner.id in scope.classes)
    return owned and node.attr in LITERAL_SETTINGS


def _startup_problems(value: ast.expr, scope: Scope) -> list[Problem]:
    folded = fold_constant(value, scope.constants)
    if not isinstance(folded, int):
        text = (
            "startup_candle_count must be a whole-number literal (or arithmetic on module "
            f"constants) between 0 and {MAX_STARTUP_CANDLES}."
        )
        return [problem("invalid_setting", value.lineno, text)]
    if not 0 <= folded <= MAX_STARTUP_CANDLES:
        shown = folded if abs(folded) < _HUGE else "huge"
        text = (
            f"startup_candle_count is {shown}; it must be between 0 and {MAX_STARTUP_CANDLES} "
            "(a larger warm-up makes every backtest download years of candles)."
        )
        return [problem("invalid_setting", value.lineno, text)]
    return []


def _timeframe_problems(value: ast.expr, scope: Scope) -> list[Problem]:
    folded = fold_constant(value, scope.constants)
    if isinstance(folded, str) and folded in TIMEFRAMES:
        return []
    if isinstance(folded, str):
        shown = folded[:12]
        text = f"timeframe '{shown}' is not one Freqtrade supports here; use {_TIMEFRAME_LIST}."
    else:
        text = f"timeframe must be a string literal: {_TIMEFRAME_LIST}."
    return [problem("invalid_setting", value.lineno, text)]


def fold_constant(
    expr: ast.expr, constants: dict[str, ast.expr], depth: int = 0
) -> int | str | None:
    """Evaluate an int/str literal, a module constant or +, -, *, //, ** on them; else None."""
    if depth > _MAX_FOLD_DEPTH:
        return None
    if isinstance(expr, ast.Constant):
        value = expr.value
        if isinstance(value, bool) or not isinstance(value, int | str):
            return None
        return value
    if isinstance(expr, ast.Name) and expr.id in constants:
        return fold_constant(constants[expr.id], constants, depth + 1)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub | ast.UAdd):
        inner = fold_constant(expr.operand, constants, depth + 1)
        if not isinstance(inner, int):
            return None
        return -inner if isinstance(expr.op, ast.USub) else inner
    if isinstance(expr, ast.BinOp):
        left = fold_constant(expr.left, constants, depth + 1)
        right = fold_constant(expr.right, constants, depth + 1)
        if isinstance(left, int) and isinstance(right, int):
            if max(abs(left), abs(right)) > _HUGE:
                return _HUGE  # far out of bounds already; do not compute giant numbers
            return _arithmetic(expr.op, left, right)
    return None


def _arithmetic(op: ast.operator, left: int, right: int) -> int | None:
    if isinstance(op, ast.Add):
        return left + right
    if isinstance(op, ast.Sub):
        return left - right
    if isinstance(op, ast.Mult):
        return left * right
    if isinstance(op, ast.FloorDiv) and right:
        return left // right
    if isinstance(op, ast.Pow) and 0 <= right <= _MAX_EXPONENT:
        return min(left**right, _HUGE) if left >= 0 else None
    return None
