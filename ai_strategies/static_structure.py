"""Module-level and class-level shape rules: what may run when the file is imported."""

from __future__ import annotations

import ast

from ai_strategies.static_report import Problem, problem
from ai_strategies.static_rules import ALLOWED_DECORATORS, CLASS_LEVEL_CALLS

_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_CONSTANT_NODES = (ast.Constant, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Name, ast.Load)
_ARITHMETIC = (ast.UnaryOp, ast.BinOp, ast.unaryop, ast.operator)


def check_structure(tree: ast.Module) -> tuple[list[Problem], str | None]:
    """Check top-level statements and the strategy class; return problems and the class name."""
    problems: list[Problem] = []
    strategies: list[ast.ClassDef] = []
    for index, node in enumerate(tree.body):
        if (index == 0 and is_docstring(node)) or isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.ClassDef) and subclasses_istrategy(node):
            strategies.append(node)
            problems += _class_problems(node)
        elif isinstance(node, _FunctionNode):
            problems += function_header_problems(node)
        elif not _is_constant_assignment(node):
            problems.append(_module_statement_problem(node))
    problems += _count_problems(strategies)
    name = strategies[0].name if len(strategies) == 1 else None
    return problems, name


def is_docstring(node: ast.stmt) -> bool:
    """Tell whether a statement is a bare string literal."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def subclasses_istrategy(node: ast.ClassDef) -> bool:
    """Tell whether a class lists IStrategy directly among its bases."""
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id == "IStrategy":
            return True
        if isinstance(base, ast.Attribute) and base.attr == "IStrategy":
            return True
    return False


def function_header_problems(node: _FunctionNode) -> list[Problem]:
    """Check the parts of a def that run on import: decorators, defaults, annotations."""
    problems = [p for d in node.decorator_list if (p := _decorator_problem(d))]
    args = node.args
    evaluated: list[ast.expr | None] = [*args.defaults, *args.kw_defaults, node.returns]
    evaluated += [a.annotation for a in [*args.args, *args.kwonlyargs, *args.posonlyargs]]
    for expr in evaluated:
        call = _first_call(expr)
        if call is not None:
            text = (
                f"Function '{node.name}' evaluates a call on import (in a default value or "
                "annotation); use constants there."
            )
            problems.append(problem("import_time_call", call.lineno, text))
    return problems


def _decorator_problem(expr: ast.expr) -> Problem | None:
    """Refuse decorators other than a few known-harmless ones."""
    target = expr.func if isinstance(expr, ast.Call) else expr
    name = target.id if isinstance(target, ast.Name) else None
    if isinstance(target, ast.Attribute):
        name = target.attr
    arguments = (
        [*expr.args, *(k.value for k in expr.keywords)] if isinstance(expr, ast.Call) else []
    )
    args_call = _first_call(arguments)
    if name in ALLOWED_DECORATORS and args_call is None:
        return None
    text = (
        f"Decorator '{name or 'expression'}' is not allowed here; decorators run on import, "
        "so only "
        f"{', '.join(sorted(ALLOWED_DECORATORS))} may be used, with constant arguments."
    )
    return problem("forbidden_decorator", expr.lineno, text)


def _first_call(expr: ast.AST | list[ast.expr] | None) -> ast.Call | None:
    """Return the first call found inside an expression (or list of expressions)."""
    if expr is None:
        return None
    roots = expr if isinstance(expr, list) else [expr]
    for root in roots:
        for sub in ast.walk(root):
            if isinstance(sub, ast.Call):
                return sub
    return None


def _class_problems(node: ast.ClassDef) -> list[Problem]:
    """Check the strategy class header and body, which run on import."""
    problems = [p for d in node.decorator_list if (p := _decorator_problem(d))]
    if node.keywords:
        text = f"Class '{node.name}' passes keywords (such as metaclass=) to its definition."
        problems.append(problem("class_level_code", node.lineno, text))
    for index, stmt in enumerate(node.body):
        if (index == 0 and is_docstring(stmt)) or isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, _FunctionNode):
            problems += function_header_problems(stmt)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            problems += _class_assignment_problems(stmt)
        else:
            kind = type(stmt).__name__
            text = (
                f"Statement of type '{kind}' in the body of class '{node.name}' runs on import; "
                "only attributes, parameters and methods are allowed there."
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
                f"Class attribute calls '{name or 'an expression'}' on import; only "
                "hyperopt parameters and plain containers may be built at class level."
            )
            problems.append(problem("class_level_code", sub.lineno, text))
    return problems


def _is_constant_assignment(node: ast.stmt) -> bool:
    """Tell whether a statement assigns a literal or simple arithmetic to plain names."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return False
    names_only = all(isinstance(t, ast.Name | ast.Tuple) for t in targets)
    return names_only and all(isinstance(n, _CONSTANT_NODES + _ARITHMETIC) for n in ast.walk(value))


def _module_statement_problem(node: ast.stmt) -> Problem:
    """Describe a statement that is not allowed at module level."""
    kind = type(node).__name__
    if isinstance(node, ast.ClassDef):
        detail = f"class '{node.name}' does not subclass IStrategy; only the strategy class"
    elif isinstance(node, ast.If):
        detail = "an 'if' block (such as `if __name__ == ...`) runs on import; nothing"
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        detail = "a function call runs on import; no call"
    else:
        detail = f"a '{kind}' statement runs on import; only imports, constants and definitions"
    text = f"Module-level code is not allowed: {detail} may appear at the top level."
    return problem("module_level_code", node.lineno, text)


def _count_problems(strategies: list[ast.ClassDef]) -> list[Problem]:
    """Require exactly one IStrategy subclass."""
    if len(strategies) == 1:
        return []
    if not strategies:
        text = "No class subclasses IStrategy; the file must define exactly one strategy class."
        return [problem("strategy_count", None, text)]
    names = ", ".join(f"'{s.name}' (line {s.lineno})" for s in strategies)
    text = f"Found {len(strategies)} IStrategy subclasses ({names}); exactly one is allowed."
    return [problem("strategy_count", strategies[1].lineno, text)]
