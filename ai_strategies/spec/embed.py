"""The spec embedded in its rendered strategy as data, and read back without running code."""

from __future__ import annotations

import ast
import json

from ai_strategies.spec.model import StrategySpec
from ai_strategies.spec.schema import SpecError, parse_spec

SPEC_CONSTANT = "NOFOMO_SPEC"
_CHUNK = 80


def spec_json(spec: StrategySpec) -> str:
    """Return the spec as compact, deterministic JSON; fields at their default are left out."""
    data = {"spec_version": spec.spec_version}
    data |= spec.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=True)


def spec_constant(spec: StrategySpec) -> str:
    """Return the module-level `NOFOMO_SPEC = (...)` assignment holding the spec's JSON.

    Every piece is written with repr(), so no content can end the literal early.
    """
    text = spec_json(spec)
    pieces = [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]
    lines = "".join(f"    {piece!r}\n" for piece in pieces)
    return f"{SPEC_CONSTANT} = (\n{lines})\n"


def read_spec(code: str) -> StrategySpec:
    """Return the spec a rendered strategy embeds; the code is parsed, never run."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise SpecError([f"code: cannot be parsed ({type(exc).__name__})"]) from exc
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == SPEC_CONSTANT
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return parse_spec(node.value.value)
    raise SpecError([f"code: no {SPEC_CONSTANT} string constant at module level"])
