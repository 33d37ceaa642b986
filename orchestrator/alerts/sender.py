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
import secrets
import socket

from redis.asyncio import Redis

from orchestrator.alerts import outbox
from orchestrator.alerts.budget import FloodBudget, SharedPacing
from orchestrator.alerts.delivery import Delivery, DeliveryContext, RetryPolicy, SenderStats
from orchestrator.alerts.leases import Leases
from orchestrator.alerts.limits import (
    REAL_TIME,
    ChatPacer,
    Clock,
    FloodMonitor,
    GlobalBucket,
    LocalPacing,
    Pacing,
)
from orchestrator.alerts.outbox import DB_ERRORS, Claim
from orchestrator.alerts.transport import AlertRenderer, AlertTransport
from orchestrator.artifacts import ArtifactStore
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)


class AlertSender:
    """Claim due alerts, render each for its chat and send it through the transport.

    With a `budget`, alerts spend the deployment's shared flood budget (every sender and
    every chat reply); the rate options then belong to the budget and are not used here.
    """

    def __init__(
        self,
        db: Database,
        transport: AlertTransport,
        renderer: AlertRenderer,
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
        owner: str | None = None,
        clock: Clock = REAL_TIME,
        artifacts: ArtifactStore | None = None,
        budget: FloodBudget | None = None,
        events: Redis | None = None,  # live dashboard streams: every claimed alert, once
    ) -> None:
        self.db = db
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.batch = batch
        self.stale_after = stale_after
        self.poll_interval = poll_interval
        self.clock = clock
        self.leases = Leases(stale_after, clock)
        slots = asyncio.Semaphore(concurrency)
        self.pacing: Pacing = (
            SharedPacing(budget, slots, clock)
            if budget is not None
            else LocalPacing(
                GlobalBucket(global_rate, global_burst, clock=clock),
                ChatPacer(per_chat_interval, group_per_minute, clock=clock),
                FloodMonitor(clock=clock),
                slots,
            )
        )
        policy = RetryPolicy(max_attempts, outage_after, backoff_base, backoff_cap)
        self.context = DeliveryContext(
            db,
            self.owner,
            transport,
            renderer,
            self.pacing,
            self.leases,
            policy,
            artifacts=artifacts,
            events=events,
        )
        self.stats: SenderStats = self.context.stats
        self._due: dict[str, float] = {}

    async def drain_once(self) -> int:
        """Triage, claim one batch, deliver all of it and return how many were claimed."""
        await self._maintain(force=True)
        claims = await self._claim(self.batch)
        await asyncio.gather(*(Delivery(self.context, c).run() for c in claims))
        return len(claims)

    async def run_forever(self, stop_event: asyncio.Event) -> None:
        """Deliver until `stop_event` is set (graceful) or the task is cancelled (abrupt)."""
        tasks: dict[asyncio.Task[None], Claim] = {}
        async with outbox.listening(self.db) as wake:
            try:
                while not stop_event.is_set():
                    for claim in await self._next_claims(self.batch - len(tasks)):
                        task = asyncio.create_task(Delivery(self.context, claim).run())
                        tasks[task] = claim
                        task.add_done_callback(lambda t: _forget(tasks, t))
                    await self._idle(wake, stop_event, set(tasks))
            finally:
                await self._shutdown(tasks, graceful=stop_event.is_set())

    async def _next_claims(self, room: int) -> list[Claim]:
        """Do the periodic upkeep and lease up to `room` more alerts; ride out DB outages."""
        try:
            await self._maintain()
            return await self._claim(room) if room > 0 else []
        except DB_ERRORS as exc:
            log.warning("alert outbox unavailable, retrying: %s", exc)
            await asyncio.sleep(self.poll_interval)
            return []

    async def _claim(self, limit: int) -> list[Claim]:
        claimed_mono = self.clock.now()  # before the lease starts, so it never looks younger
        return await outbox.claim(self.db, self.owner, limit, claimed_mono=claimed_mono)

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
        waiting = {t: c for t, c in tasks.items() if c.id not in self.leases.on_wire}
        for task in waiting:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if graceful and waiting:
            await outbox.release(self.db, self.owner, [c.id for c in waiting.values()])

    def _is_due(self, name: str, every: float, force: bool) -> bool:
        now = self.clock.now()
        if force or now >= self._due.get(name, 0.0):
            self._due[name] = now + every
            return True
        return False

    async def _maintain(self, *, force: bool = False) -> None:
        """Renew leases, recover dead senders' leases and finish alerts nobody should get."""
        if self._is_due("renew", self.stale_after / 4, force):
            await outbox.renew(self.db, self.owner, sorted(self.leases.held))
            self.leases.mark_renewed()
            self.pacing.forget_idle()
        if self._is_due("recover", self.stale_after / 2, force):
            self.stats.recovered += await outbox.recover_stale(self.db, self.stale_after)
        if self._is_due("triage", self.poll_interval, force):
            dead, skipped = await outbox.triage(self.db)
            self.stats.dead += dead
            self.stats.skipped += skipped


def _forget(tasks: dict[asyncio.Task[None], Claim], task: asyncio.Task[None]) -> None:
    claim = tasks.pop(task, None)
    if not task.cancelled() and task.exception() is not None:
        log.error("alert %s delivery crashed", claim and claim.id, exc_info=task.exception())
