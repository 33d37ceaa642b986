"""Typed keys for the application's shared state."""

from __future__ import annotations

from aiohttp import web

from orchestrator.core.runtime import Runtime

RUNTIME = web.AppKey("runtime", Runtime)
