"""The app factory: one aiohttp application serving Binance, Bybit and the control API."""

from __future__ import annotations

from aiohttp import web

from emulators.exchange import (
    binance_private,
    binance_public,
    binance_sapi,
    bybit_private,
    bybit_public,
    control,
)
from emulators.exchange.middleware import count_requests, inject_faults, render_errors
from emulators.exchange.state import STATE, EmulatorSettings, EmulatorState


def create_app(settings: EmulatorSettings | None = None) -> web.Application:
    """Build the app: Binance under /api and /sapi, Bybit under /v5, control under /_emu."""
    app = web.Application(middlewares=[count_requests, inject_faults, render_errors])
    app[STATE] = EmulatorState.build(settings or EmulatorSettings())
    for module in (
        binance_public,
        binance_private,
        binance_sapi,
        bybit_public,
        bybit_private,
        control,
    ):
        app.router.add_routes(module.routes)
    return app
