"""A bot's chart: its pair's candles with its trades, and its profit in its stake currency."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from ai_strategies.charts import BotLedger, BotTrade, candles_to_show, tally
from ai_strategies.charts import bot_chart as draw_bot_chart
from ai_strategies.ftconfig import timeframe_seconds
from orchestrator.bots.chart_candles import BotMarket, bot_candles
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime

_BOT = (
    "select b.id, b.name, b.exchange, b.pair, b.timeframe, b.stake_currency, b.dry_run,"
    " b.status, u.language from bots b join users u on u.id = b.user_id where b.id = $1"
)
_TRADES = (
    "select open_date, open_rate, amount, close_date, close_rate, profit_abs, is_open, is_short"
    " from trades where bot_id = $1 order by open_date"
)


@dataclass(frozen=True)
class BotChart:
    """A bot's chart as PNG bytes, with the figures its caption states."""

    png: bytes
    name: str
    pair: str
    timeframe: str
    currency: str
    dry_run: bool
    ledger: BotLedger
    # Open trades, oldest first, for the caption to name.
    open_trades: tuple[BotTrade, ...]
    # Opening time of the first candle drawn (None when no candles could be had).
    shown_from: datetime | None


async def bot_chart(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, *, now: datetime | None = None
) -> BotChart:
    """Draw the bot's recent candles with its trades, and total up its profit."""
    bot, trades = await _read(runtime, user_id, bot_id)
    step = timedelta(seconds=timeframe_seconds(bot["timeframe"]))
    limit = candles_to_show(trades, now or datetime.now(UTC), step)
    market = BotMarket(bot_id, bot["status"], bot["exchange"], bot["pair"], bot["timeframe"])
    candles = await bot_candles(runtime.settings, runtime.redis, market, limit)
    shown_from = candles.times[0] if len(candles) else None
    price = candles.close[-1] if len(candles) else None
    png = await asyncio.to_thread(
        draw_bot_chart,
        candles,
        trades,
        title=chart_title(bot["name"], bot["pair"], bot["timeframe"]),
        currency=bot["stake_currency"],
        language=bot["language"],
    )
    return BotChart(
        png=png,
        name=bot["name"],
        pair=bot["pair"],
        timeframe=bot["timeframe"],
        currency=bot["stake_currency"],
        dry_run=bot["dry_run"],
        ledger=tally(trades, price, shown_from or datetime.min),
        open_trades=tuple(trade for trade in trades if trade.is_open),
        shown_from=shown_from,
    )


async def _read(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID
) -> tuple[asyncpg.Record, list[BotTrade]]:
    """Return the user's bot (with their language) and its synced trades, oldest first."""
    async with runtime.db.as_user(user_id) as conn:
        bot = await conn.fetchrow(_BOT, bot_id)
        if bot is None:
            raise UserFacingError("bot_not_found")
        return bot, [_trade(row) for row in await conn.fetch(_TRADES, bot_id)]


def chart_title(name: str, pair: str, timeframe: str) -> str:
    """Return the chart's title: the bot's name, its pair unless the name says it, the timeframe."""
    parts: Sequence[str] = (name, timeframe) if pair in name else (name, pair, timeframe)
    return " · ".join(parts)


def _trade(row: asyncpg.Record) -> BotTrade:
    """Return a synced trade as the chart takes it; open trades have no exit yet."""
    closed = not row["is_open"] and row["close_date"] is not None
    return BotTrade(
        entry_time=row["open_date"],
        entry_price=float(row["open_rate"]),
        amount=float(row["amount"]),
        exit_time=row["close_date"] if closed else None,
        exit_price=float(row["close_rate"]) if closed and row["close_rate"] is not None else None,
        profit=float(row["profit_abs"]) if closed and row["profit_abs"] is not None else None,
        is_short=row["is_short"],
    )
