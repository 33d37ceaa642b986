"""The monthly AI-generation allowance: charged once per request, refunded when we failed."""

from __future__ import annotations

import uuid

from orchestrator.accounts.entitlements import entitlements_of
from orchestrator.alerts.produce import audit
from orchestrator.core.errors import UserFacingError
from orchestrator.db.pool import Database


async def charge_generation(db: Database, user_id: uuid.UUID, request_id: uuid.UUID) -> int:
    """Take one AI generation from this month's allowance, once per request; return uses left."""
    async with db.as_service() as conn:
        charged = await conn.fetchval(
            "update generation_requests set charged = true where id = $1 and not charged"
            " returning id",
            request_id,
        )
        # The user's row stays locked until commit: two charges never both see the last use.
        allowed = (await entitlements_of(conn, user_id, lock=True)).ai_generations_per_month
        row = await conn.fetchrow(
            "select ai_generations_used, ai_generations_period,"
            " date_trunc('month', now())::date as this_month from users where id = $1",
            user_id,
        )
        this_month = row["this_month"]
        used = row["ai_generations_used"] if row["ai_generations_period"] == this_month else 0
        if charged is None:
            return allowed - used
        if used >= allowed:
            raise UserFacingError("generation_limit", limit=allowed)
        await conn.execute(
            "update users set ai_generations_used = $2, ai_generations_period = $3 where id = $1",
            user_id,
            used + 1,
            this_month,
        )
        await audit(conn, "system", "generation.charge", user_id=user_id, target=str(request_id))
    return int(allowed - used - 1)


async def refund_generation(db: Database, user_id: uuid.UUID, request_id: uuid.UUID) -> None:
    """Give a generation back when it failed through no fault of the user's words."""
    async with db.as_service() as conn:
        refunded = await conn.fetchval(
            "update generation_requests set charged = false where id = $1 and charged returning id",
            request_id,
        )
        if refunded is not None:
            await conn.execute(
                "update users set ai_generations_used = greatest(0, ai_generations_used - 1)"
                " where id = $1",
                user_id,
            )
            await audit(
                conn, "system", "generation.refund", user_id=user_id, target=str(request_id)
            )
