"""Profit per day, week, month and pair across all of a user's bots, from the synced trades.

Periods are calendar days, ISO weeks (Monday first) and months in Asia/Jakarta, the time our
users live in; stopped bots count too, since their trades stay in our `trades` table. Money
is summed per stake currency and left unrounded: the interfaces round it when they show it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

import asyncpg

from orchestrator.core.errors import UserFacingError
from orchestrator.db.pool import Database

Unit = Literal["day", "week", "month"]
JAKARTA = ZoneInfo("Asia/Jakarta")
# Freqtrade's defaults for /daily, /weekly and /monthly.
DEFAULT_PERIODS: dict[Unit, int] = {"day": 7, "week": 4, "month": 3}
MAX_PERIODS = 60
# What a user is told when the number of periods is not one we answer.
RANGE_ERRORS: dict[Unit, str] = {
    "day": "report_days_range",
    "week": "report_weeks_range",
    "month": "report_months_range",
}


@dataclass(frozen=True)
class Money:
    """An amount in one currency."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class PeriodProfit:
    """Realised profit of one period: per stake currency, and how many trades closed."""

    start: dt.date  # the period's first day, in Jakarta
    profit: tuple[Money, ...]  # one per currency of the report, zero when nothing closed
    trades: int


@dataclass(frozen=True)
class PeriodReport:
    """Profit per period, newest first, over every bot of one user."""

    unit: Unit
    periods: tuple[PeriodProfit, ...]
    currencies: tuple[str, ...]  # the stake currencies of the user's bots; empty: no bots

    @property
    def total(self) -> tuple[Money, ...]:
        """Return the profit of all periods together, per currency."""
        return tuple(
            Money(sum((p.profit[i].amount for p in self.periods), Decimal(0)), currency)
            for i, currency in enumerate(self.currencies)
        )

    @property
    def trades(self) -> int:
        """Return how many trades closed in all periods together."""
        return sum(p.trades for p in self.periods)


@dataclass(frozen=True)
class PairPerformance:
    """Realised profit of one pair over all closed trades of a user's bots."""

    pair: str
    profit: Money
    trades: int
    wins: int


def wanted_periods(unit: Unit, args: Sequence[str]) -> int:
    """Return how many periods a command asks for: the default, or 1 to MAX_PERIODS."""
    if not args:
        return DEFAULT_PERIODS[unit]
    text = args[0].strip()
    count = int(text) if text.isascii() and text.isdigit() and len(args) == 1 else 0
    if not 1 <= count <= MAX_PERIODS:
        raise UserFacingError(RANGE_ERRORS[unit], default=DEFAULT_PERIODS[unit], limit=MAX_PERIODS)
    return count


def period_start(unit: Unit, day: dt.date) -> dt.date:
    """Return the first day of the period that holds `day`."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def periods_back(unit: Unit, start: dt.date, count: int) -> dt.date:
    """Return the start of the period `count` periods before the one starting on `start`."""
    if unit == "week":
        return start - dt.timedelta(weeks=count)
    if unit == "month":
        index = start.year * 12 + start.month - 1 - count
        return dt.date(index // 12, index % 12 + 1, 1)
    return start - dt.timedelta(days=count)


def period_starts(unit: Unit, count: int, now: dt.datetime) -> list[dt.date]:
    """Return the first days of the last `count` periods up to `now`'s, newest first."""
    current = period_start(unit, now.astimezone(JAKARTA).date())
    return [periods_back(unit, current, back) for back in range(count)]


def jakarta_midnight(day: dt.date) -> dt.datetime:
    """Return the moment a Jakarta calendar day begins."""
    return dt.datetime.combine(day, dt.time(), JAKARTA)


_PER_PERIOD = """
select date_trunc($1, t.close_date at time zone 'Asia/Jakarta')::date as start,
       b.stake_currency as currency, coalesce(sum(t.profit_abs), 0) as profit,
       count(*) as trades
from trades t join bots b on b.id = t.bot_id
where not t.is_open and t.close_date >= $2 and t.close_date < $3
group by 1, 2
"""


async def period_profit(
    db: Database, user_id: uuid.UUID, unit: Unit, count: int, now: dt.datetime | None = None
) -> PeriodReport:
    """Sum the user's closed trades per period (row-level security keeps them theirs)."""
    starts = period_starts(unit, count, now or dt.datetime.now(dt.UTC))
    end = periods_back(unit, starts[0], -1)
    async with db.as_user(user_id) as conn:
        currencies = await conn.fetch("select distinct stake_currency from bots order by 1")
        rows = await conn.fetch(
            _PER_PERIOD, unit, jakarta_midnight(starts[-1]), jakarta_midnight(end)
        )
    found = {(row["start"], row["currency"]): row for row in rows}
    names = tuple(row["stake_currency"] for row in currencies)
    periods = tuple(_period(start, names, found) for start in starts)
    return PeriodReport(unit, periods, names)


def _period(
    start: dt.date, currencies: tuple[str, ...], found: Mapping[tuple[dt.date, str], asyncpg.Record]
) -> PeriodProfit:
    """Build one period from its rows per currency; a currency without trades made zero."""
    mine = {c: found[start, c] for c in currencies if (start, c) in found}
    profit = tuple(Money(mine[c]["profit"] if c in mine else Decimal(0), c) for c in currencies)
    return PeriodProfit(start, profit, sum(row["trades"] for row in mine.values()))


_PER_PAIR = """
select t.pair, b.stake_currency as currency, coalesce(sum(t.profit_abs), 0) as profit,
       count(*) as trades, count(*) filter (where t.profit_abs > 0) as wins
from trades t join bots b on b.id = t.bot_id
where not t.is_open
group by 1, 2 order by 3 desc, 1, 2
"""


async def pair_performance(db: Database, user_id: uuid.UUID) -> list[PairPerformance]:
    """Sum the user's closed trades per pair, most profitable first."""
    async with db.as_user(user_id) as conn:
        rows = await conn.fetch(_PER_PAIR)
    return [
        PairPerformance(
            row["pair"], Money(row["profit"], row["currency"]), row["trades"], row["wins"]
        )
        for row in rows
    ]
