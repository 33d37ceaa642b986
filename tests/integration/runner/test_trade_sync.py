"""Trade sync from a bot's own Freqtrade tables: fees and stop-loss arrive in our `trades`.

The bot's tables are made by Freqtrade's own models (its SQLAlchemy metadata, over the bot's
login, as Freqtrade makes them) and its trades changed by its own methods where it has them
(`update_fee`, `adjust_stop_loss`), so a renamed or retyped column fails here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
from freqtrade.enums import TradingMode
from freqtrade.persistence.base import ModelBase
from freqtrade.persistence.trade_model import Order, Trade
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from orchestrator.core.runtime import Runtime
from orchestrator.runner import botdb
from orchestrator.runner.tradesync import sync_bot
from tests.conftest import UserFactory

OPENED = dt.datetime(2026, 11, 30, 4, 0)  # Freqtrade stores naive UTC


async def _add_bot(runtime: Runtime, user: uuid.UUID) -> uuid.UUID:
    async with runtime.db.as_service() as conn:
        bot: uuid.UUID = await conn.fetchval(
            "insert into bots (user_id, name, exchange, pair, stake_amount)"
            " values ($1, 'fees', 'binance', 'BTC/USDT', 100) returning id",
            user,
        )
    return bot


class FreqtradeTables:
    """A bot's schema with Freqtrade's tables, written through Freqtrade's models."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def create(self) -> None:
        """Create Freqtrade's tables as it does at start-up."""
        ModelBase.metadata.create_all(self.engine)

    def change(self, work: Callable[[Session], None]) -> None:
        """Run `work` in a session and commit it."""
        with Session(self.engine, expire_on_commit=False) as session:
            work(session)
            session.commit()


@pytest.fixture
async def bot(runtime: Runtime, make_user: UserFactory) -> AsyncIterator[uuid.UUID]:
    """A bot of a fresh user, with its own schema and role (dropped afterwards)."""
    bot_id = await _add_bot(runtime, await make_user())
    yield bot_id
    async with runtime.db.as_owner() as conn:
        await botdb.drop(conn, bot_id)


@pytest.fixture
async def freqtrade(runtime: Runtime, bot: uuid.UUID) -> AsyncIterator[FreqtradeTables]:
    """Freqtrade's real tables in the bot's schema, over the bot's own login."""
    async with runtime.db.as_owner() as conn:
        bot_db = await botdb.provision(conn, bot, runtime.vault)
    tables = FreqtradeTables(botdb.freqtrade_db_url(runtime.database_url, bot_db))
    await asyncio.to_thread(tables.create)
    yield tables
    tables.engine.dispose()


def _trade(pair: str, rate: float, tag: str | None = None) -> Trade:
    """Open a filled spot trade of 100 USDT at `rate`, with a 5% stop, as Freqtrade would."""
    amount = 100 / rate
    trade = Trade(
        pair=pair, base_currency=pair.split("/")[0], stake_currency="USDT", exchange="binance",
        is_open=True, open_rate=rate, amount=amount, amount_requested=amount, stake_amount=100.0,
        fee_open=0.001, fee_close=0.001, open_date=OPENED, leverage=1.0, is_short=False,
        trading_mode=TradingMode.SPOT, enter_tag=tag, strategy="CrossRsi", timeframe=5,
    )  # fmt: skip
    entry = Order(
        ft_order_side="buy", ft_pair=pair, ft_is_open=False, ft_amount=amount, ft_price=rate,
        order_id=f"entry-{pair}", status="closed", symbol=pair, side="buy", price=rate,
        average=rate, amount=amount, filled=amount, remaining=0.0, cost=100.0,
    )  # fmt: skip
    trade.orders.append(entry)
    trade.adjust_stop_loss(rate, -0.05, initial=True)
    return trade


def _close(trade: Trade, rate: float) -> None:
    """Mark the trade closed at `rate` with its result, as Freqtrade leaves it."""
    trade.is_open = False
    trade.close_rate = rate
    trade.close_date = OPENED + dt.timedelta(hours=2)
    trade.close_profit_abs = trade.amount * (rate - trade.open_rate)
    trade.close_profit = trade.close_profit_abs / trade.stake_amount
    trade.exit_reason = "roi"


async def _ours(runtime: Runtime, bot: uuid.UUID) -> dict[int, asyncpg.Record]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select ft_trade_id, is_open, enter_tag, fee_open, fee_close, fee_open_cost,"
            " fee_close_cost, stop_loss, stop_loss_pct from trades where bot_id = $1",
            bot,
        )
    return {row["ft_trade_id"]: row for row in rows}


async def test_fees_and_stop_loss_arrive_from_freqtrades_own_tables(
    runtime: Runtime, bot: uuid.UUID, freqtrade: FreqtradeTables
) -> None:
    made: dict[str, Trade] = {}

    def trade(session: Session) -> None:
        won, in_bnb, still_open = (
            _trade("BTC/USDT", 50000.0, "rsi_cross"),
            _trade("ETH/USDT", 2500.0),
            _trade("SOL/USDT", 200.0),
        )
        won.update_fee(0.1, "USDT", 0.001, "buy")
        won.update_fee(0.102, "USDT", 0.00075, "sell")
        _close(won, 51000.0)
        in_bnb.update_fee(0.00012, "BNB", 0.00075, "buy")  # paid in another coin
        _close(in_bnb, 2400.0)
        session.add_all([won, in_bnb, still_open])
        made.update(won=won, in_bnb=in_bnb, still_open=still_open)

    await asyncio.to_thread(freqtrade.change, trade)

    result = await sync_bot(runtime, bot)

    assert (result.seen, result.changed) == (3, 3)
    ours = await _ours(runtime, bot)
    won, in_bnb, still_open = (ours[made[name].id] for name in ("won", "in_bnb", "still_open"))
    assert {name: value for name, value in won.items() if name != "ft_trade_id"} == {
        "is_open": False, "enter_tag": "rsi_cross",
        "fee_open": Decimal("0.001"), "fee_close": Decimal("0.00075"),
        "fee_open_cost": Decimal("0.1"), "fee_close_cost": Decimal("0.102"),
        "stop_loss": Decimal("47500"), "stop_loss_pct": Decimal("-0.05"),
    }  # fmt: skip
    # The cost in BNB is other money: the rate stays, the cost does not pass as USDT.
    assert (in_bnb["fee_open"], in_bnb["fee_open_cost"]) == (Decimal("0.00075"), None)
    assert in_bnb["fee_close_cost"] is None
    assert still_open["is_open"] and still_open["stop_loss"] == Decimal("190")
    assert (still_open["fee_open_cost"], still_open["fee_close_cost"]) == (None, None)


async def test_a_moved_stop_or_a_late_fee_updates_the_row_but_is_no_news(
    runtime: Runtime, bot: uuid.UUID, freqtrade: FreqtradeTables
) -> None:
    made: list[Trade] = []

    def trade(session: Session) -> None:
        closed, still_open = _trade("BTC/USDT", 50000.0), _trade("SOL/USDT", 200.0)
        _close(closed, 51000.0)
        session.add_all([closed, still_open])
        made.extend([closed, still_open])

    await asyncio.to_thread(freqtrade.change, trade)
    hooked: list[int] = []

    async def on_closed(conn: Any, closed: dict[str, Any]) -> None:
        hooked.append(closed["id"])

    await sync_bot(runtime, bot, on_closed)
    closed, still_open = made

    def move(session: Session) -> None:
        ours = [session.merge(closed), session.merge(still_open)]
        ours[0].update_fee(0.102, "USDT", 0.001, "sell")  # the exit's fee, known later
        ours[1].adjust_stop_loss(220.0, -0.05)  # a trailing stop follows the price up

    await asyncio.to_thread(freqtrade.change, move)
    again = await sync_bot(runtime, bot, on_closed)
    unchanged = await sync_bot(runtime, bot, on_closed)

    assert hooked == [closed.id], "a closed trade's hook ran again for a fee"
    assert (again.changed, unchanged.changed) == (2, 0)
    ours = await _ours(runtime, bot)
    assert ours[closed.id]["fee_close_cost"] == Decimal("0.102")
    assert ours[still_open.id]["stop_loss"] == Decimal("209")


OLD_FREQTRADE = """
create table trades (
  id serial primary key, pair varchar(25) not null, is_open boolean not null,
  is_short boolean, amount float not null, stake_amount float not null,
  open_rate float not null, close_rate float, open_date timestamp not null,
  close_date timestamp, close_profit float, close_profit_abs float, exit_reason varchar(100)
);
create table orders (ft_trade_id int, ft_order_side text, status text);
insert into trades (pair, is_open, amount, stake_amount, open_rate, open_date)
  values ('BTC/USDT', true, 0.002, 100, 50000, '2026-11-30 04:00');
"""


async def test_a_bot_on_an_older_freqtrade_still_syncs(runtime: Runtime, bot: uuid.UUID) -> None:
    """Without fee, stop-loss or tag columns, those read as unknown and the rest syncs."""
    async with runtime.db.as_owner() as conn:
        bot_db = await botdb.provision(conn, bot, runtime.vault)
    own = await asyncpg.connect(
        runtime.database_url,
        user=bot_db.role,
        password=bot_db.password,
        server_settings={"search_path": bot_db.schema},
    )
    try:
        await own.execute(OLD_FREQTRADE)
    finally:
        await own.close()

    result = await sync_bot(runtime, bot)

    assert (result.seen, result.changed) == (1, 1)
    [row] = (await _ours(runtime, bot)).values()
    assert row["is_open"] and row["enter_tag"] is None
    assert [row[name] for name in ("fee_open", "fee_open_cost", "stop_loss")] == [None] * 3
