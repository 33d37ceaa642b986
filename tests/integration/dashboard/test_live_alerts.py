"""Every alert the outbox sender claims also reaches the user's open dashboards, once."""

from __future__ import annotations

import uuid
from decimal import Decimal

from telegram import Bot

from emulators.telegram import TelegramEmulator
from orchestrator.alerts import AlertSender
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.events import AlertEvent, read
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from tests.conftest import UserFactory

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"


async def test_a_claimed_alert_is_announced_once(runtime: Runtime, make_user: UserFactory) -> None:
    user, bot_id = await make_user(), uuid.uuid4()
    async with runtime.db.as_service() as conn:
        chat = await conn.fetchval("select telegram_id from users where id = $1", user)
        # Other tests' leftovers would be claimed too: this test wants only its own.
        await conn.execute(
            "update alerts set status = 'dead', last_error = 'left by another test'"
            " where status in ('pending', 'sending')"
        )
        alert_id = await enqueue_alert(
            conn,
            user,
            {"kind": "supervisor_warning", "bot_id": str(bot_id), "bot_name": "Grid",
             "pair": "BTC/USDT", "streak": 3, "drawdown_pct": 4.0, "reason": "3 losses"},
        )  # fmt: skip
    async with (
        TelegramEmulator() as tg,
        Bot(TOKEN, base_url=tg.bot_base_url, base_file_url=tg.file_base_url) as bot,
    ):
        tg.send_user_message(chat, "/start", first_name="Trader")
        renderer = TelegramRenderer.for_token(TOKEN)
        sender = AlertSender(runtime.db, PtbTransport(bot), renderer, events=runtime.redis)
        assert await sender.drain_once() == 1
        assert tg.messages(chat), "the chat got the alert too"
    found = await read(runtime.redis, user, "0-0", block_ms=50)
    assert [event for _, event in found] == [
        AlertEvent("supervisor_warning", alert_id or 0, bot_id, "Grid", "BTC/USDT", 3, Decimal(4))
    ]
