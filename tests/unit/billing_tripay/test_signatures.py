"""Tripay's transaction and callback signatures, against values computed here with hmac."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import pytest

from billing_tripay.signatures import (
    callback_is_authentic,
    callback_signature,
    transaction_signature,
)

# The example private key printed in Tripay's public signature documentation.
DOCS_KEY = "ytf6ooi2gmlNPfpchd94jDOk8hRWOu"
TEST_KEY = "test-private-key-for-unit-tests"
BODY = (
    b'{"reference":"T0001000000000000001","merchant_ref":"NF-20261130-ABCDEFGHIJKLMNOP",'
    b'"payment_method":"QRIS","payment_method_code":"QRIS","total_amount":150793,'
    b'"status":"PAID","note":"Pembayaran diterima \\u2013 caf\xc3\xa9"}'
)


def reference(key: str, message: bytes) -> str:
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def test_the_transaction_signature_matches_tripays_documented_example() -> None:
    signature = transaction_signature(DOCS_KEY, "T0001", "INV55567", 1500000)

    # The docs print it shortened as 9f167eba844d1fcb…8c86a.
    assert signature.startswith("9f167eba844d1fcb") and signature.endswith("8c86a")
    assert signature == reference(DOCS_KEY, b"T0001INV555671500000")


@pytest.mark.parametrize("amount", [1, 10_000, 149_000, 3_990_000])
def test_the_transaction_signature_covers_code_ref_and_amount(amount: int) -> None:
    signature = transaction_signature(TEST_KEY, "T12345", "NF-20261130-ABCDEFGHIJKLMNOP", amount)

    expected = reference(TEST_KEY, f"T12345NF-20261130-ABCDEFGHIJKLMNOP{amount}".encode())
    assert signature == expected
    assert signature != transaction_signature(TEST_KEY, "T12345", "NF-other", amount)


@pytest.mark.parametrize("amount", [0, -5, 1.5, True, "149000"])
def test_amounts_that_are_not_whole_positive_rupiah_are_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="amount"):
        transaction_signature(TEST_KEY, "T1", "NF-1", amount)  # type: ignore[arg-type]


def test_an_empty_private_key_is_refused_without_echoing_anything() -> None:
    with pytest.raises(ValueError, match="private key is empty"):
        callback_signature("", BODY)


def test_the_callback_signature_is_over_the_raw_bytes() -> None:
    assert callback_signature(TEST_KEY, BODY) == reference(TEST_KEY, BODY)
    assert callback_is_authentic(TEST_KEY, BODY, reference(TEST_KEY, BODY))


def test_a_re_encoded_body_does_not_verify() -> None:
    header = reference(TEST_KEY, BODY)
    re_encoded = json.dumps(json.loads(BODY)).encode()  # spaces, escapes: other bytes

    assert re_encoded != BODY
    assert not callback_is_authentic(TEST_KEY, re_encoded, header)
    with pytest.raises(TypeError, match="raw body bytes"):
        callback_signature(TEST_KEY, json.loads(BODY))


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "0" * 64,
        "not hex at all",
        "é" * 64,  # non-ASCII: compare_digest would raise on str; we never do
        reference("another-key", BODY),
        reference(TEST_KEY, BODY)[:-1],
        reference(TEST_KEY, BODY + b" "),
    ],
)
def test_forged_or_missing_signatures_are_refused(header: str | None) -> None:
    assert callback_is_authentic(TEST_KEY, BODY, header) is False


@contextmanager
def builtin_calls() -> Iterator[list[Callable[..., object]]]:
    """Record every C function called meanwhile (observed, nothing replaced)."""
    seen: list[Callable[..., object]] = []

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "c_call":
            seen.append(arg)  # type: ignore[arg-type]

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(previous)


def test_the_callback_check_compares_in_constant_time() -> None:
    header = reference(TEST_KEY, BODY)
    with builtin_calls() as good:
        assert callback_is_authentic(TEST_KEY, BODY, header)
    with builtin_calls() as bad:
        assert not callback_is_authentic(TEST_KEY, BODY, "f" + header[1:])

    assert hmac.compare_digest in good
    assert hmac.compare_digest in bad


# A callback body shaped as in Tripay's callback documentation (BRIVA, PAID), byte for byte,
# and its signature with the documentation's example key, computed independently with
# `openssl dgst -sha256 -hmac` so the vector does not come from the code under test.
DOCS_CALLBACK = (
    b'{"reference":"T0001000000455HFGRY","merchant_ref":"INV57564","payment_method":"BRIVA",'
    b'"payment_method_code":"BRIVA","total_amount":200000,"fee_merchant":2000,"fee_customer":0,'
    b'"total_fee":2000,"amount_received":198000,"is_closed_payment":1,"status":"PAID",'
    b'"paid_at":1608133017,"note":null}'
)
DOCS_CALLBACK_SIGNATURE = "e187c9ceccfdd898bcad73eeed9b6cabb6c38c6796d6e8dbf5f284f12933c7d3"
# The documented create example in full, from the same openssl check.
DOCS_CREATE_SIGNATURE = "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"


def test_known_answer_vectors_for_both_signatures() -> None:
    assert transaction_signature(DOCS_KEY, "T0001", "INV55567", 1500000) == DOCS_CREATE_SIGNATURE
    assert callback_signature(DOCS_KEY, DOCS_CALLBACK) == DOCS_CALLBACK_SIGNATURE
    assert callback_is_authentic(DOCS_KEY, DOCS_CALLBACK, DOCS_CALLBACK_SIGNATURE)
    assert not callback_is_authentic(DOCS_KEY, DOCS_CALLBACK + b" ", DOCS_CALLBACK_SIGNATURE)
