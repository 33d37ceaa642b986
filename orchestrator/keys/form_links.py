"""One-time links to the web form where a user hands NoFOMO an exchange API key.

Token: `base64url(version | id | expiry | user | HMAC-SHA256)`. The MAC key is HKDF-derived
from vault key `version` (never the encryption key itself); `id` is 16 random bytes. Redis
makes links single-use: `keyform:current:{user}` names the newest link (a new link replaces
older ones) and a stored key sets `keyform:used:{id}` (SET NX). CSRF = HMAC of the link id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import math
import secrets
import struct
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from orchestrator.alerts.payloads import KeyAdded, KeyFields
from orchestrator.alerts.produce import audit, enqueue_alert
from orchestrator.core.errors import TemporaryError, UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings, parse_vault_keys
from orchestrator.db.pool import Database
from orchestrator.keys.permissions import (
    KeySubmission,
    Permissions,
    ccxt_overrides,
    check_permissions,
    validate_submission,
)
from orchestrator.keys.store import mask, store_key
from orchestrator.keys.vault import LOCAL_KEY_FILE

log = logging.getLogger(__name__)

LINK_TTL = timedelta(minutes=15)
MAX_ATTEMPTS = 10  # submissions per link, refusals included
BUSY_SECONDS = 60  # one submission at a time per link
_HEADER = struct.Struct(">H16sQ16s")  # vault key version, link id, expiry, user id
_MAC_SIZE = 32

Clock = Callable[[], float]  # seconds since the epoch: `time.time`, or a test's own clock


@dataclass(frozen=True)
class LinkClaims:
    """What a link token asserts, once its MAC checks out."""

    key_version: int
    token_id: bytes
    expires_at: int
    user_id: uuid.UUID


@dataclass(frozen=True)
class LinkSession:
    """An open, unused link: whose it is, their language and the form's CSRF token."""

    user_id: uuid.UUID
    language: str
    csrf: str
    expires_at: datetime


@dataclass(frozen=True)
class KeyResult:
    """A stored key as the user may see it; `warnings` are message keys."""

    key_id: uuid.UUID
    exchange: str
    key_hint: str
    label: str
    ip_restricted: bool
    warnings: tuple[str, ...]


def link_mac_key(vault_key: bytes) -> bytes:
    """Derive the link-signing key from one vault key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"nofomo/keyform/link/v1")
    return hkdf.derive(vault_key)


def mac_keys(settings: Settings) -> dict[int, bytes]:
    """Derive a link-signing key per vault key version (VAULT_KEYS or the local key file)."""
    if settings.vault_keys is not None:
        raw = settings.vault_keys.get_secret_value()
    else:
        raw = (settings.data_dir / LOCAL_KEY_FILE).read_text()
    return {version: link_mac_key(key) for version, key in parse_vault_keys(raw).items()}


def sign_token(mac_key: bytes, claims: LinkClaims) -> str:
    """Encode and sign claims as a URL-safe token."""
    body = _HEADER.pack(
        claims.key_version, claims.token_id, claims.expires_at, claims.user_id.bytes
    )
    mac = hmac.new(mac_key, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode()


def verify_token(token: str, keys: Mapping[int, bytes], now: float) -> LinkClaims:
    """Return the claims of an authentic, unexpired token; raise UserFacingError otherwise."""
    try:
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise UserFacingError("keyform.link_invalid") from None
    if len(blob) != _HEADER.size + _MAC_SIZE:
        raise UserFacingError("keyform.link_invalid")
    body, mac = blob[: _HEADER.size], blob[_HEADER.size :]
    version, token_id, expires_at, user = _HEADER.unpack(body)
    key = keys.get(version)
    if key is None or not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), mac):
        raise UserFacingError("keyform.link_invalid")
    if now >= expires_at:
        raise UserFacingError("keyform.link_expired")
    return LinkClaims(version, token_id, expires_at, uuid.UUID(bytes=user))


def csrf_token(mac_key: bytes, claims: LinkClaims) -> str:
    """Return the CSRF token bound to one link."""
    mac = hmac.new(mac_key, b"nofomo/keyform/csrf\0" + claims.token_id, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


async def issue_link(
    runtime: Runtime,
    user_id: uuid.UUID,
    *,
    ttl: timedelta = LINK_TTL,
    clock: Clock = time.time,
) -> str:
    """Create a signed one-time form link for the user, replacing their earlier links."""
    if ttl <= timedelta(0):
        raise ValueError("a link needs a positive lifetime")
    version = runtime.vault.current_version
    claims = LinkClaims(
        version, secrets.token_bytes(16), int(clock() + ttl.total_seconds()), user_id
    )
    token = sign_token(mac_keys(runtime.settings)[version], claims)
    ex = math.ceil(ttl.total_seconds()) + 60
    await runtime.redis.set(_rkey("current", user_id), claims.token_id.hex(), ex=ex)
    base = runtime.settings.public_base_url.rstrip("/") or runtime.settings.webhook_base_url
    return f"{base}/keys/{token}"


async def open_link(runtime: Runtime, token: str, *, clock: Clock = time.time) -> LinkSession:
    """Check a link and return who it is for, in which language, with its CSRF token."""
    claims, csrf = await _live_claims(runtime, token, clock())
    language = await _language(runtime, claims.user_id)
    if language is None:
        raise UserFacingError("keyform.link_invalid")
    expires = datetime.fromtimestamp(claims.expires_at, tz=UTC)
    return LinkSession(claims.user_id, language, csrf, expires)


async def link_language(runtime: Runtime, token: str) -> str | None:
    """Return the owner's language for an authentic link, even a used or expired one."""
    try:
        claims = verify_token(token, mac_keys(runtime.settings), now=0)
    except UserFacingError:
        return None
    return await _language(runtime, claims.user_id)


async def submit_key(
    runtime: Runtime,
    token: str,
    csrf: str,
    exchange: str,
    api_key: str,
    secret: str,
    label: str,
    *,
    clock: Clock = time.time,
) -> KeyResult:
    """Check, store and confirm a key; only a stored key uses the link up."""
    claims, expected_csrf = await _live_claims(runtime, token, clock())
    if not hmac.compare_digest(csrf.encode(), expected_csrf.encode()):
        raise UserFacingError("keyform.csrf")
    form = validate_submission(exchange, api_key, secret, label)
    async with _one_attempt(runtime, claims, clock()):
        await _check_unused(runtime, claims)
        permissions = await _ask_exchange(runtime.settings, form)
        result = await _store(runtime, claims.user_id, form, permissions)
        await _confirm(runtime.db, claims.user_id, result)
        await _mark_used(runtime, claims, clock())
    log.info("exchange key %s stored for user %s", result.key_id, claims.user_id)
    return result


async def _live_claims(runtime: Runtime, token: str, now: float) -> tuple[LinkClaims, str]:
    """Verify the token and that it is unused; return its claims and CSRF token."""
    keys = mac_keys(runtime.settings)
    claims = verify_token(token, keys, now)
    await _check_unused(runtime, claims)
    return claims, csrf_token(keys[claims.key_version], claims)


async def _store(
    runtime: Runtime, user_id: uuid.UUID, form: KeySubmission, permissions: Permissions
) -> KeyResult:
    """Seal and store the key; return what the user may see of it."""
    key_id = await store_key(
        runtime.db,
        runtime.vault,
        user_id,
        form.exchange,
        form.credentials,
        label=form.label,
        permissions=permissions.as_record(),
        ip_restricted=permissions.ip_restricted,
    )
    warnings = () if permissions.ip_restricted else ("keyform.no_ip_restriction",)
    hint = mask(form.credentials.api_key)
    return KeyResult(key_id, form.exchange, hint, form.label, permissions.ip_restricted, warnings)


async def _ask_exchange(settings: Settings, form: KeySubmission) -> Permissions:
    """Return the key's permissions, refusing keys that can withdraw or cannot trade."""
    creds = form.credentials
    try:
        permissions = await check_permissions(
            form.exchange,
            creds.api_key,
            creds.secret,
            ccxt_overrides=ccxt_overrides(settings, form.exchange),
        )
    except TemporaryError:
        raise UserFacingError("keyform.exchange_unreachable", exchange=form.exchange) from None
    if permissions.can_withdraw:
        raise UserFacingError("keyform.withdraw_enabled", exchange=form.exchange)
    if not permissions.can_trade:
        raise UserFacingError("keyform.cannot_trade", exchange=form.exchange)
    return permissions


async def _confirm(db: Database, user_id: uuid.UUID, result: KeyResult) -> None:
    """Queue the Telegram confirmation and an audit entry, masked."""
    payload: KeyFields = {
        "exchange": result.exchange,
        "key_hint": result.key_hint,
        "label": result.label,
        "ip_restricted": result.ip_restricted,
    }
    async with db.as_service() as conn:
        alert: KeyAdded = {"kind": "key_added", **payload}
        await enqueue_alert(conn, user_id, alert, dedup_key=f"key_added:{result.key_id}")
        await audit(
            conn,
            "user",
            "exchange_key.added",
            user_id=user_id,
            target=str(result.key_id),
            data=payload,
        )


async def _check_unused(runtime: Runtime, claims: LinkClaims) -> None:
    """Refuse a link that was used or replaced by a newer one."""
    if await runtime.redis.exists(_rkey("used", claims)):
        raise UserFacingError("keyform.link_used")
    current = await runtime.redis.get(_rkey("current", claims.user_id))
    if current not in (claims.token_id.hex(), claims.token_id.hex().encode()):
        raise UserFacingError("keyform.link_replaced")


@asynccontextmanager
async def _one_attempt(runtime: Runtime, claims: LinkClaims, now: float) -> AsyncIterator[None]:
    """Hold the link's lock for one submission and count it."""
    busy, tries_key = _rkey("busy", claims), _rkey("tries", claims)
    if not await runtime.redis.set(busy, "1", nx=True, ex=BUSY_SECONDS):
        raise UserFacingError("keyform.busy")
    try:
        tries = await runtime.redis.incr(tries_key)
        await runtime.redis.expire(tries_key, _seconds_left(claims, now))
        if tries > MAX_ATTEMPTS:
            raise UserFacingError("keyform.too_many_attempts")
        yield
    finally:
        await runtime.redis.delete(busy)


async def _mark_used(runtime: Runtime, claims: LinkClaims, now: float) -> None:
    ttl = _seconds_left(claims, now)
    if not await runtime.redis.set(_rkey("used", claims), "1", nx=True, ex=ttl):
        log.warning("key-form link %s was used twice", claims.token_id.hex()[:8])


async def _language(runtime: Runtime, user_id: uuid.UUID) -> str | None:
    async with runtime.db.as_service() as conn:
        language = await conn.fetchval("select language from users where id = $1", user_id)
    return None if language is None else str(language)


def _seconds_left(claims: LinkClaims, now: float) -> int:
    return max(1, math.ceil(claims.expires_at - now)) + 60


def _rkey(kind: str, owner: LinkClaims | uuid.UUID) -> str:
    """Name a Redis key: per user for `current`, per link id otherwise."""
    ident = owner.token_id.hex() if isinstance(owner, LinkClaims) else owner
    return f"keyform:{kind}:{ident}"
