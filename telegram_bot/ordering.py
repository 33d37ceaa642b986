"""Handle updates concurrently, but one user's updates one at a time, on every instance."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable

from redis.asyncio import Redis
from telegram import Update
from telegram.ext import BaseUpdateProcessor

from orchestrator.accounts.chat_turns import turn

# As many updates at once as PTB's `concurrent_updates(True)` allows.
MAX_CONCURRENT_UPDATES = 256


class OnePerUser(BaseUpdateProcessor):
    """Serialise each user's updates so one reads what the previous one stored.

    Every update reads its flow from Postgres and writes it back at its end
    (telegram_bot/persistence.py). Two updates of one user in flight together would both read
    the old flow. Queued behind each other, here and on the other instances (a turn in Redis),
    the second sees the first's result: a quick second press, the update
    `fallback.interrupt_flow` puts back, or a tap that reaches another instance before the
    previous step's state was stored. Other users are not held up.
    """

    def __init__(
        self, redis: Redis | None = None, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.redis = redis
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}  # updates holding or awaiting each lock

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Run the update once no earlier update of the same user is running anywhere."""
        owner = _owner(update)
        if owner is None:
            await coroutine
            return
        async with self._here(owner), self._everywhere(owner):
            await coroutine

    @contextlib.asynccontextmanager
    async def _here(self, owner: int) -> AsyncIterator[None]:
        """Wait for this process's running update of `owner` (no Redis round trips to queue)."""
        lock = self._locks.setdefault(owner, asyncio.Lock())
        self._holders[owner] = self._holders.get(owner, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._holders[owner] -= 1
            if not self._holders[owner]:  # forget idle users: the dicts stay small
                del self._holders[owner], self._locks[owner]

    @contextlib.asynccontextmanager
    async def _everywhere(self, owner: int) -> AsyncIterator[None]:
        """Wait for another instance's running update of `owner`."""
        if self.redis is None:
            yield
            return
        async with turn(self.redis, owner):
            yield

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _owner(update: object) -> int | None:
    """Return whose update this is: the user, else the chat; None for neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
