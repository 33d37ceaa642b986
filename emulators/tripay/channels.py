"""The emulator's payment channels, shaped as Tripay's `merchant/payment-channel` lists them.

The fees, bounds and types follow Tripay's published standard rates for closed payments
(virtual accounts a flat fee, shop counters a flat fee, e-wallets a percentage rounded up
to at least Rp 1.000, QRIS Rp 750 + 0.70%). One channel (SMSVA) is listed inactive, as a
merchant sees channels it has not enabled, and one (PERMATAVA) charges its fee to the
merchant instead of the customer, so a client meets both arrangements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

JSON = dict[str, Any]
Kind = Literal["va", "qris", "ewallet", "retail"]


@dataclass(frozen=True)
class Fees:
    """What one transaction costs, in whole rupiah, and who bears it."""

    merchant: int
    customer: int

    @property
    def total(self) -> int:
        """Return the whole fee."""
        return self.merchant + self.customer


@dataclass(frozen=True)
class Channel:
    """One payment channel: its identity, fee, bounds, and how a customer pays with it."""

    code: str
    name: str
    group: str
    kind: Kind
    type: Literal["direct", "redirect"]
    flat: int
    percent: Decimal
    minimum_amount: int
    maximum_amount: int
    minimum_fee: int | None = None
    maximum_fee: int | None = None
    merchant_pays: bool = False  # the merchant chose to bear the fee on this channel
    active: bool = True
    code_prefix: str = ""  # the first digits of its virtual account or shop payment code

    def fees(self, amount: int) -> Fees:
        """Return the fee on `amount`: flat plus percent rounded up, within the fee bounds."""
        whole = math.ceil(self.flat + Decimal(amount) * self.percent / 100)
        if self.minimum_fee is not None:
            whole = max(whole, self.minimum_fee)
        if self.maximum_fee is not None:
            whole = min(whole, self.maximum_fee)
        return Fees(whole, 0) if self.merchant_pays else Fees(0, whole)

    def accepts(self, amount: int) -> bool:
        """Tell whether `amount` lies within the channel's bounds."""
        return self.minimum_amount <= amount <= self.maximum_amount

    def to_api(self, root: str) -> JSON:
        """Describe the channel as `merchant/payment-channel` does."""
        nothing = {"flat": 0, "percent": 0}
        charged = {"flat": self.flat, "percent": float(self.percent)}
        return {
            "group": self.group,
            "code": self.code,
            "name": self.name,
            "type": self.type,
            "fee_merchant": charged if self.merchant_pays else nothing,
            "fee_customer": nothing if self.merchant_pays else charged,
            # Tripay spells this percent as a decimal string, the others as numbers.
            "total_fee": {"flat": self.flat, "percent": f"{self.percent:.2f}"},
            "minimum_fee": self.minimum_fee,
            "maximum_fee": self.maximum_fee,
            "minimum_amount": self.minimum_amount,
            "maximum_amount": self.maximum_amount,
            "icon_url": f"{root}/icons/{self.code}.svg",
            "active": self.active,
        }


def _va(code: str, bank: str, flat: int, prefix: str, **extra: Any) -> Channel:
    return Channel(
        code,
        f"{bank} Virtual Account",
        "Virtual Account",
        "va",
        "direct",
        flat,
        Decimal(0),
        10_000,
        10_000_000,
        code_prefix=prefix,
        **extra,
    )


def _ewallet(code: str, name: str) -> Channel:
    # 3%, and never under Rp 1.000 (Tripay rounds a smaller e-wallet fee up to that).
    return Channel(
        code,
        name,
        "E-Wallet",
        "ewallet",
        "redirect",
        0,
        Decimal(3),
        1_000,
        10_000_000,
        minimum_fee=1_000,
    )


def _retail(code: str, name: str, prefix: str) -> Channel:
    return Channel(
        code,
        name,
        "Convenience Store",
        "retail",
        "direct",
        3_500,
        Decimal(0),
        10_000,
        2_500_000,
        code_prefix=prefix,
    )


CHANNELS: tuple[Channel, ...] = (
    _va("PERMATAVA", "Permata", 4_250, "8625", merchant_pays=True),
    _va("BNIVA", "BNI", 4_250, "8808"),
    _va("BRIVA", "BRI", 4_250, "26215"),
    _va("MANDIRIVA", "Mandiri", 4_250, "89022"),
    _va("BCAVA", "BCA", 5_500, "11171"),
    _va("SMSVA", "Sinarmas", 4_250, "7791", active=False),
    _retail("ALFAMART", "Alfamart", "TRP"),
    _retail("INDOMARET", "Indomaret", "TRP"),
    _ewallet("OVO", "OVO"),
    _ewallet("DANA", "DANA"),
    _ewallet("SHOPEEPAY", "ShopeePay"),
    Channel(
        code="QRIS",
        name="QRIS by ShopeePay",
        group="E-Wallet",
        kind="qris",
        type="direct",
        flat=750,
        percent=Decimal("0.70"),
        minimum_amount=1_000,
        maximum_amount=5_000_000,
        minimum_fee=750,
    ),
)
BY_CODE: dict[str, Channel] = {channel.code: channel for channel in CHANNELS}
