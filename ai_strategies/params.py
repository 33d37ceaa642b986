"""Rewrite a strategy's hyperoptable parameter defaults (and stoploss) in its source."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

PARAMETER_CLASSES = {
    "IntParameter",
    "DecimalParameter",
    "RealParameter",
    "CategoricalParameter",
    "BooleanParameter",
}


def _edits(tree: ast.Module, params: Mapping[str, Any]) -> list[tuple[ast.expr, Any]]:
    edits: list[tuple[ast.expr, Any]] = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
                continue
            target = stmt.targets[0]
            if not isinstance(target, ast.Name) or target.id not in params:
                continue
            value = stmt.value
            if isinstance(value, ast.Call) and getattr(value.func, "id", "") in PARAMETER_CLASSES:
                default = next((k.value for k in value.keywords if k.arg == "default"), None)
                if default is not None:
                    edits.append((default, params[target.id]))
            elif target.id == "stoploss" and isinstance(value, (ast.Constant, ast.UnaryOp)):
                edits.append((value, params[target.id]))
    return edits


def apply_parameters(code: str, params: Mapping[str, Any]) -> str:
    """Return `code` with the given parameters' defaults replaced; formatting is kept."""
    tree = ast.parse(code)
    lines = code.splitlines(keepends=True)
    # Apply from the end so earlier offsets stay valid.
    for node, value in sorted(
        _edits(tree, params), key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True
    ):
        assert node.end_lineno is not None and node.end_col_offset is not None
        if node.lineno != node.end_lineno:
            continue  # a multi-line default is unusual; leave it as written
        line = lines[node.lineno - 1]
        encoded = line.encode()
        start, end = node.col_offset, node.end_col_offset
        new = encoded[:start] + repr(_plain(value)).encode() + encoded[end:]
        lines[node.lineno - 1] = new.decode()
    result = "".join(lines)
    ast.parse(result)
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    return value
