"""Read the model's JSON reply into a draft strategy, listing what is missing or malformed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ai_strategies.generator.prompts import TIMEFRAMES
from ai_strategies.generator.types import ValidationOutcome

MAX_CODE_CHARS = 30_000
_TEXT_FIELDS = ("class_name", "code", "explanation", "pair", "timeframe", "summary")
_PAIR = re.compile(r"^[A-Z0-9]{2,12}/[A-Z0-9]{2,12}$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Draft:
    """A reply with every field present and well-typed, before its code is validated."""

    class_name: str
    code: str
    explanation: str
    pair: str
    timeframe: str
    parameters: dict[str, Any]
    summary: str


def _text_errors(reply: dict[str, Any]) -> list[str]:
    errors = [
        f'"{name}" must be a non-empty string'
        for name in _TEXT_FIELDS
        if not isinstance(reply.get(name), str) or not reply[name].strip()
    ]
    if not isinstance(reply.get("parameters"), dict):
        errors.append('"parameters" must be an object of {name: default value}')
    return errors


def _value_errors(reply: dict[str, Any]) -> list[str]:
    errors = []
    class_name, code = reply["class_name"].strip(), reply["code"]
    if not _IDENTIFIER.match(class_name):
        errors.append(f'"class_name" {class_name!r} is not a Python identifier')
    elif not re.search(rf"^class\s+{class_name}\s*\(", code, re.MULTILINE):
        errors.append(f'"code" defines no class named {class_name!r}')
    if len(code) > MAX_CODE_CHARS:
        errors.append(f'"code" is {len(code)} characters; keep it under {MAX_CODE_CHARS}')
    if not _PAIR.match(reply["pair"].strip().upper()):
        errors.append(f'"pair" {reply["pair"]!r} must look like "BTC/USDT"')
    if reply["timeframe"].strip() not in TIMEFRAMES:
        errors.append(f'"timeframe" must be one of {", ".join(TIMEFRAMES)}')
    return errors


def read_draft(reply: dict[str, Any]) -> tuple[Draft | None, list[str]]:
    """Return the draft, or None with the problems to send back to the model."""
    errors = _text_errors(reply)
    if not errors:
        errors = _value_errors(reply)
    if errors:
        return None, errors
    draft = Draft(
        class_name=reply["class_name"].strip(),
        code=reply["code"],
        explanation=reply["explanation"].strip(),
        pair=reply["pair"].strip().upper(),
        timeframe=reply["timeframe"].strip(),
        parameters=dict(reply["parameters"]),
        summary=reply["summary"].strip().splitlines()[0],
    )
    return draft, []


async def check_syntax(code: str) -> ValidationOutcome:
    """Validate only that the code parses; the fallback when no validator is injected."""
    try:
        # Compiling does not run the code; it only builds a code object.
        compile(code, "<strategy>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return ValidationOutcome.failed([f"SyntaxError on line {exc.lineno}: {exc.msg}"])
    except (ValueError, RecursionError) as exc:
        return ValidationOutcome.failed([f"code cannot be compiled: {type(exc).__name__}"])
    return ValidationOutcome.passed()
