"""The places code hides outside function bodies: decorators, defaults, annotations.

All of these run (or can be made to run) when the module is imported or when something
calls `typing.get_type_hints`, so they get stricter rules than method bodies:

* decorators: only `informative(...)` (imported from freqtrade.strategy, with literal
  arguments and a literal timeframe), `property`, `staticmethod`, `classmethod`;
* default values (of functions and lambdas): literals, names and containers, no calls;
* annotations (variables, class attributes, arguments including *args/**kwargs, return
  values): plain type expressions; string annotations are parsed and checked the same way
  by the visitor, because `get_type_hints` would evaluate them;
* class definitions: no decorators and no keywords (`metaclass=`).
"""

from __future__ import annotations

import ast

from ai_strategies.static.allowlist import (
    ALLOWED_DECORATORS,
    CALLED_DECORATORS,
    TIMEFRAMES,
)
from ai_strategies.static.astutil import FunctionNode, format_traverses, is_static
from ai_strategies.static.report import Problem, clip, problem
from ai_strategies.static.scope import Ref, Scope

_INFORMATIVE = Ref("object", "freqtrade.strategy.informative")
_DECORATOR_HINT = "only @informative(...), @property, @staticmethod and @classmethod"


def function_header_problems(node: FunctionNode, scope: Scope) -> list[Problem]:
    """Check a def's decorators and default values."""
    problems = [p for d in node.decorator_list for p in decorator_problems(d, scope)]
    problems += default_problems(node.args, f"Function '{clip(node.name, 40)}'")
    return problems


def default_problems(args: ast.arguments, label: str) -> list[Problem]:
    """Refuse default values that compute something (they run on import)."""
    problems: list[Problem] = []
    for value in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
        if not is_static(value):
            text = (
                f"{label} computes a default value on import (a call, lambda or "
                "comprehension); use a constant there."
            )
            problems.append(problem("import_time_call", value.lineno, text))
    return problems


def decorator_problems(expr: ast.expr, scope: Scope) -> list[Problem]:
    """Refuse decorators other than the few harmless ones, called correctly."""
    called = isinstance(expr, ast.Call)
    target = expr.func if isinstance(expr, ast.Call) else expr
    name = target.id if isinstance(target, ast.Name) else None
    line = expr.lineno
    if name is None or name not in ALLOWED_DECORATORS:
        label = name or ast.unparse(target)
        text = f"Decorator '{clip(label, 40)}' is not allowed; decorators run on import, so "
        return [problem("forbidden_decorator", line, text + _DECORATOR_HINT + " may be used.")]
    if name in CALLED_DECORATORS and scope.imports.get(name) != _INFORMATIVE:
        text = f"'@{name}' must be the one imported from freqtrade.strategy."
        return [problem("forbidden_decorator", line, text)]
    if called != (name in CALLED_DECORATORS):
        usage = f"@{name}(...) with arguments" if name in CALLED_DECORATORS else f"@{name}"
        return [problem("forbidden_decorator", line, f"Use this decorator as {usage}.")]
    if isinstance(expr, ast.Call):
        return _informative_problems(expr)
    return []


def _informative_problems(call: ast.Call) -> list[Problem]:
    """Require literal arguments, a known timeframe and format templates without traversal."""
    values = [*call.args, *(k.value for k in call.keywords)]
    if not all(is_static(v) for v in values):
        text = "Decorator 'informative' must be given constant arguments (it runs on import)."
        return [problem("forbidden_decorator", call.lineno, text)]
    problems: list[Problem] = []
    timeframe = call.args[0] if call.args else None
    timeframe = next((k.value for k in call.keywords if k.arg == "timeframe"), timeframe)
    literal = timeframe.value if isinstance(timeframe, ast.Constant) else None
    if literal not in TIMEFRAMES:
        text = (
            "@informative needs a literal timeframe, one of "
            f"{', '.join(sorted(TIMEFRAMES, key=_tf_order))}."
        )
        problems.append(problem("invalid_setting", call.lineno, text))
    templates = [v.value for v in values if isinstance(v, ast.Constant)]
    if any(isinstance(t, str) and format_traverses(t) for t in templates):
        text = "@informative templates may only use plain {fields}, not {x.attr}/{x[i]}."
        problems.append(problem("forbidden_call", call.lineno, text))
    return problems


def _tf_order(timeframe: str) -> int:
    unit = {"m": 1, "h": 60, "d": 1440, "w": 10080}[timeframe[-1]]
    return int(timeframe[:-1]) * unit


def class_header_problems(node: ast.ClassDef) -> list[Problem]:
    """Refuse class decorators and class keywords (metaclass=, **kwargs)."""
    problems: list[Problem] = []
    for decorator in node.decorator_list:
        text = f"Class '{clip(node.name, 40)}' has a decorator; class decorators run on import."
        problems.append(problem("forbidden_decorator", decorator.lineno, text))
    if node.keywords:
        text = (
            f"Class '{clip(node.name, 40)}' passes keywords (such as metaclass=) to its "
            "definition; they run code on import."
        )
        problems.append(problem("class_level_code", node.lineno, text))
    return problems


def annotation_problems(expr: ast.expr) -> list[Problem]:
    """Require an annotation to be a plain type expression."""
    bad = _non_type(expr)
    if bad is None:
        return []
    kind = type(bad).__name__
    text = (
        f"Annotations must be plain types (names, a.b, X[Y], X | None); this one contains "
        f"a '{kind}' expression."
    )
    return [problem("annotation_code", getattr(bad, "lineno", expr.lineno), text)]


def _non_type(expr: ast.expr) -> ast.expr | None:
    """Return the first part of an annotation that is not a type expression."""
    if isinstance(expr, ast.Name | ast.Constant):
        return None
    if isinstance(expr, ast.Attribute):
        return _non_type(expr.value) if isinstance(expr.value, ast.Name | ast.Attribute) else expr
    if isinstance(expr, ast.Subscript):
        return _non_type(expr.value) or _non_type(expr.slice)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _non_type(expr.left) or _non_type(expr.right)
    if isinstance(expr, ast.Tuple | ast.List):
        return next((bad for e in expr.elts if (bad := _non_type(e))), None)
    return expr


def string_annotations(expr: ast.expr) -> list[ast.Constant]:
    """Return the string parts of an annotation that a type checker would evaluate."""
    found: list[ast.Constant] = []
    stack = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            found.append(item)
        elif isinstance(item, ast.Subscript):
            stack.append(item.value)
            if not _is_literal(item.value):
                stack.append(item.slice)
        elif isinstance(item, ast.BinOp):
            stack += [item.left, item.right]
        elif isinstance(item, ast.Tuple | ast.List):
            stack += item.elts
    return found


def _is_literal(expr: ast.expr) -> bool:
    """Tell whether an annotation head is `Literal` (whose strings are values, not code)."""
    name = expr.attr if isinstance(expr, ast.Attribute) else getattr(expr, "id", None)
    return name == "Literal"
