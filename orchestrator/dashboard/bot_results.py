"""A bot's closed-trade results from one query: statistics, the profit curve, daily profit.

The figures are those `stats.py` defines on the list of profits (tests hold the two equal on
a seeded bot), read cheaply: the query walks the bot's closed trades along their index (no
sort), adds up counts and exact sums in SQL, and sends the profits in close order as whole
integers; Python runs the curve and its drawdown in integers of 10⁻¹² (the column's scale),
so nothing is rounded. A bot with 5,000 closed trades costs a few milliseconds instead of
5,000 Decimals or a window over numeric. Daily profit is summed in SQL, in the reader's zone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import asyncpg

from orchestrator.dashboard import stats as figures

SCALE: Final = 12  # trades.profit_abs is numeric(30, 12)
UNIT: Final = 10**SCALE

# Trades count in the order they closed, then by Freqtrade's id (the closed-trades index read
# backwards: no close time is null here). A profit goes out as its whole part and its
# fraction in units, both bigint: exact at scale 12, and numeric(30, 12) has at most 18
# digits before the point, so neither overflows. A close time goes out as Unix seconds in a
# float, exact to the microsecond; Python rounds it as `extract(epoch …)::bigint` would.
RESULTS_SQL = """
with closed as not materialized (
  select close_date, ft_trade_id, coalesce(profit_abs, 0) as p from trades
  where bot_id = $1 and not is_open and close_date is not null
)
select s.trades, s.wins, s.losses, s.gains, s.lost, s.total, s.wholes, s.fractions, s.times,
       d.days, d.sums
from (select count(*) as trades, count(*) filter (where p > 0) as wins,
             count(*) filter (where p < 0) as losses,
             coalesce(sum(p) filter (where p > 0), 0) as gains,
             coalesce(-sum(p) filter (where p < 0), 0) as lost,
             coalesce(sum(p), 0) as total,
             array_agg(trunc(p)::bigint order by close_date nulls first, ft_trade_id) as wholes,
             array_agg(((p - trunc(p)) * 1000000000000)::bigint
                       order by close_date nulls first, ft_trade_id) as fractions,
             array_agg(date_part('epoch', close_date) order by close_date nulls first, ft_trade_id)
               as times
      from closed) s
cross join (select array_agg(day order by day) as days, array_agg(profit order by day) as sums
            from (select (close_date at time zone $2)::date as day, sum(p) as profit
                  from closed group by 1) g) d
"""


@dataclass(frozen=True)
class Results:
    """A bot's statistics, its thinned curve and its profit per day."""

    stats: figures.Stats
    curve: tuple[tuple[int, float], ...]  # (close time in Unix seconds, running total), thinned
    days: tuple[tuple[dt.date, Decimal], ...]  # calendar days of the zone, oldest first


async def read_results(
    conn: asyncpg.Connection, bot_id: uuid.UUID, tz: str, most: int, start: Decimal = figures.ZERO
) -> Results:
    """Read the bot's results: the curve thinned to about `most` points, days in zone `tz`."""
    row = await conn.fetchrow(RESULTS_SQL, bot_id, tz)
    sums = figures.Sums(
        row["trades"], row["wins"], row["losses"], row["gains"], row["lost"], row["total"]
    )
    levels = running_totals(row["wholes"] or [], row["fractions"] or [])
    times = row["times"] or []
    ys = [level / UNIT for level in levels]  # correctly rounded, as float(Decimal) is
    return Results(
        stats=figures.stats_of_sums(sums, drawdown(levels, start)),
        curve=tuple(figures.thin_curve(lambda i: unix_seconds(times[i]), ys, most)),
        days=tuple(zip(row["days"] or (), row["sums"] or (), strict=True)),
    )


def running_totals(wholes: list[int], fractions: list[int]) -> list[int]:
    """Return the running total of profit after each trade, in units of 10⁻¹²."""
    profits = (w * UNIT + f for w, f in zip(wholes, fractions, strict=True))
    return list(itertools.accumulate(profits))


def drawdown(levels: list[int], start: Decimal) -> figures.Drawdown:
    """Return the drawdown of running totals in units, as Decimals of the column's scale."""
    fall, peak, peak_at, trough = figures.deepest_fall(levels, 0)
    return figures.drawdown_at(
        Decimal(fall).scaleb(-SCALE),
        Decimal(peak).scaleb(-SCALE) if peak else figures.ZERO,
        peak_at,
        trough,
        start,
    )


def unix_seconds(epoch: float) -> int:
    """Round a close time to whole seconds, halves away from zero (as Postgres casts it)."""
    micros = round(epoch * 1_000_000)  # the float is within a tenth of a microsecond
    whole, rest = divmod(abs(micros), 1_000_000)
    return (whole + (rest >= 500_000)) * (1 if micros >= 0 else -1)
