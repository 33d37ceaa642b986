"""Tripay callbacks through the web route: authentic, durable, idempotent, in any order."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import uuid
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from billing_tripay.signatures import callback_signature
from emulators.tripay import TripayEmulator
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.integration.billing.conftest import InvoiceFactory, user_plan

ROUTE = "/billing/tripay/callback"


def body(ref: str, reference: str, status: str, total: int = 150_000) -> bytes:
    """Serialise a callback body the way Tripay does (compact, its field order)."""
    return json.dumps(
        {
            "reference": reference,
            "merchant_ref": ref,
            "payment_method": "QRIS",
            "payment_method_code": "QRIS",
            "total_amount": total,
            "fee_merchant": 0,
            "fee_customer": 1000,
            "total_fee": 1000,
            "amount_received": total - 1000,
            "is_closed_payment": 1,
            "status": status,
            "paid_at": 1796025600 if status == "PAID" else None,
            "note": None,
        },
        separators=(",", ":"),
    ).encode()


async def post(
    web: TestClient[Any, Any], key: str, raw: bytes, *, event: str = "payment_status"
) -> tuple[int, Any]:
    """Send a callback signed with `key`; return the status and JSON answer."""
    headers = {
        "X-Callback-Event": event,
        "X-Callback-Signature": callback_signature(key, raw),
        "Content-Type": "application/json",
    }
    response = await web.post(ROUTE, data=raw, headers=headers)
    return response.status, await response.json()


async def refs_of(db: Database, invoice_id: uuid.UUID) -> tuple[str, str]:
    async with db.as_service() as conn:
        row = await conn.fetchrow(
            "select merchant_ref, tripay_reference from invoices where id = $1", invoice_id
        )
    return row["merchant_ref"], row["tripay_reference"]


async def state(db: Database, user_id: uuid.UUID) -> dict[str, Any]:
    """Everything a callback may change for a user."""
    async with db.as_service() as conn:
        invoices = await conn.fetch(
            "select merchant_ref, status, paid_at from invoices where user_id = $1 order by 1",
            user_id,
        )
        subs = await conn.fetch(
            "select plan_code, status, ends_at from subscriptions where user_id = $1 order by 3",
            user_id,
        )
        alerts = await conn.fetch(
            "select kind, dedup_key from alerts where user_id = $1 order by id", user_id
        )
    return {
        "plan": await user_plan(db, user_id),
        "invoices": [tuple(r) for r in invoices],
        "subscriptions": [tuple(r) for r in subs],
        "alerts": [tuple(r) for r in alerts],
    }


async def test_paid_activates_once_however_often_it_is_replayed(
    db: Database, make_user: UserFactory, make_invoice: InvoiceFactory, web: Any, tripay: Any
) -> None:
    user = await make_user()
    invoice = await make_invoice(user)
    ref, reference = await refs_of(db, invoice)
    raw = body(ref, reference, "PAID")
    answers = [await post(web, tripay.private_key, raw) for _ in range(3)]
    assert answers == [(200, {"success": True})] * 3
    after = await state(db, user)
    plan, ends, billing = after["plan"]
    assert (plan, billing) == ("pro", "ok")
    assert dt.timedelta(days=29) < ends - dt.datetime.now(dt.UTC) <= dt.timedelta(days=30)
    assert [s[:2] for s in after["subscriptions"]] == [("pro", "active")]
    assert [a[0] for a in after["alerts"]] == ["payment_paid"]
    async with db.as_service() as conn:
        outcomes = await conn.fetch(
            "select outcome from billing_callbacks where merchant_ref = $1 order by id", ref
        )
    assert [r["outcome"] for r in outcomes] == ["applied", "replay", "replay"]


@pytest.mark.parametrize(
    "tamper",
    ["bad_signature", "no_signature", "body_changed_after_signing", "reencoded"],
)
async def test_forged_callbacks_get_403_and_change_nothing(
    tamper: str,
    db: Database,
    make_user: UserFactory,
    make_invoice: InvoiceFactory,
    web: TestClient[Any, Any],
    tripay: TripayEmulator,
) -> None:
    user = await make_user()
    ref, reference = await refs_of(db, await make_invoice(user))
    before = await state(db, user)
    raw = body(ref, reference, "PAID")
    signature = callback_signature(tripay.private_key, raw)
    sent = raw
    if tamper == "bad_signature":
        signature = callback_signature("not-the-private-key", raw)
    elif tamper == "no_signature":
        signature = ""
    elif tamper == "body_changed_after_signing":
        sent = raw.replace(b'"total_amount":150000', b'"total_amount":1')
    else:  # the same JSON re-encoded (spaces): the signature covers bytes, not meaning
        sent = json.dumps(json.loads(raw)).encode()
    headers = {"X-Callback-Event": "payment_status", "X-Callback-Signature": signature}
    response = await web.post(ROUTE, data=sent, headers=headers)
    assert response.status == 403
    assert await state(db, user) == before


async def test_wrong_amount_is_recorded_and_ignored(
    db: Database, make_user: UserFactory, make_invoice: InvoiceFactory, web: Any, tripay: Any
) -> None:
    user = await make_user()
    ref, reference = await refs_of(db, await make_invoice(user, total=150_000))
    before = await state(db, user)
    assert await post(web, tripay.private_key, body(ref, reference, "PAID", total=1_500)) == (
        200,
        {"success": True},
    )
    assert await state(db, user) == before
    async with db.as_service() as conn:
        outcome = await conn.fetchval(
            "select outcome from billing_callbacks where merchant_ref = $1", ref
        )
    assert outcome == "amount_mismatch"


async def test_refund_after_paid_takes_the_time_back(
    db: Database, make_user: UserFactory, make_invoice: InvoiceFactory, web: Any, tripay: Any
) -> None:
    user = await make_user()
    ref, reference = await refs_of(db, await make_invoice(user))
    await post(web, tripay.private_key, body(ref, reference, "PAID"))
    await post(web, tripay.private_key, body(ref, reference, "REFUND"))
    after = await state(db, user)
    plan, ends, _ = after["plan"]
    assert plan == "pro" and ends - dt.datetime.now(dt.UTC) < dt.timedelta(minutes=1)
    assert [s[1] for s in after["subscriptions"]] == ["refunded"]
    assert [i[1] for i in after["invoices"]] == ["REFUND"]
    assert [a[0] for a in after["alerts"]] == ["payment_paid", "payment_refunded"]


async def test_callbacks_in_the_wrong_order(
    db: Database, make_user: UserFactory, make_invoice: InvoiceFactory, web: Any, tripay: Any
) -> None:
    user = await make_user()
    ref, reference = await refs_of(db, await make_invoice(user))
    key = tripay.private_key
    await post(web, key, body(ref, reference, "REFUND"))  # before it was paid: ignored
    assert (await state(db, user))["plan"][0] == "free"
    await post(web, key, body(ref, reference, "PAID"))
    paid = await state(db, user)
    await post(web, key, body(ref, reference, "EXPIRED"))  # late news of an older state
    await post(web, key, body(ref, reference, "FAILED"))
    await post(web, key, body(ref, reference, "SETTLED"))  # a status we do not know
    assert await state(db, user) == paid
    assert paid["plan"][0] == "pro"


async def test_unknown_reference_and_other_events_are_acknowledged_without_effect(
    db: Database, make_user: UserFactory, make_invoice: InvoiceFactory, web: Any, tripay: Any
) -> None:
    user = await make_user()
    ref, reference = await refs_of(db, await make_invoice(user))
    before = await state(db, user)
    unknown = body("NF-20261130-AAAAAAAAAAAAAAAA", "DEV-UNKNOWN", "PAID")
    assert await post(web, tripay.private_key, unknown) == (200, {"success": True})
    other = body(ref, reference, "PAID")
    assert await post(web, tripay.private_key, other, event="payout_status") == (
        200,
        {"success": True},
    )
    assert await state(db, user) == before


async def test_fifty_simultaneous_callbacks_for_ten_invoices(
    db: Database, make_user: UserFactory, make_invoice: InvoiceFactory, web: Any, tripay: Any
) -> None:
    users = [await make_user(), await make_user()]
    invoices = [await make_invoice(users[i % 2]) for i in range(10)]
    raws = [body(*await refs_of(db, invoice), "PAID") for invoice in invoices]
    answers = await asyncio.gather(
        *(post(web, tripay.private_key, raws[i % 10]) for i in range(50))
    )
    assert all(answer == (200, {"success": True}) for answer in answers)
    async with db.as_service() as conn:
        activations = await conn.fetchval(
            "select count(*) from subscriptions where user_id = any($1::uuid[])", users
        )
        applied = await conn.fetchval(
            "select count(*) from billing_callbacks c join invoices i on i.id = c.invoice_id"
            " where i.user_id = any($1::uuid[]) and c.outcome = 'applied'",
            users,
        )
    assert (activations, applied) == (10, 10)
    for user in users:  # five months each, stacked: no activation overwrote another
        _, ends, _ = await user_plan(db, user)
        left = ends - dt.datetime.now(dt.UTC)
        assert dt.timedelta(days=149) < left <= dt.timedelta(days=150)


async def test_no_key_or_signature_in_any_log_line(
    caplog: pytest.LogCaptureFixture,
    db: Database,
    make_user: UserFactory,
    make_invoice: InvoiceFactory,
    web: Any,
    tripay: TripayEmulator,
) -> None:
    caplog.set_level(logging.DEBUG)
    user = await make_user()
    ref, reference = await refs_of(db, await make_invoice(user))
    raw = body(ref, reference, "PAID")
    await post(web, tripay.private_key, raw)
    await web.post(ROUTE, data=raw, headers={"X-Callback-Signature": "f" * 64})
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in (tripay.private_key, tripay.api_key, callback_signature(tripay.private_key, raw)):
        assert secret not in logged
    assert ref in logged  # the merchant ref is not secret and helps support
