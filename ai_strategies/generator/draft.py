"""Read the model's JSON reply into a strategy spec, listing what is missing or malformed.

The reply is data only. A reply carrying code (or anything but the spec) is refused and
sent back: nothing from it is ever written to a file or run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ai_strategies.spec import SpecError, StrategySpec, parse_spec

MAX_PROBLEMS = 20


def read_spec_reply(reply: Mapping[str, Any]) -> tuple[StrategySpec | None, list[str]]:
    """Return the spec, or None with the problems to send back to the model."""
    extra = sorted(set(reply) - {"spec"})
    if "code" in extra:
        return None, ['do not write code; reply with {"spec": {...}} only']
    if extra:
        return None, [f'unexpected keys {extra}; reply with {{"spec": {{...}}}} only']
    payload = reply.get("spec")
    if not isinstance(payload, Mapping):
        return None, ['"spec" must be a JSON object describing the strategy']
    try:
        return parse_spec(payload), []
    except SpecError as exc:
        return None, list(exc.problems)[:MAX_PROBLEMS] or [str(exc)[:300]]
