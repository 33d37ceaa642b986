"""Security headers for dashboard pages: a nonce CSP, framing only by Telegram, no referrer.

Every response gets a fresh script nonce (`request[NONCE]`) that templates put on their one
script tag; inline script without it never runs. Pages opened as a Mini App may be framed by
Telegram's web clients; every other page refuses to be framed at all.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web

from web_minimal.state import RUNTIME

NONCE: Final = web.RequestKey("nofomo.nonce", str)
# Set True by handlers whose page may run as a Mini App (Telegram's web clients frame it).
FRAMEABLE: Final = web.RequestKey("nofomo.frameable", bool)
# Telegram Web K/A and the desktop web client frame Mini Apps from these origins.
TELEGRAM_FRAMERS: Final = "https://web.telegram.org https://*.telegram.org"
HSTS: Final = "max-age=31536000; includeSubDomains"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def csp(nonce: str, *, frameable: bool) -> str:
    """Return the policy: our own files, one nonce for inline script, no plugins, no forms out."""
    ancestors = TELEGRAM_FRAMERS if frameable else "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the security headers to every dashboard response."""
    if not _is_dashboard(request.path):
        return await handler(request)
    nonce = secrets.token_urlsafe(16)
    request[NONCE] = nonce
    started = time.perf_counter()
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # redirects and errors carry the headers too
        _apply(request, exc, nonce, started)
        raise
    _apply(request, response, nonce, started)
    return response


def _apply(request: web.Request, response: web.StreamResponse, nonce: str, started: float) -> None:
    # The handler's time (a streamed body's time to its first byte), for browsers' dev tools
    # and bench/dashboard.py.
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    frameable = bool(request.get(FRAMEABLE, False))
    response.headers["Content-Security-Policy"] = csp(nonce, frameable=frameable)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not frameable:
        response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    if not request.app[RUNTIME].settings.is_local:
        response.headers["Strict-Transport-Security"] = HSTS


def _is_dashboard(path: str) -> bool:
    return path == "/app" or path.startswith(("/dashboard", "/app/", "/events"))
