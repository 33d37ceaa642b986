"""Tripay's HMAC-SHA256 signatures, written again here: emulators import nothing of the app.

A closed payment is signed over merchant code + merchant ref + amount; a callback over the
exact bytes of its body. Both are hex HMAC-SHA256 keyed with the merchant's private key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any


def _hex_hmac(private_key: str, message: bytes) -> str:
    return hmac.new(private_key.encode(), message, hashlib.sha256).hexdigest()


def transaction_signature(
    private_key: str, merchant_code: str, merchant_ref: str, amount: int
) -> str:
    """Return the signature `transaction/create` expects for this payment."""
    return _hex_hmac(private_key, f"{merchant_code}{merchant_ref}{amount}".encode())


def signature_matches(expected: str, given: str) -> bool:
    """Compare two signatures in constant time; anything not text never matches."""
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "surrogateescape"))


def body_signature(private_key: str, body: bytes) -> str:
    """Return the `X-Callback-Signature` of a callback body."""
    return _hex_hmac(private_key, body)


def encode_body(body: dict[str, Any]) -> bytes:
    """Serialize a callback body the way Tripay's PHP does: compact, `/` escaped as `\\/`.

    The escaped slashes and missing spaces are deliberate: a receiver that signs the JSON
    it decoded and encoded again (as Tripay's own Python sample does) gets other bytes and
    a signature that never matches, as it would against Tripay.
    """
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=True)
    return text.replace("/", "\\/").encode("ascii")
