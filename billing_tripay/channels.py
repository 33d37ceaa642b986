"""Payment channels as Tripay's `merchant/payment-channel` lists them, and their fees.

What the response holds, from Tripay's public docs and the clients built on them (facts,
checked 2026-11): `data` is a list of channels, each with `group` ("Virtual Account",
"E-Wallet", ...), `code` ("BRIVA", "QRIS", ...), `name`, `type` ("direct" or "redirect"),
`fee_merchant`, `fee_customer` and `total_fee` as objects `{flat, percent}` (percent is
a number or a decimal string such as "0.70"), `minimum_fee` and `maximum_fee` (whole
rupiah, may be null or absent), `minimum_amount` and `maximum_amount` (whole rupiah,
absent from older responses), `icon_url` and `active`. The list changes over time, so it
is always read at run time, never written down here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


class ChannelFormatError(ValueError):
    """A channel item is not shaped as Tripay documents it."""


@dataclass(frozen=True)
class Fee:
    """A flat part in whole rupiah plus a percentage of the amount."""

    flat: int
    percent: Decimal

    @property
    def is_zero(self) -> bool:
        """Tell whether this fee is nothing at all."""
        return self.flat == 0 and self.percent == 0

    def of(self, amount: int) -> int:
        """Return the fee on `amount`, rounded up to whole rupiah."""
        return math.ceil(self.flat + Decimal(amount) * self.percent / 100)


@dataclass(frozen=True)
class PaymentChannel:
    """One way to pay (a bank's virtual account, QRIS, an e-wallet, a shop counter)."""

    code: str
    name: str
    group: str
    type: str
    fee_merchant: Fee
    fee_customer: Fee
    total_fee: Fee
    minimum_amount: int | None  # None: no bound given
    maximum_amount: int | None
    minimum_fee: int | None
    maximum_fee: int | None
    active: bool
    icon_url: str

    def accepts(self, amount: int) -> bool:
        """Tell whether the channel is active and its amount bounds allow `amount`."""
        too_low = self.minimum_amount is not None and amount < self.minimum_amount
        too_high = self.maximum_amount is not None and amount > self.maximum_amount
        return self.active and not too_low and not too_high

    def customer_fee(self, amount: int) -> int:
        """Return what the customer pays on top of `amount`, in whole rupiah.

        The minimum and maximum fee bound the channel's whole fee, so they bind the
        customer's share only as far as it is the whole fee; a customer never pays more
        than the whole fee.
        """
        whole = self.total_fee.of(amount)
        if self.minimum_fee is not None:
            whole = max(whole, self.minimum_fee)
        if self.maximum_fee is not None:
            whole = min(whole, self.maximum_fee)
        if self.fee_merchant.is_zero:
            return whole
        return min(self.fee_customer.of(amount), whole)


@dataclass(frozen=True)
class ChannelOffer:
    """A channel that can take `amount`, with the fee it adds for the customer."""

    channel: PaymentChannel
    amount: int
    fee: int  # an estimate to show; Tripay's `transaction/create` answer has the fee charged

    @property
    def total(self) -> int:
        """Return what the customer pays in all."""
        return self.amount + self.fee


def offers_for(channels: Iterable[PaymentChannel], amount: int) -> list[ChannelOffer]:
    """Return the channels that can take `amount`, in Tripay's order, with their fees."""
    return [
        ChannelOffer(channel, amount, channel.customer_fee(amount))
        for channel in channels
        if channel.accepts(amount)
    ]


def parse_channels(items: Iterable[Mapping[str, Any]]) -> tuple[PaymentChannel, ...]:
    """Read the `data` list of a `merchant/payment-channel` response."""
    return tuple(parse_channel(item) for item in items)


def parse_channel(item: Mapping[str, Any]) -> PaymentChannel:
    """Read one channel item; raise ChannelFormatError when it is malformed."""
    if not isinstance(item, Mapping):
        raise ChannelFormatError("a channel is not an object")
    return PaymentChannel(
        code=_text(item, "code"),
        name=_text(item, "name"),
        group=_text(item, "group"),
        type=_text(item, "type"),
        fee_merchant=_fee(item, "fee_merchant"),
        fee_customer=_fee(item, "fee_customer"),
        total_fee=_fee(item, "total_fee"),
        minimum_amount=_optional_whole(item, "minimum_amount"),
        maximum_amount=_optional_whole(item, "maximum_amount"),
        minimum_fee=_optional_whole(item, "minimum_fee"),
        maximum_fee=_optional_whole(item, "maximum_fee"),
        active=item.get("active") is True,
        icon_url=str(item.get("icon_url") or ""),
    )


def _text(item: Mapping[str, Any], field: str) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value:
        raise ChannelFormatError(f"channel field {field!r} is not a text")
    return value


def _fee(item: Mapping[str, Any], field: str) -> Fee:
    value = item.get(field)
    if value is None:  # a side that bears no fee may be left out
        return Fee(0, Decimal(0))
    if not isinstance(value, Mapping):
        raise ChannelFormatError(f"channel field {field!r} is not a fee object")
    flat = _whole(value.get("flat", 0), f"{field}.flat")
    percent = _decimal(value.get("percent", 0), f"{field}.percent")
    return Fee(flat, percent)


def _optional_whole(item: Mapping[str, Any], field: str) -> int | None:
    value = item.get(field)
    return None if value is None else _whole(value, field)


def _whole(value: object, field: str) -> int:
    number = _decimal(value, field)
    if number != number.to_integral_value():
        raise ChannelFormatError(f"channel field {field!r} is not whole rupiah")
    return int(number)


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ChannelFormatError(f"channel field {field!r} is not a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ChannelFormatError(f"channel field {field!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise ChannelFormatError(f"channel field {field!r} is not a non-negative number")
    return number
