"""Static allow-list check of untrusted Freqtrade strategy source, without running it.

A static check of Python is a lint, never a boundary: strategies run inside the
bubblewrap sandbox (`ai_strategies/sandbox.py`, `ai_strategies/jail.py`). This lint is the
first gate and gives the LLM repair loop precise messages. It is an allow-list:

* `allowlist.py`: syntax node types, builtins, decorators, settings bounds;
* `modules.py`: importable modules and the names used from each;
* `attributes.py`: attribute names allowed on non-module objects, and the never-list;
* `visitor.py` (with `rules.py`, `calls.py`, `headers.py`, `imports.py`): the walk that
  applies them to every node, annotation, decorator and default value;
* `structure.py` and `settings.py`: what runs on import, the one strategy class, its
  required methods and literal settings;
* `lookahead.py`: look-ahead bias warnings.

`check_source(code)` parses the code (never imports it) and returns a `StaticReport`.
"""

from __future__ import annotations

import ast

from ai_strategies.static.allowlist import MAX_BYTES, MAX_LINES
from ai_strategies.static.lookahead import check_lookahead
from ai_strategies.static.report import Problem, Severity, StaticReport, problem
from ai_strategies.static.scope import collect_scope
from ai_strategies.static.settings import check_settings
from ai_strategies.static.structure import check_structure, leaf_problems
from ai_strategies.static.visitor import check_expressions

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
        text = f"The code cannot be parsed: {str(exc)[:80]}."
        return _failed(problem("syntax_error", None, text))
    except (RecursionError, MemoryError):
        return _failed(_too_complex())
    try:
        scope = collect_scope(tree)
        structure, strategies = check_structure(tree, scope)
        leaves, class_name = leaf_problems(strategies)
        problems = [
            *structure,
            *leaves,
            *check_settings(tree, strategies, scope),
            *check_expressions(tree, scope),
            *check_lookahead(tree),
        ]
    except (RecursionError, MemoryError):
        return _failed(_too_complex())
    problems = _unique(problems)
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


def _unique(problems: list[Problem]) -> list[Problem]:
    """Drop exact duplicates (one line can trip the same rule twice)."""
    return list(dict.fromkeys(problems))


def _too_complex() -> Problem:
    return problem("too_complex", None, "The code is nested too deeply to be checked safely.")


def _failed(reason: Problem) -> StaticReport:
    return StaticReport(ok=False, class_name=None, problems=[reason])
