"""Dashboard tokens and Mini App initData: what verifies, and everything that must not."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from urllib.parse import quote, urlencode

import pytest

from orchestrator.dashboard.miniapp import verify_init_data
from orchestrator.dashboard.tokens import Claims, Kind, csrf_for, csrf_ok, sign, verify

KEYS = {1: b"k" * 32, 2: b"j" * 32}
USER = uuid.UUID("5f0c3c1e-1111-4a4a-9999-0123456789ab")
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
TOKEN = "123456:TEST-BOT-TOKEN"


def claims(kind: Kind = Kind.LINK, expires: int = 2_000_000_000, version: int = 2) -> Claims:
    return Claims(kind, version, b"\x01" * 16, expires, USER)


def test_a_signed_token_verifies_for_its_kind_only() -> None:
    token = sign(KEYS[2], claims())
    assert verify(token, Kind.LINK, KEYS, NOW.timestamp()) == claims()
    assert verify(token, Kind.SESSION, KEYS, NOW.timestamp()) is None


@pytest.mark.parametrize("position", [0, 5, 20, 40, -3])
def test_any_changed_character_breaks_a_token(position: int) -> None:
    token = sign(KEYS[2], claims())
    flipped = "A" if token[position] != "A" else "B"
    forged = token[:position] + flipped + token[position + 1 :]
    assert verify(forged, Kind.LINK, KEYS, NOW.timestamp()) is None


def test_expired_unknown_version_and_garbage_are_refused() -> None:
    assert verify(sign(KEYS[2], claims(expires=100)), Kind.LINK, KEYS, NOW.timestamp()) is None
    assert verify(sign(b"x" * 32, claims(version=9)), Kind.LINK, KEYS, NOW.timestamp()) is None
    for junk in ("", "%%%", "a" * 500, "AAAA"):
        assert verify(junk, Kind.LINK, KEYS, NOW.timestamp()) is None


def test_csrf_is_bound_to_the_session() -> None:
    token = csrf_for(KEYS[1], b"\x01" * 16)
    assert csrf_ok(KEYS[1], b"\x01" * 16, token)
    assert not csrf_ok(KEYS[1], b"\x02" * 16, token)
    assert not csrf_ok(KEYS[1], b"\x01" * 16, None)
    assert not csrf_ok(KEYS[1], b"\x01" * 16, token[:-1] + "é")


def init_data(auth: dt.datetime, token: str = TOKEN, **extra: str) -> str:
    """Sign launch data as Telegram does (written here from Telegram's documentation)."""
    fields = {
        "query_id": "AAH1",
        "user": json.dumps({"id": 4242, "first_name": "Ana", "language_code": "id"}),
        "auth_date": str(int(auth.timestamp())),
        **extra,
    }
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


def test_fresh_init_data_signed_for_our_bot_is_accepted() -> None:
    user = verify_init_data(init_data(NOW - dt.timedelta(hours=23)), TOKEN, NOW)
    assert user is not None and (user.telegram_id, user.language_code) == (4242, "id")


@pytest.mark.parametrize(
    "data",
    [
        init_data(NOW - dt.timedelta(days=1, seconds=1)),  # stale
        init_data(NOW + dt.timedelta(hours=1)),  # from the future
        init_data(NOW, token="654321:OTHER-BOT"),  # another bot's
        init_data(NOW).replace("4242", "4243"),  # someone else's id
        init_data(NOW) + "&hash=00",  # a second hash
        init_data(NOW).split("&hash=")[0],  # no hash
        "",
        "not a query string",
    ],
)
def test_forged_or_stale_init_data_is_refused(data: str) -> None:
    assert verify_init_data(data, TOKEN, NOW) is None
