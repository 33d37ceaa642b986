"""Bybit v5 public market endpoints for the spot category."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from emulators.exchange.errors import BybitError
from emulators.exchange.intervals import BYBIT_INTERVALS
from emulators.exchange.marketdata import book_levels, day_stats
from emulators.exchange.markets import MarketSpec
from emulators.exchange.state import STATE, EmulatorState

routes = web.RouteTableDef()


def envelope(state: EmulatorState, result: Any) -> web.Response:
    """Wrap a result in Bybit's success envelope."""
    body = {
        "retCode": 0,
        "retMsg": "OK",
        "result": result,
        "retExtInfo": {},
        "time": state.faults.wall_ms(),
    }
    return web.json_response(body)


def int_param(query: Mapping[str, str], name: str) -> int | None:
    """Return an optional integer parameter."""
    raw = query.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise BybitError(10001, f"params error: {name} invalid") from None


def spot_market(state: EmulatorState, query: Mapping[str, str]) -> MarketSpec:
    """Return the spot market named by `symbol`, refusing other categories."""
    if query.get("category") != "spot":
        raise BybitError(10001, "params error: only the spot category is emulated")
    market = state.markets.get(query.get("symbol", "").upper())
    if market is None:
        raise BybitError(10001, "params error: Symbol Invalid")
    return market


def instrument(market: MarketSpec) -> dict[str, Any]:
    """Return a market's instruments-info entry."""
    return {
        "symbol": market.symbol,
        "baseCoin": market.base,
        "quoteCoin": market.quote,
        "innovation": "0",
        "status": "Trading",
        "marginTrading": "none",
        "stTag": "0",
        "lotSizeFilter": {
            "basePrecision": market.step,
            "quotePrecision": "0.00000001",
            "minOrderQty": market.step,
            "maxOrderQty": market.max_qty,
            "minOrderAmt": market.min_notional,
            "maxOrderAmt": "9000000",
        },
        "priceFilter": {"tickSize": market.tick},
        "riskParameters": {"priceLimitRatioX": "0.05", "priceLimitRatioY": "0.1"},
    }


def ticker(state: EmulatorState, market: MarketSpec) -> dict[str, Any]:
    """Return a market's spot ticker."""
    stats = day_stats(state.book, market, state.faults.market_ms())
    price, qty = market.fmt_price, market.fmt_qty
    return {
        "symbol": market.symbol,
        "bid1Price": price(stats.bid),
        "bid1Size": qty(market.volume_per_minute / 20),
        "ask1Price": price(stats.ask),
        "ask1Size": qty(market.volume_per_minute / 20),
        "lastPrice": price(stats.last),
        "prevPrice24h": price(stats.open),
        "price24hPcnt": f"{(stats.last - stats.open) / stats.open:.4f}",
        "highPrice24h": price(stats.high),
        "lowPrice24h": price(stats.low),
        "turnover24h": f"{stats.quote_volume:.8f}",
        "volume24h": qty(stats.volume),
        "usdIndexPrice": price(stats.last),
    }


@routes.get("/v5/market/time")
async def server_time(request: web.Request) -> web.Response:
    """Return the server time in seconds and nanoseconds."""
    state = request.app[STATE]
    now = state.faults.wall_ms()
    return envelope(state, {"timeSecond": str(now // 1000), "timeNano": str(now * 1_000_000)})


@routes.get("/v5/market/instruments-info")
async def instruments_info(request: web.Request) -> web.Response:
    """List spot instruments; other categories are empty."""
    state, query = request.app[STATE], request.query
    category = query.get("category", "spot")
    listed = list(state.markets) if category == "spot" else []
    if "symbol" in query:
        listed = [market for market in listed if market.symbol == query["symbol"].upper()]
    result = {"category": category, "list": [instrument(m) for m in listed], "nextPageCursor": ""}
    return envelope(state, result)


@routes.get("/v5/market/kline")
async def kline(request: web.Request) -> web.Response:
    """Return candles newest first, as Bybit does."""
    state, query = request.app[STATE], request.query
    market = spot_market(state, query)
    interval = BYBIT_INTERVALS.get(query.get("interval", ""))
    if interval is None:
        raise BybitError(10001, "params error: interval invalid")
    candles = state.book.candles(
        market.symbol,
        interval,
        start_ms=int_param(query, "start"),
        end_ms=int_param(query, "end"),
        limit=min(max(int_param(query, "limit") or 200, 1), 1000),
        now_ms=state.faults.market_ms(),
    )
    rows = [
        [
            str(t),
            *(market.fmt_price(v) for v in bar[:4]),
            market.fmt_qty(bar[4]),
            f"{bar[4] * bar[3]:.8f}",
        ]
        for t, bar in zip(candles.open_times, candles.bars.tolist(), strict=True)
    ]
    return envelope(state, {"category": "spot", "symbol": market.symbol, "list": rows[::-1]})


@routes.get("/v5/market/tickers")
async def tickers(request: web.Request) -> web.Response:
    """Return spot tickers for `symbol`, else for every market."""
    state, query = request.app[STATE], request.query
    if "symbol" in query:
        listed = [spot_market(state, query)]
    elif query.get("category") == "spot":
        listed = list(state.markets)
    else:
        listed = []
    return envelope(state, {"category": "spot", "list": [ticker(state, m) for m in listed]})


@routes.get("/v5/market/orderbook")
async def orderbook(request: web.Request) -> web.Response:
    """Return an order book around the current price (spot: 1 to 200 levels)."""
    state = request.app[STATE]
    market = spot_market(state, request.query)
    depth = min(max(int_param(request.query, "limit") or 1, 1), 200)
    now = state.faults.market_ms()
    bids, asks = book_levels(state.book, market, now, depth, state.settings.seed)
    result = {
        "s": market.symbol,
        "b": bids,
        "a": asks,
        "ts": now,
        "u": now // 100,
        "seq": now // 100,
        "cts": now,
    }
    return envelope(state, result)
