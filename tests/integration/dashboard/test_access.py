"""Getting in: one-time links, Mini App launches, sessions and `/logout_all`."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from aiohttp.test_utils import TestClient

from kernel.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.access import (
    LINK_TTL,
    issue_link,
    miniapp_session,
    redeem_link,
    revoke_all,
    session_of,
)
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from web_minimal.dashboard.auth import COOKIE

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def token_of(link: str) -> str:
    return urlsplit(link).path.rsplit("/", 1)[-1]


async def telegram_id(db: Database, user: Any) -> int:
    async with db.as_service() as conn:
        value: int = await conn.fetchval("select telegram_id from users where id = $1", user)
    return value


def signed_init_data(token: str, telegram: int, auth: dt.datetime) -> str:
    fields = {
        "user": json.dumps({"id": telegram, "first_name": "T", "language_code": "en"}),
        "auth_date": str(int(auth.timestamp())),
        "query_id": "AA1",
    }
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


async def test_a_link_opens_one_session_once(runtime: Runtime, make_user: UserFactory) -> None:
    user = await make_user()
    link = await issue_link(runtime, user, NOW)
    assert link.startswith(runtime.settings.public_url + "/dashboard/login/")
    session = await redeem_link(runtime, token_of(link), NOW + dt.timedelta(minutes=9))
    assert session.user_id == user and session.via == "link"
    assert session.expires_at == NOW + dt.timedelta(minutes=9, days=7)
    with pytest.raises(UserFacingError, match="dashboard_link_used"):
        await redeem_link(runtime, token_of(link), NOW + dt.timedelta(minutes=9))
    found = await session_of(runtime, session.cookie, NOW + dt.timedelta(days=6))
    assert found is not None and found.user_id == user and found.csrf == session.csrf
    assert await session_of(runtime, session.cookie, NOW + dt.timedelta(days=8)) is None


async def test_a_stale_or_forged_link_is_refused(runtime: Runtime, make_user: UserFactory) -> None:
    link = await issue_link(runtime, await make_user(), NOW)
    with pytest.raises(UserFacingError, match="dashboard_link_invalid"):
        await redeem_link(runtime, token_of(link), NOW + LINK_TTL)
    forged = token_of(link)[:-4] + ("AAAA" if not token_of(link).endswith("AAAA") else "BBBB")
    with pytest.raises(UserFacingError, match="dashboard_link_invalid"):
        await redeem_link(runtime, forged, NOW)


async def test_logout_all_ends_every_session_and_open_link(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user, other = await make_user(), await make_user()
    first = await redeem_link(runtime, token_of(await issue_link(runtime, user, NOW)), NOW)
    second = await redeem_link(runtime, token_of(await issue_link(runtime, user, NOW)), NOW)
    theirs = await redeem_link(runtime, token_of(await issue_link(runtime, other, NOW)), NOW)
    pending = await issue_link(runtime, user, NOW)
    assert await revoke_all(runtime, user, NOW) == 2
    for session in (first, second):
        assert await session_of(runtime, session.cookie, NOW) is None
    assert await session_of(runtime, theirs.cookie, NOW) is not None
    with pytest.raises(UserFacingError):
        await redeem_link(runtime, token_of(pending), NOW)


async def test_a_mini_app_launch_signed_for_our_bot_opens_a_session(
    runtime: Runtime, make_user: UserFactory, db: Database
) -> None:
    user = await make_user()
    token = runtime.settings.bot_token
    assert token is not None  # local mode: the emulator's token
    data = signed_init_data(token, await telegram_id(db, user), NOW - dt.timedelta(hours=1))
    session = await miniapp_session(runtime, data, NOW)
    assert (session.user_id, session.via) == (user, "miniapp")
    with pytest.raises(UserFacingError, match="dashboard_miniapp_refused"):
        await miniapp_session(runtime, data, NOW + dt.timedelta(days=1))
    stranger = signed_init_data(token, 999_000_111, NOW)
    with pytest.raises(UserFacingError, match="dashboard_no_account"):
        await miniapp_session(runtime, stranger, NOW)


async def test_the_link_route_sets_a_safe_cookie_and_refuses_reuse(
    runtime: Runtime, client: TestClient[Any, Any], make_user: UserFactory
) -> None:
    link = await issue_link(runtime, await make_user(), dt.datetime.now(dt.UTC))
    path = urlsplit(link).path
    first = await client.get(path, allow_redirects=False)
    assert first.status == 302 and first.headers["Location"] == "/dashboard"
    cookie = first.headers["Set-Cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=604" in cookie  # seven days, give or take the seconds spent
    assert first.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in first.headers["Content-Security-Policy"]
    again = await client.get(path, allow_redirects=False)
    assert again.status == 302 and "dashboard_link_used" in again.headers["Location"]
    assert "Set-Cookie" not in again.headers
