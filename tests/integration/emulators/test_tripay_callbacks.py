"""The Tripay emulator's settlements and callbacks: signed over raw bytes, retried like Tripay."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from billing_tripay.signatures import callback_is_authentic
from emulators.tripay import TripayEmulator
from tests.integration.emulators.tripay_support import (
    Clock,
    Receiver,
    clock,
    control,
    create,
    emulator,
    eventually,
    get,
    http,
    receiver,
    settle_down,
)

INTERVAL = 0.05  # seconds between callback tries (Tripay: 120)
START = 1_800_000_000
JSON = dict[str, Any]


__all__ = ["clock", "emulator", "http", "receiver"]  # fixtures


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
