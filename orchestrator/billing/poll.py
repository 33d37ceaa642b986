"""Ask Tripay about unpaid invoices whose callback is overdue, in case one was lost.

A callback can be lost (our web service down longer than Tripay's three tries), so an
invoice still UNPAID 15 minutes after it was made is looked up with `transaction/detail`
every 15 minutes until it settles; the answer goes through the same `settle` as a callback.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Final

from orchestrator.billing.settle import Report, settle
from orchestrator.billing.tripay import (
    Transaction,
    TripayClient,
    TripayConfig,
    TripayRejected,
    TripayUnavailable,
)
from orchestrator.core.runtime import Runtime

log = logging.getLogger(__name__)

EVERY: Final = dt.timedelta(minutes=15)
BATCH: Final = 20
# An invoice Tripay never answered for (we crashed between insert and reply) is given up.
ABANDONED: Final = dt.timedelta(hours=1)


async def poll_overdue(runtime: Runtime, now: dt.datetime) -> None:
    """Look up overdue unpaid invoices and settle what Tripay reports."""
    config = TripayConfig.from_settings(runtime.settings)
    if config is None:
        return
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update invoices set status = 'FAILED', failure_reason = 'never created at Tripay',"
            " updated_at = now() where status = 'UNPAID' and tripay_reference is null"
            " and created_at < $1",
            now - ABANDONED,
        )
        # Claim a batch by moving its next poll ahead: two workers never ask twice.
        due = await conn.fetch(
            "update invoices set poll_after = $1::timestamptz + $2::interval"
            " where id in (select id from invoices where status = 'UNPAID'"
            " and tripay_reference is not null"
            " and poll_after <= $1 order by poll_after limit $3 for update skip locked)"
            " returning tripay_reference",
            now,
            EVERY,
            BATCH,
        )
    if due:
        async with TripayClient(config) as client:
            for row in due:
                await _poll_one(runtime, client, row["tripay_reference"])


async def _poll_one(runtime: Runtime, client: TripayClient, reference: str) -> None:
    """Settle what Tripay reports for one transaction; a failed lookup waits for next time."""
    try:
        tx = await client.transaction_detail(reference)
    except (TripayUnavailable, TripayRejected) as exc:
        log.warning("tripay detail for %s failed: %s", reference, exc)
        return
    if tx.status == "UNPAID":
        return
    await settle(runtime.db, _report(tx), source="poll")


def _report(tx: Transaction) -> Report:
    """Read a transaction's detail as the report a callback would have carried."""
    return Report(tx.reference, tx.merchant_ref, tx.status, tx.amount, tx.paid_at)
