"""Binance spot signed REST: account, orders, trades, API-key restrictions and sapi stubs."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Final

from aiohttp import web

from emulators.exchange.binance_auth import SignedRequest, authenticate
from emulators.exchange.errors import BinanceError, invalid_symbol
from emulators.exchange.keys import ApiKeySpec
from emulators.exchange.orders import Account, Fill, Order, OrderRequest
from emulators.exchange.pricepath import symbol_key
from emulators.exchange.state import STATE

routes = web.RouteTableDef()


def d8(value: Decimal) -> str:
    """Format an amount with Binance's eight decimals."""
    return f"{value:.8f}"


def order_json(order: Order) -> dict[str, Any]:
    """Render the fields every order answer shares."""
    return {
        "symbol": order.market.symbol,
        "orderId": order.order_id,
        "orderListId": -1,
        "clientOrderId": order.client_order_id,
        "price": d8(order.price),
        "origQty": d8(order.orig_qty),
        "executedQty": d8(order.executed_qty),
        "cummulativeQuoteQty": d8(order.quote_qty),
        "status": order.status,
        "timeInForce": order.time_in_force,
        "type": order.type,
        "side": order.side,
        "workingTime": order.created_ms,
        "selfTradePreventionMode": "NONE",
    }


def order_status_json(order: Order) -> dict[str, Any]:
    """Render an order as GET /api/v3/order does."""
    return order_json(order) | {
        "stopPrice": d8(Decimal(0)),
        "icebergQty": d8(Decimal(0)),
        "time": order.created_ms,
        "updateTime": order.update_ms,
        "isWorking": True,
        "origQuoteOrderQty": d8(Decimal(0)),
    }


def fill_json(fill: Fill) -> dict[str, Any]:
    """Render one fill as in a FULL new-order answer."""
    return {
        "price": d8(fill.price),
        "qty": d8(fill.qty),
        "commission": d8(fill.commission),
        "commissionAsset": fill.commission_asset,
        "tradeId": fill.trade_id,
    }


def trade_json(order: Order, fill: Fill) -> dict[str, Any]:
    """Render one fill as GET /api/v3/myTrades does."""
    return {
        "symbol": order.market.symbol,
        "id": fill.trade_id,
        "orderId": order.order_id,
        "orderListId": -1,
        "price": d8(fill.price),
        "qty": d8(fill.qty),
        "quoteQty": d8(fill.price * fill.qty),
        "commission": d8(fill.commission),
        "commissionAsset": fill.commission_asset,
        "time": fill.time_ms,
        "isBuyer": order.side == "BUY",
        "isMaker": fill.maker,
        "isBestMatch": True,
    }


def decimal_param(signed: SignedRequest, name: str) -> Decimal | None:
    """Return an optional decimal parameter."""
    raw = signed.get(name)
    if raw is None:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise BinanceError(-1100, f"Illegal characters found in parameter '{name}'.") from None


def order_request(signed: SignedRequest) -> OrderRequest:
    """Parse a new-order request."""
    return OrderRequest(
        symbol=signed.require("symbol").upper(),
        side=signed.require("side").upper(),
        type=signed.require("type").upper(),
        quantity=decimal_param(signed, "quantity"),
        quote_qty=decimal_param(signed, "quoteOrderQty"),
        price=decimal_param(signed, "price"),
        time_in_force=(signed.get("timeInForce") or "GTC").upper(),
        client_order_id=signed.get("newClientOrderId"),
    )


COMMISSION_RATES: Final = {
    "maker": "0.00100000",
    "taker": "0.00100000",
    "buyer": "0.00000000",
    "seller": "0.00000000",
}


def account_json(key: ApiKeySpec, held: Account, assets: list[str], now_ms: int) -> dict[str, Any]:
    """Render GET /api/v3/account: every listed asset's free and locked amounts."""
    amounts = {asset: held.balance(asset) for asset in dict.fromkeys([*assets, *held.balances])}
    balances = [
        {"asset": asset, "free": d8(amount.free), "locked": d8(amount.locked)}
        for asset, amount in amounts.items()
    ]
    return {
        "makerCommission": 10,
        "takerCommission": 10,
        "buyerCommission": 0,
        "sellerCommission": 0,
        "commissionRates": COMMISSION_RATES,
        "canTrade": key.can_trade,
        "canWithdraw": key.can_withdraw,
        "canDeposit": True,
        "brokered": False,
        "requireSelfTradePrevention": False,
        "preventSor": False,
        "updateTime": now_ms,
        "accountType": "SPOT",
        "balances": balances,
        "permissions": ["SPOT"],
        "uid": symbol_key(key.api_key) % 10**9,
    }


@routes.get("/api/v3/account")
async def account(request: web.Request) -> web.Response:
    """Return the key's spot balances and commission rates."""
    signed = await authenticate(request)
    state = request.app[STATE]
    now = state.faults.market_ms()
    held = state.ledger.account(signed.key.api_key, now)
    return web.json_response(account_json(signed.key, held, state.markets.assets(), now))


@routes.post("/api/v3/order")
async def new_order(request: web.Request) -> web.Response:
    """Place an order; answer in FULL form, with its fills."""
    signed = await authenticate(request, trade=True)
    state = request.app[STATE]
    order = state.ledger.place(signed.key.api_key, order_request(signed), state.faults.market_ms())
    answer = order_json(order) | {"transactTime": order.update_ms}
    if (signed.get("newOrderRespType") or "FULL").upper() == "FULL":
        answer["fills"] = [fill_json(fill) for fill in order.fills]
    return web.json_response(answer)


@routes.post("/api/v3/order/test")
async def test_order(request: web.Request) -> web.Response:
    """Check a new-order request's parameters without placing it."""
    signed = await authenticate(request, trade=True)
    order_request(signed)
    return web.json_response({})


@routes.get("/api/v3/order")
async def query_order(request: web.Request) -> web.Response:
    """Return one order by orderId or origClientOrderId."""
    signed = await authenticate(request)
    state = request.app[STATE]
    order = state.ledger.find(
        signed.key.api_key,
        signed.require("symbol").upper(),
        signed.integer("orderId"),
        signed.get("origClientOrderId"),
        state.faults.market_ms(),
    )
    return web.json_response(order_status_json(order))


@routes.delete("/api/v3/order")
async def cancel_order(request: web.Request) -> web.Response:
    """Cancel one open order."""
    signed = await authenticate(request, trade=True)
    state = request.app[STATE]
    now = state.faults.market_ms()
    order = state.ledger.cancel(
        signed.key.api_key,
        signed.require("symbol").upper(),
        signed.integer("orderId"),
        signed.get("origClientOrderId"),
        now,
    )
    answer = order_json(order) | {"origClientOrderId": order.client_order_id, "transactTime": now}
    return web.json_response(answer)


@routes.get("/api/v3/openOrders")
async def open_orders(request: web.Request) -> web.Response:
    """Return the key's open orders, on one symbol or all."""
    signed = await authenticate(request)
    state = request.app[STATE]
    symbol = _optional_symbol(request, signed)
    found = state.ledger.orders(
        signed.key.api_key, symbol, state.faults.market_ms(), only_open=True
    )
    return web.json_response([order_status_json(order) for order in found])


@routes.delete("/api/v3/openOrders")
async def cancel_open_orders(request: web.Request) -> web.Response:
    """Cancel every open order of the key on one symbol."""
    signed = await authenticate(request, trade=True)
    state = request.app[STATE]
    symbol = _required_symbol(request, signed)
    now = state.faults.market_ms()
    found = state.ledger.orders(signed.key.api_key, symbol, now, only_open=True)
    for order in found:
        state.ledger.cancel(signed.key.api_key, order.market.symbol, order.order_id, None, now)
    return web.json_response([order_json(order) for order in found])


@routes.get("/api/v3/allOrders")
async def all_orders(request: web.Request) -> web.Response:
    """Return every order of the key on one symbol."""
    signed = await authenticate(request)
    state = request.app[STATE]
    symbol = _required_symbol(request, signed)
    found = state.ledger.orders(
        signed.key.api_key, symbol, state.faults.market_ms(), only_open=False
    )
    return web.json_response([order_status_json(order) for order in found])


@routes.get("/api/v3/myTrades")
async def my_trades(request: web.Request) -> web.Response:
    """Return the key's fills on one symbol, optionally of one order."""
    signed = await authenticate(request)
    state = request.app[STATE]
    symbol = _required_symbol(request, signed)
    order_id = signed.integer("orderId")
    fills = state.ledger.fills(signed.key.api_key, symbol, state.faults.market_ms())
    rows = [trade_json(o, f) for o, f in fills if order_id is None or o.order_id == order_id]
    return web.json_response(rows[-(signed.integer("limit") or 500) :])


def _optional_symbol(request: web.Request, signed: SignedRequest) -> str | None:
    """Return the listed `symbol` (upper-cased), None when absent, or refuse an unknown one."""
    symbol = signed.get("symbol")
    return None if symbol is None else _required_symbol(request, signed)


def _required_symbol(request: web.Request, signed: SignedRequest) -> str:
    """Return the mandatory, listed `symbol` parameter, upper-cased."""
    symbol = signed.require("symbol").upper()
    if request.app[STATE].markets.get(symbol) is None:
        raise invalid_symbol()
    return symbol
