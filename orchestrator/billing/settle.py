"""Apply news about a payment (a callback or a status poll) to its invoice, exactly once.

Tripay retries callbacks, a poll can race a callback, and several web instances may take
the same callback at once: the invoice row is locked for the whole decision, the change
is one of the four allowed (billing_tripay.status), and the plan time it grants or takes
back is written in the same transaction as the invoice, with the user's row locked too.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import asyncpg

from billing_tripay.periods import Holding, extend, refund_end
from billing_tripay.plans import Plan
from billing_tripay.status import InvoiceStatus, decide
from orchestrator.alerts.payloads import InvoiceFields, PaymentExpired, PaymentFailed, PaymentPaid
from orchestrator.alerts.produce import audit, enqueue_alert
from orchestrator.billing.notices import refunded_alert
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    """What Tripay says about one transaction."""

    reference: str
    merchant_ref: str
    status: str
    total_amount: int | None  # what the customer paid; None when not reported
    paid_at: dt.datetime | None = None


@dataclass(frozen=True)
class Settled:
    """What a report did: `outcome` is recorded with the report."""

    outcome: str  # applied, replay, ignored, unknown_reference, reference_mismatch, amount_mismatch
    invoice_id: uuid.UUID | None = None
    status: str | None = None  # the invoice's status afterwards


async def settle(
    db: Database, report: Report, *, source: str, body: bytes | None = None
) -> Settled:
    """Apply `report` to its invoice and record it, all in one transaction."""
    async with db.as_service() as conn:
        invoice = await conn.fetchrow(
            "select * from invoices where merchant_ref = $1 for update", report.merchant_ref
        )
        result = await _decide(conn, invoice, report)
        await conn.execute(
            "insert into billing_callbacks (source, reference, merchant_ref, reported_status,"
            " total_amount, invoice_id, outcome, body) values ($1, $2, $3, $4, $5, $6, $7, $8)",
            source,
            report.reference,
            report.merchant_ref,
            report.status,
            report.total_amount,
            result.invoice_id,
            result.outcome,
            body,
        )
    _log(report, result, source)
    return result


async def _decide(
    conn: asyncpg.Connection, invoice: asyncpg.Record | None, report: Report
) -> Settled:
    """Check the report against the invoice and apply the change it allows."""
    if invoice is None:
        return Settled("unknown_reference")
    known = invoice["tripay_reference"]
    if known is not None and known != report.reference:
        return Settled("reference_mismatch", invoice["id"], invoice["status"])
    paid = report.status in (InvoiceStatus.PAID, InvoiceStatus.REFUND)
    if paid and report.total_amount is not None and report.total_amount != invoice["total_idr"]:
        return Settled("amount_mismatch", invoice["id"], invoice["status"])
    change = decide(invoice["status"], report.status)
    if change.applied:
        await _apply(conn, invoice, change.after, report)
    return Settled(change.outcome, invoice["id"], change.after.value)


async def _apply(
    conn: asyncpg.Connection, invoice: asyncpg.Record, after: InvoiceStatus, report: Report
) -> None:
    """Store the new status and do what it means for the user's plan."""
    await conn.execute(
        "update invoices set status = $2, updated_at = now(),"
        " tripay_reference = coalesce(tripay_reference, $3),"
        " paid_at = case when $2 = 'PAID' then coalesce($4, now()) else paid_at end,"
        " refunded_at = case when $2 = 'REFUND' then now() else refunded_at end"
        " where id = $1",
        invoice["id"],
        after.value,
        report.reference,
        report.paid_at,
    )
    if after is InvoiceStatus.PAID:
        await _activate(conn, invoice)
    elif after is InvoiceStatus.REFUND:
        await _revoke(conn, invoice)
    else:
        await _tell_unpaid(conn, invoice, after)


async def _plan(conn: asyncpg.Connection, code: str) -> Plan:
    """Read one plan, retired or not (an invoice may name a plan no longer on offer)."""
    return Plan.from_row(await conn.fetchrow("select * from plans where code = $1", code))


async def _holding(conn: asyncpg.Connection, user_id: uuid.UUID) -> tuple[Holding, dt.datetime]:
    """Lock the user's row; return what they hold and the transaction's time."""
    row = await conn.fetchrow(
        "select plan_code, plan_expires_at, now() as now from users where id = $1 for update",
        user_id,
    )
    return Holding(await _plan(conn, row["plan_code"]), row["plan_expires_at"]), row["now"]


async def _activate(conn: asyncpg.Connection, invoice: asyncpg.Record) -> None:
    """Grant the invoice's plan time, stacked onto what the user has left."""
    user_id = invoice["user_id"]
    holding, now = await _holding(conn, user_id)
    bought = await _plan(conn, invoice["plan_code"])
    ext = extend(holding, bought, invoice["days"], now)
    await conn.execute(
        "insert into subscriptions (user_id, plan_code, invoice_id, status, starts_at, ends_at,"
        " days) values ($1, $2, $3, 'active', $4, $5, $6)",
        user_id,
        bought.code,
        invoice["id"],
        ext.starts_at,
        ext.ends_at,
        invoice["days"] + ext.carried_days,
    )
    await conn.execute(
        "update users set plan_code = $2, plan_expires_at = $3, billing_state = 'ok',"
        " billing_reminded = null, updated_at = now() where id = $1",
        user_id,
        bought.code,
        ext.ends_at,
    )
    # Paying again ends a wind-down: bots kept only to exit may run on (the user resumes).
    await conn.execute(
        "update bots set wind_down = null where user_id = $1 and wind_down is not null", user_id
    )
    alert: PaymentPaid = {
        "kind": "payment_paid",
        **_fields(invoice, bought),
        "ends_at": ext.ends_at.isoformat(),
    }
    await enqueue_alert(conn, user_id, alert, dedup_key=f"payment:paid:{invoice['merchant_ref']}")
    await audit(
        conn,
        "tripay",
        "billing.paid",
        user_id=user_id,
        target=invoice["merchant_ref"],
        data={"plan": bought.code, "ends_at": ext.ends_at.isoformat()},
    )


async def _revoke(conn: asyncpg.Connection, invoice: asyncpg.Record) -> None:
    """Take back the plan time a refunded invoice granted, and tell the user."""
    user_id = invoice["user_id"]
    holding, now = await _holding(conn, user_id)
    sub = await conn.fetchrow(
        "update subscriptions set status = 'refunded' where invoice_id = $1 and status = 'active'"
        " returning plan_code, coalesce(days, $2) as days",
        invoice["id"],
        invoice["days"],
    )
    ends_at = holding.ends_at
    if sub is not None and ends_at is not None and sub["plan_code"] == holding.plan.code:
        ends_at = refund_end(ends_at, sub["days"], now)
        await conn.execute(
            "update users set plan_expires_at = $2, updated_at = now() where id = $1",
            user_id,
            ends_at,
        )
    plan = await _plan(conn, invoice["plan_code"])
    alert = refunded_alert(_fields(invoice, plan), ends_at)
    await enqueue_alert(conn, user_id, alert, dedup_key=f"payment:refund:{invoice['merchant_ref']}")
    await audit(conn, "tripay", "billing.refund", user_id=user_id, target=invoice["merchant_ref"])


async def _tell_unpaid(
    conn: asyncpg.Connection, invoice: asyncpg.Record, after: InvoiceStatus
) -> None:
    """Tell the user an invoice expired or failed; nothing else changes."""
    plan = await _plan(conn, invoice["plan_code"])
    key = f"payment:{after.value.lower()}:{invoice['merchant_ref']}"
    alert: PaymentExpired | PaymentFailed
    if after is InvoiceStatus.EXPIRED:
        alert = {"kind": "payment_expired", **_fields(invoice, plan)}
    else:
        alert = {"kind": "payment_failed", **_fields(invoice, plan)}
    await enqueue_alert(conn, invoice["user_id"], alert, dedup_key=key)


def _fields(invoice: asyncpg.Record, plan: Plan) -> InvoiceFields:
    """Return the invoice fields every payment alert carries."""
    return {
        "plan_code": plan.code,
        "plan_name": plan.name,
        "amount_idr": int(invoice["total_idr"]),
        "merchant_ref": invoice["merchant_ref"],
    }


def _log(report: Report, result: Settled, source: str) -> None:
    """Log what a report did; references are not secret, keys and signatures never appear."""
    if result.outcome in ("applied", "replay"):
        log.info(
            "tripay %s %s for %s: %s", source, report.status, report.merchant_ref, result.outcome
        )
    elif result.outcome == "unknown_reference":
        log.warning(
            "tripay %s for an unknown merchant_ref %r acknowledged", source, report.merchant_ref
        )
    else:
        log.warning(
            "tripay %s %s for %s ignored: %s (invoice is %s)",
            source,
            report.status,
            report.merchant_ref,
            result.outcome,
            result.status,
        )
