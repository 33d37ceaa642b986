"""Request signatures of Binance (HMAC over the parameters) and Bybit v5 (HMAC over headers)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

DEFAULT_RECV_WINDOW_MS: Final = 5_000
MAX_RECV_WINDOW_MS: Final = 60_000
MAX_AHEAD_MS: Final = 1_000


def hmac_hex(secret: str, payload: str) -> str:
    """Return hex(HMAC-SHA256(secret, payload))."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def signature_matches(secret: str, payload: str, signature: str) -> bool:
    """Compare a received signature with the expected one in constant time."""
    return hmac.compare_digest(hmac_hex(secret, payload), signature.lower())


def split_signature(raw_params: str) -> tuple[str, str | None]:
    """Remove the `signature` parameter from a raw query or form body and return both parts."""
    kept: list[str] = []
    signature: str | None = None
    for part in raw_params.split("&") if raw_params else []:
        if part.startswith("signature="):
            signature = part.removeprefix("signature=")
        else:
            kept.append(part)
    return "&".join(kept), signature


def binance_payload(raw_query: str, raw_body: str) -> tuple[str, str | None]:
    """Return Binance's signed text (query then body, signature removed) and the signature."""
    query, query_signature = split_signature(raw_query)
    body, body_signature = split_signature(raw_body)
    return query + body, query_signature or body_signature


def bybit_payload(timestamp: str, api_key: str, recv_window: str, params: str) -> str:
    """Return Bybit v5's signed text: timestamp, key, recv window, then query or JSON body."""
    return timestamp + api_key + recv_window + params


def timestamp_problem(timestamp_ms: int, recv_window_ms: int, server_ms: int) -> str | None:
    """Explain why a request's timestamp is refused, or return None when it is fine."""
    if not 0 < recv_window_ms <= MAX_RECV_WINDOW_MS:
        return "recvWindow must be less than 60000"
    if timestamp_ms > server_ms + MAX_AHEAD_MS:
        return "Timestamp for this request was 1000ms ahead of the server's time."
    if server_ms - timestamp_ms > recv_window_ms:
        return "Timestamp for this request is outside of the recvWindow."
    return None
