"""Merchant references: unique, short enough for Tripay, and parsed back exactly."""

from __future__ import annotations

from datetime import date

import pytest

from billing_tripay.refs import MAX_LENGTH, MerchantRef, is_ref, new_ref

DAY = date(2026, 11, 30)


def test_ten_thousand_draws_are_unique_and_fit_tripays_limit() -> None:
    refs = [new_ref(DAY) for _ in range(10_000)]

    assert len(set(refs)) == len(refs)
    assert MAX_LENGTH == 50
    assert max(len(ref) for ref in refs) <= MAX_LENGTH
    assert all(ref.startswith("NF-20261130-") and is_ref(ref) for ref in refs)


def test_a_reference_is_drawn_from_the_given_bytes_and_parses_back() -> None:
    ref = new_ref(DAY, randbytes=lambda n: bytes(range(n)))

    assert ref == "NF-20261130-AAAQEAYEAUDAOCAJ"  # base32 of 00 01 .. 09
    assert MerchantRef.parse(ref) == MerchantRef(DAY, "AAAQEAYEAUDAOCAJ")
    assert str(MerchantRef.parse(ref)) == ref


@pytest.mark.parametrize(
    "text",
    [
        "",
        "NF-20261130-aaaqeayeaudaocaj",  # lower case
        "NF-20261130-AAAQEAYEAUDAOCA",  # too short
        "NF-20261130-AAAQEAYEAUDAOCAJA",  # too long
        "NF-20261130-AAAQEAYEAUDAOCA1",  # 1 is not base32
        "NF-20261332-AAAQEAYEAUDAOCAJ",  # no such day
        "XX-20261130-AAAQEAYEAUDAOCAJ",
        "NF-20261130-AAAQEAYEAUDAOCAJ\n",
        " NF-20261130-AAAQEAYEAUDAOCAJ",
        "INV55567",
    ],
)
def test_anything_else_is_not_one_of_ours(text: str) -> None:
    assert MerchantRef.parse(text) is None
    assert not is_ref(text)
