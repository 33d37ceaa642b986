"""Import rules of the static strategy check."""

from __future__ import annotations

import ast

from ai_strategies.static_report import Problem, problem
from ai_strategies.static_rules import (
    BINDABLE_TOP_LEVEL,
    FUTURE_FEATURES,
    module_allowed,
    name_allowed,
)

_ALLOWED_HINT = (
    "strategies may only import from freqtrade.strategy, freqtrade.persistence, "
    "freqtrade.exchange (timeframe helpers), freqtrade.enums, qtpylib, pandas, numpy, "
    "talib, technical, datetime, typing, math and functools"
)


def import_problems(node: ast.Import | ast.ImportFrom) -> list[Problem]:
    """Check one import statement against the allow-list."""
    if isinstance(node, ast.Import):
        return [p for alias in node.names if (p := _plain_import(alias, node.lineno))]
    return _from_import(node)


def _plain_import(alias: ast.alias, line: int) -> Problem | None:
    """Check `import a.b [as c]`."""
    module = alias.name
    if not module_allowed(module):
        return problem(
            "forbidden_import",
            line,
            f"Import of module '{module}' is not allowed; {_ALLOWED_HINT}.",
        )
    top = module.split(".")[0]
    # `import freqtrade.strategy` would bind the whole `freqtrade` package.
    if alias.asname is None and "." in module and top not in BINDABLE_TOP_LEVEL:
        return problem(
            "forbidden_import",
            line,
            f"'import {module}' binds the whole '{top}' package; "
            f"use 'from {module} import ...' instead.",
        )
    return None


def _from_import(node: ast.ImportFrom) -> list[Problem]:
    """Check `from module import names`."""
    line = node.lineno
    module = node.module or ""
    if node.level:
        return [problem("forbidden_import", line, "Relative imports are not allowed.")]
    if module == "__future__":
        bad = [a.name for a in node.names if a.name not in FUTURE_FEATURES]
        if bad:
            text = f"'from __future__ import {', '.join(bad)}' is not allowed."
            return [problem("forbidden_import", line, text)]
        return []
    if not module_allowed(module):
        text = f"Import from module '{module}' is not allowed; {_ALLOWED_HINT}."
        return [problem("forbidden_import", line, text)]
    problems: list[Problem] = []
    for alias in node.names:
        if alias.name == "*":
            if module != "freqtrade.strategy":
                text = f"'from {module} import *' is not allowed; import the names you use."
                problems.append(problem("forbidden_import", line, text))
        elif not name_allowed(module, alias.name):
            text = f"Importing '{alias.name}' from '{module}' is not allowed."
            problems.append(problem("forbidden_import", line, text))
    return problems
