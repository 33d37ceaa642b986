"""What the emulator's routes share, the checks in front of them, and settling a payment."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from emulators.tripay.callbacks import CallbackSender, callback_body, delivery
from emulators.tripay.signing import signature_matches
from emulators.tripay.state import Transaction, TripayError, TripayState

log = logging.getLogger("emulators.tripay")
API_PREFIXES = ("/api-sandbox/", "/api/")
CONTROL_PREFIX = "/_emu/"
LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1"})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Gateway:
    """The emulated merchant account: its keys, transactions and outgoing callbacks."""

    state: TripayState
    sender: CallbackSender
    api_key: str
    private_key: str


GATEWAY = web.AppKey("gateway", Gateway)


def root_of(request: web.Request) -> str:
    """Return the address the client reached the emulator at, e.g. http://127.0.0.1:8083."""
    return f"{request.scheme}://{request.host}"


def _has_key(request: web.Request, api_key: str) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and signature_matches(api_key, token.strip())


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Check the Bearer key on the API and the caller's address on the control API.

    Refusals and TripayErrors are answered as Tripay answers: `{"success": false, ...}`.
    """
    gateway = request.app[GATEWAY]
    if request.path.startswith(API_PREFIXES) and not _has_key(request, gateway.api_key):
        return web.json_response({"success": False, "message": "Invalid API Key"}, status=401)
    if request.path.startswith(CONTROL_PREFIX) and request.remote not in LOCAL_ADDRESSES:
        message = "the control API answers 127.0.0.1 only"
        return web.json_response({"success": False, "message": message}, status=403)
    try:
        return await handler(request)
    except TripayError as exc:
        return web.json_response(exc.body(), status=exc.status)


def settle_and_notify(gateway: Gateway, reference: str, status: str) -> Transaction:
    """Settle a transaction and send its callback in the background, with retries."""
    transaction = gateway.state.settle(reference, status)
    if transaction.callback_url is None:
        log.warning("transaction %s has no callback_url: no callback sent", reference)
        return transaction
    body = callback_body(transaction, status, transaction.paid_at)
    gateway.sender.notify(delivery(transaction.callback_url, body))
    return transaction
