"""Invoice rows: what was bought, how to pay it, and where it stands."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from dataclasses import dataclass
from typing import Self

import asyncpg

from orchestrator.billing.tripay import Instruction, Transaction

_TAG = re.compile(r"<[^>]{0,200}>")
# A constant column list: the only text ever put into these queries.
_COLUMNS = (
    "id, user_id, plan_code, merchant_ref, tripay_reference, method, method_name, amount_idr,"
    " fee_customer_idr, total_idr, period, days, status, checkout_url, pay_code, qr_string,"
    " instructions, expires_at, paid_at, created_at, failure_reason"
)


@dataclass(frozen=True)
class Invoice:
    """One payment for a plan period, as stored."""

    id: uuid.UUID
    user_id: uuid.UUID
    plan_code: str
    merchant_ref: str
    reference: str | None  # Tripay's; None until Tripay has answered
    method: str
    method_name: str
    amount_idr: int  # the plan's price
    fee_idr: int  # the channel's fee the customer pays
    total_idr: int  # what the customer pays
    period: str
    days: int
    status: str
    checkout_url: str | None
    pay_code: str | None
    qr_string: str | None
    instructions: tuple[Instruction, ...]
    expires_at: dt.datetime | None
    paid_at: dt.datetime | None
    created_at: dt.datetime
    failure_reason: str | None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the invoice from a row with `_COLUMNS`."""
        raw = row["instructions"]
        steps = json.loads(raw) if isinstance(raw, str) else raw
        return cls(
            id=row["id"],
            user_id=row["user_id"],
            plan_code=row["plan_code"],
            merchant_ref=row["merchant_ref"],
            reference=row["tripay_reference"],
            method=row["method"],
            method_name=row["method_name"],
            amount_idr=row["amount_idr"],
            fee_idr=row["fee_customer_idr"],
            total_idr=row["total_idr"],
            period=row["period"],
            days=row["days"],
            status=row["status"],
            checkout_url=row["checkout_url"],
            pay_code=row["pay_code"],
            qr_string=row["qr_string"],
            instructions=tuple(
                Instruction(str(s.get("title", "")), tuple(str(x) for x in s.get("steps", ())))
                for s in steps or ()
            ),
            expires_at=row["expires_at"],
            paid_at=row["paid_at"],
            created_at=row["created_at"],
            failure_reason=row["failure_reason"],
        )


async def invoice_by_key(conn: asyncpg.Connection, user_id: uuid.UUID, key: str) -> Invoice | None:
    """Return the invoice a checkout key made."""
    row = await conn.fetchrow(
        f"select {_COLUMNS} from invoices where user_id = $1 and checkout_key = $2",  # noqa: S608
        user_id,
        key,
    )
    return Invoice.from_row(row) if row else None


async def invoice_by_id(
    conn: asyncpg.Connection, user_id: uuid.UUID, invoice_id: uuid.UUID
) -> Invoice | None:
    """Return one of the user's invoices (None when it is not theirs)."""
    row = await conn.fetchrow(
        f"select {_COLUMNS} from invoices where id = $1 and user_id = $2",  # noqa: S608
        invoice_id,
        user_id,
    )
    return Invoice.from_row(row) if row else None


async def recent_invoices(
    conn: asyncpg.Connection, user_id: uuid.UUID, limit: int = 5
) -> list[Invoice]:
    """Return the user's latest invoices that reached Tripay, newest first."""
    rows = await conn.fetch(
        f"select {_COLUMNS} from invoices where user_id = $1"  # noqa: S608
        " and (tripay_reference is not null or status <> 'FAILED')"
        " order by created_at desc limit $2",
        user_id,
        limit,
    )
    return [Invoice.from_row(row) for row in rows]


async def record_created(
    conn: asyncpg.Connection, invoice_id: uuid.UUID, tx: Transaction, *, poll_after: dt.datetime
) -> Invoice:
    """Store what Tripay answered: its reference, the fee charged and how to pay."""
    steps = [
        {"title": plain(i.title), "steps": [plain(x) for x in i.steps]} for i in tx.instructions
    ]
    row = await conn.fetchrow(
        "update invoices set tripay_reference = $2,"  # noqa: S608
        " fee_customer_idr = greatest(0, $3 - amount_idr), checkout_url = $4, pay_code = $5,"
        " qr_string = $6, instructions = $7, expires_at = $8, poll_after = $9,"
        f" updated_at = now() where id = $1 returning {_COLUMNS}",
        invoice_id,
        tx.reference,
        tx.amount,
        tx.checkout_url,
        tx.pay_code,
        tx.qr_string,
        steps,
        tx.expired_time,
        poll_after,
    )
    return Invoice.from_row(row)


def plain(text: str) -> str:
    """Return Tripay's instruction text without its HTML (`<b>…</b>`): renderers escape it."""
    return html.unescape(_TAG.sub("", text)).strip()


async def record_failed(conn: asyncpg.Connection, invoice_id: uuid.UUID, reason: str) -> None:
    """Mark an invoice Tripay never created as FAILED, with the reason for support."""
    await conn.execute(
        "update invoices set status = 'FAILED', failure_reason = $2, updated_at = now()"
        " where id = $1 and status = 'UNPAID' and tripay_reference is null",
        invoice_id,
        reason,
    )
