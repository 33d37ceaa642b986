"""Payment channels parsed from Tripay's list, filtered for an amount, with customer fees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from billing_tripay.channels import (
    ChannelFormatError,
    Fee,
    offers_for,
    parse_channel,
    parse_channels,
)


def item(code: str, **fields: Any) -> dict[str, Any]:
    """Return a channel item shaped like `merchant/payment-channel` data (values made up)."""
    base: dict[str, Any] = {
        "group": "Virtual Account",
        "code": code,
        "name": f"{code} name",
        "type": "direct",
        "fee_merchant": {"flat": 0, "percent": 0},
        "fee_customer": {"flat": 4250, "percent": 0},
        "total_fee": {"flat": 4250, "percent": "0.00"},
        "minimum_fee": 4250,
        "maximum_fee": None,
        "minimum_amount": 10000,
        "maximum_amount": 5000000,
        "icon_url": f"https://assets.example/{code}.png",
        "active": True,
    }
    return base | fields


QRIS = item(
    "QRIS",
    group="E-Wallet",
    fee_customer={"flat": 750, "percent": "0.70"},
    total_fee={"flat": 750, "percent": "0.70"},
    minimum_fee=None,
    maximum_amount=2000000,
)
LISTING = [
    item("BRIVA"),
    QRIS,
    item("OVO", group="E-Wallet", type="redirect", active=False),
    item("ALFAMART", group="Convenience Store", minimum_amount=200000, maximum_amount=2500000),
    item("BIGVA", minimum_amount=None, maximum_amount=None),  # an older response: no bounds
]


def test_a_listing_is_read_into_typed_channels() -> None:
    briva, qris, ovo, *_ = parse_channels(LISTING)

    assert (briva.code, briva.name, briva.group, briva.type) == (
        "BRIVA",
        "BRIVA name",
        "Virtual Account",
        "direct",
    )
    assert qris.fee_customer == Fee(750, Decimal("0.70"))
    assert (qris.minimum_amount, qris.maximum_amount, qris.minimum_fee) == (10000, 2000000, None)
    assert qris.icon_url == "https://assets.example/QRIS.png"
    assert briva.active and not ovo.active


def test_inactive_channels_and_those_whose_bounds_exclude_the_amount_are_hidden() -> None:
    channels = parse_channels(LISTING)

    assert [o.channel.code for o in offers_for(channels, 149_000)] == ["BRIVA", "QRIS", "BIGVA"]
    assert [o.channel.code for o in offers_for(channels, 399_000)] == [
        "BRIVA",
        "QRIS",
        "ALFAMART",
        "BIGVA",
    ]
    assert [o.channel.code for o in offers_for(channels, 3_990_000)] == ["BRIVA", "BIGVA"]
    assert [o.channel.code for o in offers_for(channels, 9_999)] == ["BIGVA"]
    edges = parse_channels([item("EDGE", minimum_amount=149_000, maximum_amount=149_000)])
    assert [o.amount for o in offers_for(edges, 149_000)] == [149_000]


@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        (149_000, 750 + 1043),  # 0.7 % of 149,000 is exactly 1,043
        (149_999, 750 + 1050),  # 1,049.993 rounds up: the customer is never under-told
        (10_000, 750 + 70),
    ],
)
def test_the_customer_fee_is_flat_plus_percent_rounded_up(amount: int, fee: int) -> None:
    (offer,) = offers_for([parse_channel(QRIS)], amount)

    assert offer.fee == fee
    assert offer.total == amount + fee


def test_the_fee_bounds_apply_to_the_whole_fee() -> None:
    percent = {"flat": 0, "percent": 2}
    bounded = item("DANA", fee_customer=percent, total_fee=percent, maximum_fee=5000)
    bounded["minimum_fee"] = 1000
    channel = parse_channel(bounded)

    assert channel.customer_fee(20_000) == 1000  # 400 lifted to the minimum
    assert channel.customer_fee(149_000) == 2980
    assert channel.customer_fee(399_000) == 5000  # 7,980 capped at the maximum


def test_a_customer_pays_only_their_share_when_the_merchant_bears_some() -> None:
    split = item(
        "SPLIT",
        fee_merchant={"flat": 2000, "percent": 0},
        fee_customer={"flat": 2250, "percent": 0},
        total_fee={"flat": 4250, "percent": 0},
        minimum_fee=4250,
    )
    merchant_pays = item("MERCH", fee_merchant={"flat": 4250, "percent": 0}, fee_customer=None)

    assert parse_channel(split).customer_fee(149_000) == 2250
    assert parse_channel(merchant_pays).customer_fee(149_000) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", None),
        ("name", 7),
        ("group", ""),
        ("fee_customer", "4250"),
        ("total_fee", {"flat": "many", "percent": 0}),
        ("total_fee", {"flat": 10.5, "percent": 0}),
        ("total_fee", {"flat": 1, "percent": -1}),
        ("fee_merchant", {"flat": True, "percent": 0}),
        ("minimum_amount", "NaN"),
        ("maximum_amount", [1]),
    ],
)
def test_a_malformed_item_is_refused(field: str, value: object) -> None:
    with pytest.raises(ChannelFormatError, match=field):
        parse_channel(item("BAD") | {field: value})


def test_a_non_object_item_is_refused() -> None:
    with pytest.raises(ChannelFormatError, match="not an object"):
        parse_channels([["BRIVA"]])  # type: ignore[list-item]


def test_numbers_may_arrive_as_text_or_floats_and_active_must_be_true() -> None:
    channel = parse_channel(
        item("TEXT", minimum_amount="10000", maximum_fee=7500.0, active="yes", icon_url=None)
    )

    assert (channel.minimum_amount, channel.maximum_fee) == (10000, 7500)
    assert channel.active is False  # only a real true counts
    assert channel.icon_url == ""
