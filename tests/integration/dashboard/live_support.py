"""Helpers for live-update tests: read an SSE stream, and give a bot a Freqtrade schema."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import aiohttp
import asyncpg

from orchestrator.core.runtime import Runtime
from orchestrator.runner import botdb


@dataclass(frozen=True)
class Frame:
    """One server-sent event as a browser's EventSource would see it."""

    id: str
    event: str
    data: dict[str, Any]


class SseStream:
    """Parse frames off an open `text/event-stream` response."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response
        self.comments: list[str] = []
        self.retry: int | None = None

    async def next(self, within: float) -> Frame | None:
        """Return the next event, or None when none comes `within` seconds (or it ends)."""
        try:
            async with asyncio.timeout(within):
                while True:
                    frame = await self._block()
                    if frame is None:
                        return None  # the server ended the stream
                    if frame.event:
                        return frame
        except TimeoutError:
            return None

    async def take(self, count: int, within: float = 10.0) -> list[Frame]:
        """Return exactly the next `count` events; fail if they do not all come in time."""
        frames: list[Frame] = []
        for _ in range(count):
            frame = await self.next(within)
            assert frame is not None, f"got {len(frames)} of {count} events: {frames}"
            frames.append(frame)
        return frames

    async def ended(self, within: float) -> bool:
        """Tell whether the server closes the stream within `within` seconds."""
        try:
            async with asyncio.timeout(within):
                while await self.response.content.readline():
                    pass
        except TimeoutError:
            return False
        except aiohttp.ClientPayloadError:
            return True
        return True

    async def _block(self) -> Frame | None:
        fields: dict[str, str] = {}
        while True:
            raw = await self.response.content.readline()
            if not raw:
                return None
            line = raw.decode().rstrip("\n")
            if not line:
                break
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if not name:
                self.comments.append(value)
            elif name == "retry":
                self.retry = int(value)
            else:
                fields[name] = fields[name] + "\n" + value if name in fields else value
        data = json.loads(fields["data"]) if "data" in fields else {}
        return Frame(fields.get("id", ""), fields.get("event", ""), data)


FT_TABLES = """
create table trades (
  id serial primary key, pair text not null, is_open boolean not null, is_short boolean,
  amount numeric not null, stake_amount numeric not null, open_rate numeric not null,
  close_rate numeric, open_date timestamp not null, close_date timestamp,
  close_profit numeric, close_profit_abs numeric, exit_reason text, enter_tag text
);
create table orders (ft_trade_id int, ft_order_side text, status text);
"""


@contextlib.asynccontextmanager
async def freqtrade_schema(runtime: Runtime, bot_id: uuid.UUID) -> AsyncIterator[Any]:
    """Give the bot its own schema and role with Freqtrade's two tables; yield a connection
    logged in as the bot (as Freqtrade would be), and drop it all afterwards."""
    async with runtime.db.as_owner() as conn:
        bot_db = await botdb.provision(conn, bot_id, runtime.vault)
    bot = await asyncpg.connect(
        runtime.database_url,
        user=bot_db.role,
        password=bot_db.password,
        server_settings={"search_path": bot_db.schema},
    )
    try:
        await bot.execute(FT_TABLES)
        yield bot
    finally:
        await bot.close()
        async with runtime.db.as_owner() as conn:
            await botdb.drop(conn, bot_id)


async def open_ft_trade(bot: Any, pair: str = "BTC/USDT") -> int:
    """Open a filled trade in the bot's schema, as Freqtrade does; return its id."""
    trade_id: int = await bot.fetchval(
        "insert into trades (pair, is_open, is_short, amount, stake_amount, open_rate, open_date)"
        " values ($1, true, false, 0.002, 100, 50000, $2) returning id",
        pair,
        dt.datetime(2026, 11, 30, 4, 0),
    )
    await bot.execute("insert into orders values ($1, 'buy', 'closed')", trade_id)
    return trade_id


async def close_ft_trade(bot: Any, trade_id: int, profit: str) -> None:
    """Close the trade at a profit (negative: a loss), as Freqtrade does."""
    await bot.execute(
        "update trades set is_open = false, close_rate = 51000, close_date = $2,"
        " close_profit = $3::numeric / 100, close_profit_abs = $3::numeric,"
        " exit_reason = 'roi' where id = $1",
        trade_id,
        dt.datetime(2026, 11, 30, 6, 0),
        Decimal(profit),
    )
