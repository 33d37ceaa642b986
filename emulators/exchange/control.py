"""The control API under /_emu/: faults, counters and the current price, for tests."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from emulators.exchange.faults import FaultMode
from emulators.exchange.state import STATE

routes = web.RouteTableDef()


def _number(data: dict[str, Any], name: str, default: float | None) -> float | None:
    """Return a non-negative number from the JSON body, or raise 400."""
    value = data.get(name, default)
    if value is None:
        return None
    if not isinstance(value, int | float) or value < 0:
        raise web.HTTPBadRequest(text=f"{name} must be a non-negative number")
    return float(value)


@routes.post("/_emu/fault")
async def set_fault(request: web.Request) -> web.Response:
    """Switch the fault: {"mode", "seconds", "delay", "lag"}; an outage needs `seconds`."""
    state = request.app[STATE]
    data = await request.json()
    try:
        mode = FaultMode(str(data.get("mode", "none")))
    except ValueError:
        raise web.HTTPBadRequest(
            text=f"mode must be one of {[m.value for m in FaultMode]}"
        ) from None
    seconds = _number(data, "seconds", None)
    delay = _number(data, "delay", 1.0) or 0.0
    lag = _number(data, "lag", 0.0) or 0.0
    if mode is FaultMode.OUTAGE:
        if not seconds or state.outage_hook is None:
            raise web.HTTPBadRequest(
                text="an outage needs seconds > 0 and a running ExchangeEmulator"
            )
        state.outage_hook(seconds)
        return web.json_response({"mode": mode.value, "remaining": seconds})
    state.faults.set(mode, seconds=seconds, delay=delay, lag=lag)
    return web.json_response(state.faults.describe())


@routes.get("/_emu/fault")
async def get_fault(request: web.Request) -> web.Response:
    """Return the active fault."""
    return web.json_response(request.app[STATE].faults.describe())


@routes.get("/_emu/stats")
async def stats(request: web.Request) -> web.Response:
    """Return the request counters."""
    return web.json_response(request.app[STATE].log.snapshot())


@routes.post("/_emu/reset")
async def reset(request: web.Request) -> web.Response:
    """Reset the request counters."""
    log = request.app[STATE].log
    log.reset()
    return web.json_response(log.snapshot())


@routes.get("/_emu/price")
async def price(request: web.Request) -> web.Response:
    """Return the current price of `symbol` (e.g. BTCUSDT)."""
    state = request.app[STATE]
    market = state.markets.get(request.query.get("symbol", "").upper())
    if market is None:
        raise web.HTTPNotFound(text="unknown symbol")
    now = state.faults.market_ms()
    value = state.book.price(market.symbol, now)
    return web.json_response({"symbol": market.symbol, "price": value, "time": now})
