"""The outbox leases one sender holds: which are live, which may be on the wire, how long.

A lease expires `stale_after` seconds after it was taken or last renewed, when another
sender may take the row over. So a sender only sends while its lease surely outlives
one more request, and retries an outcome write only until the lease may be gone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from orchestrator.alerts.limits import REAL_TIME, Clock
from orchestrator.alerts.outbox import DB_ERRORS, Claim

log = logging.getLogger(__name__)

T = TypeVar("T")


class Leases:
    """Track this sender's leased alerts and write their outcomes while the leases hold."""

    def __init__(self, stale_after: float, clock: Clock = REAL_TIME) -> None:
        self.stale_after = stale_after
        self.clock = clock
        self.held: set[int] = set()  # claims a live delivery is working on
        self.on_wire: set[int] = set()  # claims whose request may be on the wire
        self.renewed = clock.now()

    def mark_renewed(self) -> None:
        """Record that every held lease was just extended."""
        self.renewed = self.clock.now()

    def valid(self, claim: Claim) -> bool:
        """Tell whether the lease surely outlives one more send (half the stale timeout)."""
        held_since = max(claim.claimed_mono, self.renewed)
        return self.clock.now() - held_since < self.stale_after / 2

    async def persist(self, write: Callable[[], Awaitable[T]]) -> T | None:
        """Run an outcome write, retrying while the lease holds so a result is not lost."""
        deadline = self.clock.now() + self.stale_after / 2
        delay = 0.05
        while True:
            try:
                return await write()
            except DB_ERRORS as exc:
                if self.clock.now() + delay > deadline:
                    log.error("cannot record an alert outcome, its lease will expire: %s", exc)
                    return None
                log.warning("retrying an alert outcome write: %s", exc)
                await self.clock.sleep(delay)
                delay = min(delay * 2, 2.0)
