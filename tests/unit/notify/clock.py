"""A virtual clock for pacing tests: time moves only when every task waits on it."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")

# Loop turns that let every woken task run on to its next wait (nothing here does I/O).
_SETTLE_TURNS = 5


class VirtualClock:
    """Implement `orchestrator.alerts.Clock` with sleeps that end at once, in deadline order."""

    def __init__(self) -> None:
        self.time = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        """Return the virtual time in seconds."""
        return self.time

    async def sleep(self, seconds: float) -> None:
        """Wait until the virtual time has moved on by `seconds`."""
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        wake_at = self.time + max(seconds, 0.0)
        heapq.heappush(self._sleepers, (wake_at, next(self._order), woken))
        await woken

    async def run(self, *work: Awaitable[T]) -> list[T]:
        """Run `work` to the end, jumping the time to each next wake-up once all tasks wait."""
        tasks = [asyncio.ensure_future(item) for item in work]
        while not all(task.done() for task in tasks):
            for _ in range(_SETTLE_TURNS):
                await asyncio.sleep(0)
            if all(task.done() for task in tasks):
                break
            if not self._sleepers:
                raise RuntimeError("every task waits on something other than the clock")
            wake_at, _, woken = heapq.heappop(self._sleepers)
            self.time = max(self.time, wake_at)
            if not woken.cancelled():
                woken.set_result(None)
        return list(await asyncio.gather(*tasks))
