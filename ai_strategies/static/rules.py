"""The attribute rule: every `x.attr` a strategy reads, writes or calls.

In order:
1. `attr` starting with `_`: dunders are refused (the one exception is
   `super().__init__`); private names only on `self`/`cls` when the file itself defines
   them and they are not Freqtrade internals.
2. `x` is an imported module (or alias): `attr` must be on that module's allow-list.
3. `attr` on the never-list (frames, writers, evaluators, database, modules): refused.
4. `format`: only on a string literal whose fields read no attributes or items.
5. `x` is an imported object: sealed objects (typing, functools, ...) have no attributes;
   enums add their members.
6. OHLCV column names may be read as attributes, never called.
7. Otherwise `attr` must be on the generic allow-list or, on self/cls/super()/the
   strategy class, on the IStrategy API or among the file's own attributes.
"""

from __future__ import annotations

import ast

from ai_strategies.static.astutil import format_traverses, is_super_call
from ai_strategies.static.attributes import (
    COLUMNS,
    GENERIC,
    STRATEGY,
    SUPER_DUNDERS,
    may_own_private,
    never_reason,
)
from ai_strategies.static.modules import MODULES, OBJECT_ATTRIBUTES, is_sealed, module_exports
from ai_strategies.static.report import Problem, clip, problem
from ai_strategies.static.scope import Scope

Verdict = tuple[bool, Problem | None]  # (allowed, problem); (False, None) = stay quiet
_OK: Verdict = (True, None)
_ALLOW_LIST_HINT = "pandas/numpy methods, Freqtrade objects and the strategy's own attributes"


def attribute_problem(node: ast.Attribute, scope: Scope, called: bool) -> Verdict:
    """Check one attribute access against the allow-lists."""
    attr, owner, line = node.attr, node.value, node.lineno
    name = clip(attr, 40)
    if attr.startswith("_"):
        return _underscore(attr, owner, scope, line)
    ref = scope.resolve(owner)
    if ref is not None and ref.kind == "module":
        return _module_attribute(ref.path, attr, line)
    reason = never_reason(attr)
    if reason is not None:
        return _refuse("forbidden_attribute", line, f"Access to '{name}' is refused: {reason}.")
    if attr == "format":
        return _format(owner, line)
    if ref is not None:
        extra = OBJECT_ATTRIBUTES.get(ref.path, frozenset())
        if attr in extra:
            return _OK
        if is_sealed(ref.path):
            text = f"'{clip(ref.path, 40)}' is used as a name only; its attribute '{name}' is not."
            return _refuse("unknown_attribute", line, text)
    if attr in COLUMNS and attr not in GENERIC:
        if called:
            text = f"'.{attr}' is read as a column; calling it is not allowed."
            return _refuse("forbidden_attribute", line, text)
        return _OK
    if attr in GENERIC:
        return _OK
    if scope.is_strategy_ref(owner) and (attr in STRATEGY or attr in scope.own_attributes):
        return _OK
    text = f"Attribute '{name}' is not on the allow-list ({_ALLOW_LIST_HINT})."
    return _refuse("unknown_attribute", line, text)


def _refuse(code: str, line: int, text: str) -> Verdict:
    return False, problem(code, line, text)


def _underscore(attr: str, owner: ast.expr, scope: Scope, line: int) -> Verdict:
    """Refuse dunders and other objects' private attributes."""
    name = clip(attr, 40)
    if attr.startswith("__") and attr.endswith("__"):
        if attr in SUPER_DUNDERS and is_super_call(owner):
            return _OK
        return _refuse("dunder_access", line, f"Access to attribute '{name}' is not allowed.")
    own = (
        isinstance(owner, ast.Name)
        and scope.is_strategy_ref(owner)
        and attr in scope.own_attributes
        and may_own_private(attr)
    )
    if own:
        return _OK
    text = (
        f"Access to private attribute '{name}' is not allowed; only private attributes "
        "this strategy defines itself (self._x) may be used."
    )
    return _refuse("private_access", line, text)


def _module_attribute(module: str, attr: str, line: int) -> Verdict:
    """Require `module.attr` to be on the module's allow-list."""
    if module not in MODULES:
        return False, None  # the import is already refused
    if module_exports(module, attr):
        return _OK
    name = clip(attr, 40)
    reason = never_reason(attr)
    if reason is not None:
        text = f"Access to '{module}.{name}' is refused: {reason}."
        return _refuse("forbidden_attribute", line, text)
    text = f"'{name}' is not on the allow-list of module '{module}'."
    return _refuse("unknown_attribute", line, text)


def _format(owner: ast.expr, line: int) -> Verdict:
    """Allow str.format only on a literal template without attribute or item access."""
    if not (isinstance(owner, ast.Constant) and isinstance(owner.value, str)):
        text = "str.format is only allowed on a string literal template; use an f-string."
        return _refuse("forbidden_call", line, text)
    if format_traverses(owner.value):
        text = "Format templates that read attributes or items (like {0.x} or {0[k]}) are refused."
        return _refuse("forbidden_call", line, text)
    return _OK
