"""The Tripay emulator over HTTP: channels, transactions, expiry, signed callbacks and retries.

Callbacks go to a real aiohttp receiver on a free port; the retry interval is compressed to
INTERVAL seconds and expiry follows an injected clock. The app's own signature functions
check the emulator's signatures, so both sides agree on the formulas.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from billing_tripay.channels import parse_channels
from billing_tripay.signatures import callback_is_authentic, transaction_signature
from emulators.tripay import TripayEmulator
from emulators.tripay.paycodes import crc16

INTERVAL = 0.05  # seconds between callback tries (Tripay: 120)
START = 1_800_000_000
JSON = dict[str, Any]


class Clock:
    """A settable Unix clock for expiry and paid_at."""

    def __init__(self) -> None:
        self.now = float(START)

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Received:
    """One callback as the merchant got it: headers and the exact body bytes."""

    headers: dict[str, str]
    body: bytes

    def fields(self) -> JSON:
        decoded: JSON = json.loads(self.body)
        return decoded


class Receiver:
    """A merchant's callback endpoint: answers from a script, then `{"success": true}`.

    Given the private key it also checks signatures as the app must, answering 403 to a
    forged callback.
    """

    def __init__(self) -> None:
        self.answers: list[tuple[int, str]] = []
        self.private_key: str | None = None
        self.received: list[Received] = []
        self.url = ""
        self._arrived = asyncio.Condition()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append(Received(dict(request.headers), body))
        async with self._arrived:
            self._arrived.notify_all()
        signature = request.headers.get("X-Callback-Signature")
        if self.private_key and not callback_is_authentic(self.private_key, body, signature):
            return web.json_response({"success": False, "message": "Invalid signature"}, status=403)
        status, text = self.answers.pop(0) if self.answers else (200, '{"success": true}')
        return web.Response(status=status, text=text, content_type="application/json")

    async def wait_for(self, count: int) -> list[Received]:
        """Wait until `count` callbacks arrived; return them."""
        async with asyncio.timeout(10), self._arrived:
            await self._arrived.wait_for(lambda: len(self.received) >= count)
        return self.received


async def eventually(check: Callable[[], bool]) -> None:
    """Poll until `check()` holds: a delivery is recorded only after the merchant answered."""
    for _ in range(1_000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


async def settle_down() -> None:
    """Give background retries several intervals to (wrongly) send more."""
    await asyncio.sleep(INTERVAL * 6)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def emulator(clock: Clock) -> AsyncIterator[TripayEmulator]:
    async with TripayEmulator(callback_interval_s=INTERVAL, clock=clock) as running:
        yield running


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    made = Receiver()
    app = web.Application()
    app.router.add_post("/billing/tripay/callback", made.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    made.url = f"http://127.0.0.1:{runner.addresses[0][1]}/billing/tripay/callback"
    yield made
    await runner.cleanup()


@pytest.fixture
async def http(emulator: TripayEmulator) -> AsyncIterator[aiohttp.ClientSession]:
    """A client sending the merchant's API key, as the app's client does."""
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        yield session


def order(emulator: TripayEmulator, **changes: Any) -> JSON:
    """Return a correctly signed JSON create request; `changes` override its fields."""
    fields: JSON = {
        "method": "QRIS",
        "merchant_ref": "NF-20261130-AAAAAAAAAAAAAAAA",
        "amount": 149_000,
        "customer_name": "Budi",
        "customer_email": "budi@example.com",
        "return_url": "https://t.me/nofomo_bot",
    }
    fields.update(changes)
    amount = fields["amount"]
    fields.setdefault("order_items", [{"name": "Pro 1 bulan", "price": amount, "quantity": 1}])
    if "signature" not in fields:
        ref = fields["merchant_ref"]
        key, code = emulator.private_key, emulator.merchant_code
        fields["signature"] = transaction_signature(key, code, ref, int(amount))
    return fields


def as_form(fields: JSON) -> dict[str, str]:
    """Flatten a request the way Tripay's PHP and Python examples send it."""
    form = {k: str(v) for k, v in fields.items() if k != "order_items"}
    for index, item in enumerate(fields["order_items"]):
        form |= {f"order_items[{index}][{k}]": str(v) for k, v in item.items()}
    return form


async def create(http: aiohttp.ClientSession, emulator: TripayEmulator, **changes: Any) -> JSON:
    """Create a transaction (JSON body) and return its `data`."""
    async with http.post(f"{emulator.url}transaction/create", json=order(emulator, **changes)) as r:
        answer: JSON = await r.json()
    assert r.status == 200, answer
    data: JSON = answer["data"]
    return data


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, JSON]:
    async with http.get(url) as response:
        return response.status, await response.json()


async def control(http: aiohttp.ClientSession, url: str, body: Any) -> tuple[int, JSON]:
    async with http.post(url, json=body) as response:
        return response.status, await response.json()


# Channels and authentication ---------------------------------------------------------------


async def test_channels_parse_with_the_apps_parser(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    status, answer = await get(http, f"{emulator.url}merchant/payment-channel")
    assert status == 200 and answer["success"] is True and answer["message"] == "Success"
    channels = {c.code: c for c in parse_channels(answer["data"])}
    assert {"QRIS", "BRIVA", "BNIVA", "MANDIRIVA", "BCAVA", "PERMATAVA"} <= channels.keys()
    assert {"OVO", "DANA", "SHOPEEPAY", "ALFAMART", "INDOMARET", "SMSVA"} <= channels.keys()
    qris = channels["QRIS"]
    assert (qris.fee_customer.flat, str(qris.fee_customer.percent)) == (750, "0.7")
    assert qris.type == "direct" and qris.maximum_amount == 5_000_000
    assert channels["ALFAMART"].maximum_amount == 2_500_000
    assert channels["OVO"].minimum_amount == 1_000 and channels["OVO"].fee_customer.percent > 0
    assert [c.code for c in channels.values() if not c.active] == ["SMSVA"]
    assert all(4_250 <= c.total_fee.flat <= 5_500 for c in channels.values() if "VA" in c.code)
    async with http.get(answer["data"][0]["icon_url"]) as icon:
        assert icon.status == 200 and icon.content_type == "image/svg+xml"


async def test_channels_filter_by_code(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    _, answer = await get(http, f"{emulator.url}merchant/payment-channel?code=BRIVA")
    assert [c["code"] for c in answer["data"]] == ["BRIVA"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "merchant/payment-channel"),
        ("POST", "transaction/create"),
        ("GET", "transaction/detail?reference=DEV-T0000100001"),
        ("GET", "transaction/check-status?reference=DEV-T0000100001"),
    ],
)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic xyz"])
async def test_every_api_route_wants_the_bearer_key(
    emulator: TripayEmulator, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    async with (
        aiohttp.ClientSession() as anyone,
        anyone.request(method, emulator.url + path, headers=headers) as answer,
    ):
        body = await answer.json()
    assert answer.status == 401
    assert body == {"success": False, "message": "Invalid API Key"}
    assert emulator.transactions == []


async def test_the_production_prefix_serves_the_same_api(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    status, answer = await get(http, f"{emulator.root_url}/api/merchant/payment-channel")
    assert status == 200 and answer["data"]
    assert emulator.url == f"{emulator.root_url}/api-sandbox/"


async def test_an_emulator_not_started_has_no_url() -> None:
    with pytest.raises(RuntimeError):
        _ = TripayEmulator().url


# Creating transactions -----------------------------------------------------------------------


async def test_a_form_encoded_virtual_account_payment(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    items = [
        {"sku": "PRO-M", "name": "Pro 1 bulan", "price": 100_000, "quantity": 1},
        {"sku": "X", "name": "Tambahan", "price": 24_500, "quantity": 2},
    ]
    form = as_form(order(emulator, method="BRIVA", order_items=items))
    async with http.post(f"{emulator.url}transaction/create", data=form) as answer:
        body = await answer.json()
    assert answer.status == 200 and body["success"] is True
    data = body["data"]
    assert data["reference"].startswith("DEV-T00001")
    assert (data["payment_method"], data["payment_name"]) == ("BRIVA", "BRI Virtual Account")
    assert data["payment_selection_type"] == "static" and data["status"] == "UNPAID"
    assert (data["amount"], data["fee_customer"], data["fee_merchant"]) == (153_250, 4_250, 0)
    assert (data["total_fee"], data["amount_received"]) == (4_250, 149_000)
    assert data["pay_code"].startswith("26215") and len(data["pay_code"]) == 16
    assert data["qr_string"] is None and data["qr_url"] is None and data["pay_url"] is None
    assert data["expired_time"] == START + 24 * 3600
    assert data["checkout_url"] == f"{emulator.root_url}/checkout/{data['reference']}"
    assert [i["subtotal"] for i in data["order_items"]] == [100_000, 49_000]
    steps = [step for section in data["instructions"] for step in section["steps"]]
    assert any(data["pay_code"] in step for step in steps)
    assert any("Rp 153.250" in step for step in steps)
    assert [t.reference for t in emulator.transactions] == [data["reference"]]


async def test_a_qris_payment_carries_an_emv_payload(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    data = await create(http, emulator, method="QRIS", expired_time=START + 3600)
    _, listed = await get(http, f"{emulator.url}merchant/payment-channel?code=QRIS")
    fee = parse_channels(listed["data"])[0].customer_fee(149_000)
    assert data["fee_customer"] == fee == 750 + 1_043  # 0.70% of 149.000, rounded up
    assert data["amount"] == 149_000 + fee and data["pay_code"] is None
    qr = data["qr_string"]
    assert qr.startswith("000201010212") and "5802ID" in qr
    assert f"54{len(str(data['amount'])):02d}{data['amount']}" in qr
    assert qr[-8:-4] == "6304" and crc16(qr[:-4]) == qr[-4:]
    assert data["expired_time"] == START + 3600
    async with http.get(data["qr_url"]) as qr_page:
        assert await qr_page.text() == qr


async def test_a_merchant_borne_fee_is_not_added_to_the_amount(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    data = await create(http, emulator, method="PERMATAVA")
    assert (data["amount"], data["fee_merchant"], data["fee_customer"]) == (149_000, 4_250, 0)
    assert data["amount_received"] == 144_750


async def test_an_ewallet_redirects_and_a_shop_gives_a_code(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    ovo = await create(http, emulator, method="OVO", merchant_ref="NF-OVO")
    assert ovo["pay_url"] == ovo["checkout_url"] and ovo["pay_code"] is None
    assert ovo["fee_customer"] == 4_470  # 3% of 149.000
    shop = await create(http, emulator, method="ALFAMART", merchant_ref="NF-ALFA")
    assert shop["pay_code"].startswith("TRP") and shop["fee_customer"] == 3_500
    assert "Alfamart" in shop["instructions"][0]["title"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signature": "0" * 64}, "Invalid signature"),
        ({"signature": "é"}, "Invalid signature"),
        ({"method": "SMSVA"}, "Payment channel is not enabled"),
        ({"method": "BITCOIN"}, "Invalid payment method"),
        ({"method": "QRIS", "amount": 5_000_001}, "Maximum amount for QRIS is 5000000"),
        ({"method": "ALFAMART", "amount": 2_600_000}, "Maximum amount for ALFAMART is 2500000"),
        ({"method": "OVO", "amount": 999}, "Minimum amount for OVO is 1000"),
        ({"order_items": [{"name": "Pro", "price": 1_000, "quantity": 1}]}, "does not match"),
        ({"customer_email": None}, "The customer email field is required."),
        ({"customer_email": "budi"}, "The customer email must be a valid email address."),
        ({"amount": "149000.5", "signature": "x"}, "The amount must be an integer."),
        ({"order_items": []}, "The order items field is required."),
        ({"expired_time": START}, "The expired time must be a time in the future."),
    ],
)
async def test_create_refusals_store_nothing(
    emulator: TripayEmulator, http: aiohttp.ClientSession, changes: JSON, message: str
) -> None:
    fields = {k: v for k, v in order(emulator, **changes).items() if v is not None}
    async with http.post(f"{emulator.url}transaction/create", json=fields) as answer:
        body = await answer.json()
    assert answer.status == 400 and body["success"] is False
    assert message in body["message"]
    assert emulator.transactions == []


async def test_a_merchant_ref_is_used_once(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    await create(http, emulator, merchant_ref="NF-ONCE")
    url = f"{emulator.url}transaction/create"
    async with http.post(url, json=order(emulator, merchant_ref="NF-ONCE", method="BRIVA")) as r:
        body = await r.json()
    assert (r.status, body) == (400, {"success": False, "message": "Duplicate merchant_ref"})
    assert len(emulator.transactions) == 1


# Reading transactions ------------------------------------------------------------------------


async def test_detail_and_check_status(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    made = await create(http, emulator)
    ref = made["reference"]
    status, detail = await get(http, f"{emulator.url}transaction/detail?reference={ref}")
    assert status == 200 and detail["data"] == made
    _, checked = await get(http, f"{emulator.url}transaction/check-status?reference={ref}")
    assert checked == {"success": True, "message": "Status transaksi saat ini UNPAID"}
    status, missing = await get(http, f"{emulator.url}transaction/detail?reference=DEV-T9")
    assert (status, missing) == (404, {"success": False, "message": "Transaction not found"})
    status, unnamed = await get(http, f"{emulator.url}transaction/check-status")
    assert status == 400 and unnamed["success"] is False


async def test_an_unpaid_transaction_expires_by_the_clock(
    emulator: TripayEmulator, http: aiohttp.ClientSession, clock: Clock
) -> None:
    ref = (await create(http, emulator, expired_time=START + 600))["reference"]
    detail_url = f"{emulator.url}transaction/detail?reference={ref}"
    clock.now = START + 599
    assert (await get(http, detail_url))[1]["data"]["status"] == "UNPAID"
    clock.now = START + 600
    assert (await get(http, detail_url))[1]["data"]["status"] == "EXPIRED"
    _, checked = await get(http, f"{emulator.url}transaction/check-status?reference={ref}")
    assert checked["message"] == "Status transaksi saat ini EXPIRED"
    async with http.get(f"{emulator.root_url}/checkout/{ref}") as page:
        text = await page.text()
    assert "EXPIRED" in text and "<form" not in text


# Settling and callbacks ----------------------------------------------------------------------


async def test_pay_sends_one_callback_signed_over_its_raw_bytes(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver, clock: Clock
) -> None:
    made = await create(http, emulator, callback_url=receiver.url)
    clock.now = START + 60
    status, paid = await control(
        http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"], "status": "PAID"}
    )
    assert status == 200 and paid["data"]["status"] == "PAID"
    assert paid["data"]["paid_at"] == START + 60
    (got,) = await receiver.wait_for(1)
    assert got.headers["X-Callback-Event"] == "payment_status"
    signature = got.headers["X-Callback-Signature"]
    assert callback_is_authentic(emulator.private_key, got.body, signature)
    # Signing the JSON decoded and encoded again (as Tripay's Python sample does) must fail.
    again = json.dumps(json.loads(got.body)).encode()
    assert not callback_is_authentic(emulator.private_key, again, signature)
    assert got.fields() == {
        "reference": made["reference"],
        "merchant_ref": made["merchant_ref"],
        "payment_method": "QRIS by ShopeePay",
        "payment_method_code": "QRIS",
        "total_amount": made["amount"],
        "fee_merchant": 0,
        "fee_customer": made["fee_customer"],
        "total_fee": made["total_fee"],
        "amount_received": 149_000,
        "is_closed_payment": 1,
        "status": "PAID",
        "paid_at": START + 60,
        "note": None,
    }
    await settle_down()
    assert len(receiver.received) == 1
    assert [(a.try_number, a.http_status, a.answered_ok) for a in emulator.callbacks] == [
        (1, 200, True)
    ]
    _, detail = await get(http, f"{emulator.url}transaction/detail?reference={made['reference']}")
    assert detail["data"]["status"] == "PAID"


async def test_a_failed_try_is_retried_until_one_succeeds(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    receiver.answers = [(500, '{"success": true}')]
    made = await create(http, emulator, callback_url=receiver.url)
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    first, second = await receiver.wait_for(2)
    assert first.body == second.body
    assert first.headers["X-Callback-Signature"] == second.headers["X-Callback-Signature"]
    await eventually(lambda: len(emulator.callbacks) == 2)
    await settle_down()
    assert len(receiver.received) == 2
    outcomes = [(a.try_number, a.http_status, a.answered_ok) for a in emulator.callbacks]
    assert outcomes == [(1, 500, False), (2, 200, True)]


async def test_callbacks_stop_after_three_failed_tries(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    receiver.answers = [(500, "oops"), (200, "OK"), (200, '{"success": false}')]
    made = await create(http, emulator, callback_url=receiver.url)
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    await receiver.wait_for(3)
    await eventually(lambda: len(emulator.callbacks) == 3)
    await settle_down()
    assert len(receiver.received) == 3
    outcomes = [(a.try_number, a.http_status, a.answered_ok) for a in emulator.callbacks]
    assert outcomes == [(1, 500, False), (2, 200, False), (3, 200, False)]


async def test_an_unreachable_merchant_counts_as_failed_tries(
    emulator: TripayEmulator, http: aiohttp.ClientSession
) -> None:
    closed = web.AppRunner(web.Application())
    await closed.setup()
    site = web.TCPSite(closed, "127.0.0.1", 0)
    await site.start()
    port = closed.addresses[0][1]
    await closed.cleanup()
    made = await create(http, emulator, callback_url=f"http://127.0.0.1:{port}/cb")
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    await eventually(lambda: len(emulator.callbacks) == 3)
    assert [(a.http_status, a.answered_ok) for a in emulator.callbacks] == [(None, False)] * 3


@pytest.mark.parametrize("status", ["EXPIRED", "FAILED"])
async def test_other_settlements_report_no_paid_at(
    emulator: TripayEmulator,
    http: aiohttp.ClientSession,
    receiver: Receiver,
    status: str,
) -> None:
    made = await create(http, emulator, callback_url=receiver.url)
    body = {"reference": made["reference"], "status": status}
    await control(http, f"{emulator.root_url}/_emu/pay", body)
    (got,) = await receiver.wait_for(1)
    assert (got.fields()["status"], got.fields()["paid_at"]) == (status, None)


async def test_refund_after_paid_keeps_paid_at(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    made = await create(http, emulator, callback_url=receiver.url)
    pay_url = f"{emulator.root_url}/_emu/pay"
    await control(http, pay_url, {"reference": made["reference"], "status": "PAID"})
    await receiver.wait_for(1)
    await control(http, pay_url, {"reference": made["reference"], "status": "REFUND"})
    paid, refund = (r.fields() for r in await receiver.wait_for(2))
    assert refund["status"] == "REFUND" and refund["paid_at"] == paid["paid_at"] == START


# Abnormal callbacks --------------------------------------------------------------------------


@pytest.mark.parametrize("concurrent", [False, True])
async def test_a_callback_sent_several_times(
    emulator: TripayEmulator,
    http: aiohttp.ClientSession,
    receiver: Receiver,
    concurrent: bool,
) -> None:
    receiver.private_key = emulator.private_key
    made = await create(http, emulator, callback_url=receiver.url)
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    await receiver.wait_for(1)
    body = {"reference": made["reference"], "duplicate": 3, "concurrent": concurrent}
    status, answer = await control(http, f"{emulator.root_url}/_emu/callback", body)
    assert status == 200
    assert [(r["http_status"], r["answered_ok"]) for r in answer["data"]] == [(200, True)] * 3
    assert all(json.loads(r["body"]) == {"success": True} for r in answer["data"])
    assert len({r.body for r in receiver.received}) == 1 and len(receiver.received) == 4


async def test_a_forged_callback_fails_the_merchants_check(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    receiver.private_key = emulator.private_key
    made = await create(http, emulator, callback_url=receiver.url)
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    await receiver.wait_for(1)
    body = {"reference": made["reference"], "bad_signature": True}
    _, answer = await control(http, f"{emulator.root_url}/_emu/callback", body)
    assert [(r["http_status"], r["answered_ok"]) for r in answer["data"]] == [(403, False)]
    forged = receiver.received[-1]
    assert forged.body == receiver.received[0].body
    signature = forged.headers["X-Callback-Signature"]
    assert not callback_is_authentic(emulator.private_key, forged.body, signature)
    assert emulator.callbacks[-1].bad_signature is True


async def test_a_wrong_amount_or_status_is_reported_but_not_stored(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    receiver.private_key = emulator.private_key
    made = await create(http, emulator, callback_url=receiver.url)
    ref, url = made["reference"], f"{emulator.root_url}/_emu/callback"
    _, answer = await control(http, url, {"reference": ref, "amount": 1, "status": "PAID"})
    assert answer["data"][0]["answered_ok"] is True  # signed correctly: only the amount lies
    lying = receiver.received[-1].fields()
    assert (lying["total_amount"], lying["status"], lying["paid_at"]) == (1, "PAID", START)
    await control(http, url, {"reference": ref, "status": "FAILED"})
    assert receiver.received[-1].fields()["status"] == "FAILED"
    _, detail = await get(http, f"{emulator.url}transaction/detail?reference={ref}")
    assert (detail["data"]["status"], detail["data"]["paid_at"]) == ("UNPAID", None)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("pay", {"reference": "DEV-NOPE"}),
        ("pay", {"status": "PAID"}),
        ("pay", {"reference": "<made>", "status": "DONE"}),
        ("pay", {"reference": "<made>", "status": "UNPAID"}),
        ("pay", ["not", "an", "object"]),
        ("callback", {"reference": "<made>"}),  # still UNPAID: Tripay sends no such callback
        ("callback", {"reference": "<made>", "status": "PAID", "duplicate": 0}),
        ("callback", {"reference": "<made>", "status": "PAID", "amount": "lots"}),
        ("callback", {"reference": "DEV-NOPE", "status": "PAID"}),
    ],
)
async def test_the_control_api_refuses_bad_input(
    emulator: TripayEmulator,
    http: aiohttp.ClientSession,
    receiver: Receiver,
    path: str,
    body: Any,
) -> None:
    made = await create(http, emulator, callback_url=receiver.url)
    if isinstance(body, dict) and body.get("reference") == "<made>":
        body = {**body, "reference": made["reference"]}
    status, answer = await control(http, f"{emulator.root_url}/_emu/{path}", body)
    assert status == 400 and answer["success"] is False and answer["message"]
    assert emulator.transactions[0].status == "UNPAID"
    assert receiver.received == [] and emulator.callbacks == []


async def test_the_control_api_lists_transactions_and_deliveries(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    made = await create(http, emulator, callback_url=receiver.url)
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    await eventually(lambda: len(emulator.callbacks) == 1)
    _, listed = await get(http, f"{emulator.root_url}/_emu/transactions")
    assert [(t["reference"], t["status"]) for t in listed["data"]] == [(made["reference"], "PAID")]
    _, delivered = await get(http, f"{emulator.root_url}/_emu/callbacks")
    assert delivered["data"] == [
        {
            "reference": made["reference"],
            "status": "PAID",
            "try": 1,
            "http_status": 200,
            "answered_ok": True,
            "body": '{"success": true}',
            "source": "settle",
            "bad_signature": False,
        }
    ]


# The checkout page ---------------------------------------------------------------------------


async def test_a_person_can_pay_on_the_checkout_page(
    emulator: TripayEmulator, http: aiohttp.ClientSession, receiver: Receiver
) -> None:
    made = await create(http, emulator, method="BRIVA", callback_url=receiver.url)
    async with aiohttp.ClientSession() as browser:
        async with browser.get(made["checkout_url"]) as page:
            text = await page.text()
        assert page.status == 200 and page.content_type == "text/html"
        assert made["reference"] in text and made["pay_code"] in text
        assert "Rp 153.250" in text and 'method="post"' in text
        pay = f"{emulator.root_url}/checkout/{made['reference']}/pay"
        async with browser.post(pay, allow_redirects=False) as paid:
            assert paid.status == 303 and paid.headers["Location"].endswith(made["reference"])
        async with browser.get(made["checkout_url"]) as page:
            after = await page.text()
        async with browser.get(f"{emulator.root_url}/checkout/DEV-NOPE") as missing:
            assert missing.status == 404
    assert "PAID" in after and "<form" not in after and "https://t.me/nofomo_bot" in after
    (got,) = await receiver.wait_for(1)
    assert got.fields()["status"] == "PAID"


# Secrets and the standalone runner -----------------------------------------------------------


async def test_no_key_or_signature_is_logged(
    emulator: TripayEmulator,
    http: aiohttp.ClientSession,
    receiver: Receiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    receiver.answers = [(500, "no")]
    made = await create(http, emulator, callback_url=receiver.url)
    await control(http, f"{emulator.root_url}/_emu/pay", {"reference": made["reference"]})
    await receiver.wait_for(2)
    body = {"reference": made["reference"], "bad_signature": True, "duplicate": 2}
    await control(http, f"{emulator.root_url}/_emu/callback", body)
    async with http.post(f"{emulator.url}transaction/create", json=order(emulator)) as refused:
        assert refused.status == 400
    secrets = {emulator.api_key, emulator.private_key, order(emulator)["signature"]}
    secrets |= {r.headers["X-Callback-Signature"] for r in receiver.received}
    assert caplog.records  # the deliveries were logged ...
    assert not any(secret in caplog.text for secret in secrets)  # ... without a secret


async def test_the_standalone_runner_logs_its_test_credentials_and_stops_on_sigterm() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "emulators.tripay",
        "--port",
        "0",
        "--callback-interval",
        "1",
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    logged: dict[str, str] = {}
    try:
        async with asyncio.timeout(30):
            while "TRIPAY_MERCHANT_CODE" not in logged:
                line = (await process.stderr.readline()).decode()
                assert line, "the emulator exited early"
                logged |= dict(re.findall(r"\b(TRIPAY_[A-Z_]+)=(\S+)", line))
        headers = {"Authorization": f"Bearer {logged['TRIPAY_API_KEY']}"}
        async with aiohttp.ClientSession(headers=headers) as client:
            status, answer = await get(
                client, f"{logged['TRIPAY_BASE_URL']}merchant/payment-channel"
            )
        assert status == 200 and answer["success"] is True
        assert logged["TRIPAY_PRIVATE_KEY"].count("-") == 4
        assert logged["TRIPAY_MERCHANT_CODE"] == "T00001"
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(15):
            returncode = await process.wait()
    assert returncode == 0
