"""Expression-level safety rules: forbidden names, calls, attributes and tricks."""

from __future__ import annotations

import ast
import builtins

from ai_strategies.static_ast import (
    const_number,
    docstring_ids,
    exits_loop,
    fold_string,
    format_traverses,
    imported_names,
    is_sequence,
    is_super_call,
    own_private_names,
    root_name,
)
from ai_strategies.static_imports import import_problems
from ai_strategies.static_report import Problem, problem
from ai_strategies.static_rules import (
    ATTRIBUTE_BUILTINS,
    DUNDER_RE,
    FORBIDDEN_BUILTINS,
    MAX_POW_EXPONENT,
    MAX_REPEAT,
    SECRET_KEYS,
    is_dunder,
    is_forbidden_attribute,
)

_BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))
_SELF_NAMES = frozenset({"self", "cls"})


class SafetyVisitor(ast.NodeVisitor):
    """Walk a whole module and collect safety problems."""

    def __init__(self, tree: ast.Module) -> None:
        self.problems: list[Problem] = []
        self._approved: set[int] = set()
        self._docstrings = docstring_ids(tree)
        self._own_private = own_private_names(tree)
        self._imported = imported_names(tree)

    def _add(self, code: str, node: ast.AST, text: str) -> None:
        self.problems.append(problem(code, getattr(node, "lineno", None), text))

    def visit_Import(self, node: ast.Import) -> None:
        self.problems += import_problems(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.problems += import_problems(node)

    def visit_Global(self, node: ast.Global) -> None:
        self._add("forbidden_statement", node, "'global' statements are not allowed.")

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self._add("forbidden_statement", node, "'nonlocal' statements are not allowed.")

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if is_dunder(node.name) and node.name != "__init__":
            text = f"Defining the special method '{node.name}' is not allowed."
            self._add("dunder_access", node, text)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Name(self, node: ast.Name) -> None:
        name = node.id
        if is_dunder(name):
            self._add("dunder_access", node, f"Use of the special name '{name}' is not allowed.")
        elif isinstance(node.ctx, ast.Store | ast.Del) and name in _BUILTIN_NAMES:
            text = f"Assigning to the builtin name '{name}' is not allowed."
            self._add("builtin_shadowing", node, text)
        elif name in FORBIDDEN_BUILTINS:
            self._add("forbidden_call", node, f"Use of the builtin '{name}' is not allowed.")
        elif name in ATTRIBUTE_BUILTINS and id(node) not in self._approved:
            text = f"'{name}' may only be called directly with a constant attribute name."
            self._add("forbidden_call", node, text)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self._check_attribute_name(node, node.attr, node.value)
        root = root_name(node.value)
        if isinstance(node.ctx, ast.Store | ast.Del) and root in self._imported:
            text = f"Assigning attribute '{node.attr}' of imported name '{root}' is not allowed."
            self._add("monkeypatch", node, text)
        self.generic_visit(node)

    def _check_attribute_name(self, node: ast.AST, attr: str, owner: ast.expr) -> None:
        """Apply the attribute rules to `owner.attr` (or getattr(owner, 'attr'))."""
        if is_dunder(attr):
            if not (attr == "__init__" and is_super_call(owner)):
                self._add("dunder_access", node, f"Access to attribute '{attr}' is not allowed.")
        elif is_forbidden_attribute(attr):
            text = f"Access to attribute '{attr}' is not allowed in strategies."
            self._add("forbidden_attribute", node, text)
        elif attr.startswith("_") and not self._own_private_access(attr, owner):
            text = f"Access to private attribute '{attr}' of another object is not allowed."
            self._add("private_access", node, text)

    def _own_private_access(self, attr: str, owner: ast.expr) -> bool:
        return (
            isinstance(owner, ast.Name) and owner.id in _SELF_NAMES and (attr in self._own_private)
        )

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            if func.id in ATTRIBUTE_BUILTINS:
                self._check_attribute_builtin(node, func)
            elif func.id == "type" and len(node.args) + len(node.keywords) > 1:
                text = "Calling type() with several arguments creates a class; not allowed."
                self._add("forbidden_call", node, text)
        elif isinstance(func, ast.Attribute):
            self._check_method_call(node, func)
        self.generic_visit(node)

    def _check_attribute_builtin(self, node: ast.Call, func: ast.Name) -> None:
        """Allow getattr-family calls only with a constant attribute name."""
        if len(node.args) >= 2:
            name_arg = node.args[1]
            if isinstance(name_arg, ast.Constant) and isinstance(name_arg.value, str):
                self._approved.add(id(func))
                self._check_attribute_name(node, name_arg.value, node.args[0])
                return
        text = f"'{func.id}' may only be called with a constant attribute name."
        self._approved.add(id(func))
        self._add("forbidden_call", node, text)

    def _check_method_call(self, node: ast.Call, func: ast.Attribute) -> None:
        """Catch format-string traversal and secret reads through `.get()`."""
        owner = func.value
        literal = owner.value if isinstance(owner, ast.Constant) else None
        if func.attr == "format" and isinstance(literal, str) and format_traverses(literal):
            text = "Format strings that read attributes or items (like {0.x}) are not allowed."
            self._add("forbidden_call", node, text)
        if func.attr in {"get", "pop"} and node.args:
            self._check_secret_key(node, node.args[0])
        if func.attr == "join" and isinstance(owner, ast.Constant) and node.args:
            self._check_joined(node, owner, node.args[0])

    def _check_joined(self, node: ast.Call, sep: ast.Constant, items: ast.expr) -> None:
        """Catch forbidden names assembled with `"".join([...])`."""
        if not isinstance(sep.value, str) or not isinstance(items, ast.List | ast.Tuple):
            return
        parts = [fold_string(item) for item in items.elts]
        if all(p is not None for p in parts):
            joined = sep.value.join(p for p in parts if p is not None)
            if _suspicious_word(joined):
                text = f"String built from pieces spells the forbidden name '{joined}'."
                self._add("obfuscated_name", node, text)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self._check_secret_key(node, node.slice)
        self.generic_visit(node)

    def _check_secret_key(self, node: ast.AST, key: ast.expr) -> None:
        if isinstance(key, ast.Constant) and key.value in SECRET_KEYS:
            text = f"Reading the credential setting '{key.value}' is not allowed in strategies."
            self._add("secret_access", node, text)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, str) and id(node) not in self._docstrings and DUNDER_RE.search(value):
            text = f"The string {value[:40]!r} names a special attribute; this is not allowed."
            self._add("dunder_access", node, text)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        self._check_resource(node)
        folded = fold_string(node)
        if folded is not None and _suspicious_word(folded):
            text = f"String built from pieces spells the forbidden name '{folded}'."
            self._add("obfuscated_name", node, text)
        self.generic_visit(node)

    def _check_resource(self, node: ast.BinOp) -> None:
        """Refuse constant expressions that would hang or exhaust memory on evaluation."""
        left, right = node.left, node.right
        huge = False
        if isinstance(node.op, ast.Pow):
            nested = isinstance(right, ast.BinOp) and isinstance(right.op, ast.Pow)
            huge = nested or const_number(right) > MAX_POW_EXPONENT
        elif isinstance(node.op, ast.Mult):
            count = max(const_number(left), const_number(right))
            huge = count > MAX_REPEAT and (is_sequence(left) or is_sequence(right))
        if huge:
            self._add("resource_abuse", node, "Huge constant computations are not allowed.")

    def visit_While(self, node: ast.While) -> None:
        test = node.test
        if isinstance(test, ast.Constant) and bool(test.value) and not exits_loop(node.body):
            text = "Loop 'while True' has no break or return and would never finish."
            self.problems.append(problem("infinite_loop", node.lineno, text, "warning"))
        self.generic_visit(node)


def check_safety(tree: ast.Module) -> list[Problem]:
    """Return the safety problems of a parsed module."""
    visitor = SafetyVisitor(tree)
    visitor.visit(tree)
    return visitor.problems


def _suspicious_word(text: str) -> bool:
    """Tell whether a string names something forbidden."""
    stripped = text.strip()
    return bool(
        DUNDER_RE.search(stripped)
        or stripped in FORBIDDEN_BUILTINS
        or stripped in ATTRIBUTE_BUILTINS
        or is_forbidden_attribute(stripped)
    )
