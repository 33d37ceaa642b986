"""What `/billing` shows: the plan, what is used of it, when it renews or lapses, invoices."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from billing_tripay.periods import Phase, grace_ends, phase
from orchestrator.accounts.usage import PlanUsage, usage
from orchestrator.billing.invoices import Invoice, invoice_by_id, recent_invoices
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.core.runtime import Runtime


@dataclass(frozen=True)
class BillingOverview:
    """The user's plan and its use, where its paid time stands, and recent invoices."""

    usage: PlanUsage
    ends_at: dt.datetime | None  # None: free, never ends
    phase: Phase
    grace_ends: dt.datetime | None  # set in the grace phase
    winding_down: bool  # dropped to free; live bots exit their positions, then stop
    invoices: tuple[Invoice, ...]


async def overview(runtime: Runtime, user_id: uuid.UUID, now: dt.datetime) -> BillingOverview:
    """Read the user's billing state as they may see it (under their own row-level rules)."""
    used = await usage(runtime.db, user_id)
    if used is None:
        raise ServiceFailure("internal_error", f"no readable plan for user {user_id}")
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select plan_expires_at, billing_state from users where id = $1", user_id
        )
        invoices = await recent_invoices(conn, user_id)
    ends_at = row["plan_expires_at"]
    current = phase(ends_at, now)
    return BillingOverview(
        usage=used,
        ends_at=ends_at,
        phase=current,
        grace_ends=grace_ends(ends_at) if ends_at and current is Phase.GRACE else None,
        winding_down=row["billing_state"] == "winding_down",
        invoices=tuple(invoices),
    )


async def receipt(runtime: Runtime, user_id: uuid.UUID, invoice_id: uuid.UUID) -> Invoice:
    """Return one of the user's paid (or refunded) invoices, for its receipt."""
    async with runtime.db.as_user(user_id) as conn:
        invoice = await invoice_by_id(conn, user_id, invoice_id)
    if invoice is None or invoice.status not in ("PAID", "REFUND"):
        raise UserFacingError("billing_receipt_missing")
    return invoice


async def invoice(runtime: Runtime, user_id: uuid.UUID, invoice_id: uuid.UUID) -> Invoice:
    """Return one of the user's invoices (to show again how to pay it)."""
    async with runtime.db.as_user(user_id) as conn:
        found = await invoice_by_id(conn, user_id, invoice_id)
    if found is None:
        raise UserFacingError("billing_invoice_missing")
    return found
