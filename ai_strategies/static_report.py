"""Result types of the static strategy check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


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
    where = f"Line {line}: " if line is not None else ""
    return Problem(code=code, message=f"{where}{text}", line=line, severity=severity)
