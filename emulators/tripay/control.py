"""The control API under `/_emu/` (127.0.0.1 only, no key): settle payments, send odd callbacks.

- `POST /_emu/pay {"reference", "status"}` settles (PAID, EXPIRED, FAILED or REFUND) and sends
  the signed callback in the background with Tripay's retries; answers with the transaction.
- `POST /_emu/callback {"reference", "duplicate": N, "concurrent": bool, "bad_signature": bool,
  "amount": N, "status": "...", "url": "..."}` sends the callback once per duplicate, without
  retries, and answers with each delivery's outcome. `status` and `amount` change only what
  is reported, never what is stored.
- `GET /_emu/transactions`, `GET /_emu/callbacks`: what was created, and every delivery try.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from emulators.tripay.callbacks import CallbackAttempt, Delivery, callback_body, delivery
from emulators.tripay.channels import JSON
from emulators.tripay.gateway import GATEWAY, Gateway, settle_and_notify
from emulators.tripay.state import PAID, SETTLED, Transaction, TripayError

MAX_DUPLICATES = 200


async def _body(request: web.Request) -> JSON:
    try:
        body = await request.json()
    except ValueError:
        raise TripayError("the body must be JSON") from None
    if not isinstance(body, dict):
        raise TripayError("the body must be a JSON object")
    return body


def _settled_status(value: Any) -> str:
    if value not in SETTLED:
        raise TripayError(f"status must be one of {sorted(SETTLED)}")
    return str(value)


def _transaction(gateway: Gateway, body: JSON) -> Transaction:
    """Return the transaction `reference` names; an unknown one is a bad request here."""
    reference = body.get("reference")
    found = gateway.state.transactions.get(reference) if isinstance(reference, str) else None
    if found is None:
        raise TripayError(f"unknown reference: {reference!r}")
    return found


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DUPLICATES:
        raise TripayError(f"duplicate must be a whole number from 1 to {MAX_DUPLICATES}")
    return value


def _data(data: Any) -> web.Response:
    return web.json_response({"success": True, "message": "Success", "data": data})


async def pay(request: web.Request) -> web.Response:
    """Settle a transaction and send its callback in the background."""
    gateway = request.app[GATEWAY]
    body = await _body(request)
    transaction = _transaction(gateway, body)
    status = _settled_status(body.get("status", PAID))
    settle_and_notify(gateway, transaction.reference, status)
    return _data(transaction.to_api(gateway.state.clock()))


def _abnormal_delivery(gateway: Gateway, transaction: Transaction, body: JSON) -> Delivery:
    """Build the callback `/_emu/callback` asks for: another status, amount or key."""
    now = gateway.state.now()
    status = _settled_status(body.get("status", transaction.status_at(now)))
    amount = body.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise TripayError("amount must be a whole number of rupiah")
    url = body.get("url", transaction.callback_url)
    if not isinstance(url, str) or not url:
        raise TripayError("the transaction has no callback_url; give one as url")
    paid_at = transaction.paid_at or (now if status == PAID else None)
    fields = callback_body(transaction, status, paid_at, amount)
    return delivery(url, fields, bad_signature=body.get("bad_signature") is True)


async def callback(request: web.Request) -> web.Response:
    """Send the callback `duplicate` times, back to back or all at once; list the outcomes."""
    gateway = request.app[GATEWAY]
    body = await _body(request)
    sent = _abnormal_delivery(gateway, _transaction(gateway, body), body)
    count = _count(body.get("duplicate", 1))
    attempts: list[CallbackAttempt]
    if body.get("concurrent") is True:
        attempts = list(
            await asyncio.gather(*(gateway.sender.send_once(sent) for _ in range(count)))
        )
    else:
        attempts = [await gateway.sender.send_once(sent) for _ in range(count)]
    return _data([attempt.to_json() for attempt in attempts])


async def transactions(request: web.Request) -> web.Response:
    """List every transaction, as `transaction/detail` shows it, oldest first."""
    gateway = request.app[GATEWAY]
    now = gateway.state.clock()
    return _data([t.to_api(now) for t in gateway.state.transactions.values()])


async def callbacks(request: web.Request) -> web.Response:
    """List every callback delivery try, oldest first."""
    return _data([attempt.to_json() for attempt in request.app[GATEWAY].sender.attempts])


def add_control_routes(app: web.Application) -> None:
    """Register the control API."""
    app.router.add_post("/_emu/pay", pay)
    app.router.add_post("/_emu/callback", callback)
    app.router.add_get("/_emu/transactions", transactions)
    app.router.add_get("/_emu/callbacks", callbacks)
