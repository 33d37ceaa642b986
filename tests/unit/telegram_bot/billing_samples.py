"""Plans, channels, invoices and billing overviews shaped as the billing services return them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

from billing_tripay.channels import ChannelOffer, Fee, PaymentChannel
from billing_tripay.periods import Phase
from billing_tripay.plans import Plan
from orchestrator.accounts.usage import PlanUsage
from orchestrator.billing.invoices import Invoice
from orchestrator.billing.overview import BillingOverview
from orchestrator.billing.tripay import Instruction

CREATED = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)  # 14.00 WIB
EXPIRES = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)  # 15.30 WIB
HOSTILE = '<b>Evil</b> & "x" <script>'


def plan(code: str, name: str, monthly: int, **limits: Any) -> Plan:
    row = {
        "code": code,
        "name": name,
        "price_idr": monthly,
        "period_days": 30 if monthly else 36500,
        "max_bots": 1,
        "max_live_bots": 0,
        "ai_generations_per_month": 5,
        "hyperopt_max_epochs": 50,
        "backtest_max_days": 30,
        **limits,
    }
    return Plan.from_row(row)


FREE = plan("free", "Free", 0)
PRO = plan(
    "pro",
    "Pro",
    149_000,
    max_bots=5,
    max_live_bots=2,
    ai_generations_per_month=100,
    hyperopt_max_epochs=300,
    backtest_max_days=180,
)
ELITE = plan(
    "elite",
    "Elite",
    399_000,
    max_bots=20,
    max_live_bots=10,
    ai_generations_per_month=500,
    hyperopt_max_epochs=1000,
    backtest_max_days=365,
)


def usage(current: Plan = FREE, *, bots: int = 1, live: int = 0, used: int = 2) -> PlanUsage:
    return PlanUsage(
        plan=current,
        active_bots=bots,
        live_bots=live,
        generations_used=used,
        plans=(FREE, PRO, ELITE),
    )


def channel(code: str, name: str, group: str, flat: int, percent: str = "0") -> PaymentChannel:
    fee = Fee(flat, Decimal(percent))
    return PaymentChannel(
        code=code,
        name=name,
        group=group,
        type="direct",
        fee_merchant=Fee(0, Decimal(0)),
        fee_customer=fee,
        total_fee=fee,
        minimum_amount=None,
        maximum_amount=None,
        minimum_fee=None,
        maximum_fee=None,
        active=True,
        icon_url="",
    )


CHANNELS = (
    channel("BRIVA", "BRI Virtual Account", "Virtual Account", 4_250),
    channel("OVO", "OVO", "E-Wallet", 0, "3"),
    channel("ALFAMART", "Alfamart", "Convenience Store", 3_500),
    channel("QRIS", "QRIS by ShopeePay", "E-Wallet", 750, "0.70"),
    channel("NEWPAY", "New <Pay>", "Crypto & more", 0),
)


def offers(amount: int = 149_000) -> list[ChannelOffer]:
    return [ChannelOffer(c, amount, c.customer_fee(amount)) for c in CHANNELS]


QRIS_STEPS = (
    Instruction(
        "Bayar dengan QRIS",
        (
            "Buka aplikasi bank atau dompet digital apa pun yang mendukung QRIS",
            "Pastikan jumlah <b>Rp 150.043</b> sudah benar",
        ),
    ),
)


def invoice(**changes: Any) -> Invoice:
    base = Invoice(
        id=uuid.UUID("11111111-2222-4333-8444-555555555555"),
        user_id=uuid.UUID("66666666-7777-4888-8999-aaaaaaaaaaaa"),
        plan_code="pro",
        merchant_ref="NF-20261201-ABCDEFGHIJKLMNOP",
        reference="T0001234567890ABCD",
        method="QRIS",
        method_name="QRIS by ShopeePay",
        amount_idr=149_000,
        fee_idr=1_802,
        total_idr=150_802,
        period="monthly",
        days=30,
        status="UNPAID",
        checkout_url="https://tripay.example/checkout/T0001234567890ABCD",
        pay_code=None,
        qr_string="00020101021226610016ID.CO.SHOPEE.WWW01189360091800000000000303UMI5204"
        "58165303360540615080258025ID5907NoFOMO6007JAKARTA6304ABCD",
        instructions=QRIS_STEPS,
        expires_at=EXPIRES,
        paid_at=None,
        created_at=CREATED,
        failure_reason=None,
    )
    return replace(base, **changes)


def overview(current: Plan = PRO, **changes: Any) -> BillingOverview:
    base = BillingOverview(
        usage=usage(current),
        ends_at=dt.datetime(2026, 12, 31, 8, 30, tzinfo=dt.UTC),
        phase=Phase.ACTIVE,
        grace_ends=None,
        winding_down=False,
        invoices=(),
    )
    return replace(base, **changes)
