"""A bot's chart from its synced trades: candles from the exchange, or from the running bot."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from emulators.exchange import ExchangeEmulator
from orchestrator.bots.chart_candles import parse_pair_candles
from orchestrator.bots.charts import bot_chart
from orchestrator.bots.service import start_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import run_command
from tests.conftest import UserFactory
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.charts import PORTRAIT, assert_chart
from tests.support.waiting import eventually

MINUTE = dt.timedelta(minutes=1)
KLINES = "GET /api/v3/klines"
MARKETS = "GET /api/v3/exchangeInfo"


async def add_trade(
    runtime: Runtime,
    bot_id: uuid.UUID,
    trade_id: int,
    opened: dt.datetime,
    closed: dt.datetime | None = None,
    profit: str | None = None,
) -> None:
    """Store a synced trade of 0.002 BTC bought at 50,000; with `closed`, sold at 50,100."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
            " stake_amount, open_rate, close_rate, open_date, close_date, profit_abs)"
            " select user_id, id, $2, pair, $4::timestamptz is null, 0.002, 100, 50000,"
            " case when $4::timestamptz is null then null else 50100 end, $3, $4, $5::numeric"
            " from bots where id = $1",
            bot_id,
            trade_id,
            opened,
            closed,
            None if profit is None else Decimal(profit),
        )


async def test_stopped_bot_charts_exchange_candles_with_open_and_closed_trades(
    runtime: Runtime, make_bot: BotFactory, make_user: UserFactory, exchange: ExchangeEmulator
) -> None:
    user, bot = await make_bot(timeframe="1m")
    now = dt.datetime.now(dt.UTC)
    # Long before the 150 candles a phone can show, then one in view, then one still open.
    await add_trade(runtime, bot, 1, now - 300 * MINUTE, now - 290 * MINUTE, "0.48")
    await add_trade(runtime, bot, 2, now - 40 * MINUTE, now - 30 * MINUTE, "-0.25")
    await add_trade(runtime, bot, 3, now - 10 * MINUTE)
    klines = exchange.state.log.count(KLINES)

    chart = await bot_chart(runtime, user, bot, now=now)

    assert exchange.state.log.count(KLINES) == klines + 1  # a stopped bot: the exchange's
    assert_chart(chart.png, PORTRAIT)
    assert (chart.pair, chart.timeframe, chart.currency, chart.dry_run) == (
        "BTC/USDT",
        "1m",
        "USDT",
        True,
    )
    book = chart.ledger
    assert book.realised == pytest.approx(0.23)
    assert (book.closed_trades, book.open_trades) == (2, 1)
    assert (book.earlier_trades, book.earlier_profit) == (1, pytest.approx(0.48))
    assert book.price is not None and book.price > 0
    assert book.unrealised == pytest.approx(0.002 * (book.price - 50_000))
    assert [trade.entry_price for trade in chart.open_trades] == [50_000]
    assert chart.shown_from is not None
    assert now - 290 * MINUTE < chart.shown_from < now - 40 * MINUTE


async def test_only_an_open_trade_gives_a_chart_and_others_see_nothing(
    runtime: Runtime, make_bot: BotFactory, make_user: UserFactory
) -> None:
    user, bot = await make_bot(timeframe="5m", exchange="bybit")
    now = dt.datetime.now(dt.UTC)
    await add_trade(runtime, bot, 1, now - 20 * MINUTE)
    chart = await bot_chart(runtime, user, bot, now=now)
    assert_chart(chart.png, PORTRAIT)
    assert (chart.ledger.open_trades, chart.ledger.closed_trades) == (1, 0)
    assert chart.ledger.realised == 0
    assert chart.shown_from is not None and chart.shown_from < now - 20 * MINUTE
    stranger = await make_user()
    with pytest.raises(UserFacingError) as refused:
        await bot_chart(runtime, stranger, bot, now=now)
    assert refused.value.key == "bot_not_found"


@pytest.mark.slow
async def test_running_bot_serves_its_own_candles(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory, exchange: ExchangeEmulator
) -> None:
    await make_node()
    user, bot = await make_bot()
    await start_bot(runtime, user, bot)

    async def synced_trade() -> int:
        async with runtime.db.as_service() as conn:
            return int(await conn.fetchval("select count(*) from trades where bot_id = $1", bot))

    await eventually(synced_trade, within=45, what="the bot's first trade in our table")
    args = {"pair": "BTC/USDT", "timeframe": "1m", "limit": 20, "columns": []}

    async def candles() -> int:
        return len(parse_pair_candles(await run_command(runtime.redis, bot, "pair_candles", args)))

    assert await eventually(candles, within=20, what="the bot's analysed candles") == 20
    markets = exchange.state.log.count(MARKETS)
    chart = await bot_chart(runtime, user, bot)
    # Asking the exchange would load its markets first; the running bot answered instead.
    assert exchange.state.log.count(MARKETS) == markets
    assert_chart(chart.png, PORTRAIT)
    assert chart.ledger.open_trades + chart.ledger.closed_trades >= 1
    assert chart.ledger.price is not None
