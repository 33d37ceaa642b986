"""The spec's JSON schema (for LLM structured output) and parsing with short error lines."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.catalogue_types import IndicatorDef, ParamDef
from ai_strategies.spec.model import StrategySpec

MAX_JSON_BYTES = 64 * 1024
# Deeper JSON than any valid spec can be is refused before validation ever recurses into it.
MAX_NESTING = 40
JsonSchema = dict[str, Any]


class SpecError(ValueError):
    """A spec that does not validate; `problems` are short `path: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"The strategy spec is invalid:\n{lines}")


def parse_spec(source: str | bytes | Mapping[str, object]) -> StrategySpec:
    """Validate JSON text or a decoded mapping as a StrategySpec, or raise SpecError."""
    data: object = source
    if isinstance(source, str | bytes):
        if len(source) > MAX_JSON_BYTES:
            raise SpecError([f"spec: larger than {MAX_JSON_BYTES} bytes"])
        try:
            data = json.loads(source)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SpecError([f"spec: not valid JSON ({exc})"]) from exc
        except RecursionError as exc:
            raise SpecError([f"spec: nested more than {MAX_NESTING} levels deep"]) from exc
    if _nesting(data) > MAX_NESTING:
        raise SpecError([f"spec: nested more than {MAX_NESTING} levels deep"])
    try:
        return StrategySpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_problems(exc)) from exc
    except RecursionError as exc:  # pragma: no cover - bounded by MAX_NESTING
        raise SpecError(["spec: nested too deeply"]) from exc


def spec_json_schema() -> JsonSchema:
    """Return the JSON schema of StrategySpec, with each indicator kind's exact parameters."""
    return copy.deepcopy(_schema())


@functools.cache
def _schema() -> JsonSchema:
    schema = StrategySpec.model_json_schema()
    generic = schema["$defs"]["IndicatorSpec"]
    schema["$defs"]["IndicatorSpec"] = {
        "title": "IndicatorSpec",
        "description": generic.get("description", ""),
        "oneOf": [_kind_schema(generic, entry) for entry in CATALOGUE.values()],
    }
    return schema


def _kind_schema(generic: JsonSchema, entry: IndicatorDef) -> JsonSchema:
    """Return the IndicatorSpec schema narrowed to one kind and its parameters."""
    properties = dict(generic["properties"])
    properties["kind"] = {"const": entry.kind, "type": "string"}
    properties["params"] = {
        "type": "object",
        "description": f"{entry.label} parameters; omitted ones take their defaults. "
        f"Outputs: {', '.join(entry.output_names)} (the first is the main one).",
        "properties": {p.name: _param_schema(p) for p in entry.params},
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "title": f"{entry.label} ({entry.kind})",
        "properties": properties,
        "required": ["id", "kind"],
        "additionalProperties": False,
    }


def _param_schema(param: ParamDef) -> JsonSchema:
    kind = "integer" if param.is_int else "number"
    default: float = int(param.default) if param.is_int else param.default
    return {"type": kind, "minimum": param.low, "maximum": param.high, "default": default}


def _problems(exc: ValidationError) -> list[str]:
    """Turn pydantic's errors into `path: message` lines, one problem per line."""
    problems: list[str] = []
    errors = exc.errors(include_url=False, include_input=False)
    for error in errors:
        if error["type"] == "too_short" and _has_inner_error(error["loc"], errors):
            continue  # pydantic also counts a list whose items failed as too short
        message = error["msg"].removeprefix("Value error, ")
        if not error["loc"] and error["type"] == "value_error":
            problems += message.splitlines()  # whole-spec checks carry their own paths
        else:
            where = ".".join(str(step) for step in error["loc"]) or "spec"
            problems.append(f"{where}: {message}")
    return problems


def _has_inner_error(loc: tuple[int | str, ...], errors: list[ErrorDetails]) -> bool:
    """Tell whether another error lies inside the list at `loc`."""
    return any(len(e["loc"]) > len(loc) and e["loc"][: len(loc)] == loc for e in errors)


def _nesting(data: object) -> int:
    """Return how deeply lists and mappings nest in decoded JSON, without recursing."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            children: list[object] = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        deepest = max(deepest, level)
        if level <= MAX_NESTING:
            stack.extend((child, level + 1) for child in children)
    return deepest
