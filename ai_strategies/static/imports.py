"""Import rules: only allow-listed modules, and only the allow-listed names of each."""

from __future__ import annotations

import ast

from ai_strategies.static.allowlist import FUTURE_FEATURES, is_dunder
from ai_strategies.static.attributes import never_reason
from ai_strategies.static.modules import ALLOWED_MODULES_HINT, MODULES, module_allowed
from ai_strategies.static.report import Problem, clip, problem


def import_problems(node: ast.Import | ast.ImportFrom) -> list[Problem]:
    """Check one import statement (at any depth) against the allow-list."""
    if isinstance(node, ast.Import):
        return [p for alias in node.names if (p := _plain_import(alias, node.lineno))]
    return _from_import(node)


def _refused(line: int, text: str) -> Problem:
    return problem("forbidden_import", line, text)


def _plain_import(alias: ast.alias, line: int) -> Problem | None:
    """Check `import a.b [as c]`."""
    module = alias.name
    if not module_allowed(module):
        text = f"Import of module '{clip(module)}' is not allowed; {ALLOWED_MODULES_HINT}."
        return _refused(line, text)
    top = module.split(".")[0]
    # `import freqtrade.strategy` would bind the whole `freqtrade` package.
    if alias.asname is None and top not in MODULES:
        text = (
            f"'import {clip(module)}' binds the whole '{top}' package; "
            f"use 'from {clip(module)} import ...' instead."
        )
        return _refused(line, text)
    return None


def _from_import(node: ast.ImportFrom) -> list[Problem]:
    """Check `from module import names`."""
    line = node.lineno
    module = node.module or ""
    if node.level:
        return [_refused(line, "Relative imports are not allowed; the file must stand alone.")]
    if module == "__future__":
        bad = [a.name for a in node.names if a.name not in FUTURE_FEATURES]
        if bad:
            return [_refused(line, f"'from __future__ import {clip(', '.join(bad))}' is refused.")]
        return []
    if not module_allowed(module):
        text = f"Import from module '{clip(module)}' is not allowed; {ALLOWED_MODULES_HINT}."
        return [_refused(line, text)]
    problems: list[Problem] = []
    for alias in node.names:
        if alias.name == "*":
            text = f"'from {module} import *' is not allowed; import the names you use."
            problems.append(_refused(line, text))
        elif not _exported(module, alias.name):
            problems.append(_refused(line, _name_text(module, alias.name)))
    return problems


def _exported(module: str, name: str) -> bool:
    """Tell whether `from module import name` is on the allow-list."""
    return name in MODULES[module] or f"{module}.{name}" in MODULES


def _name_text(module: str, name: str) -> str:
    """Explain why a name may not be imported from an allowed module."""
    if is_dunder(name) or name.startswith("_"):
        return f"Importing the private name '{clip(name)}' from '{module}' is not allowed."
    reason = never_reason(name)
    if reason:
        return f"Importing '{clip(name)}' from '{module}' is not allowed: {reason}."
    return (
        f"Importing '{clip(name)}' from '{module}' is not allowed: it is not on the "
        f"allow-list of names for '{module}'."
    )
