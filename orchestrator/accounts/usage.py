"""What the user's plan allows, how much of it is in use, and which plan allows more."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Self

import asyncpg

from orchestrator.db.pool import Database

# The limits a request can go beyond, as the `plans` columns that hold them.
Limit = Literal["backtest_max_days", "hyperopt_max_epochs"]


@dataclass(frozen=True)
class PlanLimits:
    """One plan's limits, as a row of `plans` holds them."""

    code: str
    name: str
    max_bots: int
    max_live_bots: int
    generations_per_month: int
    hyperopt_max_epochs: int
    backtest_max_days: int

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the limits from a row with the `plans` columns."""
        return cls(
            code=row["code"],
            name=row["name"],
            max_bots=row["max_bots"],
            max_live_bots=row["max_live_bots"],
            generations_per_month=row["ai_generations_per_month"],
            hyperopt_max_epochs=row["hyperopt_max_epochs"],
            backtest_max_days=row["backtest_max_days"],
        )


@dataclass(frozen=True)
class PlanUsage:
    """The user's plan, what of it is in use now, and every plan on offer (cheapest first)."""

    plan: PlanLimits
    active_bots: int  # bots not stopped (running or paused), live ones included
    live_bots: int
    generations_used: int  # this month
    plans: tuple[PlanLimits, ...]

    @property
    def bot_room(self) -> bool:
        """Tell whether the plan has room for one more active bot."""
        return self.active_bots < self.plan.max_bots

    @property
    def live_room(self) -> bool:
        """Tell whether the plan has room for one more live bot."""
        return self.bot_room and self.live_bots < self.plan.max_live_bots

    def offers(self, values: Iterable[int], limit: Limit) -> list[tuple[int, str | None]]:
        """Pair each value with None when the plan allows it, else the plan that would.

        A value that no plan allows is left out.
        """
        return choices_within(values, self.plan, self.plans, limit)


def limit_of(plan: PlanLimits, limit: Limit) -> int:
    """Return one of a plan's request limits."""
    return plan.backtest_max_days if limit == "backtest_max_days" else plan.hyperopt_max_epochs


def choices_within(
    values: Iterable[int], plan: PlanLimits, plans: Sequence[PlanLimits], limit: Limit
) -> list[tuple[int, str | None]]:
    """Pair each value with None when `plan` allows it, else the cheapest plan that does."""
    offered: list[tuple[int, str | None]] = []
    for value in values:
        if value <= limit_of(plan, limit):
            offered.append((value, None))
        elif (needed := _cheapest_allowing(plans, limit, value)) is not None:
            offered.append((value, needed))
    return offered


def _cheapest_allowing(plans: Sequence[PlanLimits], limit: Limit, value: int) -> str | None:
    """Return the name of the cheapest plan whose `limit` reaches `value`, or None."""
    return next((p.name for p in plans if limit_of(p, limit) >= value), None)


async def usage(db: Database, user_id: uuid.UUID) -> PlanUsage | None:
    """Return the user's plan and its use; None when their plan is not readable (retired)."""
    async with db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select p.code, p.name, p.max_bots, p.max_live_bots, p.ai_generations_per_month,"
            " p.hyperopt_max_epochs, p.backtest_max_days,"
            " case when u.ai_generations_period = date_trunc('month', now())::date"
            " then u.ai_generations_used else 0 end as generations_used,"
            " (select count(*) from bots b where b.user_id = u.id"
            " and b.desired_state <> 'stopped') as active_bots,"
            " (select count(*) from bots b where b.user_id = u.id"
            " and b.desired_state <> 'stopped' and not b.dry_run) as live_bots"
            " from users u join plans p on p.code = u.plan_code where u.id = $1",
            user_id,
        )
        plans = await conn.fetch(
            "select code, name, max_bots, max_live_bots, ai_generations_per_month,"
            " hyperopt_max_epochs, backtest_max_days from plans where active"
            " order by price_idr, code"
        )
    if row is None:
        return None
    return PlanUsage(
        plan=PlanLimits.from_row(row),
        active_bots=row["active_bots"],
        live_bots=row["live_bots"],
        generations_used=row["generations_used"],
        plans=tuple(PlanLimits.from_row(p) for p in plans),
    )


async def plan_needed(conn: asyncpg.Connection, limit: Limit, value: int) -> str | None:
    """Return the name of the cheapest plan on offer that allows `value`, or None."""
    name: str | None = await conn.fetchval(
        "select name from plans where active and case $1::text"
        " when 'backtest_max_days' then backtest_max_days else hyperopt_max_epochs end >= $2"
        " order by price_idr, code limit 1",
        limit,
        value,
    )
    return name
