"""The dashboard's pages outside its content: sign-in help, the Mini App entry, error pages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web

from web_minimal.dashboard import auth
from web_minimal.dashboard.i18n import has
from web_minimal.dashboard.security import FRAMEABLE
from web_minimal.dashboard.view import page

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Paths whose errors stay as they are: JSON callers and files want no HTML page.
_BARE: Final = ("/dashboard/api", "/dashboard/static", "/events", "/app/session")


async def signin(request: web.Request) -> web.Response:
    """Explain how to sign in, and why the reader is here (link used, signed out, …)."""
    why = request.query.get("why", "")
    known = why if has(f"signin.why.{why}") else ""
    return await page(request, "signin.html", {"why": known}, session=None)


async def miniapp(request: web.Request) -> web.Response:
    """Serve the Mini App entry: its script posts Telegram's launch data to /app/session."""
    request[FRAMEABLE] = True
    return await page(request, "miniapp.html", {}, session=None)


async def not_found(request: web.Request) -> web.Response:
    """Render the 404 page in the reader's language (never saying whose a thing is)."""
    session = await auth.current(request)
    return await page(request, "error.html", {"code": 404}, session=session, status=404)


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn a missing page into the 404 page and a crash into an apology, on dashboard pages."""
    if not _is_page(request.path):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return await not_found(request)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("dashboard page %s failed", request.path)
        session = await auth.current(request)
        return await page(request, "error.html", {"code": 500}, session=session, status=500)


@web.middleware
async def static_files(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Let browsers keep static files but ask each time whether they changed (a cheap 304)."""
    response = await handler(request)
    if request.path.startswith("/dashboard/static/"):
        response.headers["Cache-Control"] = "no-cache"
    return response


def _is_page(path: str) -> bool:
    return (path == "/app" or path.startswith("/dashboard")) and not path.startswith(_BARE)
