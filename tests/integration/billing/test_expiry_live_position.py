"""Expiry with an open live position: the lapsed plan stops entries, never the position.

A real live Freqtrade bot trades on the exchange emulator, which replays a price path made
for this test: flat, with short rallies from a little after the bot starts. The bot buys
on the flat; the emulator's market clock is then frozen there (its `stale` fault), so the
position stays open while the billing cron, on an injected clock, drops the user to free.
Moving the frozen clock into a later rally makes the strategy's ROI sell; once the bot is
flat the cron stops it. The exchange's own ledger shows that sell is the only order placed
after the downgrade.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from billing_tripay.periods import GRACE
from emulators.exchange import TEST_KEYS, EmulatorSettings, ExchangeEmulator, FaultMode
from emulators.exchange.orders import Order
from orchestrator.billing.lifecycle import run_lifecycle
from orchestrator.bots.service import NewBot, create_bot, start_bot
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, store_key
from orchestrator.runner.dispatch import run_command
from tests.integration.runner.conftest import BotFactory, NodeFactory, make_bot, make_node, runtime
from tests.support.waiting import eventually

__all__ = ["make_bot", "make_node", "runtime"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

KEY = TEST_KEYS["binance_trade_ip"]
PRICE = 50_000.0
RALLIES_FROM_S = 40  # after the path is made: room for the bot to start and buy on the flat
RALLY_EVERY_S = 30
RALLY_FOR_S = 2  # short, so a slow bot that buys after the first rally rarely buys in one
LOOP_S = 3_600  # the CSV's length; the emulator replays it end to end
CRON_AT_S = 50  # nofomo/worker.py: the node's own billing cron runs each minute at :50

# Buys on every candle (a bot still taking entries would buy again one candle after its
# exit) and sells at 1 % profit after fees, which only the rally's +2 % reaches.
RALLY_EXIT = '''
from pandas import DataFrame

from freqtrade.strategy import IStrategy


class RallyExit(IStrategy):
    """Enter on every candle; exit on 1 % profit, never on a stop within the test."""

    INTERFACE_VERSION = 3
    timeframe = "1m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.10
    startup_candle_count = 5
    process_only_new_candles = False
    order_types = {"entry": "market", "exit": "market", "stoploss": "market",
                   "stoploss_on_exchange": False}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["volume"] > 0, "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe
'''


@dataclass(frozen=True)
class PricePath:
    """BTCUSDT's price: flat at PRICE, with +2 % rallies of RALLY_FOR_S from `rallies_ms` on."""

    csv: Path
    rallies_ms: int

    def in_rally(self, ms: int) -> bool:
        """Tell whether the price is up 2 % at a moment."""
        since = ms - self.rallies_ms
        return since >= 0 and since % (RALLY_EVERY_S * 1000) < RALLY_FOR_S * 1000

    def next_peak(self, after_ms: int) -> int:
        """Return the middle of the first rally that starts after a moment."""
        every = RALLY_EVERY_S * 1000
        start = self.rallies_ms + max(0, -(-(after_ms - self.rallies_ms) // every)) * every
        return start + RALLY_FOR_S * 500


@pytest.fixture
def path(tmp_path: Path) -> PricePath:
    """Write one-second bars for an hour around now: flat, then rallies from soon on."""
    now = int(time.time())
    made = PricePath(tmp_path / "btcusdt.csv", (now + RALLIES_FROM_S) * 1000)
    rows = ["timestamp,open,high,low,close,volume"]
    for second in range(now - LOOP_S // 2, now + LOOP_S // 2):
        price = PRICE * 1.02 if made.in_rally(second * 1000) else PRICE
        rows.append(f"{second * 1000},{price},{price},{price},{price},1")
    made.csv.write_text("\n".join(rows) + "\n")
    return made


@pytest.fixture
async def exchange(path: PricePath) -> AsyncIterator[ExchangeEmulator]:
    """An exchange emulator of our own, whose BTCUSDT replays the path."""
    async with ExchangeEmulator(EmulatorSettings(csv_files={"BTCUSDT": path.csv})) as emulator:
        yield emulator


async def test_lapsed_plan_lets_the_strategy_exit_then_stops_the_bot(
    runtime: Runtime,
    make_node: NodeFactory,
    make_bot: BotFactory,
    exchange: ExchangeEmulator,
    path: PricePath,
) -> None:
    await make_node()
    user, bot = await live_bot(runtime, make_bot)
    # Paid for a month: the node's wall-clock cron has nothing to remind or downgrade.
    ends = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_expires_at = $2 where id = $1", user, ends)
    await start_bot(runtime, user, bot)
    frozen = await hold_first_position(runtime, exchange, path, bot)
    before = {order.order_id for order in orders(exchange)}
    posts = exchange.state.log.count("POST /api/v3/order")

    lapsed = ends + GRACE + dt.timedelta(minutes=1)
    await downgrade(runtime, user, bot, ends, lapsed)
    await run_lifecycle(runtime, lapsed + dt.timedelta(minutes=1))  # holding: not stopped
    assert await bot_state(runtime, bot) == ("paused", "notify", "paused")
    assert {order.order_id for order in orders(exchange)} == before  # nothing force-closed

    sold_at = await exit_in_rally(runtime, exchange, path, frozen, bot)
    await no_entry_for_a_candle(runtime, bot, sold_at)
    after = [order for order in orders(exchange) if order.order_id not in before]
    assert [(o.side, o.type, o.status) for o in after] == [("SELL", "MARKET", "FILLED")]
    assert exchange.state.log.count("POST /api/v3/order") == posts + 1

    await stop_once_flat(runtime, user, bot, lapsed + dt.timedelta(minutes=10))
    assert len(orders(exchange)) == len(before) + 1  # the stop sold nothing


async def live_bot(runtime: Runtime, make_bot: BotFactory) -> tuple[uuid.UUID, uuid.UUID]:
    """Make an Elite user with the strategy, a trading key and a stopped live bot."""
    user, draft = await make_bot(RALLY_EXIT, "RallyExit", name="draft")  # stays stopped
    key = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials(KEY.api_key, KEY.secret)
    )
    async with runtime.db.as_service() as conn:
        version = await conn.fetchval("select strategy_version_id from bots where id = $1", draft)
    new = NewBot(
        name="BTC rally",
        strategy_version_id=version,
        exchange="binance",
        pair="BTC/USDT",
        stake_amount=Decimal(20),
        timeframe="1m",
        dry_run=False,
        exchange_key_id=key,
    )
    return user, await create_bot(runtime, user, new)


async def hold_first_position(
    runtime: Runtime, exchange: ExchangeEmulator, path: PricePath, bot: uuid.UUID
) -> int:
    """Wait for the bot's first buy, freeze the market there and return the frozen moment."""

    async def bought() -> list[asyncpg.Record]:
        return [row for row in await own_trades(runtime, bot) if row["is_open"]]

    [trade] = await eventually(bought, within=90, every=0.2, what="the bot's first buy")
    await exchange.set_fault(FaultMode.STALE)  # Freqtrade looks again 5 s after a buy at most
    frozen = exchange.state.faults.market_ms()
    assert not path.in_rally(frozen), "the bot bought in a rally: no profit to take"
    assert float(trade["open_rate"]) == pytest.approx(PRICE, rel=1e-4)

    async def synced() -> bool:
        return any(row["is_open"] for row in await our_trades(runtime, bot))

    await eventually(synced, within=15, what="the open trade in our trades table")
    return frozen


async def downgrade(
    runtime: Runtime, user: uuid.UUID, bot: uuid.UUID, ends: dt.datetime, lapsed: dt.datetime
) -> None:
    """Run the cron at the plan's end (grace), then after the grace (free, winding down)."""
    await run_lifecycle(runtime, ends + dt.timedelta(minutes=1))
    assert await user_state(runtime, user) == ("elite", "grace")
    await run_lifecycle(runtime, lapsed)
    assert await user_state(runtime, user) == ("free", "winding_down")
    assert (await bot_state(runtime, bot))[:2] == ("paused", "notify")
    told = dict(await billing_alerts(runtime, user))
    assert list(told) == ["plan_grace", "plan_downgraded"]
    moves = told["plan_downgraded"]
    assert (moves["winding"], moves["stopped"], moves["paused"]) == (["BTC rally"], [], [])

    async def paused() -> bool:  # the worker applied it: Freqtrade's stopentry
        return (await bot_state(runtime, bot))[2] == "paused"

    await eventually(paused, within=20, what="stopentry applied")
    assert (await run_command(runtime.redis, bot, "show_config"))["state"] == "paused"
    assert (await run_command(runtime.redis, bot, "count"))["current"] == 1


async def exit_in_rally(
    runtime: Runtime, exchange: ExchangeEmulator, path: PricePath, frozen: int, bot: uuid.UUID
) -> float:
    """Move the frozen market into the rally after the buy; return when the ROI sold."""
    peak = path.next_peak(frozen)
    await asyncio.sleep(max(0.0, selling_moment(peak) - time.time()))
    await exchange.set_fault(FaultMode.STALE, lag=time.time() - peak / 1000)
    assert exchange.price("BTCUSDT") == pytest.approx(PRICE * 1.02)

    async def sold() -> bool:
        return not any(row["is_open"] for row in await own_trades(runtime, bot))

    await eventually(sold, within=30, what="the strategy's exit")
    sold_at = time.time()
    await exchange.clear_faults()

    async def synced() -> list[asyncpg.Record]:
        return [row for row in await our_trades(runtime, bot) if not row["is_open"]]

    [trade] = await eventually(synced, within=15, what="the closed trade in our trades table")
    assert trade["exit_reason"] == "roi"
    assert float(trade["close_rate"]) == pytest.approx(PRICE * 1.02, rel=1e-3)
    return sold_at


def selling_moment(peak_ms: int) -> float:
    """Return when to let the bot sell: once the rally is past, just after the node's cron.

    The worker node runs the billing cron on the wall clock too, each minute at :50, and it
    stops a flat bot. Selling just after its run leaves a candle boundary before its next
    run: the moment a bot still taking entries would buy again.
    """
    earliest = max(peak_ms / 1000 + 1, time.time())
    moment = earliest - earliest % 60 + CRON_AT_S + 1
    return moment if moment >= earliest else moment + 60


async def no_entry_for_a_candle(runtime: Runtime, bot: uuid.UUID, sold_at: float) -> None:
    """Wait past the candle after the sale (Freqtrade's re-entry lock): no second trade."""
    await asyncio.sleep(sold_at - sold_at % 60 + 60 + 15 - time.time())
    trades = await own_trades(runtime, bot)
    assert [row["is_open"] for row in trades] == [False], "a new entry after the downgrade"
    state = await bot_state(runtime, bot)
    assert state == ("paused", "notify", "paused"), "stopped before a candle had passed"


async def stop_once_flat(
    runtime: Runtime, user: uuid.UUID, bot: uuid.UUID, now: dt.datetime
) -> None:
    """Run the cron once the bot is flat: it stops the bot and tells the user."""
    await run_lifecycle(runtime, now)
    assert (await bot_state(runtime, bot))[:2] == ("stopped", None)
    assert await user_state(runtime, user) == ("free", "ok")
    told = await billing_alerts(runtime, user)
    assert [kind for kind, _ in told] == ["plan_grace", "plan_downgraded", "bot_stopped_flat"]
    assert (told[-1][1]["bot_name"], told[-1][1]["pair"]) == ("BTC rally", "BTC/USDT")

    async def stopped() -> bool:
        return (await bot_state(runtime, bot))[2] == "stopped"

    await eventually(stopped, within=30, what="the bot process stopped")


def orders(exchange: ExchangeEmulator) -> list[Order]:
    """Return every BTCUSDT order of the bot's key, from the emulator's ledger."""
    state = exchange.state
    return state.ledger.orders(KEY.api_key, "BTCUSDT", state.faults.market_ms(), only_open=False)


async def own_trades(runtime: Runtime, bot: uuid.UUID) -> list[asyncpg.Record]:
    """Return the trades in the bot's own Freqtrade schema (none before it made them)."""
    table = f"bot_{bot.hex}.trades"
    async with runtime.db.as_owner() as conn:
        if await conn.fetchval("select to_regclass($1)", table) is None:
            return []
        return list(await conn.fetch(f"select id, is_open, open_rate from {table} order by id"))


async def our_trades(runtime: Runtime, bot: uuid.UUID) -> list[asyncpg.Record]:
    sql = "select is_open, exit_reason, close_rate from trades where bot_id = $1"
    async with runtime.db.as_service() as conn:
        return list(await conn.fetch(sql, bot))


async def bot_state(runtime: Runtime, bot: uuid.UUID) -> tuple[str, str | None, str]:
    sql = "select desired_state, wind_down, status from bots where id = $1"
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(sql, bot)
    return row["desired_state"], row["wind_down"], row["status"]


async def user_state(runtime: Runtime, user: uuid.UUID) -> tuple[str, str]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select plan_code, billing_state from users where id = $1", user)
    return row["plan_code"], row["billing_state"]


async def billing_alerts(runtime: Runtime, user: uuid.UUID) -> list[tuple[str, Any]]:
    """Return the billing notices queued for the user, oldest first (trade alerts aside)."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select kind, payload from alerts where user_id = $1"
            " and (kind like 'plan\\_%' or kind = 'bot_stopped_flat') order by id",
            user,
        )
    return [(row["kind"], row["payload"]) for row in rows]
