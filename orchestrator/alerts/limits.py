"""Client-side flood control: the global send rate, per-chat spacing and 429 bookkeeping.

Telegram allows about 30 messages a second overall, one a second per private chat and
20 a minute per group. A sender paces its alerts through a `Pacing`: `LocalPacing` keeps
these limits in this process (one sender, or tests), `budget.SharedPacing` spends the
deployment's budget in Redis that every sender and every chat reply share. A 429 is a
sign pacing was not enough. Every limit reads the time and waits through a `Clock`, so
tests can run them in virtual time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    """Where pacing reads the time and waits."""

    def now(self) -> float:
        """Return monotonic seconds."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds`."""
        ...


class MonotonicClock:
    """Real time: `time.monotonic` and `asyncio.sleep`."""

    def now(self) -> float:
        """Return `time.monotonic()`."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(seconds)


REAL_TIME = MonotonicClock()


class GlobalBucket:
    """A fair token bucket (GCRA): each caller reserves the next free send slot.

    Keep `burst` well below Telegram's own (about a second's worth): the difference is
    the slack that stops jitter between our clock and Telegram's from becoming a 429,
    while a little burst keeps queueing delay low when alerts arrive together.
    """

    def __init__(self, rate: float, burst: int = 1, *, clock: Clock = REAL_TIME) -> None:
        self.clock = clock
        self.interval = 1.0 / rate
        self.tolerance = max(burst - 1, 0) * self.interval
        self._tat = 0.0  # theoretical arrival time of the next send
        self._paused_until = 0.0
        self._epoch = 0

    async def acquire(self) -> None:
        """Wait for this caller's send slot, honouring any global pause."""
        while True:
            now = self.clock.now()
            if self._paused_until > now:
                await self.clock.sleep(self._paused_until - now)
                continue
            epoch = self._epoch
            slot = max(now, self._tat - self.tolerance)
            self._tat = max(self._tat, now) + self.interval
            if slot > now:
                await self.clock.sleep(slot - now)
            if epoch == self._epoch:
                return

    def pause(self, seconds: float) -> None:
        """Stop every send for `seconds` (a global 429 or an outage); re-queue waiters."""
        until = self.clock.now() + seconds
        self._paused_until = max(self._paused_until, until)
        self._tat = max(self._tat, self._paused_until)
        self._epoch += 1

    @property
    def paused(self) -> bool:
        """Tell whether a global pause is in force."""
        return self._paused_until > self.clock.now()


class ChatPacer:
    """Keep at least `interval` seconds between two sends to one chat (longer for groups)."""

    def __init__(
        self, interval: float, group_per_minute: float, *, clock: Clock = REAL_TIME
    ) -> None:
        self.clock = clock
        self.private_interval = interval
        self.group_interval = max(interval, 60.0 / group_per_minute)
        self._ready: dict[int, float] = {}

    def interval(self, chat_id: int) -> float:
        """Return the spacing for a chat: negative ids are groups."""
        return self.group_interval if chat_id < 0 else self.private_interval

    async def wait(self, chat_id: int, since_last_sent: float | None = None) -> None:
        """Sleep until the chat may receive again; `since_last_sent` comes from the outbox."""
        now = self.clock.now()
        ready = self._ready.get(chat_id, 0.0)
        if since_last_sent is not None:
            ready = max(ready, now - since_last_sent + self.interval(chat_id))
        if ready > now:
            await self.clock.sleep(ready - now)

    def sent(self, chat_id: int, extra: float = 0.0) -> None:
        """Record a request to the chat that has just been answered."""
        ready = self.clock.now() + self.interval(chat_id) + extra
        self._ready[chat_id] = max(self._ready.get(chat_id, 0.0), ready)

    def forget_idle(self) -> None:
        """Drop chats whose spacing has already elapsed, bounding memory."""
        now = self.clock.now()
        self._ready = {chat: at for chat, at in self._ready.items() if at > now}


class FloodMonitor:
    """Tell a per-chat 429 from a global one: several chats flooded within one window."""

    def __init__(self, window: float = 1.0, chats: int = 2, *, clock: Clock = REAL_TIME) -> None:
        self.clock = clock
        self.window = window
        self.chats = chats
        self._recent: deque[tuple[float, int]] = deque()

    def is_global(self, chat_id: int) -> bool:
        """Record a 429 for the chat and tell whether it looks bot-wide."""
        now = self.clock.now()
        self._recent.append((now, chat_id))
        while self._recent and self._recent[0][0] < now - self.window:
            self._recent.popleft()
        return len({chat for _, chat in self._recent}) >= self.chats


class Pacing(Protocol):
    """How a sender's alerts wait their turn, and what it learns from Telegram's answers."""

    @property
    def slots(self) -> asyncio.Semaphore:
        """Return what bounds how many sends one sender lets out at once."""
        ...

    async def turn(self, chat_id: int, since_last_sent: float | None, messages: int = 1) -> None:
        """Wait until `messages` may go to the chat; `since_last_sent` comes from the outbox."""
        ...

    async def answered(self, chat_id: int) -> None:
        """Record that Telegram answered a request to the chat (space the next from now)."""
        ...

    async def flooded(self, chat_id: int, retry_after: float) -> None:
        """Record a 429 for the chat: hold it, or everything when the flood looks bot-wide."""
        ...

    async def pause(self, seconds: float) -> None:
        """Hold every alert for `seconds` (Telegram looks down)."""
        ...

    def forget_idle(self) -> None:
        """Drop what is no longer needed, bounding memory."""
        ...


@dataclass(frozen=True)
class LocalPacing:
    """Every limit kept in this process: right for one sender alone."""

    bucket: GlobalBucket
    pacer: ChatPacer
    floods: FloodMonitor
    slots: asyncio.Semaphore

    async def turn(self, chat_id: int, since_last_sent: float | None, messages: int = 1) -> None:
        """Wait for the chat's spacing, then for one global slot per message."""
        await self.pacer.wait(chat_id, since_last_sent)
        for _ in range(messages):
            await self.bucket.acquire()

    async def answered(self, chat_id: int) -> None:
        """Start the chat's spacing now."""
        self.pacer.sent(chat_id)

    async def flooded(self, chat_id: int, retry_after: float) -> None:
        """Hold the chat for `retry_after`, and every chat if several were flooded at once."""
        self.pacer.sent(chat_id, extra=retry_after)
        if self.floods.is_global(chat_id):
            self.bucket.pause(retry_after)

    async def pause(self, seconds: float) -> None:
        """Hold every send of this sender."""
        self.bucket.pause(seconds)

    def forget_idle(self) -> None:
        """Forget chats whose spacing has elapsed."""
        self.pacer.forget_idle()
