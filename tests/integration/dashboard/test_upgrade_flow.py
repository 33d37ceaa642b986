"""Upgrading in the browser against the Tripay emulator: plan, period, channel, one payment."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from emulators.tripay import TripayEmulator
from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.billing.conftest import runtime, tripay
from tests.integration.billing.test_checkout import emu_transactions
from tests.integration.dashboard.seed import sign_in
from tests.integration.dashboard.test_strategy_pages import main_text

__all__ = ["runtime", "tripay"]  # this module's runtime pays through the emulator

Client = TestClient[Any, Any]
UPGRADE = "/dashboard/billing/upgrade"


def channel_form(body: str, method: str) -> dict[str, str]:
    """Return the hidden fields of the channel page's form for `method`."""
    for form in re.findall(
        r"<form method=\"post\" action=\"/dashboard/billing/pay\".*?</form>", body, re.S
    ):
        fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
        if fields.get("method") == method:
            return fields
    raise AssertionError(f"no form for {method}")


async def invoices_of(runtime: Runtime, user: uuid.UUID) -> list[Any]:
    async with runtime.db.as_service() as conn:
        return list(
            await conn.fetch("select id, merchant_ref from invoices where user_id = $1", user)
        )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Choose a plan", "Pro: pay for how long?", "Pro · 1 month: Rp 149,000",
                "Virtual account", "Pay Rp 1", "Scan the QR code"]),
        ("id", ["Pilih paket", "Pro: bayar untuk berapa lama?", "Pro · 1 bulan: Rp 149.000",
                "Transfer bank (VA)", "Bayar Rp 1", "Pindai kode QR"]),
    ],
)  # fmt: skip
async def test_a_double_submit_of_the_web_upgrade_makes_one_invoice(
    client: Client,
    runtime: Runtime,
    make_user: UserFactory,
    tripay: TripayEmulator,
    language: str,
    words: list[str],
) -> None:
    user = await make_user(language=language)
    await sign_in(client, runtime, user)
    plans = await (await client.get(UPGRADE)).text()
    periods = await (await client.get(f"{UPGRADE}/pro")).text()
    channels = await (await client.get(f"{UPGRADE}/pro/monthly")).text()
    assert f'href="{UPGRADE}/pro"' in plans and f'href="{UPGRADE}/pro/monthly"' in periods
    form = channel_form(channels, "QRIS")
    before = len(await emu_transactions(tripay))

    # Two submits at once, then the same form again: one invoice, one Tripay transaction.
    posts = [client.post("/dashboard/billing/pay", data=form, allow_redirects=False) for _ in "ab"]
    first = await asyncio.gather(*posts)
    again = await client.post("/dashboard/billing/pay", data=form, allow_redirects=False)

    assert all(r.status == 303 for r in [*first, again])
    made = await invoices_of(runtime, user)
    assert len(made) == 1 and len(await emu_transactions(tripay)) == before + 1
    assert again.headers["Location"] == f"/dashboard/billing/invoices/{made[0]['id']}"
    payment = await (await client.get(again.headers["Location"])).text()
    qr = await client.get(f"/dashboard/billing/invoices/{made[0]['id']}/qr.svg")
    assert qr.status == 200 and (await qr.text()).startswith("<svg")
    text = " ".join(main_text(page) for page in (plans, periods, channels, payment))
    for word in words:
        assert word in text, word
    assert made[0]["merchant_ref"] in payment


async def test_the_payment_post_needs_csrf_and_a_plan_on_offer(
    client: Client, runtime: Runtime, make_user: UserFactory, tripay: TripayEmulator
) -> None:
    user = await make_user()
    await sign_in(client, runtime, user)
    form = channel_form(await (await client.get(f"{UPGRADE}/pro/yearly")).text(), "BRIVA")

    forged = await client.post(
        "/dashboard/billing/pay", data={**form, "csrf": "x"}, allow_redirects=False
    )
    free = await client.post(
        "/dashboard/billing/pay", data={**form, "plan": "free"}, allow_redirects=False
    )
    gone = await client.post(
        "/dashboard/billing/pay", data={**form, "method": "SMSVA"}, allow_redirects=False
    )

    assert forged.status == 403
    assert free.headers["Location"] == f"{UPGRADE}?done=billing_plan_free"
    assert gone.headers["Location"] == f"{UPGRADE}/pro/yearly?done=billing_channel_unavailable"
    assert await invoices_of(runtime, user) == []
    warned = await (await client.get(gone.headers["Location"])).text()
    assert "That payment channel cannot take this payment right now" in warned
    unknown = await client.get(f"{UPGRADE}/gold", allow_redirects=False)
    assert unknown.headers["Location"] == f"{UPGRADE}?done=billing_plan_unknown"
