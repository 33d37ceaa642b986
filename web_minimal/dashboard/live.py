"""`GET /events`: the signed-in user's live updates as server-sent events.

The stream is the session user's own (`orchestrator.dashboard.hub`): nothing a client sends
picks whose events it gets; `Last-Event-ID` (or `?last_id=` after a manual reconnect) only
says from where. A comment line every `HEARTBEAT_S` keeps proxies from closing an idle
stream and finds browsers that left; the session is checked again every
`SESSION_CHECK_S`, so `/logout_all` also ends open streams.

Connections: one shared Redis reader per web process (see the hub for why), so an open
page costs a little memory and no Redis connection. A process serves up to
`hub.MAX_SUBSCRIBERS` pages, `hub.MAX_PER_USER` per user; beyond that it answers 503, and
`live.js` retries later. On shutdown the hub ends every stream at once, so open pages
never hold up a graceful stop; their browsers reconnect to another process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Final

import jinja2
from aiohttp import web
from redis.asyncio import Redis
from redis.exceptions import RedisError

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.access import Session, session_of
from orchestrator.dashboard.events import Entry
from orchestrator.dashboard.hub import HubBusyError, HubClosedError, LiveHub, Subscription
from orchestrator.dashboard.viewer import Viewer
from web_minimal.dashboard import live_frames
from web_minimal.dashboard.auth import now, require
from web_minimal.dashboard.view import env_of, reader
from web_minimal.state import RUNTIME

log = logging.getLogger(__name__)

HUB: Final = web.AppKey("nofomo.live_hub", LiveHub)
GONE_CHECK_S: Final = 1.0
HEARTBEAT_S: Final = 15.0
SESSION_CHECK_S: Final = 60.0
RETRY_MS: Final = 3000  # how long a browser waits before reconnecting on its own
HEADERS: Final = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Accel-Buffering": "no",  # nginx and Render's proxy: pass each frame on at once
    "X-Content-Type-Options": "nosniff",
}


async def events(request: web.Request) -> web.StreamResponse:
    """Stream the session user's live events until they leave, sign out, or we stop."""
    session = await require(request)
    who = await reader(request, session)
    sub = await _subscribe(request, session)
    response = web.StreamResponse(headers=HEADERS)
    try:
        await response.prepare(request)
        await response.write(f"retry: {RETRY_MS}\n: connected\n\n".encode())
        await _pump(request, response, sub, who, session)
    except (ConnectionResetError, HubClosedError):
        pass  # the browser left, or the stream ended (shutdown, fell behind): it reconnects
    finally:
        sub.close()
    return response


async def _subscribe(request: web.Request, session: Session) -> Subscription:
    """Join the user's stream where the browser left off; 503 when we cannot now."""
    last_id = request.headers.get("Last-Event-ID") or request.query.get("last_id")
    try:
        return await request.app[HUB].subscribe(session.user_id, last_id)
    except (HubBusyError, HubClosedError) as exc:
        log.info("live stream refused for user %s: %s", session.user_id, exc)
    except (RedisError, OSError) as exc:
        log.warning("live stream unavailable for user %s: %r", session.user_id, exc)
    raise web.HTTPServiceUnavailable(headers={"Retry-After": "10"}, text="try again soon")


async def _pump(
    request: web.Request,
    response: web.StreamResponse,
    sub: Subscription,
    who: Viewer,
    session: Session,
) -> None:
    """Write frames and heartbeats until the stream ends or the browser leaves."""
    runtime, env = request.app[RUNTIME], env_of(request.app)
    loop = asyncio.get_running_loop()
    checked = beat = loop.time()
    while True:
        # Wake every second: a page left behind frees its stream (the user has only a few)
        # within a second, not at the next heartbeat.
        entry = await sub.next(GONE_CHECK_S)
        if request.transport is None or request.transport.is_closing():
            return
        if entry is None:
            if loop.time() - beat >= HEARTBEAT_S:
                beat = loop.time()
                await response.write(b": heartbeat\n\n")
        else:
            data = await _frame(runtime, env, who, entry)
            if data is not None:
                await response.write(data)
        if loop.time() - checked >= SESSION_CHECK_S:
            checked = loop.time()
            if not await _signed_in(runtime, session):
                return  # signed out (or revoked): the next connect gets a 401


async def _signed_in(runtime: Runtime, session: Session) -> bool:
    """Tell whether the session still stands (a database hiccup does not end the stream)."""
    try:
        return await session_of(runtime, session.cookie, now()) is not None
    except Exception as exc:  # checked again in a minute
        log.warning("live stream could not recheck its session: %r", exc)
        return True


async def _frame(
    runtime: Runtime, env: jinja2.Environment, who: Viewer, entry: Entry
) -> bytes | None:
    try:
        return await live_frames.render(runtime, env, who, entry, now())
    except Exception:  # one event that cannot render must not end the stream
        log.exception("live event %s could not be rendered", entry[0])
        return None


async def _hub(app: web.Application) -> AsyncIterator[None]:
    """Run the process's live hub on a Redis connection of its own."""
    runtime = app[RUNTIME]
    connection = Redis.from_url(runtime.redis_url, single_connection_client=True)
    hub = LiveHub(connection, runtime.redis)
    hub.start()
    app[HUB] = hub
    try:
        yield
    finally:
        await hub.close()
        await connection.aclose()


async def _end_streams(app: web.Application) -> None:
    """End every open stream first thing on shutdown (they would hold up a graceful stop)."""
    if HUB in app:
        await app[HUB].close()


def add_routes(app: web.Application) -> None:
    """Register `/events` and the hub's start and stop."""
    app.cleanup_ctx.append(_hub)
    app.on_shutdown.append(_end_streams)
    app.router.add_get("/events", events)
