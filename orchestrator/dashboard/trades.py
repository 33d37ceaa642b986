"""A bot's trades as the dashboard lists them: open ones, closed ones a page at a time, all.

Trades are the synced `trades` rows, read as the user. `trade_id` is Freqtrade's id of the
trade (unique per bot), the number the chat shows too. Fees and the stop-loss are synced
with the trade (None when the bot's Freqtrade had none); the current rate and profit of an
open trade are not: they stay None here and come from the running bot (`live.py`), whose
stop-loss is newer than the synced one.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Self

import asyncpg

from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime

PAGE_SIZE: Final = 25
# Trades per batch of the CSV export. A batch is decoded and formatted without a pause, so
# it is kept small enough not to hold up other readers' pages for long.
EXPORT_BATCH: Final = 250


@dataclass(frozen=True)
class OpenTradeRow:
    """An open trade: what it holds and, when the bot reported them, its figures now."""

    bot_id: uuid.UUID
    trade_id: int
    pair: str
    is_short: bool
    open_date: dt.datetime
    open_rate: Decimal
    amount: Decimal
    stake_amount: Decimal
    currency: str
    enter_tag: str | None
    current_rate: Decimal | None = None
    profit_abs: Decimal | None = None
    profit_ratio: Decimal | None = None
    stop_loss: Decimal | None = None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the row from a trades query row (with the bot's stake currency)."""
        return cls(
            row["bot_id"], row["ft_trade_id"], row["pair"], row["is_short"], row["open_date"],
            row["open_rate"], row["amount"], row["stake_amount"], row["currency"], row["enter_tag"],
            stop_loss=row["stop_loss"],
        )  # fmt: skip


@dataclass(frozen=True)
class ClosedTradeRow:
    """A closed trade with its result."""

    bot_id: uuid.UUID
    trade_id: int
    pair: str
    is_short: bool
    open_date: dt.datetime
    close_date: dt.datetime | None
    open_rate: Decimal
    close_rate: Decimal | None
    amount: Decimal
    stake_amount: Decimal
    profit_abs: Decimal | None
    profit_ratio: Decimal | None
    exit_reason: str | None
    enter_tag: str | None
    currency: str
    fee_open: Decimal | None = None  # rates, as Freqtrade keeps them (0.001 is 0.1%)
    fee_close: Decimal | None = None
    fee_open_cost: Decimal | None = None  # paid, in `currency`; None if unknown
    fee_close_cost: Decimal | None = None

    @property
    def duration_s(self) -> int | None:
        """Return how long the trade was open, in seconds."""
        if self.close_date is None:
            return None
        return int((self.close_date - self.open_date).total_seconds())

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the row from a trades query row (with the bot's stake currency)."""
        return cls(
            row["bot_id"], row["ft_trade_id"], row["pair"], row["is_short"], row["open_date"],
            row["close_date"], row["open_rate"], row["close_rate"], row["amount"],
            row["stake_amount"], row["profit_abs"], row["profit_ratio"], row["exit_reason"],
            row["enter_tag"], row["currency"], row["fee_open"], row["fee_close"],
            row["fee_open_cost"], row["fee_close_cost"],
        )  # fmt: skip


@dataclass(frozen=True)
class ClosedPage:
    """One page of closed trades, newest first."""

    rows: tuple[ClosedTradeRow, ...]
    page: int  # 1-based
    pages: int  # at least 1
    total: int


_COLUMNS = (
    "select t.bot_id, t.ft_trade_id, t.pair, t.is_open, t.is_short, t.open_date, t.close_date,"
    " t.open_rate, t.close_rate, t.amount, t.stake_amount, t.profit_abs, t.profit_ratio,"
    " t.exit_reason, t.enter_tag, t.fee_open, t.fee_close, t.fee_open_cost, t.fee_close_cost,"
    " t.stop_loss, b.stake_currency as currency"
    " from trades t join bots b on b.id = t.bot_id"
)


async def open_trades(conn: asyncpg.Connection, bot_id: uuid.UUID) -> tuple[OpenTradeRow, ...]:
    """Return the bot's open trades, oldest first."""
    rows = await conn.fetch(
        f"{_COLUMNS} where t.bot_id = $1 and t.is_open order by t.open_date", bot_id
    )
    return tuple(OpenTradeRow.from_row(row) for row in rows)


async def closed_page(
    conn: asyncpg.Connection, bot_id: uuid.UUID, page: int, *, total: int | None = None
) -> ClosedPage:
    """Return page `page` of the bot's closed trades (a page past the end gives the last).

    `total`: how many closed trades the bot has, when the caller counted them already.
    """
    if total is None:
        total = await conn.fetchval(
            "select count(*) from trades where bot_id = $1 and not is_open", bot_id
        )
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = await conn.fetch(
        f"{_COLUMNS} where t.bot_id = $1 and not t.is_open"
        " order by t.close_date desc nulls last, t.ft_trade_id desc limit $2 offset $3",
        bot_id,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    return ClosedPage(tuple(ClosedTradeRow.from_row(r) for r in rows), page, pages, total)


async def trade_row(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, trade_id: int
) -> OpenTradeRow | ClosedTradeRow | None:
    """Return one trade of the user's bot as its table row (for live updates); None if unseen."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            f"{_COLUMNS} where t.bot_id = $1 and t.ft_trade_id = $2", bot_id, trade_id
        )
    if row is None:
        return None
    return OpenTradeRow.from_row(row) if row["is_open"] else ClosedTradeRow.from_row(row)


async def export_batches(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, size: int = EXPORT_BATCH
) -> AsyncIterator[list[OpenTradeRow | ClosedTradeRow]]:
    """Yield every trade of the user's bot in the order they opened, `size` at a time (CSV).

    Raises bot_not_found before the first batch. Each batch is read in its own short
    transaction, after the last trade of the one before, so a slow download never holds a
    database connection; a trade that changes meanwhile is exported as it then stands.
    """
    after: asyncpg.Record | None = None
    while True:
        async with runtime.db.as_user(user_id) as conn:
            rows = await _export_batch(conn, bot_id, after, size)
        if rows:
            yield [
                OpenTradeRow.from_row(r) if r["is_open"] else ClosedTradeRow.from_row(r)
                for r in rows
            ]
        if len(rows) < size:
            return
        after = rows[-1]


async def _export_batch(
    conn: asyncpg.Connection, bot_id: uuid.UUID, after: asyncpg.Record | None, size: int
) -> list[asyncpg.Record]:
    """Read the next batch after trade `after` (the first batch: once the bot is found)."""
    if after is not None:
        return list(
            await conn.fetch(_EXPORT_NEXT, bot_id, after["open_date"], after["ft_trade_id"], size)
        )
    if not await conn.fetchval(_BOT_EXISTS, bot_id):
        raise UserFacingError("bot_not_found")
    return list(await conn.fetch(_EXPORT_FIRST, bot_id, size))


_BOT_EXISTS = "select exists(select 1 from bots where id = $1)"
# Keyset pages on the export index (dashboard_indexes migration): (open time, Freqtrade id).
_EXPORT_FIRST = f"{_COLUMNS} where t.bot_id = $1 order by t.open_date, t.ft_trade_id limit $2"
_EXPORT_NEXT = (
    f"{_COLUMNS} where t.bot_id = $1 and (t.open_date, t.ft_trade_id) > ($2, $3)"
    " order by t.open_date, t.ft_trade_id limit $4"
)
