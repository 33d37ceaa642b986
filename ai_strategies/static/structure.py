"""Module-level and class-level shape: what may run when the file is imported.

* Top level: a docstring, imports, constant assignments, `logger = logging.getLogger(...)`,
  function definitions and strategy classes; nothing else runs on import.
* Classes: every base is `IStrategy` (imported from freqtrade.strategy) or a strategy
  class defined earlier in the file. Exactly one strategy class is a leaf (not a base of
  another), and it defines (itself or through its bases in the file) populate_indicators,
  populate_entry_trend (or populate_buy_trend) and populate_exit_trend (or
  populate_sell_trend), as Freqtrade requires.
* Class bodies: a docstring, attributes, hyperopt parameters and methods; class attribute
  values may only call parameter and container constructors.
"""

from __future__ import annotations

import ast

from ai_strategies.static.allowlist import CLASS_LEVEL_CALLS, REQUIRED_METHODS, STRATEGY_BASES
from ai_strategies.static.astutil import FunctionNode, is_docstring
from ai_strategies.static.report import Problem, clip, problem
from ai_strategies.static.scope import Ref, Scope

_CONSTANT_NODES = (ast.Constant, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Name, ast.Load)
_ARITHMETIC = (ast.UnaryOp, ast.BinOp, ast.unaryop, ast.operator)
_LOGGER = Ref("object", "logging.getLogger")


def check_structure(tree: ast.Module, scope: Scope) -> tuple[list[Problem], list[ast.ClassDef]]:
    """Check top-level statements and classes; return problems and the strategy classes."""
    problems: list[Problem] = []
    strategies: dict[str, ast.ClassDef] = {}
    for index, node in enumerate(tree.body):
        if (index == 0 and is_docstring(node)) or isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.ClassDef):
            problems += _class_definition(node, scope, strategies)
        elif not isinstance(node, FunctionNode) and not _harmless_assignment(node, scope):
            problems.append(_module_statement_problem(node))
    return problems, list(strategies.values())


def leaf_problems(strategies: list[ast.ClassDef]) -> tuple[list[Problem], str | None]:
    """Require exactly one leaf strategy class with the required methods; return its name."""
    bases = {b.id for s in strategies for b in s.bases if isinstance(b, ast.Name)}
    leaves = [s for s in strategies if s.name not in bases]
    if not leaves:
        text = "No class subclasses IStrategy; the file must define exactly one strategy class."
        return [problem("strategy_count", None, text)], None
    if len(leaves) > 1:
        found = ", ".join(f"'{clip(s.name, 40)}' (line {s.lineno})" for s in leaves[:5])
        text = f"Found {len(leaves)} strategy classes ({found}); exactly one is allowed."
        return [problem("strategy_count", leaves[1].lineno, text)], None
    leaf = leaves[0]
    return _missing_methods(leaf, {s.name: s for s in strategies}), leaf.name


def _missing_methods(leaf: ast.ClassDef, by_name: dict[str, ast.ClassDef]) -> list[Problem]:
    """Report the populate_* methods Freqtrade requires and the class lacks."""
    methods: set[str] = set()
    pending, seen = [leaf], set()
    while pending:
        cls = pending.pop()
        if cls.name in seen:
            continue
        seen.add(cls.name)
        methods |= {s.name for s in cls.body if isinstance(s, FunctionNode)}
        pending += [by_name[b.id] for b in cls.bases if isinstance(b, ast.Name) and b.id in by_name]
    missing = [" or ".join(group) for group in REQUIRED_METHODS if not methods & set(group)]
    if not missing:
        return []
    text = f"Strategy class '{clip(leaf.name, 40)}' must define {'; '.join(missing)}."
    return [problem("missing_method", leaf.lineno, text)]


def _class_definition(
    node: ast.ClassDef, scope: Scope, strategies: dict[str, ast.ClassDef]
) -> list[Problem]:
    """Check one top-level class: its bases decide whether it is a strategy."""
    if not node.bases:
        text = (
            f"Module-level code is not allowed: class '{clip(node.name, 40)}' does not "
            "subclass IStrategy; only strategy classes may appear at the top level."
        )
        return [problem("module_level_code", node.lineno, text)]
    problems: list[Problem] = []
    valid = False
    for base in node.bases:
        if _strategy_base(base, scope, strategies):
            valid = True
            continue
        text = (
            f"Class '{clip(node.name, 40)}' may only subclass IStrategy (from "
            "freqtrade.strategy) or a strategy class defined earlier in the file; the base "
            f"'{clip(ast.unparse(base), 40)}' is refused."
        )
        problems.append(problem("forbidden_base", base.lineno, text))
    if valid:
        strategies[node.name] = node
        problems += _class_body_problems(node)
    return problems


def _strategy_base(base: ast.expr, scope: Scope, strategies: dict[str, ast.ClassDef]) -> bool:
    if not isinstance(base, ast.Name):
        return False
    ref = scope.imports.get(base.id)
    if ref is not None:
        return ref.path in STRATEGY_BASES
    return base.id in strategies


def _class_body_problems(node: ast.ClassDef) -> list[Problem]:
    """Check the strategy class body, which runs on import."""
    problems: list[Problem] = []
    for index, stmt in enumerate(node.body):
        if (index == 0 and is_docstring(stmt)) or isinstance(stmt, ast.Pass | FunctionNode):
            continue
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            problems += _class_assignment_problems(stmt)
        else:
            kind = type(stmt).__name__
            text = (
                f"Statement of type '{kind}' in the body of class '{clip(node.name, 40)}' "
                "runs on import; only attributes, parameters and methods are allowed there."
            )
            problems.append(problem("class_level_code", stmt.lineno, text))
    return problems


def _class_assignment_problems(stmt: ast.Assign | ast.AnnAssign) -> list[Problem]:
    """Allow class attributes to call only parameter and container constructors."""
    problems: list[Problem] = []
    if stmt.value is None:
        return problems
    for sub in ast.walk(stmt.value):
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        name = func.id if isinstance(func, ast.Name) else None
        if isinstance(func, ast.Attribute):
            name = func.attr
        if name not in CLASS_LEVEL_CALLS:
            text = (
                f"Class attribute calls '{clip(name or 'an expression', 40)}' on import; only "
                "hyperopt parameters and plain containers may be built at class level."
            )
            problems.append(problem("class_level_code", sub.lineno, text))
    return problems


def _harmless_assignment(node: ast.stmt, scope: Scope) -> bool:
    """Tell whether a top-level statement assigns a constant or a logger to plain names."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return False
    if not all(isinstance(t, ast.Name | ast.Tuple) for t in targets):
        return False
    if isinstance(value, ast.Call) and scope.resolve(value.func) == _LOGGER:
        return True  # its arguments are checked by the call rules
    return all(isinstance(n, _CONSTANT_NODES + _ARITHMETIC) for n in ast.walk(value))


def _module_statement_problem(node: ast.stmt) -> Problem:
    """Describe a statement that is not allowed at module level."""
    kind = type(node).__name__
    if isinstance(node, ast.If):
        detail = "an 'if' block (such as `if __name__ == ...`) runs on import; nothing"
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        detail = "a function call runs on import; no call"
    else:
        detail = f"a '{kind}' statement runs on import; only imports, constants and definitions"
    text = f"Module-level code is not allowed: {detail} may appear at the top level."
    return problem("module_level_code", node.lineno, text)
