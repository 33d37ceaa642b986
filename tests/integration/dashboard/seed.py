"""Rows for dashboard tests: bots, trades and events written as the system writes them."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.access import issue_link

T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


async def sign_in(client: TestClient, runtime: Runtime, user: uuid.UUID) -> None:  # type: ignore[type-arg]
    """Sign the test client in as `user` by following a fresh one-time link."""
    link = await issue_link(runtime, user, dt.datetime.now(dt.UTC))
    response = await client.get(urlsplit(link).path, allow_redirects=False)
    assert response.status == 302, await response.text()


async def add_strategy(runtime: Runtime, user: uuid.UUID, name: str = "Cross RSI") -> uuid.UUID:
    """Insert a strategy with one spec version (no sandbox needed); return the version's id."""
    async with runtime.db.as_service() as conn:
        strategy = await conn.fetchval(
            "insert into strategies (user_id, name) values ($1, $2) returning id", user, name
        )
        version: uuid.UUID = await conn.fetchval(
            "insert into strategy_versions (strategy_id, user_id, version, class_name, code,"
            " kind, spec) values ($1, $2, 1, 'CrossRsi', 'pass', 'spec', '{}') returning id",
            strategy,
            user,
        )
    return version


async def add_bot(
    runtime: Runtime,
    user: uuid.UUID,
    name: str = "BTC scalper",
    *,
    status: str = "running",
    desired: str = "running",
    version: uuid.UUID | None = None,
    pair: str = "BTC/USDT",
) -> uuid.UUID:
    """Insert a dry-run bot in the given state; return its id."""
    async with runtime.db.as_service() as conn:
        bot: uuid.UUID = await conn.fetchval(
            "insert into bots (user_id, name, strategy_version_id, exchange, pair, timeframe,"
            " stake_amount, dry_run, status, desired_state)"
            " values ($1, $2, $3, 'binance', $4, '5m', 100, true, $5, $6) returning id",
            user,
            name,
            version,
            pair,
            status,
            desired,
        )
    return bot


async def add_trade(
    runtime: Runtime,
    user: uuid.UUID,
    bot: uuid.UUID,
    ft_id: int,
    *,
    profit: str | None,
    opened: dt.datetime = T0,
    hours: float = 2,
    reason: str | None = "roi",
    tag: str | None = None,
    pair: str = "BTC/USDT",
) -> None:
    """Insert a trade: closed `hours` after `opened` with `profit`, or open when profit is None."""
    is_open = profit is None
    closed = None if is_open else opened + dt.timedelta(hours=hours)
    amount, rate = Decimal("0.001"), Decimal("50000")
    gain = Decimal(profit or 0)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount, stake_amount,"
            " open_rate, close_rate, open_date, close_date, profit_abs, profit_ratio,"
            " exit_reason, enter_tag) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)",
            user,
            bot,
            ft_id,
            pair,
            is_open,
            amount,
            amount * rate,
            rate,
            None if is_open else rate + gain / amount,
            opened,
            closed,
            None if is_open else gain,
            None if is_open else gain / (amount * rate),
            None if is_open else reason,
            tag,
        )


async def add_event(
    runtime: Runtime, user: uuid.UUID, bot: uuid.UUID, kind: str, level: str, message: str
) -> None:
    """Insert a bot event as the worker or supervisor records one."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into bot_events (user_id, bot_id, kind, level, message)"
            " values ($1, $2, $3, $4, $5)",
            user,
            bot,
            kind,
            level,
            message,
        )
