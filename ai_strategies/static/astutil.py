"""Small pure helpers over Python AST nodes, used by the static strategy check."""

from __future__ import annotations

import ast
import string

from ai_strategies.static.allowlist import MAX_POW_EXPONENT

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# Expressions that compute nothing: literals, names and containers of them.
_STATIC = (
    ast.Constant,
    ast.Name,
    ast.Attribute,
    ast.Tuple,
    ast.List,
    ast.Set,
    ast.Dict,
    ast.UnaryOp,
    ast.BinOp,
    ast.Starred,
    ast.expr_context,
    ast.operator,
    ast.unaryop,
)


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
    """Tell whether a str.format template reads attributes or items of its arguments."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return True  # a template Python cannot parse is not worth the risk
    for _, field, spec, _ in parsed:
        if field and ("." in field or "[" in field):
            return True
        if spec and "{" in spec and format_traverses(spec):
            return True
    return False


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
    """Tell whether an expression is a bare `super()` call."""
    return (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Name)
        and expr.func.id == "super"
        and not expr.args
        and not expr.keywords
    )


def is_docstring(node: ast.stmt) -> bool:
    """Tell whether a statement is a bare string literal."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def docstring_ids(tree: ast.Module) -> set[int]:
    """Collect the ids of docstring constants, which may mention dunders freely."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | FunctionNode):
            first = node.body[0] if node.body else None
            if first is not None and is_docstring(first):
                assert isinstance(first, ast.Expr)
                ids.add(id(first.value))
    return ids


def first_call(expr: ast.AST | list[ast.expr] | None) -> ast.Call | None:
    """Return the first call found inside an expression (or list of expressions)."""
    if expr is None:
        return None
    roots = expr if isinstance(expr, list) else [expr]
    for root in roots:
        for sub in ast.walk(root):
            if isinstance(sub, ast.Call):
                return sub
    return None


def is_static(expr: ast.expr) -> bool:
    """Tell whether an expression only combines literals and names (it calls nothing)."""
    return all(isinstance(sub, _STATIC) for sub in ast.walk(expr))


def parent_map(tree: ast.AST) -> dict[int, ast.AST]:
    """Map the id of every node to its parent node."""
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def relocate(tree: ast.AST, anchor: ast.AST) -> None:
    """Give every node of a parsed snippet the position of `anchor` (for messages)."""
    line = getattr(anchor, "lineno", 1)
    for node in ast.walk(tree):
        if isinstance(node, ast.expr | ast.keyword | ast.arg):
            node.lineno = node.end_lineno = line
            node.col_offset = node.end_col_offset = 0


def dotted(expr: ast.expr) -> str | None:
    """Return `a.b.c` for a chain of plain attribute reads on a name, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    return ".".join([expr.id, *reversed(parts)])
