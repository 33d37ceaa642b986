"""Run the Application by long polling or behind our own webhook route."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from telegram import Update

from telegram_bot.app import App, register_commands

POLL_TIMEOUT = 10


@contextlib.asynccontextmanager
async def running(
    application: App, *, webhook_url: str | None = None, secret: str | None = None
) -> AsyncIterator[App]:
    """Run the bot for the block: poll when there is an updater, else set the webhook."""
    async with application:
        await register_commands(application)
        if application.updater is not None:
            await application.updater.start_polling(
                poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
            )
        elif webhook_url:
            await application.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        await application.start()
        try:
            yield application
        finally:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            await application.bot_data.background.close()
            await application.stop()


async def run_polling(application: App, stop_event: asyncio.Event) -> None:
    """Poll for updates until `stop_event` is set."""
    async with running(application):
        await stop_event.wait()


async def run_webhook(
    application: App, url: str, secret: str, stop_event: asyncio.Event | None = None
) -> None:
    """Set the webhook to `url` and handle queued updates until `stop_event` is set.

    Mount `make_webhook_handler(application, secret)` on the web app at `url`'s path.
    """
    async with running(application, webhook_url=url, secret=secret):
        await (stop_event or asyncio.Event()).wait()
