"""The dashboard's routes: the ways in, then the pages."""

from __future__ import annotations

from aiohttp import web

from web_minimal.dashboard import auth
from web_minimal.dashboard.security import headers as security_headers


def add_routes(app: web.Application) -> None:
    """Register the dashboard routes and its security headers."""
    app.middlewares.append(security_headers)
    app.router.add_get("/dashboard/login/{token}", auth.login_link)
    app.router.add_post("/app/session", auth.miniapp_login)
    app.router.add_post("/dashboard/logout", auth.logout)

