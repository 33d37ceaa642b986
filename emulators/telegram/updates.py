"""Pending updates with Telegram's offset semantics, and the change signal waiters use."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

JSON = dict[str, Any]


class Signal:
    """Wake every waiter whenever the emulator's state changes."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.changes = 0

    def notify(self) -> None:
        """Count a change and wake all current waiters."""
        self.changes += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        """Wait until `predicate()` holds; bound the wait with `asyncio.timeout`."""
        while not predicate():
            await self._event.wait()

    async def wait_change(self, seen: int) -> int:
        """Wait until the change count differs from `seen`; return the new count."""
        while self.changes == seen:
            await self._event.wait()
        return self.changes


class UpdateQueue:
    """Updates kept until confirmed by a getUpdates offset or a webhook delivery."""

    def __init__(self, signal: Signal) -> None:
        self.signal = signal
        self.pending: list[JSON] = []
        self.next_id = 1
        self.allowed: list[str] | None = None
        self.poll_generation = 0

    def push(self, kind: str, payload: JSON) -> JSON | None:
        """Queue an update of `kind` unless allowed_updates excludes it; return it."""
        if self.allowed and kind not in self.allowed:
            return None
        update = {"update_id": self.next_id, kind: payload}
        self.next_id += 1
        self.pending.append(update)
        self.signal.notify()
        return update

    def confirm(self, offset: int) -> None:
        """Forget updates below `offset`; a negative offset keeps only the last -offset."""
        if offset < 0:
            self.pending = self.pending[offset:]
        elif offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def begin_poll(self) -> int:
        """Start a getUpdates call, terminating any older one; return its generation."""
        self.poll_generation += 1
        self.signal.notify()
        return self.poll_generation

    def clear(self) -> None:
        """Drop every pending update (drop_pending_updates); ids keep increasing."""
        self.pending.clear()
        self.signal.notify()
