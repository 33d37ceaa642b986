"""Tripay's merchant API as the app calls it, under `/api-sandbox/` (and `/api/`).

Every route needs `Authorization: Bearer <api key>` (checked in `gateway.guard`) and answers
`{"success": true, "message": ..., "data": ...}` or `{"success": false, "message": ...}`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from emulators.tripay.channels import CHANNELS
from emulators.tripay.create import create_transaction, read_fields
from emulators.tripay.gateway import API_PREFIXES, GATEWAY, root_of
from emulators.tripay.state import Transaction, TripayError


def _success(data: Any, message: str = "Success") -> web.Response:
    return web.json_response({"success": True, "message": message, "data": data})


def _transaction(request: web.Request) -> Transaction:
    """Return the transaction the `reference` query names."""
    reference = request.query.get("reference", "").strip()
    if not reference:
        raise TripayError("The reference field is required.")
    return request.app[GATEWAY].state.get(reference)


async def payment_channels(request: web.Request) -> web.Response:
    """GET merchant/payment-channel[?code=]: the merchant's channels with fees and bounds."""
    code = request.query.get("code")
    root = root_of(request)
    listed = [c.to_api(root) for c in CHANNELS if code is None or c.code == code]
    return _success(listed)


async def create(request: web.Request) -> web.Response:
    """POST transaction/create: check, store and describe a closed-payment transaction."""
    gateway = request.app[GATEWAY]
    fields = await read_fields(request)
    made = create_transaction(fields, gateway.state, gateway.private_key, root_of(request))
    return _success(made.to_api(gateway.state.clock()))


async def detail(request: web.Request) -> web.Response:
    """GET transaction/detail?reference=: the transaction as it stands now."""
    transaction = _transaction(request)
    return _success(transaction.to_api(request.app[GATEWAY].state.clock()))


async def check_status(request: web.Request) -> web.Response:
    """GET transaction/check-status?reference=: the status, in Tripay's sentence."""
    status = _transaction(request).status_at(request.app[GATEWAY].state.clock())
    return web.json_response({"success": True, "message": f"Status transaksi saat ini {status}"})


def add_api_routes(app: web.Application) -> None:
    """Register the API under both the sandbox and the production prefix."""
    for prefix in API_PREFIXES:
        app.router.add_get(f"{prefix}merchant/payment-channel", payment_channels)
        app.router.add_post(f"{prefix}transaction/create", create)
        app.router.add_get(f"{prefix}transaction/detail", detail)
        app.router.add_get(f"{prefix}transaction/check-status", check_status)
