"""The allow-list walk over every node of a strategy file.

Each node type must be on the syntax allow-list; each name must be defined by the file or
an allowed builtin; each attribute must pass `rules.attribute_problem`; each call passes
`calls.call_problems`; every annotation (string ones parsed) must be a plain type.
Once part of an attribute chain is refused, the rest of the chain stays quiet, so one
escape attempt gives one precise message.
"""

from __future__ import annotations

import ast
import builtins

from ai_strategies.static.allowlist import (
    ALLOWED_BUILTINS,
    ALLOWED_SPECIAL_METHODS,
    MAX_POW_EXPONENT,
    MAX_REPEAT,
    NEVER_BUILTINS,
    REFUSED_NODES,
    is_dunder,
    node_allowed,
)
from ai_strategies.static.astutil import (
    FunctionNode,
    const_number,
    docstring_ids,
    exits_loop,
    fold_string,
    is_sequence,
    is_super_call,
    parent_map,
    relocate,
    root_name,
)
from ai_strategies.static.calls import DUNDER_RE, call_problems, obfuscation_problems
from ai_strategies.static.calls import secret_problems as _secret_problems
from ai_strategies.static.headers import (
    annotation_problems,
    class_header_problems,
    default_problems,
    function_header_problems,
    string_annotations,
)
from ai_strategies.static.imports import import_problems
from ai_strategies.static.report import Problem, clip, problem
from ai_strategies.static.rules import attribute_problem
from ai_strategies.static.scope import Scope

_BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))


class Visitor(ast.NodeVisitor):
    """Walk a whole module and collect allow-list problems."""

    def __init__(self, tree: ast.Module, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[Problem] = []
        self._quiet: set[int] = set()  # nodes already reported: their parents stay quiet
        self._approved: set[int] = set()  # Name nodes a call rule vetted (type, super, ...)
        self._called: set[int] = set()  # nodes used as the function of a call
        self._docstrings = docstring_ids(tree)
        self._parents = parent_map(tree)
        self._stack: list[ast.AST] = []  # enclosing classes and functions

    def _add(self, code: str, node: ast.AST, text: str) -> None:
        self.problems.append(problem(code, getattr(node, "lineno", None), text))
        self._quiet.add(id(node))

    def visit(self, node: ast.AST) -> None:
        """Refuse node types outside the allow-list, then dispatch as usual."""
        if not node_allowed(node):
            kind = type(node).__name__
            reason = REFUSED_NODES.get(kind, "it is not on the allow-list of Python syntax")
            code = "forbidden_statement" if isinstance(node, ast.stmt) else "forbidden_syntax"
            self._add(code, node, f"'{kind}' is not allowed: {reason}.")
        super().visit(node)

    # --- imports, definitions and annotations -------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        self.problems += import_problems(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.problems += import_problems(node)

    def visit_FunctionDef(self, node: FunctionNode) -> None:
        if is_dunder(node.name) and node.name not in ALLOWED_SPECIAL_METHODS:
            text = f"Defining the special method '{clip(node.name, 40)}' is not allowed."
            self._add("dunder_access", node, text)
        self.problems += function_header_problems(node, self.scope)
        if node.returns is not None:
            self._annotation(node.returns)
        self._stack.append(node)
        self.generic_visit(node)
        self._stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self._stack:
            text = f"Class '{clip(node.name, 40)}' is nested; classes belong at module level."
            self._add("forbidden_statement", node, text)
        self.problems += class_header_problems(node)
        self._stack.append(node)
        self.generic_visit(node)
        self._stack.pop()

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.problems += default_problems(node.args, "A lambda")
        self.generic_visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        if node.annotation is not None:
            self._annotation(node.annotation)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._annotation(node.annotation)
        self.generic_visit(node)

    def _annotation(self, expr: ast.expr, depth: int = 0) -> None:
        """Check an annotation, parsing its string parts like get_type_hints would."""
        self.problems += annotation_problems(expr)
        for text in string_annotations(expr):
            value = text.value
            if not isinstance(value, str) or DUNDER_RE.search(value):
                continue  # visit_Constant reports dunder strings
            try:
                parsed = ast.parse(value.strip(), mode="eval").body
            except (SyntaxError, ValueError):
                parsed = None
            if parsed is None or depth:
                message = "String annotations must be plain type names (like 'DataFrame')."
                self._add("annotation_code", text, message)
                continue
            relocate(parsed, text)
            self._parents.update(parent_map(parsed))
            self._annotation(parsed, depth + 1)
            self.visit(parsed)

    # --- names ------------------------------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        name, store = node.id, isinstance(node.ctx, ast.Store | ast.Del)
        shown = clip(name, 40)
        if id(node) in self._approved:
            return
        if is_dunder(name):
            self._add("dunder_access", node, f"Use of the special name '{shown}' is not allowed.")
        elif name in NEVER_BUILTINS:
            text = f"Use of the builtin '{name}' is not allowed: {NEVER_BUILTINS[name]}."
            self._add("forbidden_call", node, text)
        elif store and name in _BUILTIN_NAMES:
            text = f"Assigning to the builtin name '{name}' is not allowed."
            self._add("builtin_shadowing", node, text)
        elif store and name in self.scope.imports:
            self._add("import_shadowing", node, f"Rebinding the imported name '{shown}'.")
        elif store or name in self.scope.defined or name in self.scope.imports:
            return
        elif name in {"type", "super"}:
            text = f"'{name}' may only be called directly, as {name}(...)."
            self._add("forbidden_call", node, text)
        elif name in _BUILTIN_NAMES and name not in ALLOWED_BUILTINS:
            text = f"The builtin '{name}' is not on the allow-list."
            self._add("forbidden_name", node, text)
        elif name not in ALLOWED_BUILTINS:
            text = f"Name '{shown}' is neither defined in the file nor an allowed builtin."
            self._add("unknown_name", node, text)

    # --- attributes, calls and subscripts ---------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.generic_visit(node)
        if id(node.value) in self._quiet:
            self._quiet.add(id(node))
            return
        root = root_name(node.value)
        found: Problem | None
        if isinstance(node.ctx, ast.Store | ast.Del) and root in self.scope.imports:
            text = f"Assigning attribute '{clip(node.attr, 40)}' of imported '{root}'."
            allowed, found = False, problem("monkeypatch", node.lineno, text)
        else:
            allowed, found = attribute_problem(node, self.scope, id(node) in self._called)
        if found is not None:
            self.problems.append(found)
        if not allowed:
            self._quiet.add(id(node))

    def visit_Call(self, node: ast.Call) -> None:
        self._called.add(id(node.func))
        found, approved = call_problems(node, self.scope)
        self.problems += found
        self._approved |= approved
        if is_super_call(node) and not self._super_in_method(node):
            text = "super() may only be used as super().method(...) inside a strategy method."
            self._add("forbidden_call", node, text)
        self.generic_visit(node)
        if id(node.func) in self._quiet:
            self._quiet.add(id(node))

    def _super_in_method(self, node: ast.Call) -> bool:
        parent = self._parents.get(id(node))
        in_method = len(self._stack) >= 2 and isinstance(self._stack[-2], ast.ClassDef)
        return in_method and isinstance(parent, ast.Attribute)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.problems += _secret_problems(node, node.slice)
        self.generic_visit(node)
        if id(node.value) in self._quiet:
            self._quiet.add(id(node))

    # --- literals and expressions ------------------------------------------------------
    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, str) and id(node) not in self._docstrings and DUNDER_RE.search(value):
            text = f"The string {clip(repr(value), 40)} names a special attribute; not allowed."
            self._add("dunder_access", node, text)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        for part in node.values:
            spec = part.format_spec if isinstance(part, ast.FormattedValue) else None
            if spec is not None and not _literal_spec(spec):
                text = "f-string format specs must be literal (like {x:.2f}), not computed."
                self._add("forbidden_syntax", node, text)
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        self._check_resource(node)
        folded = fold_string(node)
        if folded is not None:
            self.problems += obfuscation_problems(node, folded)
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


def _literal_spec(spec: ast.expr) -> bool:
    """Tell whether an f-string format spec is made of literal text only."""
    return isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)


def check_expressions(tree: ast.Module, scope: Scope) -> list[Problem]:
    """Return the allow-list problems of a parsed module."""
    visitor = Visitor(tree, scope)
    visitor.visit(tree)
    return visitor.problems
