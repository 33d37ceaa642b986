"""Small pure helpers over Python AST nodes, used by the static strategy check."""

from __future__ import annotations

import ast
import string

from ai_strategies.static_rules import MAX_POW_EXPONENT, is_dunder


def fold_string(node: ast.expr) -> str | None:
    """Return the value of a string literal or a `+` chain of them, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = fold_string(node.left), fold_string(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def format_traverses(template: str) -> bool:
    """Tell whether a format template reads attributes or items of its arguments."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    except ValueError:
        return False
    return any("." in f or "[" in f for f in fields)


def const_number(node: ast.expr) -> float:
    """Return the value of a numeric constant expression, or 0 when it is not one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow | ast.Mult):
        left, right = const_number(node.left), const_number(node.right)
        if isinstance(node.op, ast.Mult):
            return left * right
        if right <= MAX_POW_EXPONENT:
            try:
                return float(left**right)
            except OverflowError:
                return float("inf")
    return 0.0


def is_sequence(node: ast.expr) -> bool:
    """Tell whether an expression is a list, tuple or string/bytes literal."""
    if isinstance(node, ast.List | ast.Tuple):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)


def exits_loop(body: list[ast.stmt]) -> bool:
    """Tell whether a loop body contains a break, return or raise that leaves the loop."""
    stack: list[ast.AST] = list(body)
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Break | ast.Return | ast.Raise):
            return True
        if isinstance(item, ast.For | ast.While | ast.FunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(item))
    return False


def root_name(expr: ast.expr) -> str | None:
    """Return the name at the root of an attribute/subscript chain."""
    while isinstance(expr, ast.Attribute | ast.Subscript):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def is_super_call(expr: ast.expr) -> bool:
    return (
        isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "super"
    )


def docstring_ids(tree: ast.Module) -> set[int]:
    """Collect the ids of docstring constants, which may mention dunders freely."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def own_private_names(tree: ast.Module) -> set[str]:
    """Collect private names the file itself defines (methods, class and self attributes)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {n for n in names if n.startswith("_") and not is_dunder(n)}


def imported_names(tree: ast.Module) -> set[str]:
    """Collect the names bound by import statements."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return names
