"""Inbound webhooks: Freqtrade bots report trade events here."""

from __future__ import annotations

import logging
import uuid

from aiohttp import web

from orchestrator.runner.dispatch import enqueue_command
from orchestrator.runner.tradesync import sync_from_webhook
from orchestrator.supervisor.service import on_trade_closed
from web_minimal.state import RUNTIME

log = logging.getLogger(__name__)


async def freqtrade_event(request: web.Request) -> web.Response:
    """Sync the bot's trades now; the secret in the path proves the sender is that bot."""
    try:
        bot_id = uuid.UUID(request.match_info["bot_id"])
    except ValueError:
        raise web.HTTPNotFound() from None
    runtime = request.app[RUNTIME]
    await request.read()  # the body only says "something happened"; the DB has the truth
    result = await sync_from_webhook(runtime, bot_id, request.match_info["secret"], on_trade_closed)
    if result is None:
        raise web.HTTPNotFound()
    if result.actions:
        await enqueue_command(runtime.redis, bot_id, "apply_state")
    return web.json_response({"ok": True})


def add_routes(app: web.Application) -> None:
    """Register the webhook routes."""
    app.router.add_post("/hooks/freqtrade/{bot_id}/{secret}", freqtrade_event)
