"""What a strategy file binds: imports, names, its classes and its own attributes.

The checker is flow-insensitive on purpose: a name is "defined" when the file binds it
anywhere, and an imported name keeps its meaning everywhere (rebinding one is refused).
That is enough to tell `np.where` (a module attribute, checked against numpy's list)
from `frame.where` (an object attribute, checked against the generic list).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

from ai_strategies.static.astutil import is_super_call
from ai_strategies.static.modules import MODULES

SELF_NAMES = frozenset({"self", "cls"})
# Nodes whose `name` field binds a name (None for a bare `except:` or `case _:`).
_NAMED_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.ExceptHandler,
    ast.MatchAs,
    ast.MatchStar,
)


@dataclass(frozen=True)
class Ref:
    """What an expression refers to: a module, or an object reached from an import."""

    kind: Literal["module", "object"]
    path: str


@dataclass
class Scope:
    """Bindings of one strategy file."""

    imports: dict[str, Ref] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    own_attributes: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # every def name, methods included
    constants: dict[str, ast.expr] = field(default_factory=dict)

    def resolve(self, expr: ast.expr) -> Ref | None:
        """Return the module or imported object an expression names, if any."""
        if isinstance(expr, ast.Name):
            return self.imports.get(expr.id)
        if not isinstance(expr, ast.Attribute):
            return None
        owner = self.resolve(expr.value)
        if owner is None:
            return None
        path = f"{owner.path}.{expr.attr}"
        if owner.kind == "module" and path in MODULES:
            return Ref("module", path)
        return Ref("object", path)

    def is_function_ref(self, expr: ast.expr) -> bool:
        """Tell whether an expression certainly names a function (never a string)."""
        if isinstance(expr, ast.Lambda):
            return True
        if isinstance(expr, ast.Name):
            return expr.id in self.functions or expr.id in self.imports
        if isinstance(expr, ast.Attribute):
            if self.resolve(expr) is not None:
                return True  # a module function or an imported class's method
            return self.is_strategy_ref(expr.value) and expr.attr in self.functions
        return False

    def is_strategy_ref(self, expr: ast.expr) -> bool:
        """Tell whether an expression is self, cls, super() or a class of the file."""
        if is_super_call(expr):
            return True
        return isinstance(expr, ast.Name) and (
            expr.id in SELF_NAMES or (expr.id in self.classes and expr.id not in self.imports)
        )


def collect_scope(tree: ast.Module) -> Scope:
    """Collect the bindings of a parsed module."""
    scope = Scope()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            scope.classes.add(node.name)
            scope.own_attributes |= _class_body_names(node)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                scope.constants[target.id] = node.value
    for sub in ast.walk(tree):
        if isinstance(sub, ast.Import | ast.ImportFrom):
            _bind_import(scope, sub)
        else:
            _bind(scope, sub)
    return scope


def _bind_import(scope: Scope, node: ast.Import | ast.ImportFrom) -> None:
    """Record the names an import binds (even refused ones, to keep messages precise)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                scope.imports[alias.asname] = Ref("module", alias.name)
            else:
                top = alias.name.split(".")[0]
                scope.imports[top] = Ref("module", top)
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        for alias in node.names:
            if alias.name == "*":
                continue
            path = f"{node.module}.{alias.name}"
            kind: Literal["module", "object"] = "module" if path in MODULES else "object"
            scope.imports[alias.asname or alias.name] = Ref(kind, path)


def _bind(scope: Scope, node: ast.AST) -> None:
    """Record the name or own attribute one node binds."""
    name: str | None = None
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
        name = node.id
    elif isinstance(node, ast.arg):
        name = node.arg
    elif isinstance(node, _NAMED_NODES):
        name = node.name
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            scope.functions.add(node.name)
    elif isinstance(node, ast.MatchMapping):
        name = node.rest
    elif _self_attribute_store(node):
        assert isinstance(node, ast.Attribute)
        scope.own_attributes.add(node.attr)
    if name:
        scope.defined.add(name)


def _self_attribute_store(node: ast.AST) -> bool:
    """Tell whether a node assigns `self.x` or `cls.x`."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name)
        and node.value.id in SELF_NAMES
    )


def _class_body_names(node: ast.ClassDef) -> set[str]:
    """Return the attribute and method names a class body defines."""
    found: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            found.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                found |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            found.add(stmt.target.id)
    return found
