"""Key-form links and inputs without servers: signing, expiry, tampering, binding, formats."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

import pytest

from orchestrator.core.errors import UserFacingError
from orchestrator.core.settings import Settings
from orchestrator.keys.form_links import (
    LinkClaims,
    csrf_token,
    link_mac_key,
    mac_keys,
    sign_token,
    verify_token,
)
from orchestrator.keys.permissions import (
    binance_permissions,
    bybit_permissions,
    validate_submission,
)
from orchestrator.keys.vault import LOCAL_KEY_FILE

KEYS = {1: link_mac_key(b"a" * 32), 2: link_mac_key(b"b" * 32)}
ALICE, BOB = uuid.uuid4(), uuid.uuid4()
NOW = 1_800_000_000
B_KEY, B_SECRET = "A1" * 32, "s3" * 32


def claims(user: uuid.UUID = ALICE, expires: int = NOW + 900, version: int = 2) -> LinkClaims:
    return LinkClaims(version, bytes(range(16)), expires, user)


def decode(token: str) -> bytearray:
    return bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def encode(blob: bytes) -> str:
    return base64.urlsafe_b64encode(blob).rstrip(b"=").decode()


def error_key(token: str, now: float = NOW) -> str:
    with pytest.raises(UserFacingError) as caught:
        verify_token(token, KEYS, now)
    return caught.value.key


def test_round_trip_is_url_safe() -> None:
    token = sign_token(KEYS[2], claims())
    assert verify_token(token, KEYS, NOW) == claims()
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_expiry_is_exclusive() -> None:
    token = sign_token(KEYS[2], claims(expires=NOW + 10))
    assert verify_token(token, KEYS, NOW + 9.99).user_id == ALICE
    assert error_key(token, NOW + 10) == "keyform.link_expired"
    assert error_key(token, NOW + 3600) == "keyform.link_expired"


@pytest.mark.parametrize("position", [0, 1, 2, 17, 19, 30, 41, 50, 73])
def test_any_flipped_byte_is_forged(position: int) -> None:
    blob = decode(sign_token(KEYS[2], claims()))
    blob[position] ^= 0x01
    assert error_key(encode(bytes(blob))) == "keyform.link_invalid"


def test_extended_expiry_is_forged() -> None:
    blob = decode(sign_token(KEYS[2], claims(expires=NOW - 1)))
    blob[18:26] = (NOW + 10**6).to_bytes(8, "big")
    assert error_key(encode(bytes(blob))) == "keyform.link_invalid"


def test_token_is_bound_to_its_user() -> None:
    blob = decode(sign_token(KEYS[2], claims(ALICE)))
    blob[26:42] = BOB.bytes  # Bob's id with Alice's MAC
    assert error_key(encode(bytes(blob))) == "keyform.link_invalid"
    assert verify_token(sign_token(KEYS[2], claims(ALICE)), KEYS, NOW).user_id == ALICE


def test_wrong_or_unknown_key_version_is_forged() -> None:
    assert error_key(sign_token(KEYS[1], claims(version=2))) == "keyform.link_invalid"
    assert error_key(sign_token(KEYS[2], claims(version=9))) == "keyform.link_invalid"
    assert verify_token(sign_token(KEYS[1], claims(version=1)), KEYS, NOW).key_version == 1


@pytest.mark.parametrize("token", ["", "x", "!!!!", "a" * 99, "=" * 8, "é" * 10])
def test_garbage_is_forged(token: str) -> None:
    assert error_key(token) == "keyform.link_invalid"


def test_truncated_token_is_forged() -> None:
    token = sign_token(KEYS[2], claims())
    assert error_key(token[:-4]) == "keyform.link_invalid"
    assert error_key(token + "AAAA") == "keyform.link_invalid"


def test_csrf_is_bound_to_the_link() -> None:
    first, second = claims(), LinkClaims(2, bytes(16), NOW + 900, ALICE)
    assert csrf_token(KEYS[2], first) == csrf_token(KEYS[2], first)
    assert csrf_token(KEYS[2], first) != csrf_token(KEYS[2], second)
    assert csrf_token(KEYS[1], first) != csrf_token(KEYS[2], first)


def test_link_key_is_derived_not_the_vault_key() -> None:
    assert link_mac_key(b"a" * 32) != b"a" * 32
    assert len(link_mac_key(b"a" * 32)) == 32


def test_mac_keys_follow_vault_keys(tmp_path: Path) -> None:
    raw = {1: b"x" * 32, 3: b"y" * 32}
    entries = ",".join(f"{v}:{base64.b64encode(k).decode()}" for v, k in raw.items())
    from_env = mac_keys(Settings(_env_file=None, vault_keys=entries, data_dir=tmp_path))  # type: ignore[call-arg]
    assert from_env == {v: link_mac_key(k) for v, k in raw.items()}
    (tmp_path / LOCAL_KEY_FILE).write_text(f"7:{base64.b64encode(b'z' * 32).decode()}\n")
    local = mac_keys(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    assert local == {7: link_mac_key(b"z" * 32)}


def test_valid_forms_are_trimmed() -> None:
    form = validate_submission(" Binance ", f" {B_KEY}\n", f"\t{B_SECRET} ", "  Main  ")
    assert (form.exchange, form.label) == ("binance", "Main")
    assert (form.credentials.api_key, form.credentials.secret) == (B_KEY, B_SECRET)
    bybit = validate_submission("bybit", "K" * 18, "s" * 48, "")
    assert bybit.credentials.api_key == "K" * 18
    assert validate_submission("bybit", "K" * 24, "s" * 32, "x" * 64).label == "x" * 64


@pytest.mark.parametrize(
    ("exchange", "api_key", "secret", "label", "key"),
    [
        ("kraken", B_KEY, B_SECRET, "", "keyform.exchange_unknown"),
        ("binance", B_KEY[:-1], B_SECRET, "", "keyform.api_key_format"),
        ("binance", B_KEY + "A", B_SECRET, "", "keyform.api_key_format"),
        ("binance", B_KEY[:-1] + "-", B_SECRET, "", "keyform.api_key_format"),
        ("binance", B_KEY[:-1] + "é", B_SECRET, "", "keyform.api_key_format"),
        ("binance", B_KEY, B_SECRET[:-1] + " ", "", "keyform.secret_format"),
        ("bybit", "K" * 17, "s" * 40, "", "keyform.api_key_format"),
        ("bybit", "K" * 25, "s" * 40, "", "keyform.api_key_format"),
        ("bybit", "K" * 20, "s" * 31, "", "keyform.secret_format"),
        ("bybit", "K" * 20, "s" * 49, "", "keyform.secret_format"),
        ("bybit", "K" * 20, "s" * 40, "x" * 65, "keyform.label_invalid"),
        ("bybit", "K" * 20, "s" * 40, "a\nb", "keyform.label_invalid"),
        ("bybit", "K" * 20, "s" * 40, "a\x00b", "keyform.label_invalid"),
    ],
)
def test_bad_forms_are_refused_without_echo(
    exchange: str, api_key: str, secret: str, label: str, key: str
) -> None:
    with pytest.raises(UserFacingError) as caught:
        validate_submission(exchange, api_key, secret, label)
    error = caught.value
    assert error.key == key
    shown = f"{error} {error!r} {error.params}"
    assert api_key.strip() not in shown and secret.strip() not in shown


def test_permission_answers_are_read_and_stripped_of_the_key() -> None:
    binance = binance_permissions(
        {"ipRestrict": True, "enableWithdrawals": False, "enableSpotAndMarginTrading": True}
    )
    assert (binance.can_trade, binance.can_withdraw, binance.ip_restricted) == (True, False, True)
    answer = {
        "retCode": 0,
        "result": {
            "apiKey": "SHOULDNOTBEKEPT",
            "readOnly": 0,
            "ips": ["*"],
            "permissions": {"Spot": ["SpotTrade"], "Wallet": ["AccountTransfer", "Withdraw"]},
        },
    }
    bybit = bybit_permissions(answer)
    assert (bybit.can_trade, bybit.can_withdraw, bybit.ip_restricted) == (True, True, False)
    assert "SHOULDNOTBEKEPT" not in repr(bybit.as_record())
