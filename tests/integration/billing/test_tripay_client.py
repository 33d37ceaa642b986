"""The Tripay client against the Tripay emulator, over real HTTP: the wire contract."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from billing_tripay.channels import offers_for
from billing_tripay.signatures import transaction_signature
from emulators.tripay import TripayEmulator
from orchestrator.billing.tripay import (
    NewTransaction,
    OrderItem,
    Transaction,
    TripayClient,
    TripayConfig,
    TripayRejected,
    TripayUnavailable,
)

PRICE = 149_000


@pytest.fixture
async def emulator() -> AsyncIterator[TripayEmulator]:
    """A Tripay emulator whose callbacks give up at once (no receiver in these tests)."""
    async with TripayEmulator(callback_interval_s=0.05, callback_tries=1) as emu:
        yield emu


def config_of(emulator: TripayEmulator, **changes: Any) -> TripayConfig:
    config = TripayConfig(
        base_url=emulator.url,
        api_key=SecretStr(emulator.api_key),
        private_key=SecretStr(emulator.private_key),
        merchant_code=emulator.merchant_code,
    )
    return replace(config, **changes)


@pytest.fixture
async def client(emulator: TripayEmulator) -> AsyncIterator[TripayClient]:
    async with TripayClient(config_of(emulator)) as tripay:
        yield tripay


def new_tx(method: str, ref: str = "NF-20261130-ABCDEFGHIJKLMNOP", **fields: Any) -> NewTransaction:
    values: dict[str, Any] = {
        "method": method,
        "merchant_ref": ref,
        "amount": PRICE,
        "customer_name": "Budi Santoso",
        "customer_email": "budi@example.com",
        "order_items": (OrderItem("NoFOMO Pro, 1 bulan", PRICE, sku="pro-monthly"),),
        "callback_url": "http://127.0.0.1:9/billing/tripay/callback",
        "return_url": "https://t.me/nofomo_bot",
        "expired_time": datetime.now(UTC) + timedelta(hours=1),
    }
    return NewTransaction(**(values | fields))


def closed_port() -> int:
    """Return a local port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_channels_are_listed_and_filtered_for_an_amount(client: TripayClient) -> None:
    channels = await client.channels()

    codes = {channel.code for channel in channels}
    assert {"QRIS", "BRIVA"} <= codes
    offered = {offer.channel.code for offer in offers_for(channels, PRICE)}
    assert "QRIS" in offered
    assert all(channel.active for channel in channels if channel.code in offered)


async def test_a_qris_transaction_carries_a_qr_string(client: TripayClient) -> None:
    tx = await client.create_transaction(new_tx("QRIS"))

    assert tx.reference and tx.merchant_ref == "NF-20261130-ABCDEFGHIJKLMNOP"
    assert (tx.payment_method, tx.status) == ("QRIS", "UNPAID")
    assert tx.qr_string
    assert tx.amount == PRICE + tx.fee_customer
    assert tx.expired_time > datetime.now(UTC)
    assert tx.checkout_url.startswith("http")
    assert tx.paid_at is None


async def test_a_virtual_account_transaction_carries_a_pay_code(client: TripayClient) -> None:
    tx = await client.create_transaction(new_tx("BRIVA"))

    assert tx.pay_code and tx.pay_code.isdigit()
    assert tx.qr_string is None
    assert tx.instructions and all(step for i in tx.instructions for step in i.steps)


async def test_a_wrong_private_key_is_rejected(emulator: TripayEmulator) -> None:
    config = config_of(emulator, private_key=SecretStr("not-the-merchants-private-key"))
    async with TripayClient(config) as tripay:
        with pytest.raises(TripayRejected) as caught:
            await tripay.create_transaction(new_tx("QRIS"))

    assert caught.value.message


async def test_a_wrong_api_key_is_rejected(emulator: TripayEmulator) -> None:
    config = config_of(emulator, api_key=SecretStr("DEV-not-the-merchants-api-key"))
    async with TripayClient(config) as tripay:
        with pytest.raises(TripayRejected):
            await tripay.channels()
        with pytest.raises(TripayRejected):
            await tripay.create_transaction(new_tx("QRIS"))


async def pay(emulator: TripayEmulator, reference: str, status: str = "PAID") -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{emulator.root_url}/_emu/pay", json={"reference": reference, "status": status}
        ) as resp,
    ):
        assert resp.status == 200, await resp.text()


async def test_detail_and_check_status_follow_a_payment(
    client: TripayClient, emulator: TripayEmulator
) -> None:
    created = await client.create_transaction(new_tx("BRIVA"))
    assert await client.check_status(created.reference) == "UNPAID"

    await pay(emulator, created.reference)
    detail = await client.transaction_detail(created.reference)

    assert (detail.reference, detail.merchant_ref) == (created.reference, created.merchant_ref)
    assert (detail.status, detail.amount) == ("PAID", created.amount)
    assert detail.paid_at is not None and detail.paid_at.tzinfo is not None
    assert await client.check_status(created.reference) == "PAID"


async def test_an_unknown_reference_is_rejected(client: TripayClient) -> None:
    with pytest.raises(TripayRejected):
        await client.transaction_detail("T0000000000000000NONE")


async def test_an_unreachable_tripay_is_unavailable(
    emulator: TripayEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="orchestrator.billing.tripay")
    config = config_of(emulator, base_url=f"http://127.0.0.1:{closed_port()}/api-sandbox/")
    async with TripayClient(config) as tripay:
        with pytest.raises(TripayUnavailable):
            await tripay.channels()
        with pytest.raises(TripayUnavailable):
            await tripay.create_transaction(new_tx("QRIS"))
        with pytest.raises(TripayUnavailable):
            await tripay.check_status("T0001")

    tries = [r.getMessage().split(":")[0] for r in caplog.records]
    # A read is tried twice; a create once, since only the caller may decide to repeat it.
    assert tries.count("tripay GET merchant/payment-channel") == 2
    assert tries.count("tripay POST transaction/create") == 1
    assert tries.count("tripay GET transaction/check-status") == 2


async def test_a_wrong_path_is_unavailable(emulator: TripayEmulator) -> None:
    async with TripayClient(
        config_of(emulator, base_url=emulator.root_url + "/nowhere/")
    ) as tripay:
        with pytest.raises(TripayUnavailable):
            await tripay.channels()


async def test_a_given_session_is_used_and_left_open(emulator: TripayEmulator) -> None:
    async with aiohttp.ClientSession() as session:
        async with TripayClient(config_of(emulator), session=session) as tripay:
            assert await tripay.channels()
        assert not session.closed


async def test_no_key_or_signature_reaches_logs_or_errors(
    emulator: TripayEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    good, tx = config_of(emulator), new_tx("QRIS")
    signature = transaction_signature(
        emulator.private_key, emulator.merchant_code, tx.merchant_ref, tx.amount
    )
    wrong_private = "wrong-private-key-0123456789"
    wrong_api = "DEV-wrong-api-key-0123456789"
    other_ref = "NF-20261130-QQQQQQQQQQQQQQQQ"
    wrong_signature = transaction_signature(wrong_private, emulator.merchant_code, other_ref, PRICE)
    errors: list[BaseException] = []
    created: Transaction | None = None
    async with TripayClient(good) as tripay:
        created = await tripay.create_transaction(tx)
        await tripay.transaction_detail(created.reference)
        await tripay.check_status(created.reference)
    for config in (
        replace(good, private_key=SecretStr(wrong_private)),
        replace(good, api_key=SecretStr(wrong_api)),
        replace(good, base_url=f"http://127.0.0.1:{closed_port()}/"),
    ):
        async with TripayClient(config) as tripay:
            try:
                await tripay.create_transaction(new_tx("QRIS", ref=other_ref))
            except (TripayRejected, TripayUnavailable) as exc:
                errors.append(exc)

    assert len(errors) == 3 and any(r.name.startswith("orchestrator") for r in caplog.records)
    secrets = [emulator.api_key, emulator.private_key, wrong_private, wrong_api]
    secrets += [signature, wrong_signature]
    texts = [r.getMessage() for r in caplog.records] + [r.exc_text or "" for r in caplog.records]
    texts += [str(exc) for exc in errors] + [repr(exc) for exc in errors]
    texts += [repr(good), repr(created)]
    for text in texts:
        for secret in secrets:
            assert secret not in text
        assert "Bearer" not in text
