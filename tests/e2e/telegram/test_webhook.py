"""Webhook mode: the emulator pushes updates to our aiohttp route, which checks the secret."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from emulators.telegram import TelegramEmulator
from orchestrator.core.runtime import Runtime
from telegram_bot.app import App, build_application
from telegram_bot.i18n import t
from telegram_bot.runner import running
from telegram_bot.webhook import SECRET_HEADER, make_webhook_handler
from tests.e2e.telegram.chat import Chat, plain
from tests.e2e.telegram.conftest import TOKEN

SECRET = "webhook_Secret-42"


@pytest.fixture
async def webhook_app(runtime: Runtime, tg_emulator: TelegramEmulator) -> App:
    """Our bot without an updater, as the web app will run it."""
    return build_application(
        runtime,
        token=TOKEN,
        base_url=tg_emulator.bot_base_url,
        base_file_url=tg_emulator.file_base_url,
        webhook=True,
    )


@pytest.fixture
async def route(webhook_app: App) -> AsyncIterator[str]:
    """Serve the webhook handler on 127.0.0.1; yield its URL."""
    app = web.Application()
    app.router.add_post("/telegram", make_webhook_handler(webhook_app, SECRET))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/telegram"
    await runner.cleanup()


async def test_updates_arrive_through_the_webhook(
    webhook_app: App, route: str, tg_emulator: TelegramEmulator, tg_users: list[int]
) -> None:
    chat = Chat(tg_emulator, secrets.randbelow(10**9) + 10**9, "id")
    tg_users.append(chat.user_id)
    async with running(webhook_app, webhook_url=route, secret=SECRET):
        (picker,) = await chat.say("/start")
    assert picker["text"] == plain(t("id", "choose_language"))


async def test_a_wrong_secret_is_refused(webhook_app: App, route: str) -> None:
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1}}}
    async with aiohttp.ClientSession() as http:
        for headers in ({SECRET_HEADER: "wrong"}, {}):
            async with http.post(route, json=update, headers=headers) as response:
                assert response.status == 403
        for body in (b"{", b"[1]", b'{"update_id": "x", "message": 5}'):
            async with http.post(route, data=body, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 400
    assert webhook_app.update_queue.empty()


def test_an_empty_secret_is_refused(webhook_app: App) -> None:
    with pytest.raises(ValueError, match="secret"):
        make_webhook_handler(webhook_app, "")
