"""One dashboard user with everything their pages show, for bench/dashboard.py.

Bots in a mix of states (running, paused, stopped, failed, starting), dry and live, USDT and
USDC; trades over the last `days` days, the busiest bot holding `top_share` of them and
running bots a few open ones; strategies with two versions and a backtest each; a key; bot
events (warnings and errors today) and supervisor decisions; invoices; worker leases.
Trades are copied in bulk, then vacuumed as autovacuum would leave an old table.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ai_strategies.spec import parse_spec, render_strategy
from billing_tripay.refs import new_ref
from emulators.llm.canned import GOOD_SPEC
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, store_key
from orchestrator.runner.leases import LEASE_PREFIX
from orchestrator.strategies.versions import NewVersion, add_version, create_strategy

DAY = dt.timedelta(days=1)
REASONS = ("roi", "stop_loss", "exit_signal", "trailing_stop_loss")
TAGS = (None, None, "rsi_cross", "breakout", "=SUM(A1)")  # one formula-looking tag for the CSV
FIGURES = {"trades": 48, "days": 90, "ok": True, "overall": {
    "trades": 48, "win_rate": 0.56, "profit_pct": 7.1, "max_drawdown_pct": 4.2}}  # fmt: skip
# Per bot index % 10: (status, desired state, failure reason).
STATES = (
    ("running", "running", None), ("running", "running", None), ("running", "running", None),
    ("running", "running", None), ("paused", "paused", None), ("paused", "paused", None),
    ("stopped", "stopped", None), ("stopped", "stopped", None),
    ("failed", "running", "exchange refused the order"), ("starting", "running", None),
)  # fmt: skip
TRADE_COLUMNS = (
    "user_id", "bot_id", "ft_trade_id", "pair", "is_open", "is_short", "amount", "stake_amount",
    "open_rate", "close_rate", "open_date", "close_date", "profit_abs", "profit_ratio",
    "exit_reason", "enter_tag", "fee_open", "fee_close", "fee_open_cost", "fee_close_cost",
    "stop_loss",
)  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    """What was created: the user, their bots (the busiest first) and strategies."""

    user_id: uuid.UUID
    bots: list[uuid.UUID]
    strategies: list[uuid.UUID]
    trade_counts: list[int]  # per bot, in the order of `bots`


async def seed(runtime: Runtime, bots: int, trades: int, top_share: float, days: int) -> Seeded:
    """Create the user and everything their dashboard shows."""
    rng = random.Random(14)
    now = dt.datetime.now(dt.UTC)
    async with runtime.db.as_service() as conn:
        user = await conn.fetchval(
            "insert into users (telegram_id, language, plan_code, plan_expires_at)"
            " values ($1, 'id', 'elite', $2) returning id",
            900_000_000 + int(time.time() * 1000) % 100_000_000,
            now + 20 * DAY,
        )
    versions, strategies = await seed_strategies(runtime, user, now)
    key = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials("A" * 60 + "WXYZ", "S" * 64),
        label="Main", permissions={"can_trade": True, "can_withdraw": False}, ip_restricted=True,
    )  # fmt: skip
    bot_ids = await seed_bots(runtime, user, versions, key, bots, rng)
    counts = trade_counts(bots, trades, top_share)
    await seed_trades(runtime, user, bot_ids, counts, now, days, rng)
    await seed_history(runtime, user, bot_ids, now, rng)
    await seed_invoices(runtime, user, now)
    await seed_leases(runtime, bot_ids[: bots // 2])
    async with runtime.db.pool.acquire() as conn:  # vacuum runs outside a transaction
        await conn.execute("vacuum analyze trades, bot_events, audit_log")
    return Seeded(user, bot_ids, strategies, counts)


async def seed_strategies(
    runtime: Runtime, user: uuid.UUID, now: dt.datetime
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Create five spec strategies of two versions each, with a backtest per version."""
    spec = parse_spec(GOOD_SPEC)
    rendered = render_strategy(spec, "BtcRsi5m")
    versions, strategies = [], []
    for n in range(5):
        new = NewVersion(
            "BtcRsi5m", rendered.code, f"RSI idea {n}", "", "BTC/USDT", "5m",
            dict(rendered.params), FIGURES, spec=spec,
        )  # fmt: skip
        strategy, first = await create_strategy(runtime.db, user, new)
        _, second = await add_version(runtime.db, user, strategy, new)
        strategies.append(strategy)
        versions += [first, second]
    async with runtime.db.as_service() as conn:
        await conn.executemany(
            "insert into backtests (user_id, strategy_version_id, kind, status, days, results,"
            " finished_at) values ($1, $2, 'backtest', 'done', 90, $3, $4)",
            [(user, version, FIGURES, now - DAY) for version in versions],
        )
    return versions, strategies


async def seed_bots(
    runtime: Runtime, user: uuid.UUID, versions: list[uuid.UUID], key: uuid.UUID, count: int,
    rng: random.Random,
) -> list[uuid.UUID]:  # fmt: skip
    """Create `count` bots in a mix of states, every fourth one live, on distinct pairs."""
    bots = []
    async with runtime.db.as_service() as conn:
        for index in range(count):
            status, desired, reason = STATES[index % len(STATES)]
            dry, currency = index % 4 != 1, "USDC" if index % 7 == 3 else "USDT"
            bot = await conn.fetchval(
                "insert into bots (user_id, name, strategy_version_id, exchange_key_id,"
                " exchange, pair, timeframe, stake_amount, stake_currency, dry_run, status,"
                " desired_state, failure_reason, started_at) values ($1, $2, $3, $4, 'binance',"
                " $5, '5m', 100, $6, $7, $8, $9, $10, now() - interval '3 days') returning id",
                user, f"Bot {index:02d}", rng.choice(versions), None if dry else key,
                "BTC/USDT" if index == 0 else f"C{index:02d}/{currency}", currency, dry,
                status, desired, reason,
            )  # fmt: skip
            bots.append(bot)
    return bots


def trade_counts(bots: int, trades: int, top_share: float) -> list[int]:
    """Split `trades` over the bots: the first gets `top_share`, the others the rest evenly."""
    if bots == 1:
        return [trades]
    top = round(trades * top_share)
    share, extra = divmod(trades - top, bots - 1)
    return [top] + [share + (1 if i < extra else 0) for i in range(bots - 1)]


def trade_record(
    user: uuid.UUID, bot: uuid.UUID, ft_id: int, opened: dt.datetime, is_open: bool,
    now: dt.datetime, rng: random.Random,
) -> tuple[Any, ...]:  # fmt: skip
    """Return one trade (in TRADE_COLUMNS order) as the trade sync writes it."""
    stake, rate = Decimal(100), Decimal(rng.randint(20_000, 90_000))
    ratio = Decimal(str(round(rng.gauss(0.002, 0.012), 6)))
    closed = None if is_open else min(now, opened + dt.timedelta(minutes=rng.randint(10, 720)))
    fee = Decimal("0.001")
    return (
        user, bot, ft_id, "BTC/USDT", is_open, rng.random() < 0.1,
        (stake / rate).quantize(Decimal("0.000001")), stake, rate,
        None if is_open else rate * (1 + ratio), opened, closed,
        None if is_open else (stake * ratio).quantize(Decimal("0.00000001")),
        None if is_open else ratio, None if is_open else rng.choice(REASONS), rng.choice(TAGS),
        fee, None if is_open else fee, stake * fee, None if is_open else stake * fee,
        rate * Decimal("0.95") if is_open else None,
    )  # fmt: skip


async def seed_trades(
    runtime: Runtime, user: uuid.UUID, bots: list[uuid.UUID], counts: list[int],
    now: dt.datetime, days: int, rng: random.Random,
) -> None:  # fmt: skip
    """Copy in each bot's trades; bots that are not stopped keep one to three open."""
    records = []
    for index, (bot, count) in enumerate(zip(bots, counts, strict=True)):
        running = STATES[index % len(STATES)][1] != "stopped"
        opens = min(count, rng.randint(1, 3)) if running else 0
        moments = sorted(now - days * DAY * rng.random() for _ in range(count - opens))
        moments += sorted(now - DAY * rng.random() for _ in range(opens))
        for n, opened in enumerate(moments):
            is_open = n >= count - opens
            records.append(trade_record(user, bot, n + 1, opened, is_open, now, rng))
    async with runtime.db.as_owner() as conn:
        await conn.copy_records_to_table("trades", records=records, columns=TRADE_COLUMNS)


async def seed_history(
    runtime: Runtime, user: uuid.UUID, bots: list[uuid.UUID], now: dt.datetime, rng: random.Random
) -> None:
    """Write 20 events per bot (warnings and errors today) and supervisor decisions."""
    events, decisions = [], []
    for index, bot in enumerate(bots):
        for n in range(20):
            level = "warning" if n % 9 == 8 else "error" if n % 17 == 16 else "info"
            age = DAY * rng.random() * (1 if level != "info" else 90)
            kind = "heartbeat_gap" if level != "info" else "started"
            events.append((user, bot, kind, level, f"event {n}", now - age))
        if index % 5 == 0:
            why = {"reason": "loss_streak", "streak": 3}
            decisions.append((user, str(bot), why, now - DAY))
    async with runtime.db.as_service() as conn:
        await conn.executemany(
            "insert into bot_events (user_id, bot_id, kind, level, message, created_at)"
            " values ($1, $2, $3, $4, $5, $6)",
            events,
        )
        await conn.executemany(
            "insert into audit_log (user_id, actor, action, target, data, created_at)"
            " values ($1, 'supervisor', 'bot.warn', $2, $3, $4)",
            decisions,
        )


async def seed_invoices(runtime: Runtime, user: uuid.UUID, now: dt.datetime) -> None:
    """Insert four monthly invoices: three paid, one expired."""
    async with runtime.db.as_service() as conn:
        for n, status in enumerate(("PAID", "PAID", "EXPIRED", "PAID")):
            at = now - DAY * 30 * (4 - n)
            ref = new_ref(at.date())
            await conn.execute(
                "insert into invoices (user_id, plan_code, merchant_ref, tripay_reference, method,"
                " method_name, amount_idr, fee_customer_idr, status, expires_at, paid_at,"
                " created_at) values ($1, 'elite', $2, $3, 'QRIS', 'QRIS', 449000, 3143, $4,"
                " $5, $6, $5)",
                user, ref, f"DEV-T{ref[-10:]}", status, at, at if status == "PAID" else None,
            )  # fmt: skip


async def seed_leases(runtime: Runtime, bots: list[uuid.UUID]) -> None:
    """Give bots a worker lease (long-lived here), so their cards show a heartbeat."""
    for bot in bots:
        await runtime.redis.set(f"{LEASE_PREFIX}{bot}", "bench-worker", px=3_600_000)
