"""Who may open the dashboard: one-time links from chat, Mini App launches, and sessions.

A link is signed, bound to its user, valid for ten minutes and spent by the first visit
(an atomic update of its row). Either way in ends in a session: a signed cookie naming a
`dashboard_sessions` row that lives seven days unless `/logout_all` revokes it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Final, Literal

from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.miniapp import verify_init_data
from orchestrator.dashboard.tokens import Claims, Kind, csrf_for, sign, signing_keys, verify

log = logging.getLogger(__name__)

LINK_TTL: Final = dt.timedelta(minutes=10)
SESSION_TTL: Final = dt.timedelta(days=7)
Via = Literal["link", "miniapp"]


@dataclass(frozen=True)
class Session:
    """A signed-in visitor: whose session it is, how they came, and its CSRF token."""

    id: bytes
    user_id: uuid.UUID
    via: Via
    expires_at: dt.datetime
    csrf: str
    cookie: str  # the signed cookie value naming this session


async def issue_link(runtime: Runtime, user_id: uuid.UUID, now: dt.datetime) -> str:
    """Return a new one-time dashboard link for the user."""
    version, key = _current(runtime, "link")
    claims = Claims(Kind.LINK, version, secrets.token_bytes(16), _unix(now + LINK_TTL), user_id)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into dashboard_links (id, user_id, expires_at) values ($1, $2, $3)",
            claims.token_id,
            user_id,
            now + LINK_TTL,
        )
    return f"{runtime.settings.public_url}/dashboard/login/{sign(key, claims)}"


async def redeem_link(runtime: Runtime, token: str, now: dt.datetime) -> Session:
    """Spend a link and open a session; a forged, stale or used link is refused."""
    claims = verify(token, Kind.LINK, signing_keys(runtime.settings, "link"), now.timestamp())
    if claims is None:
        raise UserFacingError("dashboard_link_invalid")
    async with runtime.db.as_service() as conn:
        spent = await conn.fetchval(
            "update dashboard_links set used_at = $3 where id = $1 and user_id = $2"
            " and used_at is null and expires_at > $3 returning id",
            claims.token_id,
            claims.user_id,
            now,
        )
    if spent is None:
        log.info("dashboard link for user %s refused: already used", claims.user_id)
        raise UserFacingError("dashboard_link_used")
    return await _open(runtime, claims.user_id, "link", now)


async def miniapp_session(runtime: Runtime, init_data: str, now: dt.datetime) -> Session:
    """Open a session for a Mini App launch whose `initData` Telegram signed for our bot."""
    token = runtime.settings.bot_token
    user = verify_init_data(init_data, token, now) if token else None
    if user is None:
        raise UserFacingError("dashboard_miniapp_refused")
    async with runtime.db.as_service() as conn:
        user_id = await conn.fetchval(
            "select id from users where telegram_id = $1", user.telegram_id
        )
    if user_id is None:  # Telegram vouches for them, but they never started the bot
        raise UserFacingError("dashboard_no_account")
    return await _open(runtime, user_id, "miniapp", now)


async def session_of(runtime: Runtime, cookie: str | None, now: dt.datetime) -> Session | None:
    """Return the live session a cookie names; None when forged, expired or revoked."""
    keys = signing_keys(runtime.settings, "session")
    claims = verify(cookie or "", Kind.SESSION, keys, now.timestamp())
    if claims is None:
        return None
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select via, expires_at from dashboard_sessions where id = $1 and user_id = $2"
            " and revoked_at is null and expires_at > $3",
            claims.token_id,
            claims.user_id,
            now,
        )
    if row is None:
        return None
    csrf = csrf_for(keys[claims.key_version], claims.token_id)
    return Session(
        claims.token_id, claims.user_id, row["via"], row["expires_at"], csrf, cookie or ""
    )


async def end_session(runtime: Runtime, session: Session, now: dt.datetime) -> None:
    """End one session (signing out of this browser)."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update dashboard_sessions set revoked_at = $3 where id = $1 and user_id = $2"
            " and revoked_at is null",
            session.id,
            session.user_id,
            now,
        )


async def revoke_all(runtime: Runtime, user_id: uuid.UUID, now: dt.datetime) -> int:
    """End every dashboard session of the user at once; return how many were open."""
    async with runtime.db.as_service() as conn:
        done = await conn.execute(
            "update dashboard_sessions set revoked_at = $2 where user_id = $1"
            " and revoked_at is null and expires_at > $2",
            user_id,
            now,
        )
        await conn.execute(
            "update dashboard_links set used_at = $2 where user_id = $1 and used_at is null",
            user_id,
            now,
        )
    return int(done.split()[-1])


async def _open(runtime: Runtime, user_id: uuid.UUID, via: Via, now: dt.datetime) -> Session:
    """Create a session row and the signed cookie naming it."""
    version, key = _current(runtime, "session")
    expires = now + SESSION_TTL
    claims = Claims(Kind.SESSION, version, secrets.token_bytes(16), _unix(expires), user_id)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into dashboard_sessions (id, user_id, via, expires_at, created_at,"
            " last_seen_at) values ($1, $2, $3, $4, $5, $5)",
            claims.token_id,
            user_id,
            via,
            expires,
            now,
        )
    csrf = csrf_for(key, claims.token_id)
    return Session(claims.token_id, user_id, via, expires, csrf, sign(key, claims))


def _current(runtime: Runtime, purpose: str) -> tuple[int, bytes]:
    """Return the newest vault key version and its signing key for `purpose`."""
    keys = signing_keys(runtime.settings, purpose)
    version = max(keys)
    return version, keys[version]


def _unix(moment: dt.datetime) -> int:
    return int(moment.timestamp())
