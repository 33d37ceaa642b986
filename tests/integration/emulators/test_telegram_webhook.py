"""Webhook mode: the emulator pushes updates to a local receiver, in order, with retries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict
from telegram.ext import CommandHandler, ContextTypes

from emulators.telegram import TelegramEmulator
from tests.integration.emulators.conftest_telegram import (
    USER_ID,
    build_application,
    tg_bot,
    tg_emulator,
)

__all__ = ["tg_bot", "tg_emulator"]

SECRET = "s3cret_Token-42"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class Receiver:
    """A webhook endpoint that checks the secret header and records what it accepts."""

    url: str = ""
    fail_next: int = 0
    received: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    rejected_secrets: list[str | None] = field(default_factory=list)
    rejected: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        """Accept an update when the secret matches, unless told to fail."""
        if request.headers.get(SECRET_HEADER) != SECRET:
            self.rejected_secrets.append(request.headers.get(SECRET_HEADER))
            self.rejected.set()
            return web.Response(status=403)
        if self.fail_next > 0:
            self.fail_next -= 1
            return web.Response(status=500)
        await self.received.put(await request.json())
        return web.Response()

    async def next_update(self) -> dict[str, Any]:
        """Return the next accepted update, failing the test after two seconds."""
        return await asyncio.wait_for(self.received.get(), 2)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A running webhook receiver on 127.0.0.1."""
    target = Receiver()
    app = web.Application()
    app.router.add_post("/telegram", target.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    target.url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram"
    yield target
    await runner.cleanup()


async def greet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Replies to /start."""
    assert update.message is not None
    await update.message.reply_text("Welcome via webhook")


async def test_webhook_feeds_an_application_without_updater(
    tg_emulator: TelegramEmulator, receiver: Receiver
) -> None:
    app = build_application(tg_emulator, updater=False)
    app.add_handler(CommandHandler("start", greet))
    async with app:
        await app.start()
        assert await app.bot.set_webhook(receiver.url, secret_token=SECRET)
        tg_emulator.send_user_message(USER_ID, "/start")
        data = await receiver.next_update()
        await app.update_queue.put(Update.de_json(data, app.bot))
        [reply] = await tg_emulator.wait_for_messages(USER_ID, 1)
        await app.stop()
    assert reply["text"] == "Welcome via webhook"
    assert data["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


async def test_failed_deliveries_are_retried_in_order(
    tg_emulator: TelegramEmulator, tg_bot: Bot, receiver: Receiver
) -> None:
    receiver.fail_next = 2
    await tg_bot.set_webhook(receiver.url, secret_token=SECRET)
    for text in ("one", "two", "three"):
        tg_emulator.send_user_message(USER_ID, text)
    texts = [(await receiver.next_update())["message"]["text"] for _ in range(3)]
    assert texts == ["one", "two", "three"]
    info = await tg_bot.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert tg_emulator.stats()["webhook"] == {"delivered": 3, "failures": 2}


async def test_wrong_secret_is_retried_until_the_webhook_is_fixed(
    tg_emulator: TelegramEmulator, tg_bot: Bot, receiver: Receiver
) -> None:
    await tg_bot.set_webhook(receiver.url, secret_token="wrong")
    tg_emulator.send_user_message(USER_ID, "hello")
    await asyncio.wait_for(receiver.rejected.wait(), 2)
    assert receiver.rejected_secrets[0] == "wrong"
    await tg_bot.set_webhook(receiver.url, secret_token=SECRET)
    assert (await receiver.next_update())["message"]["text"] == "hello"


async def test_polling_conflicts_with_an_active_webhook(
    tg_emulator: TelegramEmulator, tg_bot: Bot, receiver: Receiver
) -> None:
    receiver.fail_next = 1000
    await tg_bot.set_webhook(receiver.url, secret_token=SECRET)
    tg_emulator.send_user_message(USER_ID, "queued")
    with pytest.raises(Conflict, match="webhook is active"):
        await tg_bot.get_updates()
    assert await tg_bot.delete_webhook(drop_pending_updates=True)
    assert await tg_bot.get_updates() == ()
