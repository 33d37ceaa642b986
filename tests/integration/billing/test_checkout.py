"""Paying for a plan against the Tripay emulator: one invoice per tap, paid by callback."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

import aiohttp
import pytest

from billing_tripay.plans import Period
from emulators.tripay import TripayEmulator
from kernel.errors import ServiceFailure, UserFacingError
from orchestrator.billing.checkout import channel_offers, choose, pay, plans_for_sale
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.integration.billing.conftest import user_plan
from tests.support.waiting import eventually


async def emu_transactions(tripay: TripayEmulator) -> list[Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{tripay.root_url}/_emu/transactions") as response,
    ):
        data = await response.json()
    return list(data["data"] if isinstance(data, dict) else data)


async def test_plans_for_sale_are_the_paid_plans_with_yearly_prices(runtime: Runtime) -> None:
    plans = await plans_for_sale(runtime)
    assert [p.code for p in plans] == ["pro", "elite"]
    pro = plans[0]
    assert (pro.price_monthly_idr, pro.price_yearly_idr) == (149_000, 1_490_000)
    assert pro.yearly_saving_idr() == 298_000
    assert [p.entitlements.custom_code for p in plans] == [False, True]


async def test_channels_hide_what_cannot_take_the_amount(runtime: Runtime) -> None:
    offers = await channel_offers(runtime, 149_000)
    codes = {o.channel.code for o in offers}
    assert "QRIS" in codes and "SMSVA" not in codes  # SMSVA is inactive in the emulator
    assert all(o.total == 149_000 + o.fee for o in offers)
    big = {o.channel.code for o in await channel_offers(runtime, 3_990_000)}
    assert "ALFAMART" not in big  # above its maximum


async def test_pay_with_qris_then_the_callback_activates_the_plan(
    runtime: Runtime, web: Any, make_user: UserFactory, db: Database, tripay: TripayEmulator
) -> None:
    user = await make_user()
    choice = await choose(runtime, "pro", "monthly")
    invoice = await pay(runtime, user, choice, "QRIS", str(uuid.uuid4()))
    assert invoice.status == "UNPAID" and invoice.qr_string and invoice.reference
    assert invoice.total_idr > invoice.amount_idr == 149_000
    assert invoice.expires_at is not None and invoice.instructions
    # Tripay's steps carry HTML (<b>); they are stored as plain text for every renderer to escape.
    steps = [step for i in invoice.instructions for step in i.steps]
    assert steps and not any("<" in step or "&amp;" in step for step in steps)
    # QRIS is paid at once, on the phone: it stays open an hour, not a day.
    left = invoice.expires_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=55) < left <= dt.timedelta(hours=1)
    async with aiohttp.ClientSession() as http:
        await http.post(
            f"{tripay.root_url}/_emu/pay", json={"reference": invoice.reference, "status": "PAID"}
        )

    async def active() -> bool:
        return (await user_plan(db, user))[0] == "pro"

    await eventually(active, within=15, what="the plan to activate")
    _, ends, _ = await user_plan(db, user)
    assert ends - dt.datetime.now(dt.UTC) > dt.timedelta(days=29)


async def test_a_double_tap_creates_one_transaction(
    runtime: Runtime, web: Any, make_user: UserFactory, tripay: TripayEmulator
) -> None:
    user = await make_user()
    choice = await choose(runtime, "elite", Period.YEARLY.value)
    key = str(uuid.uuid4())
    before = len(await emu_transactions(tripay))
    taps = await asyncio.gather(
        *(pay(runtime, user, choice, "BRIVA", key) for _ in range(2)), return_exceptions=True
    )
    made = [t for t in taps if not isinstance(t, BaseException)]
    waited = [t for t in taps if isinstance(t, UserFacingError)]
    assert len(made) + len(waited) == 2 and made  # the second waits or gets the same invoice
    again = await pay(runtime, user, choice, "BRIVA", key)
    assert {i.merchant_ref for i in made} == {again.merchant_ref}
    assert again.pay_code and again.amount_idr == 3_990_000 and again.days == 365
    assert len(await emu_transactions(tripay)) == before + 1


async def test_free_and_unknown_plans_are_refused(runtime: Runtime) -> None:
    for code, period in (("free", "monthly"), ("gold", "monthly"), ("pro", "weekly")):
        with pytest.raises(UserFacingError):
            await choose(runtime, code, period)


async def test_a_channel_that_cannot_take_the_amount_is_refused(
    runtime: Runtime, make_user: UserFactory
) -> None:
    choice = await choose(runtime, "elite", "yearly")
    with pytest.raises(UserFacingError, match="billing_channel_unavailable"):
        await pay(runtime, await make_user(), choice, "SMSVA", str(uuid.uuid4()))


async def test_tripay_down_is_our_failure_and_charges_nothing(
    runtime: Runtime, make_user: UserFactory, db: Database
) -> None:
    user = await make_user()
    choice = await choose(runtime, "pro", "monthly")
    await channel_offers(runtime, choice.price)  # cached while Tripay was up
    runtime.settings = runtime.settings.model_copy(
        update={"tripay_base_url": "http://127.0.0.1:9/api-sandbox/"}
    )
    await runtime.redis.delete(*[k async for k in runtime.redis.scan_iter("nofomo:tripay:*")])
    with pytest.raises(ServiceFailure):
        await pay(runtime, user, choice, "QRIS", str(uuid.uuid4()))
    assert (await user_plan(db, user))[0] == "free"
