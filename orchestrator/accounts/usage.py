"""What the user's plan allows, how much of it is in use, and which plan allows more."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import asyncpg

from billing_tripay.plans import Plan
from orchestrator.accounts.entitlements import plan_of, plans_on_offer
from orchestrator.db.pool import Database

# The limits a request can go beyond, as the entitlements (and `plans` columns) that hold them.
Limit = Literal["backtest_max_days", "hyperopt_max_epochs"]


@dataclass(frozen=True)
class PlanUsage:
    """The user's plan, what of it is in use now, and every plan on offer (cheapest first)."""

    plan: Plan
    active_bots: int  # bots not stopped (running or paused), live ones included
    live_bots: int
    generations_used: int  # this month
    plans: tuple[Plan, ...]

    @property
    def bot_room(self) -> bool:
        """Tell whether the plan has room for one more active bot."""
        return self.active_bots < self.plan.entitlements.max_bots

    @property
    def live_room(self) -> bool:
        """Tell whether the plan has room for one more live bot."""
        return self.bot_room and self.live_bots < self.plan.entitlements.max_live_bots

    def offers(self, values: Iterable[int], limit: Limit) -> list[tuple[int, str | None]]:
        """Pair each value with None when the plan allows it, else the plan that would.

        A value that no plan allows is left out.
        """
        return choices_within(values, self.plan, self.plans, limit)


def limit_of(plan: Plan, limit: Limit) -> int:
    """Return one of a plan's request limits."""
    allows = plan.entitlements
    return allows.backtest_max_days if limit == "backtest_max_days" else allows.hyperopt_max_epochs


def choices_within(
    values: Iterable[int], plan: Plan, plans: Sequence[Plan], limit: Limit
) -> list[tuple[int, str | None]]:
    """Pair each value with None when `plan` allows it, else the cheapest plan that does."""
    offered: list[tuple[int, str | None]] = []
    for value in values:
        if value <= limit_of(plan, limit):
            offered.append((value, None))
        elif (needed := _cheapest_allowing(plans, limit, value)) is not None:
            offered.append((value, needed))
    return offered


def _cheapest_allowing(plans: Sequence[Plan], limit: Limit, value: int) -> str | None:
    """Return the name of the cheapest plan whose `limit` reaches `value`, or None."""
    return next((p.name for p in plans if limit_of(p, limit) >= value), None)


async def usage(db: Database, user_id: uuid.UUID) -> PlanUsage | None:
    """Return the user's plan and its use; None when their plan is not readable (retired)."""
    async with db.as_user(user_id) as conn:
        plan = await plan_of(conn, user_id)
        if plan is None:
            return None
        row = await conn.fetchrow(
            "select case when u.ai_generations_period = date_trunc('month', now())::date"
            " then u.ai_generations_used else 0 end as generations_used,"
            " (select count(*) from bots b where b.user_id = u.id"
            " and b.desired_state <> 'stopped') as active_bots,"
            " (select count(*) from bots b where b.user_id = u.id"
            " and b.desired_state <> 'stopped' and not b.dry_run) as live_bots"
            " from users u where u.id = $1",
            user_id,
        )
        plans = await plans_on_offer(conn)
    return PlanUsage(
        plan=plan,
        active_bots=row["active_bots"],
        live_bots=row["live_bots"],
        generations_used=row["generations_used"],
        plans=plans,
    )


async def plan_needed(conn: asyncpg.Connection, limit: Limit, value: int) -> str | None:
    """Return the name of the cheapest plan on offer that allows `value`, or None."""
    return _cheapest_allowing(await plans_on_offer(conn), limit, value)
