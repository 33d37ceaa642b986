"""Call rules: builtins with restricted use, and strings that name methods or attributes.

A call may not reach an attribute through a string: `df.apply("to_csv")`,
`df.agg("eval")`, `getattr(x, name)`, `attrgetter(...)`, `"{0.__class__}".format(x)`,
`format_map`, or evaluation engines chosen with `engine=`. The attribute rules
(`visitor.py`) refuse the names themselves; this module refuses the string forms.
"""

from __future__ import annotations

import ast
import re

from ai_strategies.static.allowlist import (
    ALLOWED_BUILTINS,
    DISPATCH_METHODS,
    DISPATCH_SAFE_KEYWORDS,
    LOGGER_NAME,
    NAME_ONLY_CALLABLES,
    NEVER_BUILTINS,
    NEVER_KEYWORDS,
    SECRET_KEYS,
)
from ai_strategies.static.astutil import fold_string
from ai_strategies.static.attributes import never_reason
from ai_strategies.static.report import Problem, problem, quoted
from ai_strategies.static.scope import Ref, Scope

DUNDER_RE = re.compile(r"__\w+__")
_LOGGER = Ref("object", "logging.getLogger")


def call_problems(node: ast.Call, scope: Scope) -> tuple[list[Problem], set[int]]:
    """Check one call; return its problems and the ids of Name nodes the rules vetted."""
    problems = [p for k in node.keywords if (p := _keyword_problem(node, k))]
    approved: set[int] = set()
    func = node.func
    if scope.resolve(func) == _LOGGER:
        problems += _logger_problems(node, approved)
    elif isinstance(func, ast.Name):
        problems += _builtin_problems(node, func, approved, scope)
    elif isinstance(func, ast.Attribute):
        problems += _method_problems(node, func, scope)
    return problems, approved


def _keyword_problem(node: ast.Call, keyword: ast.keyword) -> Problem | None:
    reason = NEVER_KEYWORDS.get(keyword.arg or "")
    if reason is None:
        return None
    return problem("forbidden_call", node.lineno, f"Keyword '{keyword.arg}=' is refused: {reason}.")


def _builtin_problems(
    node: ast.Call, func: ast.Name, approved: set[int], scope: Scope
) -> list[Problem]:
    """Restrict `type`, `super`, `map` and `filter` to their harmless forms."""
    argc = len(node.args) + len(node.keywords)
    text = None
    if func.id == "type":
        approved.add(id(func))
        if argc != 1:
            text = "type() with several arguments creates a class at run time; not allowed."
    elif func.id == "super":
        approved.add(id(func))
        if argc:
            text = "super() takes no arguments in a strategy; call super().method(...)."
    elif func.id in NAME_ONLY_CALLABLES and node.args and not _callable(node.args[0], scope):
        text = (
            f"{func.id}() takes a lambda or a function (defined in the file, imported or an "
            "allowed builtin) as its first argument."
        )
    return [problem("forbidden_call", node.lineno, text)] if text else []


def _callable(expr: ast.expr, scope: Scope) -> bool:
    """Tell whether an argument is a function reference, never a string in disguise."""
    if isinstance(expr, ast.Name) and expr.id in ALLOWED_BUILTINS:
        return expr.id not in scope.defined
    return scope.is_function_ref(expr)


def _logger_problems(node: ast.Call, approved: set[int]) -> list[Problem]:
    """Allow getLogger(), getLogger('literal') and getLogger(__name__)."""
    args = node.args
    if not node.keywords and not args:
        return []
    if not node.keywords and len(args) == 1:
        arg = args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return []
        if isinstance(arg, ast.Name) and arg.id == LOGGER_NAME:
            approved.add(id(arg))
            return []
    text = "getLogger() takes no argument, a string literal or __name__."
    return [problem("forbidden_call", node.lineno, text)]


def _method_problems(node: ast.Call, func: ast.Attribute, scope: Scope) -> list[Problem]:
    """Check method calls that name things with strings."""
    problems: list[Problem] = []
    if func.attr in DISPATCH_METHODS:
        problems += _dispatch_problems(node, func.attr, scope)
    if func.attr in {"get", "pop"} and node.args:
        problems += secret_problems(node, node.args[0])
    owner = func.value
    if func.attr == "join" and isinstance(owner, ast.Constant) and node.args:
        problems += _joined_problems(node, owner, node.args[0])
    return problems


def _dispatch_problems(node: ast.Call, method: str, scope: Scope) -> list[Problem]:
    """Refuse string arguments to methods that dispatch on a method name.

    The function argument (first positional or `func=`) must be a lambda or a function
    reference, so a variable holding a method name cannot be passed either.
    """
    target = node.args[0] if node.args else None
    target = next((k.value for k in node.keywords if k.arg == "func"), target)
    # Series.map(x) calls x or looks values up in it; it never resolves a method name.
    checked = target is not None and method != "map" and not _literal_string(target)
    if checked and not _dispatch_target_ok(target, scope):
        text = (
            f".{method}() needs a lambda or a function (defined in the file or imported) as "
            "its function argument; a variable could hold a method name."
        )
        return [problem("forbidden_call", node.lineno, text)]
    if method == "map":
        values: list[ast.expr] = list(node.args)
    else:
        values = [*node.args]
        values += [k.value for k in node.keywords if k.arg not in DISPATCH_SAFE_KEYWORDS]
        values = [sub for v in values for sub in _container_items(v)]
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            text = (
                f".{method}() with the string {quoted(value.value, 40)} calls a method by "
                "name; pass a function or a lambda instead."
            )
            return [problem("forbidden_call", node.lineno, text)]
    return []


def _dispatch_target_ok(target: ast.expr | None, scope: Scope) -> bool:
    """Accept function references, and containers of them (their strings are refused next)."""
    if target is None or _callable(target, scope):
        return True
    return isinstance(target, ast.List | ast.Tuple | ast.Dict)


def _literal_string(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and isinstance(expr.value, str)


def _container_items(expr: ast.expr) -> list[ast.expr]:
    """Return an expression and, for list/tuple/set/dict literals, their items (deeply)."""
    if isinstance(expr, ast.Starred):
        return [expr, *_container_items(expr.value)]
    if isinstance(expr, ast.List | ast.Tuple | ast.Set):
        return [expr, *(sub for e in expr.elts for sub in _container_items(e))]
    if isinstance(expr, ast.Dict):
        items = [*expr.values, *(k for k in expr.keys if k is not None)]
        return [expr, *(sub for e in items for sub in _container_items(e))]
    return [expr]


def secret_problems(node: ast.AST, key: ast.expr) -> list[Problem]:
    """Refuse reading a credential setting by its key."""
    if isinstance(key, ast.Constant) and key.value in SECRET_KEYS:
        text = f"Reading the credential setting '{key.value}' is not allowed in strategies."
        return [problem("secret_access", getattr(node, "lineno", None), text)]
    return []


def _joined_problems(node: ast.Call, sep: ast.Constant, items: ast.expr) -> list[Problem]:
    """Catch refused names assembled with `"".join([...])`."""
    if not isinstance(sep.value, str) or not isinstance(items, ast.List | ast.Tuple):
        return []
    parts = [fold_string(item) for item in items.elts]
    if any(p is None for p in parts):
        return []
    return obfuscation_problems(node, sep.value.join(p for p in parts if p is not None))


def obfuscation_problems(node: ast.expr, text: str) -> list[Problem]:
    """Refuse a string built from pieces that spells a refused name."""
    word = text.strip()
    if DUNDER_RE.search(word) or word in NEVER_BUILTINS or never_reason(word):
        message = f"A string built from pieces spells the refused name {quoted(word, 40)}."
        return [problem("obfuscated_name", node.lineno, message)]
    return []
