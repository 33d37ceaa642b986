"""A bot's closed-trade results in one SQL pass: statistics, the profit curve, daily profit.

The figures are those `stats.py` defines on the list of profits (tests hold the two equal on
a seeded bot), worked out where the trades are: a bot with 5,000 closed trades costs the
page one index scan instead of 5,000 rows sent, decoded and looped over in Python. Sums are
exact (numeric, then Decimal); the curve's points are floats because they go to a chart.
Trades count in the order they closed (close time, then Freqtrade's id), as in `stats.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import asyncpg

from orchestrator.dashboard import stats as figures

# `curve`: each closed trade with the running total after it and the highest total so far
# (never below zero: the curve starts there). Both windows follow the closed-trades index
# read backwards (close time, then id; no close time is null here), so nothing is sorted.
# `worst`: the deepest fall below an earlier peak, the first such trade on a tie.
RESULTS_SQL = """
with curve as materialized (
  select i, close_date, p, level, greatest(max(level) over w, 0) as peak
  from (select close_date, ft_trade_id, p, row_number() over w - 1 as i, sum(p) over w as level
        from (select close_date, ft_trade_id, coalesce(profit_abs, 0) as p from trades
              where bot_id = $1 and not is_open and close_date is not null) t
        window w as (order by close_date nulls first, ft_trade_id rows unbounded preceding)) c
  window w as (order by close_date nulls first, ft_trade_id rows unbounded preceding)
), worst as (
  select i, peak - level as amount, peak from curve where level < peak
  order by peak - level desc, i limit 1
)
select s.trades, s.wins, s.losses, s.gains, s.lost, s.total, s.xs, s.ys,
       w.amount as drawdown, w.peak, w.i as trough,
       (select min(c.i) from curve c where w.peak > 0 and c.i <= w.i and c.level = w.peak)
         as peak_index,
       d.days, d.sums
from (select count(*) as trades, count(*) filter (where p > 0) as wins,
             count(*) filter (where p < 0) as losses,
             coalesce(sum(p) filter (where p > 0), 0) as gains,
             coalesce(-sum(p) filter (where p < 0), 0) as lost,
             coalesce(sum(p), 0) as total,
             array_agg(extract(epoch from close_date)::bigint order by i) as xs,
             array_agg(level::float8 order by i) as ys
      from curve) s
cross join (select array_agg(day order by day) as days, array_agg(profit order by day) as sums
            from (select (close_date at time zone $2)::date as day, sum(p) as profit
                  from curve group by 1) g) d
left join worst w on true
"""


@dataclass(frozen=True)
class Results:
    """A bot's statistics, its curve point by point, and its profit per day."""

    stats: figures.Stats
    curve: tuple[tuple[int, float], ...]  # (close time in Unix seconds, running total)
    days: tuple[tuple[dt.date, Decimal], ...]  # calendar days of the zone, oldest first


async def read_results(
    conn: asyncpg.Connection, bot_id: uuid.UUID, tz: str, start: Decimal = figures.ZERO
) -> Results:
    """Read the bot's closed-trade results; days are calendar days in zone `tz`."""
    row = await conn.fetchrow(RESULTS_SQL, bot_id, tz)
    sums = figures.Sums(
        row["trades"], row["wins"], row["losses"], row["gains"], row["lost"], row["total"]
    )
    drawdown = figures.drawdown_at(
        row["drawdown"] or figures.ZERO,
        row["peak"] or figures.ZERO,
        row["peak_index"],
        row["trough"],
        start,
    )
    return Results(
        stats=figures.stats_of_sums(sums, drawdown),
        curve=tuple(zip(row["xs"] or (), row["ys"] or (), strict=True)),
        days=tuple(zip(row["days"] or (), row["sums"] or (), strict=True)),
    )
