"""Commands across a user's bots, without running them: summaries, pickers and the chart."""

from __future__ import annotations

import uuid
from decimal import Decimal

from orchestrator.accounts import users
from orchestrator.bots.service import NewBot, create_bot
from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import t
from tests.e2e.telegram.chat import Chat, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot


async def second_bot(runtime: Runtime, chat: Chat, version_id: uuid.UUID) -> None:
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=None
    )
    new = NewBot("Eth bot", version_id, "bybit", "ETH/USDT", Decimal(10), "1m")
    await create_bot(runtime, user.id, new)


async def test_one_stopped_bot(new_chat: ChatFactory, seed_bot: SeedBot) -> None:
    chat = new_chat(language_code="en")
    await seed_bot(chat)
    (status,) = await chat.say("/status")
    assert status["text"] == "AlwaysIn BTC/USDT is not running (stopped)."
    (profit,) = await chat.say("/profit")
    assert profit["text"] == "AlwaysIn BTC/USDT: realised profit +0.00 USDT from 0 closed trades."
    (trades,) = await chat.say("/trades")
    assert trades["text"] == status["text"]
    (stop,) = await chat.say("/stopbot")
    assert stop["text"] == plain(t("en", "stop_none_active"))
    (chart,) = await chat.say("/chart", timeout=30)
    assert chart["photo"] and chart["text"].startswith(
        "📈 AlwaysIn BTC/USDT\nBTC/USDT · 1m candles · dry-run\nRealised profit: +0.00 USDT"
    )


async def test_several_bots_get_a_summary_and_a_picker(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    bot_id = await seed_bot(chat)
    async with runtime.db.as_service() as conn:
        version_id = await conn.fetchval(
            "select strategy_version_id from bots where id = $1", bot_id
        )
    await second_bot(runtime, chat, version_id)
    names = ["AlwaysIn BTC/USDT · BTC/USDT", "Eth bot · ETH/USDT"]

    (status,) = await chat.say("/status")
    assert status["text"].startswith("Bot Anda: 0 berjalan, 0 posisi terbuka")
    assert button_labels(status) == []  # only running bots have live trades to pick
    (profit,) = await chat.say("/profit")
    assert profit["text"].startswith("Total profit terealisasi: +0,00 USDT")
    assert button_labels(profit) == names
    (forceexit,) = await chat.say("/forceexit")
    assert forceexit["text"] == plain(t("id", "forceexit_none_running"))
    assert button_labels(forceexit) == []
