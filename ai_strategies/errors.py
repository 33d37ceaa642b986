"""Errors the strategy domain raises for the user, on the shared kernel's tree.

`UserFacingError`: the idea or strategy has a problem (say what to change).
`ServiceFailure`: our side failed (market data, Freqtrade, the LLM provider).
"""

from __future__ import annotations

from kernel.errors import ServiceFailure, UserFacingError

__all__ = ["ServiceFailure", "UserFacingError"]
