"""The bot page's price chart: recent candles of the bot's pair with its entries and exits.

Candles come the way the chat's /chart gets them (`bots.chart_candles.bot_candles`): from
the running bot's own Freqtrade, else from the exchange. Either can take seconds, so the
page loads this as JSON after it has rendered. Marks are aligned to candles: each entry
and exit sits on the candle whose period holds it (trades before the first candle drawn
are left out); several in one candle keep the last.
"""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from ai_strategies.ftconfig import timeframe_seconds
from orchestrator.bots.chart_candles import BotMarket, bot_candles
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime

CANDLES: Final = 300


@dataclass(frozen=True)
class Mark:
    """An entry or an exit: when, at what price, and (exits) whether it made money."""

    at: dt.datetime
    price: float
    won: bool | None = None  # exits only


@dataclass(frozen=True)
class PriceChart:
    """Candles (x in Unix seconds) and marks aligned to them (None where a candle has none)."""

    pair: str
    timeframe: str
    x: tuple[int, ...]
    open: tuple[float, ...]
    high: tuple[float, ...]
    low: tuple[float, ...]
    close: tuple[float, ...]
    entries: tuple[float | None, ...]
    wins: tuple[float | None, ...]
    losses: tuple[float | None, ...]


async def price_chart(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> PriceChart:
    """Return the bot's recent candles with its entries and exits (the bot must be the user's)."""
    async with runtime.db.as_user(user_id) as conn:
        bot = await conn.fetchrow(
            "select status, exchange, pair, timeframe from bots where id = $1", bot_id
        )
        if bot is None:
            raise UserFacingError("bot_not_found")
        trades = await conn.fetch(
            "select open_date, open_rate, close_date, close_rate, profit_abs, is_open"
            " from trades where bot_id = $1 order by open_date",
            bot_id,
        )
    market = BotMarket(bot_id, bot["status"], bot["exchange"], bot["pair"], bot["timeframe"])
    candles = await bot_candles(runtime.settings, runtime.redis, market, CANDLES)
    x = tuple(int(moment.timestamp()) for moment in candles.times)
    step = timeframe_seconds(bot["timeframe"])
    entries = [Mark(t["open_date"], float(t["open_rate"])) for t in trades]
    exits = [
        Mark(t["close_date"], float(t["close_rate"]), (t["profit_abs"] or 0) > 0)
        for t in trades
        if not t["is_open"] and t["close_date"] is not None and t["close_rate"] is not None
    ]
    return PriceChart(
        bot["pair"], bot["timeframe"], x,
        tuple(candles.open), tuple(candles.high), tuple(candles.low), tuple(candles.close),
        align(x, step, entries),
        align(x, step, [m for m in exits if m.won]),
        align(x, step, [m for m in exits if not m.won]),
    )  # fmt: skip


def align(x: tuple[int, ...], step: int, marks: list[Mark]) -> tuple[float | None, ...]:
    """Place each mark's price on the candle whose period holds it."""
    out: list[float | None] = [None] * len(x)
    for mark in marks:
        at = int(mark.at.timestamp())
        index = bisect.bisect_right(x, at) - 1
        if index >= 0 and at < x[index] + step:
            out[index] = mark.price
    return tuple(out)
