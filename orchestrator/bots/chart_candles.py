"""Candles for a bot's chart: the running bot's own, else the exchange's (stopped bots too)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ccxt
import ccxt.async_support as ccxt_async
from arq.connections import ArqRedis

from ai_strategies.charts import CandleSeries
from ai_strategies.offline_exchange import ccxt_kwargs
from orchestrator.core.errors import UserFacingError
from orchestrator.core.settings import Settings
from orchestrator.runner.dispatch import run_command
from orchestrator.runner.exchanges import exchange_section

log = logging.getLogger(__name__)

NO_CANDLES = CandleSeries([], [], [], [], [])
# A chart is worth a short wait for the bot's worker, not a long one: the exchange is next.
BOT_TIMEOUT_S = 8
RUNNING = ("running", "paused")


@dataclass(frozen=True)
class BotMarket:
    """Where a bot trades, and whether it runs to ask it."""

    bot_id: uuid.UUID
    status: str
    exchange: str
    pair: str
    timeframe: str


async def bot_candles(
    settings: Settings, redis: ArqRedis, bot: BotMarket, limit: int
) -> CandleSeries:
    """Return the last `limit` candles of the bot's pair: from the bot itself while it runs."""
    if bot.status in RUNNING:
        series = await _from_bot(redis, bot.bot_id, bot.pair, bot.timeframe, limit)
        if len(series):
            return series
    return await exchange_candles(settings, bot.exchange, bot.pair, bot.timeframe, limit)


async def _from_bot(
    redis: ArqRedis, bot_id: uuid.UUID, pair: str, timeframe: str, limit: int
) -> CandleSeries:
    """Ask the bot's Freqtrade for the candles it trades on (OHLC only); empty if it cannot."""
    # The POST form of pair_candles takes a body and filters columns; [] keeps only OHLCV.
    args = {"pair": pair, "timeframe": timeframe, "limit": limit, "columns": []}
    try:
        data = await run_command(redis, bot_id, "pair_candles", args, timeout=BOT_TIMEOUT_S)
    except (UserFacingError, TimeoutError) as exc:
        log.info("bot %s gave no candles for its chart: %s", bot_id, exc)
        return NO_CANDLES
    return parse_pair_candles(data)


def parse_pair_candles(data: Any) -> CandleSeries:
    """Read Freqtrade's pair_candles answer (columns and rows) into candles."""
    if not isinstance(data, Mapping) or not data.get("data"):
        return NO_CANDLES
    columns = list(data.get("columns") or [])
    wanted = ("__date_ts", "open", "high", "low", "close")
    if not all(name in columns for name in wanted):
        return NO_CANDLES
    at = [columns.index(name) for name in wanted]
    rows = [[row[i] for i in at] for row in data["data"]]
    return _series([row for row in rows if None not in row])


async def exchange_candles(
    settings: Settings, exchange: str, pair: str, timeframe: str, limit: int
) -> CandleSeries:
    """Fetch the last `limit` candles from the exchange (the emulator in local mode)."""
    options = ccxt_kwargs(exchange_section(settings, exchange))
    # Bots trade spot: loading other markets would only cost requests.
    options.setdefault("options", {}).setdefault("fetchMarkets", {"types": ["spot"]})
    client = getattr(ccxt_async, exchange)(options)
    try:
        rows = await client.fetch_ohlcv(pair, timeframe, limit=limit)
    except ccxt.BaseError as exc:
        log.warning("no %s %s candles from %s for a chart: %s", pair, timeframe, exchange, exc)
        return NO_CANDLES
    finally:
        await client.close()
    return _series([row[:5] for row in rows])


def _series(rows: Sequence[Sequence[Any]]) -> CandleSeries:
    """Turn [milliseconds, open, high, low, close] rows into candles."""
    times = [datetime.fromtimestamp(int(row[0]) / 1000, UTC) for row in rows]
    open_, high, low, close = ([float(row[i]) for row in rows] for i in range(1, 5))
    return CandleSeries(times, open_, high, low, close)
