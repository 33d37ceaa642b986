"""Binance spot public REST: exchange info, klines, depth, tickers, time and ping."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from aiohttp import web

from emulators.exchange.candles import Candles
from emulators.exchange.errors import BinanceError, invalid_symbol, missing
from emulators.exchange.intervals import BINANCE_INTERVALS, Interval
from emulators.exchange.marketdata import book_levels, day_stats, trade_count
from emulators.exchange.markets import MarketSpec
from emulators.exchange.state import STATE, EmulatorState

routes = web.RouteTableDef()
Renderer = Callable[[EmulatorState, MarketSpec], dict[str, Any]]

DEPTH_LIMITS: Final = (5, 10, 20, 50, 100, 500, 1000, 5000)
RATE_LIMITS: Final = [
    {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
    {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100},
    {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 200000},
    {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 61000},
]


def int_param(query: Mapping[str, str], name: str) -> int | None:
    """Return an optional integer parameter, refusing anything that is not one."""
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BinanceError(-1100, f"Illegal characters found in parameter '{name}'.") from None


def market_param(state: EmulatorState, query: Mapping[str, str]) -> MarketSpec:
    """Return the market named by the mandatory `symbol` parameter."""
    symbol = query.get("symbol")
    if not symbol:
        raise missing("symbol")
    market = state.markets.get(symbol.upper())
    if market is None:
        raise invalid_symbol()
    return market


def markets_param(state: EmulatorState, query: Mapping[str, str]) -> list[MarketSpec]:
    """Return the markets named by `symbol` or a JSON `symbols` list, else all of them."""
    if "symbol" in query:
        return [market_param(state, query)]
    if "symbols" not in query:
        return list(state.markets)
    try:
        names = json.loads(query["symbols"])
    except ValueError:
        raise BinanceError(-1100, "Illegal characters found in parameter 'symbols'.") from None
    return [market_param(state, {"symbol": str(name)}) for name in names]


def symbol_info(market: MarketSpec) -> dict[str, Any]:
    """Return a market's exchangeInfo entry."""
    return {
        "symbol": market.symbol,
        "status": "TRADING",
        "baseAsset": market.base,
        "quoteAsset": market.quote,
        "baseAssetPrecision": 8,
        "quoteAssetPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET"],
        "quoteOrderQtyMarketAllowed": True,
        "isSpotTradingAllowed": True,
        "isMarginTradingAllowed": False,
        "permissions": ["SPOT"],
        "filters": [
            {
                "filterType": "PRICE_FILTER",
                "minPrice": market.tick,
                "maxPrice": "1000000",
                "tickSize": market.tick,
            },
            {
                "filterType": "LOT_SIZE",
                "minQty": market.step,
                "maxQty": market.max_qty,
                "stepSize": market.step,
            },
            {
                "filterType": "NOTIONAL",
                "minNotional": market.min_notional,
                "maxNotional": "9000000",
            },
        ],
    }


def kline_rows(market: MarketSpec, interval: Interval, candles: Candles) -> list[list[Any]]:
    """Render candles as Binance kline arrays."""
    rows: list[list[Any]] = []
    for open_ms, (open_, high, low, close, volume) in zip(
        candles.open_times, candles.bars.tolist(), strict=True
    ):
        quote_volume = volume * (open_ + high + low + close) / 4
        rows.append(
            [
                open_ms,
                market.fmt_price(open_),
                market.fmt_price(high),
                market.fmt_price(low),
                market.fmt_price(close),
                market.fmt_qty(volume),
                interval.next_open(open_ms) - 1,
                f"{quote_volume:.8f}",
                trade_count(quote_volume),
                "0",
                "0",
                "0",
            ]
        )
    return rows


@routes.get("/api/v3/ping")
async def ping(request: web.Request) -> web.Response:
    """Answer the connectivity check."""
    return web.json_response({})


@routes.get("/api/v3/time")
async def server_time(request: web.Request) -> web.Response:
    """Return the server time."""
    return web.json_response({"serverTime": request.app[STATE].faults.wall_ms()})


@routes.get("/api/v3/exchangeInfo")
async def exchange_info(request: web.Request) -> web.Response:
    """List the spot markets with their filters."""
    state = request.app[STATE]
    body = {
        "timezone": "UTC",
        "serverTime": state.faults.wall_ms(),
        "rateLimits": RATE_LIMITS,
        "exchangeFilters": [],
        "symbols": [symbol_info(market) for market in markets_param(state, request.query)],
    }
    return web.json_response(body)


@routes.get("/api/v3/klines")
@routes.get("/api/v3/uiKlines")
async def klines(request: web.Request) -> web.Response:
    """Return candles, ascending, the current open candle last."""
    state, query = request.app[STATE], request.query
    market = market_param(state, query)
    interval = BINANCE_INTERVALS.get(query.get("interval", ""))
    if interval is None:
        raise (
            missing("interval")
            if "interval" not in query
            else BinanceError(-1120, "Invalid interval.")
        )
    limit = min(max(int_param(query, "limit") or 500, 1), 1000)
    try:
        candles = state.book.candles(
            market.symbol,
            interval,
            start_ms=int_param(query, "startTime"),
            end_ms=int_param(query, "endTime"),
            limit=limit,
            now_ms=state.faults.market_ms(),
        )
    except ValueError:
        raise BinanceError(-1120, "Invalid interval.") from None
    return web.json_response(kline_rows(market, interval, candles))


@routes.get("/api/v3/depth")
async def depth(request: web.Request) -> web.Response:
    """Return an order book around the current price."""
    state = request.app[STATE]
    market = market_param(state, request.query)
    requested = int_param(request.query, "limit") or 100
    limit = next((size for size in DEPTH_LIMITS if size >= requested), DEPTH_LIMITS[-1])
    now = state.faults.market_ms()
    bids, asks = book_levels(state.book, market, now, limit, state.settings.seed)
    return web.json_response({"lastUpdateId": now // 100, "bids": bids, "asks": asks})


def ticker_24hr(state: EmulatorState, market: MarketSpec) -> dict[str, Any]:
    """Return the rolling 24-hour ticker of a market."""
    stats = day_stats(state.book, market, state.faults.market_ms())
    change = stats.last - stats.open
    last_id = stats.close_ms // 100
    price, qty = market.fmt_price, market.fmt_qty
    return {
        "symbol": market.symbol,
        "priceChange": price(change),
        "priceChangePercent": f"{100 * change / stats.open:.3f}",
        "weightedAvgPrice": price(
            stats.quote_volume / stats.volume if stats.volume else stats.last
        ),
        "prevClosePrice": price(stats.open),
        "lastPrice": price(stats.last),
        "lastQty": qty(market.volume_per_minute / 100),
        "bidPrice": price(stats.bid),
        "bidQty": qty(market.volume_per_minute / 20),
        "askPrice": price(stats.ask),
        "askQty": qty(market.volume_per_minute / 20),
        "openPrice": price(stats.open),
        "highPrice": price(stats.high),
        "lowPrice": price(stats.low),
        "volume": qty(stats.volume),
        "quoteVolume": f"{stats.quote_volume:.8f}",
        "openTime": stats.open_ms,
        "closeTime": stats.close_ms,
        "firstId": last_id - stats.trades + 1,
        "lastId": last_id,
        "count": stats.trades,
    }


def book_ticker(state: EmulatorState, market: MarketSpec) -> dict[str, Any]:
    """Return the best bid and ask of a market."""
    bid, ask = market.bid_ask(state.book.price(market.symbol, state.faults.market_ms()))
    size = market.fmt_qty(market.volume_per_minute / 20)
    return {
        "symbol": market.symbol,
        "bidPrice": market.fmt_price(bid),
        "bidQty": size,
        "askPrice": market.fmt_price(ask),
        "askQty": size,
    }


def last_price(state: EmulatorState, market: MarketSpec) -> dict[str, Any]:
    """Return the last price of a market."""
    price = state.book.price(market.symbol, state.faults.market_ms())
    return {"symbol": market.symbol, "price": market.fmt_price(price)}


@routes.get("/api/v3/ticker/24hr")
async def tickers_24hr(request: web.Request) -> web.Response:
    """Return one 24-hour ticker for `symbol`, else a list."""
    return _per_symbol(request, ticker_24hr)


@routes.get("/api/v3/ticker/bookTicker")
async def book_tickers(request: web.Request) -> web.Response:
    """Return one best bid/ask for `symbol`, else a list."""
    return _per_symbol(request, book_ticker)


@routes.get("/api/v3/ticker/price")
async def prices(request: web.Request) -> web.Response:
    """Return one last price for `symbol`, else a list."""
    return _per_symbol(request, last_price)


def _per_symbol(request: web.Request, render: Renderer) -> web.Response:
    """Answer an object for `symbol` or a list for `symbols`/all markets."""
    state = request.app[STATE]
    markets = markets_param(state, request.query)
    rows = [render(state, market) for market in markets]
    return web.json_response(rows[0] if "symbol" in request.query else rows)
