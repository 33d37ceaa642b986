"""The Tripay client's pure parts: config, request form, answer envelopes and transactions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from orchestrator.billing.tripay import TripayConfig
from orchestrator.billing.tripay_wire import (
    Instruction,
    NewTransaction,
    OrderItem,
    TripayRejected,
    TripayUnavailable,
    join_url,
    parse_status_message,
    parse_transaction,
    read_envelope,
    transaction_form,
)
from orchestrator.core.settings import Settings

API_KEY = "DEV-unit-test-api-key-0123456789abcdef"
PRIVATE_KEY = "unit-private-key-ABCDE-12345"
EXPIRES = 1_764_000_000  # a unix time, as Tripay sends `expired_time`


def va_data(**fields: Any) -> dict[str, Any]:
    """Return `data` shaped like Tripay's documented BRIVA create/detail answer."""
    base: dict[str, Any] = {
        "reference": "T0001000000000000006",
        "merchant_ref": "NF-20261130-ABCDEFGHIJKLMNOP",
        "payment_selection_type": "static",
        "payment_method": "BRIVA",
        "payment_name": "BRI Virtual Account",
        "customer_name": "Budi",
        "customer_email": "budi@example.com",
        "customer_phone": None,
        "callback_url": "https://nofomo.example/billing/tripay/callback",
        "return_url": "https://t.me/nofomo_bot",
        "amount": 153250,
        "fee_merchant": 0,
        "fee_customer": 4250,
        "total_fee": 4250,
        "amount_received": 149000,
        "pay_code": 57585748548596587,  # a number in some documented answers
        "pay_url": None,
        "checkout_url": "https://tripay.co.id/checkout/T0001000000000000006",
        "status": "UNPAID",
        "expired_time": EXPIRES,
        "order_items": [{"sku": None, "name": "Pro", "price": 149000, "quantity": 1}],
        "instructions": [
            {"title": "Internet Banking", "steps": ["Login", "Pilih <b>Pembayaran</b>"]},
            {"title": "ATM BRI", "steps": ["Masukkan kartu"]},
        ],
        "qr_string": None,
        "qr_url": None,
    }
    return base | fields


def qris_data(**fields: Any) -> dict[str, Any]:
    """Return a QRIS answer with numbers sent as strings and no instructions."""
    data = va_data(
        payment_method="QRIS",
        payment_name="QRIS",
        amount="150793",
        fee_customer="1793",
        total_fee="1793",
        amount_received="149000",
        pay_code=None,
        qr_string="00020101021226610016ID.CO.SHOPEE.WWW01189360091800000000000303UME",
        qr_url="https://tripay.co.id/qr/T0001000000000000006",
        expired_time=str(EXPIRES),
    )
    del data["instructions"]
    return data | fields


def new_tx(**fields: Any) -> NewTransaction:
    values: dict[str, Any] = {
        "method": "QRIS",
        "merchant_ref": "NF-20261130-ABCDEFGHIJKLMNOP",
        "amount": 149000,
        "customer_name": "Budi",
        "customer_email": "budi@example.com",
        "order_items": (OrderItem("NoFOMO Pro, 1 bulan", 149000, sku="pro-monthly"),),
        "callback_url": "https://nofomo.example/billing/tripay/callback",
        "return_url": "https://t.me/nofomo_bot",
        "expired_time": datetime(2026, 11, 30, 17, 0, tzinfo=timezone(timedelta(hours=7))),
    }
    return NewTransaction(**(values | fields))


@pytest.mark.parametrize(
    "base", ["https://tripay.co.id/api-sandbox/", "https://tripay.co.id/api-sandbox"]
)
def test_paths_join_with_or_without_a_trailing_slash(base: str) -> None:
    expected = "https://tripay.co.id/api-sandbox/transaction/create"
    assert join_url(base, "transaction/create") == expected
    assert join_url(base, "/transaction/create") == expected


def settings(**values: Any) -> Settings:
    defaults: dict[str, Any] = {
        "tripay_api_key": API_KEY,
        "tripay_private_key": PRIVATE_KEY,
        "tripay_merchant_code": "T00001",
        "tripay_base_url": "https://tripay.co.id/api/",
    }
    return Settings(_env_file=None, **(defaults | values))  # type: ignore[call-arg]


def test_config_comes_from_settings_and_hides_its_keys() -> None:
    config = TripayConfig.from_settings(settings())

    assert config is not None
    assert (config.base_url, config.merchant_code) == ("https://tripay.co.id/api/", "T00001")
    assert config.api_key.get_secret_value() == API_KEY
    assert config.private_key.get_secret_value() == PRIVATE_KEY
    assert API_KEY not in repr(config) and PRIVATE_KEY not in repr(config)
    assert API_KEY not in str(config) and PRIVATE_KEY not in str(config)


@pytest.mark.parametrize(
    "unset",
    [{"tripay_api_key": None}, {"tripay_private_key": ""}, {"tripay_merchant_code": "  "}],
)
def test_config_is_none_while_a_credential_is_unset(unset: dict[str, Any]) -> None:
    assert TripayConfig.from_settings(settings(**unset)) is None


def test_the_create_form_is_shaped_like_tripays_examples() -> None:
    form = transaction_form(new_tx(customer_phone="081234567890"), "sig")

    assert form == [
        ("method", "QRIS"),
        ("merchant_ref", "NF-20261130-ABCDEFGHIJKLMNOP"),
        ("amount", "149000"),
        ("customer_name", "Budi"),
        ("customer_email", "budi@example.com"),
        ("customer_phone", "081234567890"),
        ("order_items[0][sku]", "pro-monthly"),
        ("order_items[0][name]", "NoFOMO Pro, 1 bulan"),
        ("order_items[0][price]", "149000"),
        ("order_items[0][quantity]", "1"),
        ("callback_url", "https://nofomo.example/billing/tripay/callback"),
        ("return_url", "https://t.me/nofomo_bot"),
        ("expired_time", str(int(datetime(2026, 11, 30, 10, 0, tzinfo=UTC).timestamp()))),
        ("signature", "sig"),
    ]


def test_the_create_form_leaves_out_empty_optional_fields() -> None:
    items = (OrderItem("Pro", 100000), OrderItem("Extra", 24500, quantity=2))
    names = [name for name, _ in transaction_form(new_tx(order_items=items), "sig")]

    assert "customer_phone" not in names
    assert not any(name.endswith("[sku]") for name in names)
    assert "order_items[1][quantity]" in names


def test_a_naive_expiry_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        transaction_form(new_tx(expired_time=datetime(2026, 11, 30, 17, 0)), "sig")


def test_a_successful_envelope_is_returned() -> None:
    body = {"success": True, "message": "", "data": []}
    assert read_envelope(200, body) is body


@pytest.mark.parametrize("status", [400, 401, 200])
def test_success_false_is_a_rejection_with_tripays_message(status: int) -> None:
    with pytest.raises(TripayRejected) as caught:
        read_envelope(status, {"success": False, "message": "Invalid signature"})

    assert caught.value.message == "Invalid signature"
    assert caught.value.http_status == status


def test_a_rejection_without_a_message_says_so_and_a_long_one_is_cut() -> None:
    with pytest.raises(TripayRejected) as caught:
        read_envelope(400, {"success": False})
    assert caught.value.message == "no reason given"

    with pytest.raises(TripayRejected) as caught:
        read_envelope(400, {"success": False, "message": "x" * 1000})
    assert len(caught.value.message) == 200


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, {"success": False, "message": "down"}),
        (503, None),
        (200, None),  # not JSON at all
        (200, ["success"]),
        (200, {"message": "no flag"}),
        (404, {"error": "Not Found"}),
        (401, {"success": True}),  # a 4xx never counts as success
    ],
)
def test_anything_else_is_tripay_unavailable(status: int, body: object) -> None:
    with pytest.raises(TripayUnavailable):
        read_envelope(status, body)


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ("Status transaksi saat ini PAID", "PAID"),
        ("Status transaksi saat ini UNPAID", "UNPAID"),
        ("Transaction status: EXPIRED", "EXPIRED"),
        ("REFUND", "REFUND"),
    ],
)
def test_check_status_reads_the_status_word(message: str, status: str) -> None:
    assert parse_status_message(message) == status


@pytest.mark.parametrize(
    "message", ["Status transaksi saat ini", "paid", "PAID or UNPAID", None, 3, "PAIDX"]
)
def test_check_status_without_one_clear_status_is_unavailable(message: object) -> None:
    with pytest.raises(TripayUnavailable):
        parse_status_message(message)


def test_a_virtual_account_transaction_is_read() -> None:
    tx = parse_transaction(va_data())

    assert (tx.reference, tx.merchant_ref) == ("T0001000000000000006", va_data()["merchant_ref"])
    assert (tx.payment_method, tx.payment_name, tx.status) == (
        "BRIVA",
        "BRI Virtual Account",
        "UNPAID",
    )
    assert (tx.amount, tx.fee_customer, tx.fee_merchant, tx.total_fee) == (153250, 4250, 0, 4250)
    assert tx.amount_received == 149000
    assert tx.pay_code == "57585748548596587"
    assert (tx.qr_string, tx.qr_url, tx.paid_at) == (None, None, None)
    assert tx.checkout_url == "https://tripay.co.id/checkout/T0001000000000000006"
    assert tx.expired_time == datetime.fromtimestamp(EXPIRES, UTC)
    assert tx.expired_time.tzinfo is UTC
    assert tx.instructions == (
        Instruction("Internet Banking", ("Login", "Pilih <b>Pembayaran</b>")),
        Instruction("ATM BRI", ("Masukkan kartu",)),
    )


def test_a_qris_transaction_with_numbers_as_text_and_no_instructions_is_read() -> None:
    tx = parse_transaction(qris_data())

    assert (tx.amount, tx.fee_customer, tx.total_fee, tx.amount_received) == (
        150793,
        1793,
        1793,
        149000,
    )
    assert tx.pay_code is None
    assert tx.qr_string is not None and tx.qr_string.startswith("000201")
    assert tx.qr_url == "https://tripay.co.id/qr/T0001000000000000006"
    assert tx.expired_time == datetime.fromtimestamp(EXPIRES, UTC)
    assert tx.instructions == ()


def test_missing_optional_fields_take_defaults() -> None:
    data = va_data()
    for field in ("payment_name", "fee_merchant", "amount_received", "qr_string", "qr_url"):
        del data[field]
    tx = parse_transaction(data | {"checkout_url": None, "pay_code": ""})

    assert (tx.payment_name, tx.checkout_url, tx.pay_code, tx.qr_string) == ("", "", None, None)
    assert tx.fee_merchant == 0
    assert tx.amount_received == 153250 - 4250  # what Tripay keeps is the whole fee


@pytest.mark.parametrize("paid_at", [1_764_003_600, "1764003600"])
def test_paid_at_is_read_as_aware_utc(paid_at: object) -> None:
    tx = parse_transaction(va_data(status="PAID", paid_at=paid_at))

    assert tx.paid_at == datetime(2025, 11, 24, 17, 0, tzinfo=UTC)
    assert tx.status == "PAID"


@pytest.mark.parametrize("paid_at", [None, 0, "", "yesterday"])
def test_paid_at_that_is_no_time_is_none(paid_at: object) -> None:
    assert parse_transaction(va_data(paid_at=paid_at)).paid_at is None


def test_malformed_instructions_are_skipped() -> None:
    instructions = [
        "not an object",
        {"title": "No steps"},
        {"title": None, "steps": ["One", 2, "", "Three"]},
    ]
    tx = parse_transaction(va_data(instructions=instructions))

    assert tx.instructions == (Instruction("", ("One", "Three")),)


@pytest.mark.parametrize(
    "broken",
    [
        {"reference": None},
        {"reference": ""},
        {"merchant_ref": None},
        {"amount": None},
        {"amount": "banyak"},
        {"amount": 1500.5},
        {"amount": True},
        {"status": ""},
        {"status": None},
        {"expired_time": None},
    ],
)
def test_a_transaction_missing_what_matters_is_unavailable(broken: dict[str, Any]) -> None:
    with pytest.raises(TripayUnavailable):
        parse_transaction(va_data(**broken))


@pytest.mark.parametrize("data", [None, [], "T0001"])
def test_a_transaction_that_is_no_object_is_unavailable(data: object) -> None:
    with pytest.raises(TripayUnavailable):
        parse_transaction(data)
