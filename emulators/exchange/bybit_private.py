"""Bybit v5 signed endpoints: the API-key check (query-api) and the coin list ccxt loads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from emulators.exchange.bybit_public import envelope
from emulators.exchange.errors import BybitError
from emulators.exchange.keys import ApiKeySpec
from emulators.exchange.pricepath import symbol_key
from emulators.exchange.signing import (
    DEFAULT_RECV_WINDOW_MS,
    bybit_payload,
    signature_matches,
    timestamp_problem,
)
from emulators.exchange.state import STATE

routes = web.RouteTableDef()


async def authenticate(request: web.Request) -> ApiKeySpec:
    """Verify Bybit v5 signature headers and return the calling key."""
    state = request.app[STATE]
    headers = request.headers
    api_key = headers.get("X-BAPI-API-KEY", "")
    key = state.keys.find("bybit", api_key)
    if key is None:
        raise BybitError(10003, "API key is invalid.")
    if not key.allows_ip(request.remote):
        raise BybitError(10010, "Unmatched IP, please check your API key's bound IP addresses.")
    timestamp = headers.get("X-BAPI-TIMESTAMP", "")
    recv_window = headers.get("X-BAPI-RECV-WINDOW", str(DEFAULT_RECV_WINDOW_MS))
    if not (timestamp.isdigit() and recv_window.isdigit()) or timestamp_problem(
        int(timestamp), int(recv_window), state.faults.wall_ms()
    ):
        raise BybitError(
            10002, "invalid request, please check your server timestamp or recv_window param"
        )
    params = await request.text() if request.method == "POST" else request.rel_url.raw_query_string
    payload = bybit_payload(timestamp, api_key, recv_window, params)
    if not signature_matches(key.secret, payload, headers.get("X-BAPI-SIGN", "")):
        raise BybitError(10004, "Error sign, please check your signature generation algorithm.")
    return key


def key_permissions(key: ApiKeySpec) -> dict[str, list[str]]:
    """Return the permissions block of query-api for a key."""
    wallet = ["AccountTransfer", "SubMemberTransfer", "Withdraw"] if key.can_withdraw else []
    return {
        "ContractTrade": [],
        "Spot": ["SpotTrade"] if key.can_trade else [],
        "Wallet": wallet or (["AccountTransfer"] if key.can_trade else []),
        "Options": [],
        "Derivatives": [],
        "CopyTrading": [],
        "BlockTrade": [],
        "Exchange": [],
        "NFT": [],
        "Affiliate": [],
        "Earn": [],
    }


def key_info(key: ApiKeySpec) -> dict[str, Any]:
    """Return what GET /v5/user/query-api says about a key."""
    created = datetime.fromtimestamp(key.created_ms / 1000, tz=UTC)
    return {
        "id": str(symbol_key(key.api_key) % 10**8),
        "note": key.name,
        "apiKey": key.api_key,
        "readOnly": 0 if key.can_trade else 1,
        "secret": "",
        "permissions": key_permissions(key),
        "ips": list(key.ips) or ["*"],
        "type": 1,
        "deadlineDay": -1 if key.ips else 90,
        "expiredAt": "" if key.ips else "2099-01-01T00:00:00Z",
        "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "unified": 0,
        "uta": 1,
        "userID": symbol_key(key.api_key) % 10**9,
        "inviterID": 0,
        "vipLevel": "No VIP",
        "mktMakerLevel": "0",
        "affiliateID": 0,
        "rsaPublicKey": "",
        "isMaster": True,
        "parentUid": "0",
        "kycLevel": "LEVEL_DEFAULT",
        "kycRegion": "",
    }


def coin_info(asset: str) -> dict[str, Any]:
    """Return a minimal coin/query-info row for one asset."""
    chain = {
        "chainType": asset,
        "chain": asset,
        "confirmation": "1",
        "withdrawFee": "0",
        "depositMin": "0",
        "withdrawMin": "0",
        "minAccuracy": "8",
        "chainDeposit": "1",
        "chainWithdraw": "1",
        "withdrawPercentageFee": "0",
        "contractAddress": "",
    }
    return {"name": asset, "coin": asset, "remainAmount": "1000000", "chains": [chain]}


@routes.get("/v5/user/query-api")
async def query_api(request: web.Request) -> web.Response:
    """Return the calling key's permissions."""
    key = await authenticate(request)
    return envelope(request.app[STATE], key_info(key))


@routes.get("/v5/asset/coin/query-info")
async def coin_query_info(request: web.Request) -> web.Response:
    """Return every listed asset (ccxt's fetch_currencies with a key)."""
    await authenticate(request)
    state = request.app[STATE]
    return envelope(state, {"rows": [coin_info(asset) for asset in state.markets.assets()]})
