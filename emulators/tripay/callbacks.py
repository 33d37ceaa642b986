"""Callbacks to the merchant: signed `payment_status` POSTs, retried as Tripay retries them.

A try succeeds only when the merchant answers HTTP 200 with a JSON object whose `success`
is true; anything else (another status, other JSON, no JSON, no answer) is a failed try.
After a failure Tripay tries again `interval` later, `tries` times in all (3, 2 minutes
apart, in production; tests compress the interval).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Literal

import aiohttp

from emulators.tripay.channels import JSON
from emulators.tripay.signing import body_signature, encode_body
from emulators.tripay.state import PAID, REFUND, Transaction

log = logging.getLogger("emulators.tripay")
TIMEOUT_S = 10.0  # how long one try waits for the merchant's answer
EVENT = "payment_status"


@dataclass(frozen=True)
class Delivery:
    """A callback to send: where, the body's exact bytes, and what it reports."""

    url: str
    body: bytes
    reference: str
    status: str
    bad_signature: bool = False


@dataclass(frozen=True)
class CallbackAttempt:
    """One try at delivering a callback, and how the merchant answered it."""

    reference: str
    status: str
    try_number: int
    http_status: int | None  # None: no answer (refused, reset, timed out)
    answered_ok: bool
    response: str  # the answer's body, or what went wrong
    source: Literal["settle", "control"]
    bad_signature: bool

    def to_json(self) -> JSON:
        """Describe the attempt for `/_emu/callbacks` and `/_emu/callback`."""
        return {
            "reference": self.reference,
            "status": self.status,
            "try": self.try_number,
            "http_status": self.http_status,
            "answered_ok": self.answered_ok,
            "body": self.response,
            "source": self.source,
            "bad_signature": self.bad_signature,
        }


def callback_body(
    transaction: Transaction, status: str, paid_at: int | None, total_amount: int | None = None
) -> JSON:
    """Return the fields of a callback reporting `status` for `transaction`."""
    return {
        "reference": transaction.reference,
        "merchant_ref": transaction.merchant_ref,
        "payment_method": transaction.channel.name,
        "payment_method_code": transaction.channel.code,
        "total_amount": transaction.total_amount if total_amount is None else total_amount,
        "fee_merchant": transaction.fees.merchant,
        "fee_customer": transaction.fees.customer,
        "total_fee": transaction.fees.total,
        "amount_received": transaction.amount_received,
        "is_closed_payment": 1,
        "status": status,
        "paid_at": paid_at if status in (PAID, REFUND) else None,
        "note": None,
    }


def delivery(url: str, body: JSON, *, bad_signature: bool = False) -> Delivery:
    """Serialize `body` once; those bytes are what is signed and sent, every try."""
    return Delivery(url, encode_body(body), body["reference"], body["status"], bad_signature)


def _answered_ok(status: int, text: str) -> bool:
    if status != 200:
        return False
    try:
        answer = json.loads(text)
    except ValueError:
        return False
    return isinstance(answer, dict) and answer.get("success") is True


class CallbackSender:
    """Sends callbacks, keeps every attempt, and runs retries in the background."""

    def __init__(self, private_key: str, *, interval_s: float, tries: int) -> None:
        if tries < 1:
            raise ValueError("callback_tries must be at least 1")
        self._private_key = private_key
        self.interval_s = interval_s
        self.tries = tries
        self.attempts: list[CallbackAttempt] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the HTTP client the callbacks go through."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))

    async def close(self) -> None:
        """Cancel pending retries and close the HTTP client."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _signature(self, sent: Delivery) -> str:
        key = secrets.token_urlsafe(24) if sent.bad_signature else self._private_key
        return body_signature(key, sent.body)

    async def _post(self, sent: Delivery) -> tuple[int | None, str]:
        """POST the callback once; return the HTTP status (None if none came) and body."""
        if self._session is None:
            raise RuntimeError("the Tripay emulator is not running")
        headers = {
            "Content-Type": "application/json",
            "X-Callback-Event": EVENT,
            "X-Callback-Signature": self._signature(sent),
        }
        try:
            async with self._session.post(sent.url, data=sent.body, headers=headers) as answer:
                return answer.status, await answer.text(errors="replace")
        except (aiohttp.ClientError, TimeoutError) as exc:
            return None, f"{type(exc).__name__}: {exc}"

    async def send_once(
        self,
        sent: Delivery,
        *,
        try_number: int = 1,
        source: Literal["settle", "control"] = "control",
    ) -> CallbackAttempt:
        """Deliver the callback once and record how it went."""
        status, text = await self._post(sent)
        ok = status is not None and _answered_ok(status, text)
        attempt = CallbackAttempt(
            sent.reference, sent.status, try_number, status, ok, text, source, sent.bad_signature
        )
        self.attempts.append(attempt)
        answer = "no answer" if status is None else f"HTTP {status}"
        outcome = "ok" if ok else "failed"
        log.info(
            "callback %s %s try %d: %s, %s",
            sent.reference,
            sent.status,
            try_number,
            answer,
            outcome,
        )
        return attempt

    async def _with_retries(self, sent: Delivery) -> None:
        for try_number in range(1, self.tries + 1):
            attempt = await self.send_once(sent, try_number=try_number, source="settle")
            if attempt.answered_ok:
                return
            if try_number < self.tries:
                await asyncio.sleep(self.interval_s)
        log.warning(
            "callback %s %s: no success after %d tries", sent.reference, sent.status, self.tries
        )

    def notify(self, sent: Delivery) -> None:
        """Deliver the callback in the background, retrying as Tripay does."""
        task = asyncio.create_task(
            self._with_retries(sent), name=f"tripay-callback-{sent.reference}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        """Forget a finished delivery; log it if it broke, since nothing awaits it."""
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("callback delivery failed", exc_info=task.exception())
