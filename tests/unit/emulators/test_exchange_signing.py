"""Signatures: Binance and Bybit payloads, accepted when right and refused when not."""

from __future__ import annotations

import hashlib
import hmac

from emulators.exchange.keys import TEST_KEYS, KeyKind
from emulators.exchange.signing import (
    binance_payload,
    bybit_payload,
    hmac_hex,
    signature_matches,
    split_signature,
    timestamp_problem,
)

# The worked example of Binance's API documentation (SIGNED endpoint security).
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOC_QUERY = (
    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
    "&recvWindow=5000&timestamp=1499827319559"
)
DOC_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"


def test_binance_documentation_example_verifies() -> None:
    assert hmac_hex(DOC_SECRET, DOC_QUERY) == DOC_SIGNATURE
    payload, signature = binance_payload(f"{DOC_QUERY}&signature={DOC_SIGNATURE}", "")
    assert payload == DOC_QUERY
    assert signature is not None and signature_matches(DOC_SECRET, payload, signature)


def test_binance_signature_in_the_body_and_mixed() -> None:
    query, body = "symbol=LTCBTC&side=BUY", "type=LIMIT&timestamp=1"
    signature = hmac_hex(DOC_SECRET, query + body)
    payload, found = binance_payload(query, f"{body}&signature={signature}")
    assert found == signature and signature_matches(DOC_SECRET, payload, signature)


def test_wrong_secret_or_tampered_query_is_refused() -> None:
    assert not signature_matches("wrong-secret", DOC_QUERY, DOC_SIGNATURE)
    assert not signature_matches(
        DOC_SECRET, DOC_QUERY.replace("quantity=1", "quantity=9"), DOC_SIGNATURE
    )


def test_split_signature_without_one() -> None:
    assert split_signature("a=1&b=2") == ("a=1&b=2", None)
    assert split_signature("") == ("", None)


def test_bybit_payload_matches_the_v5_rule() -> None:
    key = TEST_KEYS["bybit_trade_open"]
    payload = bybit_payload("1700000000000", key.api_key, "5000", "category=spot")
    assert payload == f"1700000000000{key.api_key}5000category=spot"
    expected = hmac.new(key.secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    assert signature_matches(key.secret, payload, expected.upper())


def test_timestamp_window() -> None:
    assert timestamp_problem(10_000, 5_000, 12_000) is None
    assert timestamp_problem(10_000, 5_000, 16_000) is not None  # too old
    assert timestamp_problem(13_500, 5_000, 12_000) is not None  # from the future
    assert timestamp_problem(10_000, 70_000, 10_000) is not None  # window too large


def test_test_keys_cover_every_kind_on_both_exchanges() -> None:
    for exchange in ("binance", "bybit"):
        for kind in KeyKind:
            key = TEST_KEYS[f"{exchange}_{kind}"]
            assert key.exchange == exchange and key.kind is kind
    binance = [k for k in TEST_KEYS.values() if k.exchange == "binance"]
    assert all(
        len(k.api_key) == 64 and len(k.secret) == 64 and k.api_key.isalnum() for k in binance
    )
    assert TEST_KEYS["binance_trade_ip"].ips == ("127.0.0.1",)
    assert TEST_KEYS["binance_trade_open"].ips == ()
    assert TEST_KEYS["bybit_withdraw"].can_withdraw and not TEST_KEYS["bybit_trade_ip"].can_withdraw
    assert len({k.api_key for k in TEST_KEYS.values()}) == len(TEST_KEYS)
