"""Signed inline-button data: an action, an optional object id and a short argument.

Telegram lets a button carry at most 64 bytes and sends back whatever a client
claims, so every button is bound to the Telegram user it was made for with a
truncated HMAC. The key is derived from the bot token with HKDF, never the raw token.

Layout, base64url without padding (at most 62 characters):
action (1 byte) | flags (1 byte: 0x80 = has id, low 5 bits = argument length)
| object id (16 raw bytes, if any) | argument (ASCII, up to 20 bytes) | MAC (8 bytes).
The MAC is HMAC-SHA256(key, user id as 8 signed big-endian bytes + everything before it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAC_BYTES = 8
MAX_ARG = 20
_HAS_ID = 0x80
_INFO = b"nofomo telegram callback-data v1"


class Action(IntEnum):
    """What a button does; the value is the first byte of its data."""

    LANGUAGE = 1
    MENU_NEW = 2
    MENU_KEYS = 3
    MENU_BOTS = 4
    CANCEL = 5
    SETTINGS_LANGUAGE = 10
    SETTINGS_ALERTS = 11
    ALERT_LEVEL = 12
    SETTINGS_SUPERVISOR = 13
    SUPERVISOR_BOT = 14
    SUPERVISOR_WARN = 15
    SUPERVISOR_PAUSE = 16
    SUPERVISOR_DRAWDOWN = 17
    SETTINGS_SUMMARY = 18
    SUMMARY_HOUR = 19
    STRATEGY = 20
    ROLLBACK = 21
    SHOW_CODE = 22
    BACKTEST_PICK = 23
    BACKTEST = 24
    OPTIMISE_PICK = 25
    OPTIMISE = 26
    GENERATE_IDEA = 27
    OPTIMISE_APPLY = 28
    KEY_DELETE = 30
    KEY_DELETE_CONFIRM = 31
    STARTBOT_STRATEGY = 40
    STARTBOT_EXCHANGE = 41
    STARTBOT_PAIR = 42
    STARTBOT_STAKE = 43
    STARTBOT_MODE = 44
    STARTBOT_CONFIRM_LIVE = 45
    BOT_DETAIL = 50
    BOT_STATUS = 51
    BOT_PROFIT = 52
    BOT_TRADES = 53
    BOT_FORCEEXIT = 54
    BOT_FORCEEXIT_CONFIRM = 55
    BOT_CHART = 56
    BOT_PAUSE = 57
    BOT_RESUME = 58
    BOT_STOP = 59
    SUPERVISOR_RESUME = 60
    SUPERVISOR_CLOSE_ALL = 61
    SUPERVISOR_KEEP_PAUSED = 62
    SUPERVISOR_EXPLAIN = 63
    BOT_LOGS = 70
    BOT_STOPENTRY = 71
    UPGRADE = 80
    UPGRADE_PLAN = 81
    UPGRADE_PERIOD = 82
    UPGRADE_RENEW = 83
    UPGRADE_PAY = 84
    BILLING = 85
    BILLING_RECEIPT = 86
    BILLING_PAY = 87


@dataclass(frozen=True)
class Callback:
    """A verified button press."""

    action: Action
    obj: uuid.UUID | None = None
    arg: str = ""

    def object_id(self) -> uuid.UUID:
        """Return the object id the action needs; a signed button always carries it."""
        if self.obj is None:
            raise ValueError(f"{self.action.name} carries no object id")
        return self.obj


def derive_key(token: str) -> bytes:
    """Derive the callback MAC key from the bot token (HKDF-SHA256)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return hkdf.derive(token.encode())


def _mac(key: bytes, user_id: int, body: bytes) -> bytes:
    message = user_id.to_bytes(8, "big", signed=True) + body
    return hmac.new(key, message, hashlib.sha256).digest()[:MAC_BYTES]


def encode(
    key: bytes, user_id: int, action: Action, obj: uuid.UUID | None = None, arg: str = ""
) -> str:
    """Return button data for `action` that only `user_id` can use."""
    raw_arg = arg.encode("ascii")
    if len(raw_arg) > MAX_ARG:
        raise ValueError(f"callback argument longer than {MAX_ARG} bytes")
    flags = (_HAS_ID if obj is not None else 0) | len(raw_arg)
    body = bytes([action, flags]) + (obj.bytes if obj is not None else b"") + raw_arg
    data = body + _mac(key, user_id, body)
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _raw(data: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return None


def decode(key: bytes, user_id: int, data: str) -> Callback | None:
    """Return the press if `data` is intact and was made for `user_id`, else None."""
    raw = _raw(data) if len(data) <= 64 else None
    if raw is None or len(raw) < 2 + MAC_BYTES:
        return None
    body, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(key, user_id, body)):
        return None
    action, flags = body[0], body[1]
    id_len = 16 if flags & _HAS_ID else 0
    if action not in Action._value2member_map_ or len(body) != 2 + id_len + (flags & 0x1F):
        return None
    obj = uuid.UUID(bytes=body[2 : 2 + id_len]) if id_len else None
    return Callback(Action(action), obj, body[2 + id_len :].decode("ascii", "replace"))


def peek_action(data: object) -> Action | None:
    """Read a button's action without verifying it (for routing only; the guard verifies)."""
    raw = _raw(data) if isinstance(data, str) else None
    if not raw or raw[0] not in Action._value2member_map_:
        return None
    return Action(raw[0])


def on(*actions: Action) -> Callable[[object], bool]:
    """Return a CallbackQueryHandler pattern matching presses of any of `actions`."""
    wanted = frozenset(actions)

    def matches(data: object) -> bool:
        return peek_action(data) in wanted

    return matches


@dataclass(frozen=True)
class Signer:
    """Make button data for one Telegram user."""

    key: bytes
    user_id: int

    def __call__(self, action: Action, obj: uuid.UUID | None = None, arg: str = "") -> str:
        """Return signed data for one button."""
        return encode(self.key, self.user_id, action, obj, arg)
