"""Wire the Telegram bot into a serving process: emulator, webhook or polling, alert sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import LOCAL_TELEGRAM_TOKEN

if TYPE_CHECKING:  # PTB and the emulator load only when a bot is built
    from redis.asyncio import Redis

    from emulators.telegram import TelegramEmulator
    from orchestrator.alerts import AlertSender
    from orchestrator.artifacts import ArtifactStore
    from orchestrator.db.pool import Database
    from telegram_bot.app import App

log = logging.getLogger("nofomo")

WEBHOOK_PATH = "/telegram/webhook"
LOCAL_TOKEN = LOCAL_TELEGRAM_TOKEN


@dataclass
class Wiring:
    """What one starter hands to a later one (routes for the web app, the bot)."""

    web_routes: list[Callable[[web.Application], object]] = field(default_factory=list)
    application: App | None = None
    token: str = ""
    webhook_url: str | None = None
    webhook_secret: str | None = None
    base_url: str | None = None  # the Bot API the bot talks to; None: Telegram's
    base_file_url: str | None = None


async def _local_emulator(runtime: Runtime, stack: AsyncExitStack) -> TelegramEmulator:
    from emulators.telegram import TelegramEmulator

    state = runtime.settings.data_dir / "telegram-emulator" / "state.json"  # chats survive restarts
    emulator = TelegramEmulator(port=runtime.settings.telegram_emulator_port, state_path=state)
    try:
        await emulator.start()
    except OSError:
        emulator = TelegramEmulator(port=0, state_path=state)  # the configured port is taken
        await emulator.start()
    stack.push_async_callback(emulator.stop)
    log.info("Telegram emulator: chat with the bot at %s/", emulator.url)
    return emulator


async def build_telegram(runtime: Runtime, stack: AsyncExitStack, wiring: Wiring) -> None:
    """Build the bot: the emulator offline, a webhook in production, polling otherwise."""
    from telegram_bot.app import build_application
    from telegram_bot.webhook import make_webhook_handler

    settings = runtime.settings
    base_url = file_url = None
    if api := settings.telegram_api_base_url.rstrip("/"):  # self-hosted, or a lone emulator
        base_url, file_url = f"{api}/bot", f"{api}/file/bot"
        token = settings.telegram_bot_token  # the emulator takes any well-formed token
        wiring.token = token.get_secret_value() if token is not None else LOCAL_TOKEN
    elif settings.telegram_bot_token is None:
        if not settings.is_local:
            return
        emulator = await _local_emulator(runtime, stack)
        wiring.token, base_url, file_url = (
            LOCAL_TOKEN,
            emulator.bot_base_url,
            emulator.file_base_url,
        )
    else:
        wiring.token = settings.telegram_bot_token.get_secret_value()
    webhook = settings.telegram_bot_token is not None and not settings.is_local
    wiring.base_url, wiring.base_file_url = base_url, file_url
    wiring.application = build_application(
        runtime, token=wiring.token, base_url=base_url, base_file_url=file_url, webhook=webhook
    )
    if webhook:
        secret = settings.telegram_webhook_secret
        wiring.webhook_secret = secret.get_secret_value() if secret else secrets.token_urlsafe(32)
        wiring.webhook_url = settings.public_base_url.rstrip("/") + WEBHOOK_PATH
        handler = make_webhook_handler(wiring.application, wiring.webhook_secret)
        wiring.web_routes.append(lambda app: app.router.add_post(WEBHOOK_PATH, handler))


async def run_telegram(runtime: Runtime, stack: AsyncExitStack, wiring: Wiring) -> None:
    """Start handling updates and delivering the alert outbox until the stack closes."""
    if wiring.application is None:
        log.info("telegram bot: no token and not local; not started")
        return
    from telegram_bot.dashboard import app_url
    from telegram_bot.runner import running

    await stack.enter_async_context(
        running(wiring.application, webhook_url=wiring.webhook_url, secret=wiring.webhook_secret)
    )
    sender = await alert_sender(
        stack,
        runtime.db,
        runtime.redis,
        token=wiring.token,
        base_url=wiring.base_url,
        base_file_url=wiring.base_file_url,
        artifacts=runtime.artifacts,
        app=app_url(runtime.settings),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run_forever(stop), name="alert-sender")

    async def stop_sender() -> None:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 15)

    stack.push_async_callback(stop_sender)
    mode = "webhook" if wiring.webhook_url else "polling"
    log.info("telegram bot running (%s); alert sender started", mode)


async def alert_sender(
    stack: AsyncExitStack,
    db: Database,
    redis: Redis,
    *,
    token: str,
    base_url: str | None = None,
    base_file_url: str | None = None,
    artifacts: ArtifactStore | None = None,
    app: str | None = None,
) -> AlertSender:
    """Build the alert sender on a Bot of its own, spending the deployment's flood budget.

    Its Bot has no PTB rate limiter, so the budget in Redis, shared with every other
    sender and every chat reply, is the one thing that paces alerts and handles 429s.
    `app` is the dashboard's Mini App URL, for the button under alerts about a bot.
    """
    from orchestrator.alerts import AlertSender
    from telegram_bot.alerts import PtbTransport, TelegramRenderer
    from telegram_bot.alerts.ptb import alert_bot
    from telegram_bot.ratelimit import shared_budget

    bot = await stack.enter_async_context(alert_bot(token, base_url, base_file_url))
    return AlertSender(
        db,
        PtbTransport(bot),
        TelegramRenderer.for_token(token, app),
        artifacts=artifacts,
        budget=shared_budget(redis, token),
        events=redis,  # live dashboard: every alert also reaches the user's open pages
    )
