"""Deliver the alert outbox to Telegram: in order per chat, within flood limits, never lost.

Delivery is at-least-once with one narrow window. A row is leased ('sending') before
the send and marked 'sent' in a single-row update right after Telegram answers, so an
alert is sent twice only if this process dies (or loses the database for longer than
the lease) after Telegram accepted the message and before that update commits — a few
milliseconds per message — or if Telegram accepted a request whose answer was lost (a
time-out or 5xx after the fact), which no Bot API client can tell apart from a failure.
Everything else is exactly once: a cancelled sender lets in-flight sends finish and
record their outcome, and rows it had only leased wait out `stale_after` and return to
pending. Leases are renewed while held, and a sender never sends on a lease it may have
lost.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import TypeVar

import asyncpg

from orchestrator.alerts import outbox
from orchestrator.alerts.delivery import Delivery
from orchestrator.alerts.limits import ChatPacer, FloodMonitor, GlobalBucket
from orchestrator.alerts.outbox import Claim
from orchestrator.alerts.render import ChatSign
from orchestrator.alerts.transport import AlertTransport
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)

_DB_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)
T = TypeVar("T")


@dataclass
class SenderStats:
    """Counters for monitoring and benchmarks."""

    sent: int = 0
    retried: int = 0
    dead: int = 0
    skipped: int = 0
    flood_waits: int = 0
    recovered: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counters as a plain dict."""
        return asdict(self)


class AlertSender:
    """Claim due alerts and deliver them through an `AlertTransport`."""

    def __init__(
        self,
        db: Database,
        transport: AlertTransport,
        *,
        global_rate: float = 30.0,
        global_burst: int = 10,
        per_chat_interval: float = 1.0,
        group_per_minute: float = 20.0,
        max_attempts: int = 8,
        outage_after: int = 5,
        batch: int = 200,
        concurrency: int = 32,
        stale_after: float = 60.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 600.0,
        poll_interval: float = 0.5,
        sign: ChatSign | None = None,
        owner: str | None = None,
    ) -> None:
        self.db = db
        self.transport = transport
        self.max_attempts = max_attempts
        self.outage_after = outage_after
        self.batch = batch
        self.stale_after = stale_after
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.poll_interval = poll_interval
        self.sign = sign
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.stats = SenderStats()
        self.bucket = GlobalBucket(global_rate, global_burst)
        self.pacer = ChatPacer(per_chat_interval, group_per_minute)
        self.floods = FloodMonitor()
        self.slots = asyncio.Semaphore(concurrency)
        self.leased: set[int] = set()  # claims a live delivery is working on
        self.in_send: set[int] = set()  # claims whose request may be on the wire
        self.failure_streak = 0  # transient failures since Telegram last answered
        self.renewed = time.monotonic()
        self._due: dict[str, float] = {}

    async def drain_once(self) -> int:
        """Triage, claim one batch, deliver all of it and return how many were claimed."""
        await self._maintain(force=True)
        claims = await outbox.claim(self.db, self.owner, self.batch)
        await asyncio.gather(*(Delivery(self, c).run() for c in claims))
        return len(claims)

    async def run_forever(self, stop_event: asyncio.Event) -> None:
        """Deliver until `stop_event` is set (graceful) or the task is cancelled (abrupt)."""
        tasks: dict[asyncio.Task[None], Claim] = {}
        async with outbox.listening(self.db) as wake:
            try:
                while not stop_event.is_set():
                    for claim in await self._next_claims(self.batch - len(tasks)):
                        task = asyncio.create_task(Delivery(self, claim).run())
                        tasks[task] = claim
                        task.add_done_callback(lambda t: _forget(tasks, t))
                    await self._idle(wake, stop_event, set(tasks))
            finally:
                await self._shutdown(tasks, graceful=stop_event.is_set())

    async def _next_claims(self, room: int) -> list[Claim]:
        """Do the periodic upkeep and lease up to `room` more alerts; ride out DB outages."""
        try:
            await self._maintain()
            return await outbox.claim(self.db, self.owner, room) if room > 0 else []
        except _DB_ERRORS as exc:
            log.warning("alert outbox unavailable, retrying: %s", exc)
            await asyncio.sleep(self.poll_interval)
            return []

    async def _idle(
        self, wake: asyncio.Event, stop: asyncio.Event, busy: set[asyncio.Task[None]]
    ) -> None:
        waiters = {asyncio.create_task(wake.wait()), asyncio.create_task(stop.wait())}
        try:
            await asyncio.wait(
                waiters | busy, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()
        wake.clear()
        await asyncio.sleep(0.02)  # let completions that arrive together share one claim

    async def _shutdown(self, tasks: dict[asyncio.Task[None], Claim], *, graceful: bool) -> None:
        """Cancel deliveries still waiting; let sends already on the wire record their outcome."""
        waiting = {t: c for t, c in tasks.items() if c.id not in self.in_send}
        for task in waiting:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if graceful and waiting:
            await outbox.release(self.db, self.owner, [c.id for c in waiting.values()])

    def _is_due(self, name: str, every: float, force: bool) -> bool:
        now = time.monotonic()
        if force or now >= self._due.get(name, 0.0):
            self._due[name] = now + every
            return True
        return False

    async def _maintain(self, *, force: bool = False) -> None:
        """Renew leases, recover dead senders' leases and finish alerts nobody should get."""
        if self._is_due("renew", self.stale_after / 4, force):
            await outbox.renew(self.db, self.owner, sorted(self.leased))
            self.renewed = time.monotonic()
            self.pacer.forget_idle()
        if self._is_due("recover", self.stale_after / 2, force):
            self.stats.recovered += await outbox.recover_stale(self.db, self.stale_after)
        if self._is_due("triage", self.poll_interval, force):
            dead, skipped = await outbox.triage(self.db)
            self.stats.dead += dead
            self.stats.skipped += skipped

    def lease_valid(self, claim: Claim) -> bool:
        """Tell whether the lease surely outlives one more send (half the stale timeout)."""
        held_since = max(claim.claimed_mono, self.renewed)
        return time.monotonic() - held_since < self.stale_after / 2

    def backoff(self, attempts: int) -> float:
        """Return the delay before retry number `attempts`: exponential, capped, jittered."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(attempts - 1, 30))
        return float(ceiling * random.uniform(0.5, 1.0))

    async def persist(self, write: Callable[[], Awaitable[T]]) -> T | None:
        """Run an outcome write, retrying while the lease holds so a result is not lost."""
        deadline = time.monotonic() + self.stale_after / 2
        delay = 0.05
        while True:
            try:
                return await write()
            except _DB_ERRORS as exc:
                if time.monotonic() + delay > deadline:
                    log.error("cannot record an alert outcome, its lease will expire: %s", exc)
                    return None
                log.warning("retrying an alert outcome write: %s", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)


def _forget(tasks: dict[asyncio.Task[None], Claim], task: asyncio.Task[None]) -> None:
    claim = tasks.pop(task, None)
    if not task.cancelled() and task.exception() is not None:
        log.error("alert %s delivery crashed", claim and claim.id, exc_info=task.exception())
