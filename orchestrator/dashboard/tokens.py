"""Signed tokens for the dashboard: one-time links, session cookies and CSRF tokens.

A token is `base64url(kind | version | id | expiry | user | HMAC-SHA256)`. The MAC key is
HKDF-derived from vault key `version` with the token's purpose as info, so a link can never
pass for a session, and neither key is the vault's encryption key. The MAC only proves we
issued the token; the database row named by `id` decides whether it is still good (used,
revoked, expired), which is what makes links single-use and `/logout_all` immediate.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from orchestrator.core.settings import Settings, parse_vault_keys
from orchestrator.keys.vault import LOCAL_KEY_FILE

_HEADER: Final = struct.Struct(">BH16sQ16s")  # kind, key version, id, expiry, user
_MAC_SIZE: Final = 32


class Kind(IntEnum):
    """What a token is for; part of what is signed, and of the key that signs it."""

    LINK = 1
    SESSION = 2


@dataclass(frozen=True)
class Claims:
    """What an authentic token asserts."""

    kind: Kind
    key_version: int
    token_id: bytes  # 16 random bytes: the row in dashboard_links or dashboard_sessions
    expires_at: int  # Unix seconds
    user_id: uuid.UUID


def derive(vault_key: bytes, purpose: str) -> bytes:
    """Derive the signing key for one purpose from one vault key."""
    info = f"nofomo/dashboard/{purpose}/v1".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(vault_key)


def signing_keys(settings: Settings, purpose: str) -> dict[int, bytes]:
    """Derive one signing key per vault key version (VAULT_KEYS or the local key file)."""
    if settings.vault_keys is not None:
        raw = settings.vault_keys.get_secret_value()
    else:
        raw = (settings.data_dir / LOCAL_KEY_FILE).read_text()
    return dict(_derived(raw, purpose))


@functools.lru_cache(maxsize=8)
def _derived(raw: str, purpose: str) -> tuple[tuple[int, bytes], ...]:
    """Derive the keys once per process: every page request checks a cookie."""
    return tuple((version, derive(key, purpose)) for version, key in parse_vault_keys(raw).items())


def sign(key: bytes, claims: Claims) -> str:
    """Encode and sign claims as a URL- and cookie-safe token."""
    body = _HEADER.pack(
        claims.kind, claims.key_version, claims.token_id, claims.expires_at, claims.user_id.bytes
    )
    mac = hmac.new(key, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode()


def verify(token: str, kind: Kind, keys: Mapping[int, bytes], now: float) -> Claims | None:
    """Return the claims of an authentic, unexpired token of `kind`; None otherwise."""
    if not token or len(token) > 200:
        return None
    try:
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(blob) != _HEADER.size + _MAC_SIZE:
        return None
    body, mac = blob[: _HEADER.size], blob[_HEADER.size :]
    got_kind, version, token_id, expires_at, user = _HEADER.unpack(body)
    key = keys.get(version)
    if key is None or not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), mac):
        return None
    if got_kind != kind or now >= expires_at:
        return None
    return Claims(kind, version, token_id, expires_at, uuid.UUID(bytes=user))


def csrf_for(key: bytes, session_id: bytes) -> str:
    """Return the CSRF token bound to one session (forms echo it; a forger cannot read it)."""
    mac = hmac.new(key, b"nofomo/dashboard/csrf\0" + session_id, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).rstrip(b"=").decode()


def csrf_ok(key: bytes, session_id: bytes, given: str | None) -> bool:
    """Tell whether `given` is this session's CSRF token (constant-time)."""
    if not given:
        return False
    expected = csrf_for(key, session_id).encode()
    return hmac.compare_digest(expected, given.encode("utf-8", "surrogateescape"))
