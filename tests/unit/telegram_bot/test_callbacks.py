"""Signed button data: fits Telegram's 64 bytes, binds the user, refuses tampering."""

from __future__ import annotations

import base64
import uuid

import pytest

from telegram_bot.callbacks import (
    MAX_ARG,
    Action,
    Callback,
    Signer,
    decode,
    derive_key,
    encode,
    on,
    peek_action,
)

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
KEY = derive_key(TOKEN)
USER, OTHER = 1001, 1002
BOT = uuid.uuid4()


def test_the_key_is_derived_not_the_token() -> None:
    assert len(KEY) == 32 and TOKEN.encode() not in KEY
    assert derive_key(TOKEN) == KEY != derive_key(TOKEN + "x")


@pytest.mark.parametrize(
    "press",
    [
        Callback(Action.LANGUAGE, None, "id"),
        Callback(Action.BOT_STOP, BOT, ""),
        Callback(Action.SUPERVISOR_DRAWDOWN, BOT, "3:5:10"),
        Callback(Action.STARTBOT_PAIR, None, "DOGE/USDT"),
        Callback(Action.ROLLBACK, BOT, "x" * MAX_ARG),
    ],
)
def test_round_trip_within_64_bytes(press: Callback) -> None:
    data = encode(KEY, USER, press.action, press.obj, press.arg)
    assert len(data.encode()) <= 64
    assert decode(KEY, USER, data) == press
    assert peek_action(data) is press.action


def test_another_user_cannot_use_it() -> None:
    data = Signer(KEY, USER)(Action.BOT_STOP, BOT)
    assert decode(KEY, OTHER, data) is None
    assert decode(derive_key("987654:other-token-aaaaaaaaaaaaaaaaaaaaaaaa"), USER, data) is None


def test_any_changed_byte_is_refused() -> None:
    raw = base64.urlsafe_b64decode(encode(KEY, USER, Action.BOT_STOP, BOT) + "==")
    for index in range(len(raw)):
        forged = bytearray(raw)
        forged[index] ^= 0x40
        data = base64.urlsafe_b64encode(bytes(forged)).rstrip(b"=").decode()
        assert decode(KEY, USER, data) is None, index


@pytest.mark.parametrize("data", ["", "!!!!", "AAAA", "A" * 65, "x" * 64])
def test_garbage_is_refused(data: str) -> None:
    assert decode(KEY, USER, data) is None


def test_long_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="longer than"):
        encode(KEY, USER, Action.LANGUAGE, None, "x" * (MAX_ARG + 1))


def test_routing_patterns_peek_the_action() -> None:
    matches = on(Action.BOT_STOP, Action.BOT_PAUSE)
    assert matches(encode(KEY, USER, Action.BOT_PAUSE, BOT))
    assert not matches(encode(KEY, USER, Action.BOT_RESUME, BOT))
    assert not matches(None) and not matches("@@")
