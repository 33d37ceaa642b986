"""Middlewares: count requests, inject the active fault, and render exchange errors."""

from __future__ import annotations

import asyncio
from typing import Final, NoReturn

from aiohttp import web
from aiohttp.typedefs import Handler

from emulators.exchange.errors import ApiError
from emulators.exchange.faults import FaultMode
from emulators.exchange.state import STATE

CONTROL_PREFIX: Final = "/_emu/"


def is_control(request: web.Request) -> bool:
    """Tell whether a request is for the control API, which faults and counters ignore."""
    return request.path.startswith(CONTROL_PREFIX)


@web.middleware
async def count_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record every exchange request with the status it got."""
    if is_control(request):
        return await handler(request)
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        request.app[STATE].log.record(request.method, request.path, status)


@web.middleware
async def inject_faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Delay, refuse or drop a request according to the active fault."""
    if is_control(request):
        return await handler(request)
    faults = request.app[STATE].faults
    mode = faults.current().mode
    if mode is FaultMode.OUTAGE:
        drop_connection(request)
    if mode is FaultMode.SLOW:
        await asyncio.sleep(faults.current().delay)
    if mode in (FaultMode.RATE_LIMIT, FaultMode.BANNED):
        return rate_limited(request, mode, faults.retry_after())
    return await handler(request)


@web.middleware
async def render_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn exchange errors into the exchange's error bodies."""
    try:
        return await handler(request)
    except ApiError as error:
        return error.response()


def drop_connection(request: web.Request) -> NoReturn:
    """Close the connection without an answer, as a dead server would."""
    if request.transport is not None:
        request.transport.close()
    raise web.HTTPServiceUnavailable()


def rate_limited(request: web.Request, mode: FaultMode, retry_after: int) -> web.Response:
    """Answer 429 (too many requests) or 418 (IP banned) with Retry-After."""
    status = 418 if mode is FaultMode.BANNED else 429
    headers = {"Retry-After": str(retry_after)}
    if request.path.startswith("/v5/"):
        body = {"retCode": 10006, "retMsg": "Too many visits!", "result": {}, "retExtInfo": {}}
        return web.json_response(body, status=status, headers=headers)
    if status == 418:
        msg = f"Way too many requests; IP({request.remote}) banned for {retry_after} seconds."
    else:
        msg = (
            f"Too many requests; current limit of IP({request.remote}) request weight is exceeded."
        )
    return web.json_response({"code": -1003, "msg": msg}, status=status, headers=headers)
