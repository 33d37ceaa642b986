"""The aiohttp application factory: routes, shared state and error handling."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

from aiohttp import web

from orchestrator.core.runtime import Runtime
from web_minimal import billing, hooks, keyform
from web_minimal.dashboard import routes as dashboard
from web_minimal.state import RUNTIME

log = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """Report whether the database and Redis both answer."""
    runtime = request.app[RUNTIME]
    checks = {"db": _check(runtime.db.ping()), "redis": _check(runtime.redis.ping())}
    results = dict(zip(checks, await asyncio.gather(*checks.values()), strict=True))
    healthy = all(value == "ok" for value in results.values())
    return web.json_response({"ok": healthy, **results}, status=200 if healthy else 503)


async def _check(probe: Awaitable[object]) -> str:
    try:
        result = await asyncio.wait_for(probe, timeout=3)
    except Exception as exc:  # a health probe reports any failure instead of raising
        log.warning("health check failed: %s", type(exc).__name__)
        return "down"
    return "ok" if result else "down"


def create_app(runtime: Runtime) -> web.Application:
    """Build the web application around an opened runtime."""
    app = web.Application(client_max_size=256 * 1024)
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    hooks.add_routes(app)
    keyform.add_routes(app)
    billing.add_routes(app)
    dashboard.add_routes(app)
    return app
