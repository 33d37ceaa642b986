"""One Redis reader per web process, fanning live events out to every open dashboard.

Why one shared reader: XREAD BLOCK holds its connection for as long as it waits, so a
reader per open page would need one Redis connection per open dashboard (and Redis serves
10,000 clients in all, shared with every worker and web process). The hub keeps exactly
one blocked connection per process, watching the streams of every user with a page open,
and short catch-up reads (XRANGE) borrow the shared pool for a moment. Each XREAD names
every watched stream, so its cost grows with the users watched: fine for a few thousand
open pages per process (`MAX_SUBSCRIBERS`); beyond that, run more web processes.

Tenancy: a subscription is made for a user id the caller took from a verified session,
and it only ever receives entries read from that user's own stream key.

No gap, no duplicate: a user's watch has a cursor (the newest id the hub has read for
them). A new subscription starts at that cursor; everything after it arrives live, and
what it missed before it (from its `Last-Event-ID`) is read up to the cursor with XRANGE.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Final

from redis.asyncio import Redis
from redis.exceptions import RedisError

from orchestrator.dashboard.events import Entry, between, latest_id, newer, read_many, resume_point

log = logging.getLogger(__name__)

MAX_SUBSCRIBERS: Final = 5000  # open pages per web process
MAX_PER_USER: Final = 10  # one user's open pages (tabs, phone, Mini App) per process
MAX_BACKLOG: Final = 500  # events waiting for one slow page before it must reconnect


class HubClosedError(Exception):
    """The subscription ended: the process is stopping, or the page fell too far behind."""


class HubBusyError(Exception):
    """No room for another live page in this process (or for this user)."""


class Subscription:
    """One open page's events, in stream order, from where it resumed."""

    def __init__(self, hub: LiveHub, user_id: uuid.UUID, last: str) -> None:
        self.hub = hub
        self.user_id = user_id
        self._last = last  # the newest id queued or sent: nothing at or before it again
        self._pending: deque[Entry] = deque()
        self._ready = asyncio.Event()
        self.ended: str | None = None

    async def next(self, timeout: float) -> Entry | None:
        """Return the next event, or None when `timeout` passes without one."""
        if not self._pending and self.ended is None:
            self._ready.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ready.wait(), timeout)
        if self._pending:
            return self._pending.popleft()
        if self.ended is not None:
            raise HubClosedError(self.ended)
        return None

    def close(self) -> None:
        """Stop receiving events (the page went away)."""
        self.hub.leave(self)

    def push(self, entries: list[Entry]) -> None:
        """Queue live entries newer than anything this page has."""
        if self.ended is not None:
            return
        fresh = [entry for entry in entries if newer(entry[0], self._last)]
        if not fresh:
            return
        self._pending.extend(fresh)
        self._last = fresh[-1][0]
        if len(self._pending) > MAX_BACKLOG:
            self.end("fell behind")  # it resumes from its last id when it reconnects
        self._ready.set()

    def prepend(self, backlog: list[Entry]) -> None:
        """Put missed entries (all older than any live one) in front of the queue."""
        self._pending.extendleft(reversed(backlog))
        if backlog:
            self._ready.set()

    def end(self, reason: str) -> None:
        """End the subscription; the page gets what is queued, then HubClosedError."""
        if self.ended is None:
            self.ended = reason
        self._ready.set()


@dataclass
class _Watch:
    cursor: str  # the newest id the hub has read (or the stream's newest when watched)
    subs: set[Subscription] = field(default_factory=set)


class LiveHub:
    """Read every watched user's stream on one connection and fan entries out."""

    def __init__(self, reader: Redis, redis: Redis, *, block_ms: int = 5000) -> None:
        self.reader = reader  # dedicated to the blocked XREAD (a single connection)
        self.redis = redis  # the shared pool: catch-up reads and waking the reader
        self.block_ms = block_ms
        self._watches: dict[uuid.UUID, _Watch] = {}
        self._changed = asyncio.Event()
        self._reader_id: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        """Start the reader task."""
        self._task = asyncio.create_task(self._run(), name="live-hub")

    async def close(self) -> None:
        """End every subscription at once and stop reading (graceful stop)."""
        self._closing = True
        for watch in self._watches.values():
            for sub in watch.subs:
                sub.end("shutdown")
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._watches.clear()

    @property
    def subscribers(self) -> int:
        """Return how many pages are subscribed in this process."""
        return sum(len(watch.subs) for watch in self._watches.values())

    async def subscribe(self, user_id: uuid.UUID, last_event_id: str | None) -> Subscription:
        """Subscribe a page to its user's events after `last_event_id` (invalid: from now)."""
        self._check_room(user_id)
        resume = await resume_point(self.redis, user_id, last_event_id)
        started = user_id not in self._watches
        if started:
            newest = await latest_id(self.redis, user_id)
            started = user_id not in self._watches  # nobody started it while we waited
            if started:
                self._watches[user_id] = _Watch(newest)
        # No await from reading the cursor to joining: everything after it arrives live.
        watch = self._watches[user_id]
        bound = watch.cursor
        start = resume if resume is not None and newer(resume, bound) else bound
        sub = Subscription(self, user_id, start)
        watch.subs.add(sub)
        joined = False
        try:
            if started:
                await self._wake()
            if resume is not None and newer(bound, resume):
                sub.prepend(await between(self.redis, user_id, resume, bound))
            joined = True
        finally:
            if not joined:
                self.leave(sub)
        return sub

    def leave(self, sub: Subscription) -> None:
        """Forget a subscription; stop watching its user when it was their last page."""
        watch = self._watches.get(sub.user_id)
        if watch is None or sub not in watch.subs:
            return
        watch.subs.discard(sub)
        if not watch.subs:
            del self._watches[sub.user_id]

    def _check_room(self, user_id: uuid.UUID) -> None:
        if self._closing:
            raise HubClosedError("shutdown")
        if self.subscribers >= MAX_SUBSCRIBERS:
            raise HubBusyError("process")
        watch = self._watches.get(user_id)
        if watch is not None and len(watch.subs) >= MAX_PER_USER:
            raise HubBusyError("user")

    async def _wake(self) -> None:
        """Make the reader include a new stream now rather than after its block ends."""
        self._changed.set()
        if self._reader_id is not None:
            with contextlib.suppress(RedisError, OSError):
                await self.redis.client_unblock(self._reader_id)

    async def _run(self) -> None:
        pause = 0.5
        while not self._closing:
            if not self._watches:
                self._changed.clear()
                await self._changed.wait()
                continue
            cursors = {user_id: watch.cursor for user_id, watch in self._watches.items()}
            try:
                if self._reader_id is None:
                    self._reader_id = int(await self.reader.client_id())
                batches = await read_many(self.reader, cursors, self.block_ms)
            except Exception as exc:  # the one reader must outlive any failure: retry
                # Cursors stay put: once Redis is back, nothing in between is lost.
                log.warning("live hub cannot read Redis, retrying in %.1fs: %r", pause, exc)
                self._reader_id = None  # a new connection has a new id
                await asyncio.sleep(pause)
                pause = min(pause * 2, 10.0)
                continue
            pause = 0.5
            self._deliver(batches)

    def _deliver(self, batches: dict[uuid.UUID, list[Entry]]) -> None:
        for user_id, entries in batches.items():
            watch = self._watches.get(user_id)
            if watch is None:
                continue  # the last page left while the read was in flight
            fresh = [entry for entry in entries if newer(entry[0], watch.cursor)]
            if not fresh:
                continue
            watch.cursor = fresh[-1][0]
            for sub in list(watch.subs):
                sub.push(fresh)
