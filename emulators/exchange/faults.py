"""Failure modes switched on at run time: outage, slow answers, rate limits and stale candles."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class FaultMode(StrEnum):
    """What goes wrong."""

    NONE = "none"
    OUTAGE = "outage"  # the port stops listening, then listens again on the same port
    SLOW = "slow"  # every answer waits `delay` seconds
    RATE_LIMIT = "429"  # Binance's "too many requests" with Retry-After
    BANNED = "418"  # Binance's IP ban with Retry-After
    STALE = "stale"  # the market clock stops: candles and prices freeze


@dataclass(frozen=True)
class Fault:
    """The active fault; `until` is wall-clock seconds, or None for "until cleared"."""

    mode: FaultMode = FaultMode.NONE
    until: float | None = None
    delay: float = 1.0
    frozen_ms: int | None = None

    def remaining(self, now: float) -> float | None:
        """Return the seconds left, or None when the fault has no end."""
        return None if self.until is None else max(0.0, self.until - now)


class FaultState:
    """The one fault of an emulator, expiring by itself, plus the market clock it may freeze."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._fault = Fault()

    def set(
        self,
        mode: FaultMode | str,
        *,
        seconds: float | None = None,
        delay: float = 1.0,
        lag: float = 0.0,
    ) -> Fault:
        """Switch to a fault for `seconds` (None: until cleared); stale freezes `lag` s back."""
        mode = FaultMode(mode)
        now = self._clock()
        until = now + seconds if seconds else None
        frozen = int((now - lag) * 1000) if mode is FaultMode.STALE else None
        self._fault = Fault(mode=mode, until=until, delay=delay, frozen_ms=frozen)
        return self._fault

    def clear(self) -> None:
        """End any fault now."""
        self._fault = Fault()

    def current(self) -> Fault:
        """Return the active fault, or no fault once it has expired."""
        until = self._fault.until
        if until is not None and self._clock() >= until:
            self._fault = Fault()
        return self._fault

    def wall_ms(self) -> int:
        """Return the real time in milliseconds (server time, signatures)."""
        return int(self._clock() * 1000)

    def market_ms(self) -> int:
        """Return the market's time in milliseconds: the wall clock unless stale froze it."""
        frozen = self.current().frozen_ms
        return frozen if frozen is not None else self.wall_ms()

    def retry_after(self) -> int:
        """Return the Retry-After seconds for a rate-limit answer."""
        remaining = self.current().remaining(self._clock())
        return 60 if remaining is None else max(1, math.ceil(remaining))

    def describe(self) -> dict[str, Any]:
        """Return the active fault as JSON-ready data."""
        fault = self.current()
        return {
            "mode": fault.mode.value,
            "remaining": fault.remaining(self._clock()),
            "delay": fault.delay,
            "frozen_at": fault.frozen_ms,
        }
