"""The monthly AI-generation allowance: charged once per request, refunded when we failed."""

from __future__ import annotations

import uuid

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
        row = await conn.fetchrow(
            "select u.ai_generations_used, u.ai_generations_period, p.ai_generations_per_month"
            " from users u join plans p on p.code = u.plan_code where u.id = $1 for update of u",
            user_id,
        )
        this_month = await conn.fetchval("select date_trunc('month', now())::date")
        used = row["ai_generations_used"] if row["ai_generations_period"] == this_month else 0
        if charged is None:
            return int(row["ai_generations_per_month"] - used)
        if used >= row["ai_generations_per_month"]:
            raise UserFacingError("generation_limit", limit=row["ai_generations_per_month"])
        await conn.execute(
            "update users set ai_generations_used = $2, ai_generations_period = $3 where id = $1",
            user_id,
            used + 1,
            this_month,
        )
        await audit(conn, "system", "generation.charge", user_id=user_id, target=str(request_id))
    return int(row["ai_generations_per_month"] - used - 1)


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
