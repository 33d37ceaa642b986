"""Tripay's two signatures: the one we send with a closed payment, and the callback's.

Both are hex HMAC-SHA256 keyed with the merchant's private key. The private key is a
secret: callers pass the plain value (e.g. `SecretStr.get_secret_value()`) straight in,
and nothing here logs it, keeps it or puts it in an error message.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

CALLBACK_EVENT: Final = "payment_status"  # the only `X-Callback-Event` we process


def transaction_signature(
    private_key: str, merchant_code: str, merchant_ref: str, amount: int
) -> str:
    """Sign a closed-payment `transaction/create`: HMAC over code + ref + amount.

    `private_key` is secret. `amount` is whole rupiah and enters as its decimal digits,
    as in the request body.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("the amount must be a positive whole number of rupiah")
    message = f"{merchant_code}{merchant_ref}{amount}".encode()
    return _hex_hmac(private_key, message)


def callback_signature(private_key: str, raw_body: bytes) -> str:
    """Return the signature Tripay puts on a callback: HMAC over the body's exact bytes.

    `private_key` is secret. Pass the bytes as received: JSON decoded and encoded again
    may differ (spacing, escapes, key order) and would never match.
    """
    if not isinstance(raw_body, bytes | bytearray | memoryview):
        raise TypeError("sign the raw body bytes, not a decoded or re-encoded body")
    return _hex_hmac(private_key, bytes(raw_body))


def callback_is_authentic(private_key: str, raw_body: bytes, signature: str | None) -> bool:
    """Tell whether `signature` (the `X-Callback-Signature` header) signs `raw_body`.

    `private_key` is secret. The comparison takes constant time, so a forger learns
    nothing from how fast a wrong guess fails; a missing header is never authentic.
    """
    if not signature:
        return False
    expected = callback_signature(private_key, raw_body).encode("ascii")
    # Bytes on both sides: compare_digest refuses non-ASCII str, and a header is anything.
    given = signature.strip().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(expected, given)


def _hex_hmac(private_key: str, message: bytes) -> str:
    """Return hex HMAC-SHA256 of `message` keyed with the (secret) private key."""
    if not private_key:
        raise ValueError("the Tripay private key is empty")
    return hmac.new(private_key.encode(), message, hashlib.sha256).hexdigest()
