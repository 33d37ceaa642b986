"""The user's plan and what it allows: the one place services read `plans` for a user.

Operators edit `plans` rows, so nothing here caches: every call reads the row as it is now.
Reads work as the user (RLS shows active plans only, so a retired plan reads as None) and
as the service (which sees every plan).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg

from billing_tripay.plans import Entitlements, Plan
from orchestrator.core.errors import ServiceFailure, UserFacingError

_PLAN = "select p.* from users u join plans p on p.code = u.plan_code where u.id = $1"
# Callers that charge an allowance hold the user's row until they commit.
_PLAN_LOCKED = (
    "select p.* from users u join plans p on p.code = u.plan_code where u.id = $1 for update of u"
)


async def plan_of(
    conn: asyncpg.Connection, user_id: uuid.UUID, *, lock: bool = False
) -> Plan | None:
    """Return the user's current plan; None when it is not readable (retired, as the user)."""
    row = await conn.fetchrow(_PLAN_LOCKED if lock else _PLAN, user_id)
    return None if row is None else Plan.from_row(row)


async def entitlements_of(
    conn: asyncpg.Connection, user_id: uuid.UUID, *, lock: bool = False
) -> Entitlements:
    """Return what the user's plan allows; a plan we cannot read is our failure."""
    plan = await plan_of(conn, user_id, lock=lock)
    if plan is None:  # e.g. a retired plan, read as the user: not the user's to fix
        raise ServiceFailure("internal_error", f"no readable plan for user {user_id}")
    return plan.entitlements


async def plans_on_offer(conn: asyncpg.Connection) -> tuple[Plan, ...]:
    """Return the active plans in the order they are offered (cheapest first)."""
    rows = await conn.fetch("select * from plans where active order by sort_order, price_idr, code")
    return tuple(Plan.from_row(row) for row in rows)


def custom_code_refusal(plans: Sequence[Plan]) -> UserFacingError:
    """Return the refusal of custom code, naming the first plan on offer that runs it."""
    allowing = next((p for p in plans if p.entitlements.custom_code), None)
    if allowing is None:  # an operator took custom code off every plan
        return UserFacingError("plan_custom_code_none")
    return UserFacingError("plan_custom_code", plan=allowing.name)


async def require_custom_code(conn: asyncpg.Connection, user_id: uuid.UUID) -> None:
    """Refuse custom code to a user whose plan does not run it (the sandbox is checked apart)."""
    if not (await entitlements_of(conn, user_id)).custom_code:
        raise custom_code_refusal(await plans_on_offer(conn))
