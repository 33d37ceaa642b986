"""Commands that need a running bot offer only running (or paused) bots, or say none runs."""

from __future__ import annotations

import uuid
from decimal import Decimal

from orchestrator.accounts import users
from orchestrator.bots.service import NewBot, create_bot
from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot

STOPPED = "AlwaysIn BTC/USDT · BTC/USDT"


async def more_bots(
    runtime: Runtime, chat: Chat, seeded: uuid.UUID, *pairs: str
) -> list[uuid.UUID]:
    """Give the chat's user stopped bots on `pairs`, running the seeded bot's strategy."""
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=None
    )
    async with runtime.db.as_service() as conn:
        version_id = await conn.fetchval(
            "select strategy_version_id from bots where id = $1", seeded
        )
    found = []
    for pair in pairs:
        new = NewBot(f"{pair[:3]} bot", version_id, "bybit", pair, Decimal(10), "1m")
        found.append(await create_bot(runtime, user.id, new))
    return found


async def set_state(runtime: Runtime, bot_id: uuid.UUID, desired: str, status: str) -> None:
    """Put a bot in a state as its worker would report it (no worker runs in these tests)."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update bots set desired_state = $2, status = $3 where id = $1", bot_id, desired, status
        )


async def test_forceexit_with_only_a_stopped_bot_says_so_at_once(
    new_chat: ChatFactory, seed_bot: SeedBot
) -> None:
    chat = new_chat(language_code="en")
    await seed_bot(chat)
    (reply,) = await chat.say("/forceexit")
    assert reply["text"] == "AlwaysIn BTC/USDT is not running (stopped)."
    assert reply["buttons"] == []


async def test_forceexit_with_several_stopped_bots_says_none_runs(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await more_bots(runtime, chat, await seed_bot(chat), "ETH/USDT")
    (reply,) = await chat.say("/forceexit")
    assert reply["text"] == plain(t("id", "forceexit_none_running"))
    assert reply["buttons"] == []
    (reply,) = await chat.say("/trades")
    assert reply["text"] == plain(t("id", "trades_none_running"))
    (status,) = await chat.say("/status")
    assert status["text"].startswith("Bot Anda: 0 berjalan") and status["buttons"] == []


async def test_forceexit_offers_only_the_running_bot(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    (eth,) = await more_bots(runtime, chat, await seed_bot(chat), "ETH/USDT")
    await set_state(runtime, eth, "running", "running")

    # The only running bot is the one asked about; the stopped one is not offered.
    (confirm,) = await chat.say("/forceexit")
    assert confirm["text"] == plain(t("en", "forceexit_confirm", name="ETH bot"))
    assert button_labels(confirm) == [
        label("en", "btn_confirm_forceexit"),
        label("en", "btn_cancel"),
    ]

    # It stops before the answer: "Yes" on the old question closes nothing and says why.
    await set_state(runtime, eth, "stopped", "stopped")
    chat.press(confirm, label("en", "btn_confirm_forceexit"))
    settled = await chat.edited_to(confirm, "ETH bot is not running (stopped).")
    assert settled["buttons"] == []


async def test_live_pickers_list_running_and_paused_bots_only(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    eth, sol = await more_bots(runtime, chat, await seed_bot(chat), "ETH/USDT", "SOL/USDT")
    await set_state(runtime, eth, "running", "running")
    await set_state(runtime, sol, "paused", "running")
    live = ["ETH bot · ETH/USDT", "SOL bot · SOL/USDT"]

    (picker,) = await chat.say("/forceexit")
    assert picker["text"] == plain(t("en", "pick_bot")) and button_labels(picker) == live
    (picker,) = await chat.say("/trades")
    assert button_labels(picker) == live
    (status,) = await chat.say("/status")
    assert "AlwaysIn BTC/USDT: stopped" in status["text"] and button_labels(status) == live
    # Profit and charts exist for stopped bots too: every bot is offered.
    (profit,) = await chat.say("/profit")
    assert STOPPED in button_labels(profit) and len(button_labels(profit)) == 3
