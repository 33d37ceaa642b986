"""How paid time adds up, comes back on a refund, and runs out.

A payment stacks onto what is left: the same plan is extended from its current end; a
different plan starts now, and what is left of the old one is converted into days of the
new one at the two plans' daily prices, so nobody loses time they paid for. A refund takes
back exactly the days its payment added. When paid time ends, a grace period follows
before the plan drops to free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from billing_tripay.plans import Plan

GRACE: Final = timedelta(days=3)
REMINDER_DAYS: Final = (3, 1)  # days before the end: one reminder each


@dataclass(frozen=True)
class Holding:
    """The plan a user holds now and when its paid time ends (None: never, i.e. free)."""

    plan: Plan
    ends_at: datetime | None


@dataclass(frozen=True)
class Extension:
    """What a payment does: the plan held afterwards, from when and until when."""

    plan_code: str
    starts_at: datetime
    ends_at: datetime
    carried_days: int  # days converted from a different plan's remaining time


def extend(holding: Holding, bought: Plan, days: int, now: datetime) -> Extension:
    """Stack `days` of `bought` onto what `holding` has left at `now`."""
    if days <= 0:
        raise ValueError("a payment must buy at least one day")
    remaining = _remaining(holding, now)
    if holding.plan.code == bought.code:
        start = now + remaining
        return Extension(bought.code, start, start + timedelta(days=days), 0)
    carried = _convert(holding.plan, remaining, bought)
    return Extension(bought.code, now, now + timedelta(days=days + carried), carried)


def _remaining(holding: Holding, now: datetime) -> timedelta:
    """Return the paid time left (none for free or lapsed plans)."""
    if holding.plan.is_free or holding.ends_at is None or holding.ends_at <= now:
        return timedelta(0)
    return holding.ends_at - now


def _convert(old: Plan, remaining: timedelta, new: Plan) -> int:
    """Return whole days of `new` worth what `remaining` of `old` cost (rounded down)."""
    if remaining <= timedelta(0) or new.price_monthly_idr == 0:
        return 0
    old_daily = old.price_monthly_idr / old.period_days
    new_daily = new.price_monthly_idr / new.period_days
    worth = remaining.total_seconds() / 86400 * old_daily
    return math.floor(worth / new_daily)


def refund_end(ends_at: datetime, days: int, now: datetime) -> datetime:
    """Return when paid time ends once a refunded payment's `days` are taken back."""
    return max(now, ends_at - timedelta(days=days))


class Phase(StrEnum):
    """Where a paid plan is in its life."""

    ACTIVE = "active"
    GRACE = "grace"  # ended less than GRACE ago: still usable, shown in /billing
    LAPSED = "lapsed"  # grace over: drop to free


def phase(ends_at: datetime | None, now: datetime) -> Phase:
    """Tell the phase of paid time ending at `ends_at` (None never ends)."""
    if ends_at is None or now < ends_at:
        return Phase.ACTIVE
    return Phase.GRACE if now < ends_at + GRACE else Phase.LAPSED


def grace_ends(ends_at: datetime) -> datetime:
    """Return when the grace period after `ends_at` is over."""
    return ends_at + GRACE


def reminder_due(ends_at: datetime | None, now: datetime) -> int | None:
    """Return which reminder (3 or 1 days before the end) is due now, or None.

    The nearest one wins, so a worker that was down sends only the latest reminder.
    """
    if ends_at is None or now >= ends_at:
        return None
    left = ends_at - now
    due = [d for d in REMINDER_DAYS if left <= timedelta(days=d)]
    return min(due) if due else None
