"""The billing pages: the plan, its use and end, invoices, receipts, payments and QR codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import sign_in
from tests.integration.dashboard.seed_account import QR, add_invoice
from tests.integration.dashboard.test_strategy_pages import main_text

Client = TestClient[Any, Any]
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)


async def on_plan(runtime: Runtime, user: Any, ends: dt.datetime, state: str = "ok") -> None:
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users set plan_code = 'pro', plan_expires_at = $2, billing_state = $3"
            " where id = $1",
            user,
            ends,
            state,
        )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ["Billing", "Pro plan", "Paid until", "Active bots", "0 of", "Payments",
             "Rp 150,043", "Paid", "Unpaid", "Receipt", "Pay", "⭐ Upgrade or renew"],
        ),
        (
            "id",
            ["Langganan", "Paket Pro", "Aktif sampai", "Bot aktif", "0 dari", "Pembayaran",
             "Rp 150.043", "Lunas", "Belum dibayar", "Tanda terima", "Bayar",
             "⭐ Tingkatkan atau perpanjang"],
        ),
    ],
)  # fmt: skip
async def test_billing_shows_plan_use_end_and_invoices(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    await on_plan(runtime, user, dt.datetime.now(dt.UTC) + dt.timedelta(days=20))
    paid = await add_invoice(runtime, user, status="PAID")
    unpaid = await add_invoice(runtime, user, status="UNPAID", qr=QR, expires=LATER)
    await sign_in(client, runtime, user)

    response = await client.get("/dashboard/billing")
    body = await response.text()

    assert response.status == 200, body
    text = main_text(body)
    for word in words:
        assert word in text, word
    assert f'href="/dashboard/billing/invoices/{paid}"' in body
    assert f'href="/dashboard/billing/invoices/{unpaid}"' in body


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["grace period until", "Live bots open no new trades"]),
        ("id", ["masa tenggang sampai", "Bot live tidak membuka posisi baru"]),
    ],
)
async def test_billing_warns_of_grace_and_winding_down(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    await on_plan(runtime, user, dt.datetime.now(dt.UTC) - dt.timedelta(days=1), "winding_down")
    await sign_in(client, runtime, user)

    text = main_text(await (await client.get("/dashboard/billing")).text())

    for word in words:
        assert word in text, word


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Receipt", "Tripay reference", "Pro, 1 month (30 days)", "Rp 149,000",
                "Rp 1,043", "Rp 150,043", "Nov 20, 2026, 10:00 WIB", "QRIS channel"]),
        ("id", ["Tanda terima", "Referensi Tripay", "Pro, 1 bulan (30 hari)", "Rp 149.000",
                "Rp 1.043", "Rp 150.043", "20 Nov 2026 10.00 WIB", "QRIS channel"]),
    ],
)  # fmt: skip
async def test_a_paid_invoice_has_a_printable_receipt(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    invoice = await add_invoice(runtime, user, status="PAID")
    await sign_in(client, runtime, user)

    response = await client.get(f"/dashboard/billing/invoices/{invoice}")
    body = await response.text()

    assert response.status == 200, body
    text = main_text(body)
    for word in words:
        assert word in text, word
    assert "data-print" in body and "/dashboard/static/receipt.js" in body


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Pay Rp 150,043", "Valid until", "WIB", "Scan the QR code", "How to pay",
                "Open the payment page"]),
        ("id", ["Bayar Rp 150.043", "Berlaku sampai", "WIB", "Pindai kode QR", "Cara membayar",
                "Buka halaman pembayaran"]),
    ],
)  # fmt: skip
async def test_an_open_qris_invoice_shows_how_to_pay_with_its_qr_code(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    invoice = await add_invoice(runtime, user, status="UNPAID", qr=QR, expires=LATER)
    await sign_in(client, runtime, user)

    body = await (await client.get(f"/dashboard/billing/invoices/{invoice}")).text()
    qr = await client.get(f"/dashboard/billing/invoices/{invoice}/qr.svg")

    text = main_text(body)
    for word in words:
        assert word in text, word
    assert "Buka aplikasi <x>" in text and "<x>" not in body  # Tripay's steps, escaped
    assert f'src="/dashboard/billing/invoices/{invoice}/qr.svg"' in body
    assert qr.status == 200 and qr.content_type == "image/svg+xml"
    svg = await qr.text()
    assert svg.startswith("<svg") and "<script" not in svg


async def test_a_virtual_account_invoice_shows_its_pay_code_and_no_qr(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    invoice = await add_invoice(
        runtime, user, status="UNPAID", method="BRIVA", pay_code="8277123456789", expires=LATER
    )
    await sign_in(client, runtime, user)

    body = await (await client.get(f"/dashboard/billing/invoices/{invoice}")).text()
    qr = await client.get(f"/dashboard/billing/invoices/{invoice}/qr.svg")

    assert "Pay code" in body and "8277123456789" in body and "qr.svg" not in body
    assert qr.status == 404


async def test_an_expired_invoice_says_there_is_nothing_to_pay(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user(language="id")
    invoice = await add_invoice(runtime, user, status="EXPIRED", qr=QR)
    await sign_in(client, runtime, user)

    text = main_text(await (await client.get(f"/dashboard/billing/invoices/{invoice}")).text())

    assert "berstatus Kedaluwarsa: tidak ada yang perlu dibayar" in text


async def test_another_users_invoice_receipt_and_qr_are_not_found(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    owner, other = await make_user(), await make_user()
    paid = await add_invoice(runtime, owner, status="PAID")
    open_qr = await add_invoice(runtime, owner, status="UNPAID", qr=QR, expires=LATER)
    await sign_in(client, runtime, other)

    for path in (
        f"/dashboard/billing/invoices/{paid}",
        f"/dashboard/billing/invoices/{open_qr}",
        f"/dashboard/billing/invoices/{open_qr}/qr.svg",
        "/dashboard/billing/invoices/0/qr.svg",
    ):
        response = await client.get(path)
        body = await response.text()
        assert response.status == 404, path
        assert "Page not found" in body and "NF-" not in body
