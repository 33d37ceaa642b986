"""Errors the strategy domain raises for the user: a message key and its parameters.

The chat translates `key`; orchestrator services treat these like their own
`UserFacingError` (same shape), so the domain never imports the service layer.
"""

from __future__ import annotations

from typing import Any


class GenerationError(Exception):
    """Generating or repairing a strategy failed in a way the user should be told."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"GenerationError({self.key!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict[str, Any]) -> GenerationError:
    return GenerationError(key, **params)
