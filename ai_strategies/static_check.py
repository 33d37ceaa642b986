"""Static validation of untrusted Freqtrade strategy source, without running it.

`check_source` parses the code (never imports it) and applies four rule sets:
size, top-level shape (`static_structure`), expression safety (`static_safety`,
with the allow-lists in `static_rules`) and look-ahead heuristics (`static_lookahead`).
It is the first gate only: a later stage imports the file in Freqtrade under a
timeout, which is where infinite loops and resource bombs in method bodies show up.
"""

from __future__ import annotations

import ast

from ai_strategies.static_lookahead import check_lookahead
from ai_strategies.static_report import Problem, Severity, StaticReport, problem
from ai_strategies.static_rules import MAX_BYTES, MAX_LINES
from ai_strategies.static_safety import check_safety
from ai_strategies.static_structure import check_structure

__all__ = ["Problem", "Severity", "StaticReport", "check_source"]


def check_source(code: str) -> StaticReport:
    """Check strategy source code and report every problem found."""
    size = _size_problems(code)
    if size:
        return StaticReport(ok=False, class_name=None, problems=size)
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        text = f"The code is not valid Python: {exc.msg}."
        return _failed(problem("syntax_error", exc.lineno, text))
    except ValueError as exc:
        return _failed(problem("syntax_error", None, f"The code cannot be parsed: {exc}."))
    except (RecursionError, MemoryError):
        return _failed(_too_complex())
    try:
        structure, class_name = check_structure(tree)
        problems = [*structure, *check_safety(tree), *check_lookahead(tree)]
    except RecursionError:
        return _failed(_too_complex())
    problems.sort(key=lambda p: (p.line or 0, p.severity))
    ok = not any(p.severity == "error" for p in problems)
    return StaticReport(ok=ok, class_name=class_name, problems=problems)


def _size_problems(code: str) -> list[Problem]:
    """Refuse sources over the byte or line limit before parsing them."""
    size = len(code.encode("utf-8", errors="replace"))
    if size > MAX_BYTES:
        text = f"The file is {size} bytes; the limit is {MAX_BYTES} bytes (64 KiB)."
        return [problem("too_large", None, text)]
    lines = code.count("\n") + 1
    if lines > MAX_LINES:
        text = f"The file has {lines} lines; the limit is {MAX_LINES} lines."
        return [problem("too_large", None, text)]
    return []


def _too_complex() -> Problem:
    return problem("too_complex", None, "The code is nested too deeply to be checked safely.")


def _failed(reason: Problem) -> StaticReport:
    return StaticReport(ok=False, class_name=None, problems=[reason])
