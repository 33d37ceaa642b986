"""A bot as a dashboard card: name, strategy, mode, state, heartbeat, open trades, profit."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import asyncpg

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.states import State, state_of
from orchestrator.runner.leases import LEASE_PREFIX


@dataclass(frozen=True)
class BotCard:
    """One bot as the overview and the bot page head show it."""

    id: uuid.UUID
    name: str
    exchange: str
    pair: str
    timeframe: str
    strategy_name: str | None  # None: its strategy was deleted
    strategy_version: int | None
    dry_run: bool
    state: State
    failure_reason: str | None
    last_heartbeat: dt.datetime | None  # None: no worker holds the bot now
    started_at: dt.datetime | None
    stopped_at: dt.datetime | None
    stake_amount: Decimal
    currency: str
    open_trades: int
    closed_trades: int
    profit_today: Decimal  # realised, closed since midnight in the user's zone
    profit_total: Decimal  # realised, every closed trade


# Each bot's trades are summed from its own slice of the partial indexes of closed and of
# open trades (dashboard_indexes migration), read alone: no table rows, no hashing of every
# trade of the user at once.
CARDS_SQL = """
select b.id, b.name, b.exchange, b.pair, b.timeframe, b.dry_run, b.status, b.desired_state,
       b.failure_reason, b.stake_amount, b.stake_currency, b.started_at, b.stopped_at,
       s.name as strategy_name, v.version as strategy_version,
       c.profit_total, c.profit_today, h.in_positions, h.open_trades, c.closed_trades,
       exists (select 1 from bot_events e where e.bot_id = b.id and e.kind = 'supervisor_paused'
               and e.created_at >= b.updated_at) as supervisor_paused
from bots b
left join strategy_versions v on v.id = b.strategy_version_id
left join strategies s on s.id = v.strategy_id
cross join lateral (
  select coalesce(sum(t.profit_abs), 0) as profit_total,
         coalesce(sum(t.profit_abs) filter (where t.close_date >= $1), 0) as profit_today,
         count(*) as closed_trades
  from trades t where t.bot_id = b.id and not t.is_open
) c
cross join lateral (
  select coalesce(sum(t.stake_amount), 0) as in_positions, count(*) as open_trades
  from trades t where t.bot_id = b.id and t.is_open
) h
"""


async def read_cards(conn: asyncpg.Connection, midnight: dt.datetime) -> list[asyncpg.Record]:
    """Read every bot the connection's user may see, oldest first."""
    return list(await conn.fetch(f"{CARDS_SQL} order by b.created_at", midnight))


async def read_card(
    conn: asyncpg.Connection, bot_id: uuid.UUID, midnight: dt.datetime
) -> asyncpg.Record | None:
    """Read one bot the connection's user may see; None when it is not theirs or not there."""
    query = f"{CARDS_SQL} where b.id = $2"
    row: asyncpg.Record | None = await conn.fetchrow(query, midnight, bot_id)
    return row


def card_from_row(row: asyncpg.Record, heartbeat: dt.datetime | None) -> BotCard:
    """Build a card from a row of the cards query and the bot's last heartbeat."""
    state = state_of(
        row["status"], row["desired_state"], supervisor_paused=row["supervisor_paused"]
    )
    return BotCard(
        id=row["id"],
        name=row["name"],
        exchange=row["exchange"],
        pair=row["pair"],
        timeframe=row["timeframe"],
        strategy_name=row["strategy_name"],
        strategy_version=row["strategy_version"],
        dry_run=row["dry_run"],
        state=state,
        failure_reason=row["failure_reason"],
        last_heartbeat=heartbeat,
        started_at=row["started_at"],
        stopped_at=row["stopped_at"],
        stake_amount=row["stake_amount"],
        currency=row["stake_currency"],
        open_trades=row["open_trades"],
        closed_trades=row["closed_trades"],
        profit_today=row["profit_today"],
        profit_total=row["profit_total"],
    )


async def heartbeats(
    runtime: Runtime, bot_ids: Sequence[uuid.UUID], now: dt.datetime
) -> dict[uuid.UUID, dt.datetime]:
    """Return when each held bot's lease was last renewed (one Redis round trip for all)."""
    if not bot_ids:
        return {}
    pipe = runtime.redis.pipeline(transaction=False)
    for bot_id in bot_ids:
        pipe.pttl(f"{LEASE_PREFIX}{bot_id}")
    left = await pipe.execute()
    ttl_ms = runtime.settings.lease_ttl_ms
    # A lease is renewed to its full TTL: what has run off since is the time since renewal.
    return {
        bot_id: now - dt.timedelta(milliseconds=max(0, ttl_ms - int(ms)))
        for bot_id, ms in zip(bot_ids, left, strict=True)
        if int(ms) > 0
    }
