"""One leased alert on its way out: render, wait its turn, send, and record the outcome."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

import asyncpg

from orchestrator.alerts import outbox
from orchestrator.alerts.render import RenderedAlert, Sign, identity, render
from orchestrator.alerts.transport import (
    Blocked,
    FloodWait,
    PermanentSendError,
    TransientSendError,
)

if TYPE_CHECKING:
    from orchestrator.alerts.outbox import Claim
    from orchestrator.alerts.sender import AlertSender

log = logging.getLogger(__name__)


class Delivery:
    """Deliver one claim for a sender; every path ends with the row leaving 'sending'."""

    def __init__(self, sender: AlertSender, claim: Claim) -> None:
        self.sender = sender
        self.claim = claim

    async def run(self) -> None:
        """Render, pace, send once and record what happened."""
        self.sender.leased.add(self.claim.id)
        try:
            await self._run()
        finally:
            self.sender.leased.discard(self.claim.id)

    async def _run(self) -> None:
        sender, claim = self.sender, self.claim
        try:
            message = render(claim.kind, claim.payload, claim.language, sign=self._signer())
        except Exception as exc:  # a payload that cannot render must not stall its chat
            log.exception("alert %s cannot be rendered", claim.id)
            await self._dead(f"render failed: {exc!r}", claim.attempts)
            return
        photo = await self._photo(message)
        await sender.pacer.wait(claim.chat_id, claim.since_last_sent)
        await sender.bucket.acquire()
        async with sender.slots:
            if not sender.lease_valid(claim):
                await sender.persist(lambda: outbox.release(sender.db, sender.owner, [claim.id]))
                return
            sender.in_send.add(claim.id)
            try:
                await self._attempt(message, photo)
            finally:
                sender.in_send.discard(claim.id)

    def _signer(self) -> Sign:
        chat_sign, chat_id = self.sender.sign, self.claim.chat_id
        return identity if chat_sign is None else functools.partial(chat_sign, chat_id)

    async def _photo(self, message: RenderedAlert) -> bytes | None:
        if message.photo_artifact_id is None:
            return None
        db, user = self.sender.db, self.claim.user_id
        try:
            return await outbox.load_artifact(db, user, message.photo_artifact_id)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            log.warning("alert %s goes without its chart: %s", self.claim.id, exc)
            return None

    async def _attempt(self, message: RenderedAlert, photo: bytes | None) -> None:
        sender, claim = self.sender, self.claim
        try:
            message_id = await sender.transport.send(
                claim.chat_id, message.text, buttons=message.buttons, photo=photo
            )
        except FloodWait as exc:
            await self._flooded(exc)
        except Blocked:
            await self._blocked()
        except PermanentSendError as exc:
            sender.failure_streak = 0  # Telegram answered: it is up
            sender.pacer.sent(claim.chat_id)
            await self._dead(exc.reason, claim.attempts + 1)
        except TransientSendError as exc:
            await self._failed(exc.reason)
        except Exception as exc:  # a transport bug: log it, retry like a transient failure
            log.exception("transport failed on alert %s", claim.id)
            await self._failed(f"{type(exc).__name__}: {exc}")
        else:
            await self._sent(message_id)

    async def _sent(self, message_id: int) -> None:
        sender, claim = self.sender, self.claim
        sender.pacer.sent(claim.chat_id)
        # The one write between Telegram's answer and the commit: keep nothing before it.
        recorded = await sender.persist(
            lambda: outbox.mark_sent(sender.db, claim, sender.owner, message_id)
        )
        sender.failure_streak = 0
        sender.stats.sent += 1
        if recorded is False:
            log.warning("alert %s was sent after its lease was lost; it may repeat", claim.id)

    async def _flooded(self, exc: FloodWait) -> None:
        sender, claim = self.sender, self.claim
        sender.stats.flood_waits += 1
        sender.failure_streak = 0
        wait = max(exc.retry_after_s, 0.0)
        sender.pacer.sent(claim.chat_id, extra=wait)
        if sender.floods.is_global(claim.chat_id):
            sender.bucket.pause(wait)
        await self._reschedule(wait, claim.attempts, exc.reason)

    async def _blocked(self) -> None:
        sender, claim = self.sender, self.claim
        sender.failure_streak = 0
        sender.pacer.sent(claim.chat_id)
        killed = await sender.persist(lambda: outbox.mark_blocked(sender.db, claim, sender.owner))
        sender.stats.dead += killed or 0
        log.info("user %s blocked the bot; %s alerts dropped", claim.user_id, killed)

    async def _failed(self, reason: str) -> None:
        sender, claim = self.sender, self.claim
        sender.pacer.sent(claim.chat_id)
        sender.failure_streak += 1
        outage = sender.failure_streak - sender.outage_after
        if outage >= 0:  # nothing gets through: pause everything, spend no attempts
            pause = sender.backoff(outage + 1)
            sender.bucket.pause(pause)
            await self._reschedule(pause, claim.attempts, f"outage: {reason}")
            sender.stats.retried += 1
            return
        attempts = claim.attempts + 1
        if attempts >= sender.max_attempts:
            await self._dead(reason, attempts)
            return
        await self._reschedule(sender.backoff(attempts), attempts, reason)
        sender.stats.retried += 1

    async def _reschedule(self, delay: float, attempts: int, error: str) -> None:
        sender, claim = self.sender, self.claim
        await sender.persist(
            lambda: outbox.reschedule(
                sender.db, claim, sender.owner, delay_s=delay, attempts=attempts, error=error
            )
        )

    async def _dead(self, error: str, attempts: int) -> None:
        sender, claim = self.sender, self.claim
        await sender.persist(
            lambda: outbox.mark_dead(sender.db, claim, sender.owner, attempts=attempts, error=error)
        )
        sender.stats.dead += 1
        log.warning("alert %s is dead after %d attempts: %s", claim.id, attempts, error)
