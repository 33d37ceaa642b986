"""The webhook route: check Telegram's secret header, then queue the update."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
Handler = Callable[[web.Request], Awaitable[web.Response]]


def make_webhook_handler(
    application: Application[Any, Any, Any, Any, Any, Any], secret: str
) -> Handler:
    """Return an aiohttp handler that feeds Telegram's POSTs to `application`."""
    if not secret:
        raise ValueError("the webhook needs a secret token")
    expected = secret.encode()

    async def telegram_webhook(request: web.Request) -> web.Response:
        """Queue one update if the request carries our secret."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403)
        try:
            data = await request.json()
        except ValueError:
            return web.Response(status=400)
        try:
            if not isinstance(data, dict):
                raise TypeError("an update is a JSON object")
            update = Update.de_json(data, application.bot)
        except (AttributeError, KeyError, TypeError, ValueError):
            log.warning("refused a malformed update from the webhook")
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response()

    return telegram_webhook
