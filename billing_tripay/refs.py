"""Merchant references: our id for a payment, unique, and the key that makes it idempotent.

A reference looks like `NF-20261130-ABCDEFGHIJKLMNOP`: the day it was issued (so a person
reading a support mail can place it) and 80 random bits in base32, upper case, without
padding. Tripay allows up to 50 characters; ours take 28.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Self

PREFIX: Final = "NF"
MAX_LENGTH: Final = 50  # Tripay's limit on `merchant_ref`
_TOKEN_BYTES: Final = 10  # 80 bits: 16 base32 characters, never padded
_PATTERN: Final = re.compile(rf"{PREFIX}-(\d{{8}})-([A-Z2-7]{{16}})")


@dataclass(frozen=True)
class MerchantRef:
    """A parsed merchant reference."""

    issued_on: date
    token: str

    def __str__(self) -> str:
        return f"{PREFIX}-{self.issued_on:%Y%m%d}-{self.token}"

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """Return the reference `text` spells, or None when it is not one of ours."""
        match = _PATTERN.fullmatch(text)
        if match is None:
            return None
        try:
            issued_on = datetime.strptime(match[1], "%Y%m%d").date()
        except ValueError:  # digits that are no date, e.g. 20261332
            return None
        return cls(issued_on, match[2])


def new_ref(issued_on: date, randbytes: Callable[[int], bytes] = secrets.token_bytes) -> str:
    """Draw a fresh merchant reference dated `issued_on` (the caller's Jakarta date)."""
    token = base64.b32encode(randbytes(_TOKEN_BYTES)).decode("ascii")
    return str(MerchantRef(issued_on, token))


def is_ref(text: str) -> bool:
    """Tell whether `text` is a well-formed merchant reference of ours."""
    return MerchantRef.parse(text) is not None
