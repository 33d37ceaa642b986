"""Getting into the dashboard: the one-time link, the Mini App launch, the session cookie.

Handlers parse, call one service (`orchestrator.dashboard.access`) and answer. The cookie is
HttpOnly and signed, SameSite=Lax, Secure in production, and lives seven days; a Mini App
session in production is SameSite=None (Telegram's web clients frame the app from another
site, where a Lax cookie would not be sent).
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
from typing import Final, NoReturn

from aiohttp import web

from kernel.errors import UserFacingError
from orchestrator.dashboard.access import (
    Session,
    end_session,
    miniapp_session,
    redeem_link,
    session_of,
)
from web_minimal.dashboard.security import FRAMEABLE
from web_minimal.state import RUNTIME

log = logging.getLogger(__name__)

COOKIE: Final = "nofomo_session"
# The request's session, read once per request; "" when there is none.
SESSION: Final = web.RequestKey[Session | str]("nofomo.session")
HOME: Final = "/dashboard"
# A page of ours, written plainly: no scheme, no host, no "//", no dots or escapes.
_LANDING: Final = re.compile(r"/dashboard(/[A-Za-z0-9_-]+)*")


def now() -> dt.datetime:
    """Return the current time (one place to read the clock)."""
    return dt.datetime.now(dt.UTC)


async def current(request: web.Request) -> Session | None:
    """Return the request's live session (read once per request), or None."""
    if SESSION not in request:
        cookie = request.cookies.get(COOKIE)
        found = await session_of(request.app[RUNTIME], cookie, now()) if cookie else None
        request[SESSION] = found or ""
    value = request[SESSION]
    return value if isinstance(value, Session) else None


async def require(request: web.Request) -> Session:
    """Return the session, or stop the request: pages redirect to a help page, APIs 401."""
    session = await current(request)
    if session is not None:
        if session.via == "miniapp":
            request[FRAMEABLE] = True
        return session
    if request.path.startswith(("/dashboard/api", "/events")) or request.method != "GET":
        raise web.HTTPUnauthorized(text="sign in again from Telegram")
    raise web.HTTPFound("/dashboard/signin")


def set_cookie(request: web.Request, response: web.StreamResponse, session: Session) -> None:
    """Give the browser the session cookie."""
    production = not request.app[RUNTIME].settings.is_local
    cross_site = production and session.via == "miniapp"
    response.set_cookie(
        COOKIE,
        session.cookie,
        max_age=int((session.expires_at - now()).total_seconds()),
        path="/",
        httponly=True,
        secure=production,
        samesite="None" if cross_site else "Lax",
    )


async def login_link(request: web.Request) -> NoReturn:
    """Spend a one-time link from chat, set the cookie, and go to the overview."""
    try:
        session = await redeem_link(request.app[RUNTIME], request.match_info["token"], now())
    except UserFacingError as exc:
        raise web.HTTPFound(f"/dashboard/signin?why={exc.key}") from None
    response = web.HTTPFound(HOME)
    set_cookie(request, response, session)
    raise response


async def miniapp_login(request: web.Request) -> web.Response:
    """Open a session for a Mini App launch; the page posts Telegram's `initData` here."""
    request[FRAMEABLE] = True
    form = await request.post()
    init_data = form.get("init_data")
    try:
        session = await miniapp_session(
            request.app[RUNTIME], init_data if isinstance(init_data, str) else "", now()
        )
    except UserFacingError as exc:
        return web.json_response({"ok": False, "reason": exc.key}, status=403)
    response = web.json_response({"ok": True, "next": landing(form.get("next"))})
    set_cookie(request, response, session)
    return response


def landing(wanted: object) -> str:
    """Return where a Mini App launch lands: one of our dashboard pages, else the overview."""
    if not isinstance(wanted, str) or len(wanted) > 200:
        return HOME
    ok = _LANDING.fullmatch(wanted)
    return wanted if ok else HOME


async def logout(request: web.Request) -> NoReturn:
    """End this browser's session (`/logout_all` in chat ends every session)."""
    session = await require(request)
    form = await request.post()
    token = form.get("csrf")
    if not (isinstance(token, str) and hmac.compare_digest(token, session.csrf)):
        raise web.HTTPForbidden(text="the form expired; reload the page")
    await end_session(request.app[RUNTIME], session, now())
    response = web.HTTPFound("/dashboard/signin?why=signed_out")
    response.del_cookie(COOKIE, path="/")
    raise response
