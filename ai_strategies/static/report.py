"""Result types of the static strategy check, the problem codes and message helpers.

Messages are read by the LLM repair loop and by operators: they are short English
sentences that start with `Line N: ` and never quote more than `MAX_ECHO` characters
of the user's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

MAX_ECHO = 80

# Every problem code the checker emits, with what it means.
CODES: dict[str, str] = {
    "too_large": "the file is over the byte or line limit",
    "too_complex": "the code is nested too deeply to be checked",
    "syntax_error": "the code does not parse",
    "forbidden_import": "an import outside the module/name allow-list",
    "forbidden_statement": "a statement type outside the syntax allow-list",
    "forbidden_syntax": "an expression or pattern type outside the syntax allow-list",
    "forbidden_call": "a refused builtin, a call that reaches attributes by a string name, "
    "or a format template that reads attributes",
    "forbidden_name": "a builtin that is not on the allow-list",
    "unknown_name": "a name neither defined in the file nor an allowed builtin",
    "forbidden_attribute": "an attribute that leads to files, processes, frames, the "
    "database, other modules or code evaluation",
    "unknown_attribute": "an attribute that is not on the allow-list",
    "dunder_access": "a special (double underscore) name or string",
    "private_access": "an underscore attribute of an object the file does not own",
    "secret_access": "a read of a credential from the config",
    "monkeypatch": "an assignment to an attribute of an imported module or class",
    "import_shadowing": "a rebinding of an imported name",
    "builtin_shadowing": "a rebinding of a builtin name",
    "obfuscated_name": "a string assembled from pieces that spells a refused name",
    "resource_abuse": "a constant expression that would exhaust time or memory",
    "annotation_code": "an annotation that is not a plain type expression",
    "import_time_call": "a call in a default value, which runs on import",
    "forbidden_decorator": "a decorator outside the allow-list or with computed arguments",
    "forbidden_base": "a base class other than IStrategy or a strategy class of the file",
    "module_level_code": "a top-level statement that runs on import",
    "class_level_code": "a class-body statement or call that runs on import",
    "strategy_count": "not exactly one strategy class",
    "missing_method": "a populate_* method Freqtrade requires is missing",
    "invalid_setting": "startup_candle_count, timeframe or an informative timeframe is "
    "not a literal within bounds",
    "infinite_loop": "(warning) a `while True` loop that never leaves",
    "lookahead": "(warning) code that reads future candles",
}


@dataclass(frozen=True)
class Problem:
    """One finding: a stable machine `code`, an operator-facing `message` and where it is."""

    code: str
    message: str
    line: int | None
    severity: Severity = "error"


@dataclass(frozen=True)
class StaticReport:
    """Outcome of checking one strategy source; `ok` means no error-level problem."""

    ok: bool
    class_name: str | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the error-level problems."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Return the warning-level problems."""
        return [p for p in self.problems if p.severity == "warning"]


def problem(code: str, line: int | None, text: str, severity: Severity = "error") -> Problem:
    """Build a problem whose message starts with its line number."""
    assert code in CODES, code
    where = f"Line {line}: " if line is not None else ""
    return Problem(code=code, message=f"{where}{text}", line=line, severity=severity)


def clip(text: str, limit: int = MAX_ECHO) -> str:
    """Shorten user text quoted in a message to at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def quoted(text: str, limit: int = MAX_ECHO) -> str:
    """Quote user text for a message: clipped and wrapped in single quotes."""
    return f"'{clip(text, limit - 2)}'"
