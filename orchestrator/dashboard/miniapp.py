"""Check a Telegram Mini App's `initData`: signed by Telegram for our bot, and fresh.

Telegram signs the launch data with `HMAC-SHA256(key=HMAC-SHA256(b"WebAppData", bot_token),
msg=data_check_string)`, where the data-check string is every field but `hash`, sorted by
key, written `key=value` and joined with newlines. Data older than a day is refused: a
leaked launch URL must not open the dashboard for ever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl

MAX_AGE: Final = dt.timedelta(days=1)
# A clock a little ahead of Telegram's must not refuse data signed "in the future".
SKEW: Final = dt.timedelta(minutes=5)
MAX_LENGTH: Final = 4096


@dataclass(frozen=True)
class MiniAppUser:
    """The Telegram user a verified launch is for."""

    telegram_id: int
    language_code: str
    auth_date: dt.datetime


def secret_key(bot_token: str) -> bytes:
    """Derive the key Telegram signs Mini App data with, from the bot's token."""
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def check_string(fields: dict[str, str]) -> str:
    """Build the data-check string: every field but `hash`, sorted, `key=value` per line."""
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def verify_init_data(init_data: str, bot_token: str, now: dt.datetime) -> MiniAppUser | None:
    """Return the user of authentic, fresh `initData`; None for anything else."""
    if not init_data or len(init_data) > MAX_LENGTH:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    if len(fields) != len(pairs) or "hash" not in fields:
        return None  # a repeated field could mean two different things to two parsers
    expected = hmac.new(secret_key(bot_token), check_string(fields).encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest().encode(), fields["hash"].encode()):
        return None
    return _fresh_user(fields, now)


def _fresh_user(fields: dict[str, str], now: dt.datetime) -> MiniAppUser | None:
    """Read the user and auth date from verified fields; None when stale or malformed."""
    try:
        auth_date = dt.datetime.fromtimestamp(int(fields["auth_date"]), dt.UTC)
        user = json.loads(fields["user"])
        telegram_id = int(user["id"])
    except (KeyError, ValueError, TypeError, OverflowError):
        return None
    if not (now - MAX_AGE <= auth_date <= now + SKEW):
        return None
    language = str(user.get("language_code") or "")[:8] if isinstance(user, dict) else ""
    return MiniAppUser(telegram_id, language, auth_date)
