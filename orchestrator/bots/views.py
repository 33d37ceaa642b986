"""What a user sees of their bots: one typed view per bot, with its stored figures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Self

import asyncpg

from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.supervisor.rules import Thresholds


@dataclass(frozen=True)
class BotView:
    """One of a user's bots as the interfaces show it, with PnL from its synced trades."""

    id: uuid.UUID
    name: str
    exchange: str
    pair: str
    timeframe: str
    dry_run: bool
    status: str  # what the worker reports
    desired_state: str  # what the user asked for
    failure_reason: str | None
    stake_amount: Decimal
    stake_currency: str
    supervisor: Thresholds
    profit_abs: Decimal  # realised: closed trades only
    open_trades: int
    closed_trades: int

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the view from a row of the bots query."""
        return cls(
            id=row["id"],
            name=row["name"],
            exchange=row["exchange"],
            pair=row["pair"],
            timeframe=row["timeframe"],
            dry_run=row["dry_run"],
            status=row["status"],
            desired_state=row["desired_state"],
            failure_reason=row["failure_reason"],
            stake_amount=row["stake_amount"],
            stake_currency=row["stake_currency"],
            supervisor=Thresholds.from_json(row["supervisor"]),
            profit_abs=row["profit_abs"],
            open_trades=row["open_trades"],
            closed_trades=row["closed_trades"],
        )


_BOTS = (
    "select b.id, b.name, b.exchange, b.pair, b.timeframe, b.dry_run, b.status,"
    " b.desired_state, b.failure_reason, b.stake_amount, b.stake_currency, b.supervisor,"
    " coalesce(sum(t.profit_abs) filter (where not t.is_open), 0) as profit_abs,"
    " count(t.id) filter (where t.is_open) as open_trades,"
    " count(t.id) filter (where not t.is_open) as closed_trades"
    " from bots b left join trades t on t.bot_id = b.id"
)


async def get_bot(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> BotView:
    """Return one of the user's bots (row-level security hides everyone else's)."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow(f"{_BOTS} where b.id = $1 group by b.id", bot_id)
    if row is None:
        raise UserFacingError("bot_not_found")
    return BotView.from_row(row)


async def list_bots(runtime: Runtime, user_id: uuid.UUID) -> list[BotView]:
    """List the user's bots with realised PnL from synced trades."""
    async with runtime.db.as_user(user_id) as conn:
        rows = await conn.fetch(f"{_BOTS} group by b.id order by b.created_at")
    return [BotView.from_row(row) for row in rows]
