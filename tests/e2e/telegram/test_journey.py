"""The whole journey in one chat: /new → strategy and chart → Start bot → trade alert → stop."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from nofomo.worker import WorkerNode
from orchestrator.accounts import users
from orchestrator.alerts import AlertSender
from orchestrator.bots.service import bot_command
from orchestrator.core.runtime import Runtime
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from telegram_bot.app import App
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat
from tests.e2e.telegram.conftest import TOKEN, ChatFactory
from tests.support.waiting import eventually

pytestmark = [pytest.mark.slow, pytest.mark.timeout(400)]

IDEA = "scalping BTC/USDT 5m with RSI and EMA crossover"


@pytest.fixture
async def sender(runtime: Runtime, tg_app: App) -> AsyncIterator[AlertSender]:
    """The alert sender, delivering the outbox through the same bot."""
    renderer = TelegramRenderer.for_token(TOKEN)
    alerts = AlertSender(runtime.db, PtbTransport(tg_app.bot), renderer, poll_interval=0.2)
    stop = asyncio.Event()
    task = asyncio.create_task(alerts.run_forever(stop))
    yield alerts
    stop.set()
    await asyncio.wait_for(task, 20)


def find(chat: Chat, predicate: Any) -> Any:
    return next((m for m in chat.messages() if predicate(m)), None)


async def step(
    chat: Chat, press_on: dict[str, Any], button: str, expect_text: str
) -> dict[str, Any]:
    """Press a button and return the bot's message that shows `expect_text`."""
    before = {m["message_id"] for m in chat.messages()}
    chat.press(press_on, button)
    return await chat.until(
        lambda: next(
            (
                m
                for m in chat.messages()
                if expect_text in m["text"] and (m["edited"] or m["message_id"] not in before)
            ),
            None,
        ),
        timeout=30,
        what=expect_text,
    )


async def test_new_strategy_to_trade_alert_to_stop(
    new_chat: ChatFactory, worker: WorkerNode, runtime: Runtime, sender: AlertSender
) -> None:
    chat = new_chat(language_code="en")
    await chat.say(f"/new {IDEA}")
    chart = await chat.until(
        lambda: find(chat, lambda m: m["photo"] and "Strategy ready" in m["text"]),
        timeout=240,
        what="the strategy's chart",
    )
    # The chart comes first with a short caption, then the explanation with the buttons.
    ready = await chat.until(
        lambda: find(chat, lambda m: m["message_id"] == chart["message_id"] + 1),
        timeout=30,
        what="the strategy's explanation",
    )
    assert "max drawdown" in chart["text"] and chart["buttons"] == []
    assert "In-sample" in ready["text"] and "Out-of-sample" in ready["text"]
    labels = [b["text"] for row in ready["buttons"] for b in row]
    assert labels == ["📊 Backtest longer", "⚙️ Optimise", "🚀 Start bot", "📄 Show code"]

    exchange = await step(chat, ready, "🚀 Start bot", t("en", "sb_pick_exchange"))
    # The generated strategy names its pair: the pair step is skipped, the pair named.
    stake = await step(chat, exchange, "Binance", t("en", "sb_pick_stake"))
    assert "BTC/USDT" in stake["text"]
    mode = await step(chat, stake, "25 USDT", "Dry-run")
    await step(chat, mode, label("en", "btn_dry_run"), "is starting")

    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code="en"
    )
    bot_id = await _bot_id(runtime, user.id)

    async def running() -> bool:
        async with runtime.db.as_service() as conn:
            return await conn.fetchval("select status from bots where id = $1", bot_id) == "running"

    await eventually(running, within=60, what="the bot running")
    # The composed strategy waits for its signal; a forced entry stands in for one.
    await bot_command(runtime, user.id, bot_id, "forceenter", pair="BTC/USDT")
    alert = await chat.until(
        lambda: find(chat, lambda m: m["text"].startswith("🟢 Trade opened")),
        timeout=60,
        what="the trade alert",
    )
    assert "BTC/USDT" in alert["text"] and "Price:" in alert["text"]
    assert any(b["text"] == "Open bot" for row in alert["buttons"] for b in row)

    (profit,) = await chat.say("/profit", timeout=30)
    assert "profit" in profit["text"]
    (picker,) = await chat.say("/stopbot")
    before = len(chat.messages())
    chat.press(picker, picker["buttons"][0][0]["text"])
    stopped = await chat.until(
        lambda: find(chat, lambda m: "stopped. Open positions left:" in m["text"]),
        timeout=60,
        what="the stop report",
    )
    assert stopped["text"].endswith("1") or "1" in stopped["text"].split(":")[-1]
    assert len(chat.messages()) > before


async def _bot_id(runtime: Runtime, user_id: uuid.UUID) -> uuid.UUID:
    async with runtime.db.as_user(user_id) as conn:
        found: uuid.UUID = await conn.fetchval("select id from bots")
    return found
