"""Binance sapi endpoints: API-key restrictions, plus the stubs ccxt loads with a private key."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from emulators.exchange.binance_auth import authenticate
from emulators.exchange.keys import ApiKeySpec
from emulators.exchange.state import STATE

routes = web.RouteTableDef()


def api_restrictions(key: ApiKeySpec) -> dict[str, Any]:
    """Return what GET /sapi/v1/account/apiRestrictions says about a key."""
    return {
        "ipRestrict": bool(key.ips),
        "createTime": key.created_ms,
        "enableReading": True,
        "enableWithdrawals": key.can_withdraw,
        "enableInternalTransfer": key.can_withdraw,
        "permitsUniversalTransfer": key.can_withdraw,
        "enableMargin": False,
        "enableFutures": False,
        "enableVanillaOptions": False,
        "enableFixApiTrade": False,
        "enableFixReadOnly": False,
        "enableSpotAndMarginTrading": key.can_trade,
        "enablePortfolioMarginTrading": False,
    }


def coin_config(asset: str) -> dict[str, Any]:
    """Return a minimal capital/config/getall entry for one asset."""
    network = {
        "network": asset,
        "coin": asset,
        "name": asset,
        "isDefault": True,
        "depositEnable": True,
        "withdrawEnable": True,
        "withdrawFee": "0",
        "withdrawMin": "0",
        "withdrawMax": "9999999999",
        "withdrawIntegerMultiple": "0.00000001",
        "minConfirm": 1,
    }
    return {
        "coin": asset,
        "name": asset,
        "depositAllEnable": True,
        "withdrawAllEnable": True,
        "trading": True,
        "free": "0",
        "locked": "0",
        "networkList": [network],
    }


@routes.get("/sapi/v1/account/apiRestrictions")
async def account_api_restrictions(request: web.Request) -> web.Response:
    """Return the calling key's permissions."""
    signed = await authenticate(request)
    return web.json_response(api_restrictions(signed.key))


@routes.get("/sapi/v1/capital/config/getall")
async def capital_config(request: web.Request) -> web.Response:
    """Return every listed asset (ccxt's fetch_currencies with a key)."""
    await authenticate(request)
    assets = request.app[STATE].markets.assets()
    return web.json_response([coin_config(asset) for asset in assets])


@routes.get("/sapi/v1/margin/allPairs")
@routes.get("/sapi/v1/margin/isolated/allPairs")
@routes.get("/sapi/v1/spot/delist-schedule")
async def empty_list(request: web.Request) -> web.Response:
    """Answer an empty list: no margin pairs, nothing being delisted."""
    await authenticate(request)
    return web.json_response([])
