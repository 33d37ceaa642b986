"""One leased alert on its way out: render, wait its turn, send, and record the outcome.

A delivery sees only its `DeliveryContext`, the part of the sender every delivery shares.
"""

from __future__ import annotations

import logging
import random
from dataclasses import asdict, dataclass, field

from redis.asyncio import Redis

from orchestrator.alerts import outbox
from orchestrator.alerts.leases import Leases
from orchestrator.alerts.limits import Pacing
from orchestrator.alerts.outbox import DB_ERRORS, Claim
from orchestrator.alerts.transport import (
    AlertRenderer,
    AlertTransport,
    Blocked,
    FloodWait,
    PermanentSendError,
    RenderedAlert,
    TransientSendError,
)
from orchestrator.artifacts import ArtifactError, ArtifactStore, PostgresArtifacts
from orchestrator.dashboard.feed import announce_alert
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failed send is retried, and when failures mean Telegram is down."""

    max_attempts: int = 8
    outage_after: int = 5  # transient failures in a row that pause every send
    backoff_base: float = 1.0
    backoff_cap: float = 600.0

    def backoff(self, attempts: int) -> float:
        """Return the delay before retry number `attempts`: exponential, capped, jittered."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(attempts - 1, 30))
        return float(ceiling * random.uniform(0.5, 1.0))


@dataclass
class DeliveryContext:
    """What the deliveries of one sender share, and all a delivery may touch."""

    db: Database
    owner: str
    transport: AlertTransport
    renderer: AlertRenderer
    pacing: Pacing
    leases: Leases
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    stats: SenderStats = field(default_factory=SenderStats)
    failure_streak: int = 0  # transient failures since Telegram last answered
    artifacts: ArtifactStore | None = None  # where charts are read; None: bytea through `db`
    events: Redis | None = None  # live dashboard streams; None: alerts reach only the chat


class Delivery:
    """Deliver one claim; every path ends with the row leaving 'sending'."""

    def __init__(self, context: DeliveryContext, claim: Claim) -> None:
        self.context = context
        self.claim = claim

    async def run(self) -> None:
        """Render, pace, send once and record what happened."""
        self.context.leases.held.add(self.claim.id)
        try:
            await self._announce()
            await self._run()
        finally:
            self.context.leases.held.discard(self.claim.id)

    async def _run(self) -> None:
        ctx, claim = self.context, self.claim
        try:
            message = ctx.renderer(claim.kind, claim.payload, claim.language, claim.chat_id)
        except Exception as exc:  # a payload that cannot render must not stall its chat
            log.exception("alert %s cannot be rendered", claim.id)
            await self._dead(f"render failed: {exc!r}", claim.attempts)
            return
        photo = await self._photo(message)
        # A chart may go as a message of its own before the text: count it.
        messages = 1 if photo is None else 2
        await ctx.pacing.turn(claim.chat_id, claim.since_last_sent, messages)
        async with ctx.pacing.slots:
            if not ctx.leases.valid(claim):
                await ctx.leases.persist(lambda: outbox.release(ctx.db, ctx.owner, [claim.id]))
                return
            ctx.leases.on_wire.add(claim.id)
            try:
                await self._attempt(message, photo)
            finally:
                ctx.leases.on_wire.discard(claim.id)

    async def _announce(self) -> None:
        """Tell the user's open dashboards (once per alert, however often it is claimed)."""
        claim, events = self.claim, self.context.events
        if events is not None:  # announce_alert logs its own failures, never raises
            await announce_alert(events, claim.user_id, claim.id, claim.kind, claim.payload)

    async def _photo(self, message: RenderedAlert) -> bytes | str | None:
        if message.photo_artifact_id is None:
            return None
        ctx, user = self.context, self.claim.user_id
        store = ctx.artifacts or PostgresArtifacts(ctx.db)
        try:
            return await store.photo(user, message.photo_artifact_id)
        except (*DB_ERRORS, ArtifactError) as exc:
            log.warning("alert %s goes without its chart: %s", self.claim.id, exc)
            return None

    async def _attempt(self, message: RenderedAlert, photo: bytes | str | None) -> None:
        ctx, claim = self.context, self.claim
        try:
            message_id = await ctx.transport.send(
                claim.chat_id,
                message.text,
                buttons=message.buttons,
                photo=photo,
                caption=message.caption,
            )
        except FloodWait as exc:
            await self._flooded(exc)
        except Blocked:
            await self._blocked()
        except PermanentSendError as exc:
            ctx.failure_streak = 0  # Telegram answered: it is up
            await ctx.pacing.answered(claim.chat_id)
            await self._dead(exc.reason, claim.attempts + 1)
        except TransientSendError as exc:
            await self._failed(exc.reason)
        except Exception as exc:  # a transport bug: log it, retry like a transient failure
            log.exception("transport failed on alert %s", claim.id)
            await self._failed(f"{type(exc).__name__}: {exc}")
        else:
            await self._sent(message_id)

    async def _sent(self, message_id: int) -> None:
        ctx, claim = self.context, self.claim
        # The one write between Telegram's answer and the commit: keep nothing before it.
        recorded = await ctx.leases.persist(
            lambda: outbox.mark_sent(ctx.db, claim, ctx.owner, message_id)
        )
        await ctx.pacing.answered(claim.chat_id)
        ctx.failure_streak = 0
        ctx.stats.sent += 1
        if recorded is False:
            log.warning("alert %s was sent after its lease was lost; it may repeat", claim.id)

    async def _flooded(self, exc: FloodWait) -> None:
        ctx, claim = self.context, self.claim
        ctx.stats.flood_waits += 1
        ctx.failure_streak = 0
        wait = max(exc.retry_after_s, 0.0)
        await ctx.pacing.flooded(claim.chat_id, wait)
        await self._reschedule(wait, claim.attempts, exc.reason)

    async def _blocked(self) -> None:
        ctx, claim = self.context, self.claim
        ctx.failure_streak = 0
        await ctx.pacing.answered(claim.chat_id)
        killed = await ctx.leases.persist(lambda: outbox.mark_blocked(ctx.db, claim, ctx.owner))
        ctx.stats.dead += killed or 0
        log.info("user %s blocked the bot; %s alerts dropped", claim.user_id, killed)

    async def _failed(self, reason: str) -> None:
        ctx, claim = self.context, self.claim
        await ctx.pacing.answered(claim.chat_id)
        ctx.failure_streak += 1
        outage = ctx.failure_streak - ctx.policy.outage_after
        if outage >= 0:  # nothing gets through: pause everything, spend no attempts
            pause = ctx.policy.backoff(outage + 1)
            await ctx.pacing.pause(pause)
            await self._reschedule(pause, claim.attempts, f"outage: {reason}")
            ctx.stats.retried += 1
            return
        attempts = claim.attempts + 1
        if attempts >= ctx.policy.max_attempts:
            await self._dead(reason, attempts)
            return
        await self._reschedule(ctx.policy.backoff(attempts), attempts, reason)
        ctx.stats.retried += 1

    async def _reschedule(self, delay: float, attempts: int, error: str) -> None:
        ctx, claim = self.context, self.claim
        await ctx.leases.persist(
            lambda: outbox.reschedule(
                ctx.db, claim, ctx.owner, delay_s=delay, attempts=attempts, error=error
            )
        )

    async def _dead(self, error: str, attempts: int) -> None:
        ctx, claim = self.context, self.claim
        await ctx.leases.persist(
            lambda: outbox.mark_dead(ctx.db, claim, ctx.owner, attempts=attempts, error=error)
        )
        ctx.stats.dead += 1
        log.warning("alert %s is dead after %d attempts: %s", claim.id, attempts, error)
