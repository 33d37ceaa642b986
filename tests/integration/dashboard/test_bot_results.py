"""The bot page's statistics, curve and daily profit from SQL equal the pure-Python figures."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

import pytest

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard import stats as figures
from orchestrator.dashboard.bot_results import read_results
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import T0, add_bot

ZONE = "Asia/Jakarta"


async def seed_trades(runtime: Runtime, user: uuid.UUID, bot: uuid.UUID, count: int) -> None:
    """Insert closed trades with awkward profits: ties in time, zeros, nulls, an early loss."""
    rng = random.Random(7)
    rows = []
    for n in range(1, count + 1):
        opened = T0 + dt.timedelta(hours=rng.randint(0, 24 * 60))
        closed = opened + dt.timedelta(minutes=rng.choice([30, 30, 90, 600]))  # many ties
        closed += dt.timedelta(microseconds=rng.choice([0, 499_999, 500_000, 500_001]))
        profit = Decimal(rng.randint(-5_000_000, 6_000_000)).scaleb(-12) * rng.choice([1, 10**6])
        if n % 37 == 0:
            profit = Decimal(0)
        rows.append((user, bot, n, False, opened, closed, None if n % 53 == 0 else profit))
    rows.append((user, bot, count + 1, False, T0 - dt.timedelta(days=1), T0, Decimal(-25)))
    big = Decimal("98765432109876.543210987654")  # 14 digits before the point: no float, no int8
    rows.append((user, bot, count + 4, False, T0, T0 + dt.timedelta(days=9), big))
    rows.append((user, bot, count + 5, False, T0, T0 + dt.timedelta(days=19), -big - 1))
    rows.append((user, bot, count + 2, False, T0, None, Decimal(3)))  # closed without a time
    rows.append((user, bot, count + 3, True, T0, None, None))  # open: not a result
    async with runtime.db.as_service() as conn:
        await conn.executemany(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
            " stake_amount, open_rate, open_date, close_date, profit_abs)"
            " values ($1, $2, $3, 'BTC/USDT', $4, 1, 100, 50000, $5, $6, $7)",
            rows,
        )


async def python_figures(
    runtime: Runtime, user: uuid.UUID, bot: uuid.UUID
) -> tuple[list[int], list[Decimal], list[tuple[dt.date, Decimal]]]:
    """Read close times and profits in close order; add up days in Python."""
    async with runtime.db.as_user(user) as conn:
        rows = await conn.fetch(
            "select extract(epoch from close_date)::bigint as x, close_date,"
            " coalesce(profit_abs, 0) as p from trades where bot_id = $1 and not is_open"
            " and close_date is not null order by close_date, ft_trade_id",
            bot,
        )
    days: dict[dt.date, Decimal] = {}
    for row in rows:
        day = row["close_date"].astimezone(dt.timezone(dt.timedelta(hours=7))).date()
        days[day] = days.get(day, figures.ZERO) + row["p"]
    return [r["x"] for r in rows], [r["p"] for r in rows], sorted(days.items())


@pytest.mark.parametrize(("start", "most"), [(figures.ZERO, 1200), (Decimal(1000), 50)])
async def test_sql_results_equal_the_python_statistics(
    runtime: Runtime, make_user: UserFactory, start: Decimal, most: int
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    await seed_trades(runtime, user, bot, 400)
    xs, profits, days = await python_figures(runtime, user, bot)

    async with runtime.db.as_user(user) as conn:
        results = await read_results(conn, bot, ZONE, most, start)

    expected = figures.stats(profits, start)
    assert results.stats == expected
    assert str(results.stats.expectancy) == str(expected.expectancy)  # same digits, too
    assert str(results.stats.profit_factor) == str(expected.profit_factor)
    assert expected.drawdown.amount > 0 and len(xs) == 403  # a fall, and ties in close time
    running = [float(level) for level in figures.cumulative(profits)]
    assert list(results.curve) == figures.thin(list(zip(xs, running, strict=True)), most)
    assert len(results.curve) == (len(xs) if most > len(xs) else pytest.approx(most, abs=2))
    assert list(results.days) == days  # Jakarta has no summer time: UTC+7 all year


async def test_a_bot_without_closed_trades_has_empty_results(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)

    async with runtime.db.as_user(user) as conn:
        results = await read_results(conn, bot, ZONE, 1200)

    assert results.stats == figures.stats([])
    assert results.curve == () and results.days == ()


@pytest.mark.parametrize(
    ("profits", "fall", "peak_index", "trough_index"),
    [
        (["-2", "-3", "1", "-1"], 5, None, 1),  # only lost: the fall counts from zero
        (["5", "7", "-8", "5", "-8", "14"], 11, 1, 4),  # from the peak 12 down to 1
        (["1", "-1", "1", "-1"], 1, 0, 1),  # equal falls: the first one
    ],
)
async def test_the_drawdown_is_the_first_deepest_fall_below_an_earlier_peak(
    runtime: Runtime,
    make_user: UserFactory,
    profits: list[str],
    fall: int,
    peak_index: int | None,
    trough_index: int,
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    async with runtime.db.as_service() as conn:
        for n, profit in enumerate(profits, start=1):
            await conn.execute(
                "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
                " stake_amount, open_rate, open_date, close_date, profit_abs)"
                " values ($1, $2, $3, 'BTC/USDT', false, 1, 100, 50000, $4, $4, $5)",
                user, bot, n, T0 + dt.timedelta(hours=n), Decimal(profit),
            )  # fmt: skip

    async with runtime.db.as_user(user) as conn:
        results = await read_results(conn, bot, ZONE, 1200, Decimal(100))

    down = results.stats.drawdown
    assert results.stats == figures.stats([Decimal(p) for p in profits], Decimal(100))
    assert (down.amount, down.peak_index, down.trough_index) == (fall, peak_index, trough_index)
