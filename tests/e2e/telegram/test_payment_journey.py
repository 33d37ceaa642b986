"""The whole paid journey: /upgrade → Pro monthly → QRIS → paid → Tripay's callback → Pro.

Nothing is shortcut: the bot talks to the Telegram emulator, payments go to the Tripay
emulator, the emulator's signed callback reaches our web app over HTTP, the receipt comes to
the chat through the alert outbox and sender, and the plan's limits change at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from emulators.exchange import ExchangeEmulator
from emulators.tripay import TripayEmulator
from orchestrator.accounts.usage import usage
from orchestrator.alerts import AlertSender
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from telegram_bot.app import App
from tests.e2e.telegram.chat import Chat
from tests.e2e.telegram.conftest import TOKEN, ChatFactory
from tests.e2e.telegram.test_upgrade import button_starting, press_for, press_to_redraw
from tests.integration.runner.conftest import runner_env
from tests.support.processes import free_port
from web_minimal.app import create_app


@pytest.fixture
async def tripay() -> AsyncIterator[TripayEmulator]:
    """The Tripay emulator, retrying callbacks quickly (as Tripay does, every 2 minutes)."""
    async with TripayEmulator(port=0, callback_interval_s=0.2) as emulator:
        yield emulator


@pytest.fixture
async def runtime(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    exchange: ExchangeEmulator,
    tripay: TripayEmulator,
) -> AsyncIterator[Runtime]:
    """A runtime paying through the emulator, its public URL our web app's (for callbacks)."""
    port = free_port()
    env = runner_env(
        tmp_path / "state",
        database_url,
        redis_url,
        exchange.url,
        PORT=str(port),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        TRIPAY_BASE_URL=tripay.url,
        TRIPAY_API_KEY=tripay.api_key,
        TRIPAY_PRIVATE_KEY=tripay.private_key,
        TRIPAY_MERCHANT_CODE=tripay.merchant_code,
    )
    settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})  # type: ignore[arg-type]
    rt = await Runtime.open(settings, run_migrations=False)
    server = TestServer(create_app(rt), host="127.0.0.1", port=port)
    await server.start_server()
    yield rt
    await server.close()
    await rt.close()


@pytest.fixture
async def sender(runtime: Runtime, tg_app: App) -> AsyncIterator[AlertSender]:
    """The alert sender, delivering the outbox (receipts too) through the same bot."""
    alerts = AlertSender(
        runtime.db, PtbTransport(tg_app.bot), TelegramRenderer.for_token(TOKEN), poll_interval=0.2
    )
    stop = asyncio.Event()
    task = asyncio.create_task(alerts.run_forever(stop))
    yield alerts
    stop.set()
    await asyncio.wait_for(task, 20)


async def live_room(runtime: Runtime, chat: Chat) -> tuple[str, bool]:
    async with runtime.db.as_service() as conn:
        user_id = await conn.fetchval("select id from users where telegram_id = $1", chat.user_id)
    used = await usage(runtime.db, user_id)
    assert used is not None
    return used.plan.code, used.live_room


async def test_upgrade_pay_by_qris_and_the_callback_makes_it_pro(
    new_chat: ChatFactory, runtime: Runtime, tripay: TripayEmulator, sender: Any
) -> None:
    chat = new_chat(language_code="en")
    (plans,) = await chat.say("/upgrade")
    assert await live_room(runtime, chat) == ("free", False)  # Free: no live bot
    periods = await press_to_redraw(chat, plans, button_starting(plans, "⭐ Pro"), "⭐ Pro")
    channels = await press_to_redraw(chat, periods, button_starting(periods, "📅"), "💳 Pro")
    (payment,) = await press_for(chat, channels, button_starting(channels, "QRIS"))
    assert payment["photo"], "the QR image arrives"
    [transaction] = tripay.transactions
    assert transaction.merchant_ref in payment["text"]

    await tripay_pays(tripay, transaction.reference)
    receipt = await chat.until(
        lambda: next((m for m in chat.messages() if "Payment received" in m["text"]), None),
        timeout=30,
        what="the receipt in chat",
    )
    assert "Pro" in receipt["text"]
    assert await live_room(runtime, chat) == ("pro", True)  # a live bot is allowed at once
    assert [a.answered_ok for a in tripay.callbacks] == [True]  # our first answer was success
    (plan,) = await chat.say("/plan")
    assert "Pro" in plan["text"]


async def tripay_pays(tripay: TripayEmulator, reference: str) -> None:
    """Settle the payment at the emulator, which then sends its signed callback to our app."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{tripay.root_url}/_emu/pay", json={"reference": reference, "status": "PAID"}
        ) as response,
    ):
        assert response.status == 200
