"""The Tripay emulator over HTTP: channels, transactions, expiry, signed callbacks and retries.

Callbacks go to a real aiohttp receiver on a free port; the retry interval is compressed to
INTERVAL seconds and expiry follows an injected clock. The app's own signature functions
check the emulator's signatures, so both sides agree on the formulas.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sys
from typing import Any

import aiohttp
import pytest

from billing_tripay.channels import parse_channels
from emulators.tripay import TripayEmulator
from emulators.tripay.paycodes import crc16
from tests.integration.emulators.tripay_support import (
    Clock,
    Receiver,
    as_form,
    clock,
    control,
    create,
    emulator,
    get,
    http,
    order,
    receiver,
)

INTERVAL = 0.05  # seconds between callback tries (Tripay: 120)
START = 1_800_000_000
JSON = dict[str, Any]


__all__ = ["clock", "emulator", "http", "receiver"]  # fixtures


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
