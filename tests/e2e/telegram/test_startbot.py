"""/startbot creates and starts a real dry-run bot; /bots, /status, /profit see it; /stopbot."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from nofomo.worker import WorkerNode
from orchestrator.accounts import users
from orchestrator.core.runtime import Runtime
from orchestrator.keys import store as exchange_keys
from telegram_bot.alerts.texts import label as flag_label
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot, SeedStrategy
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow


async def bot_of(runtime: Runtime, chat: Chat) -> dict[str, Any] | None:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select b.* from bots b join users u on u.id = b.user_id where u.telegram_id = $1",
            chat.user_id,
        )
    return dict(row) if row else None


async def press_and_edit(chat: Chat, message: Message, button: str, text: str) -> Message:
    chat.press(message, button)
    return await chat.edited_to(message, text)


def preset_stake(lang: str, pair: str) -> str:
    """Return the stake step's text when the pair comes from the strategy."""
    return t(lang, "sb_pair_preset", pair=pair) + "\n" + t(lang, "sb_pick_stake")


async def configure_dry_run_bot(chat: Chat) -> Message:
    """Walk the /startbot flow with buttons and typed text (the strategy's pair kept)."""
    (picker,) = await chat.say("/startbot")
    assert picker["text"] == plain(t("en", "sb_pick_strategy"))
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("en", "sb_pick_exchange"))
    stake = await press_and_edit(chat, step, "Binance", preset_stake("en", "BTC/USDT"))
    (bad,) = await chat.say("5")
    assert bad["text"] == plain(t("en", "invalid_stake"))
    mode = await press_and_edit(chat, stake, "25 USDT", t("en", "sb_pick_mode"))
    started = t(
        "en",
        "sb_started",
        name="AlwaysIn",
        pair="BTC/USDT",
        exchange="Binance",
        stake="25.00",
        mode="dry-run",
    )
    return await press_and_edit(chat, mode, label("en", "btn_dry_run"), started)


async def use_detail_view(chat: Chat, listing: Message) -> None:
    """Open the bot from /bots, ask its status, pause it and resume it."""
    chat.press(listing, "AlwaysIn · BTC/USDT")
    detail = await chat.until(
        lambda: (m := chat.message(listing["message_id"]))["edited"] and m, what="detail view"
    )
    assert detail["text"].startswith("AlwaysIn\nState: running")
    before = len(chat.messages())
    chat.press(detail, label("en", "btn_status"))
    (status,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 30))[before:]
    assert status["text"].startswith("AlwaysIn")

    chat.press(detail, label("en", "btn_pause"))
    (paused,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 2, 30))[before + 1 :]
    assert paused["text"] == plain(t("en", "bot_paused", name="AlwaysIn"))
    detail = chat.message(detail["message_id"])
    assert "State: paused" in detail["text"]
    chat.press(detail, label("en", "btn_resume"))
    (resumed,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 3, 30))[before + 2 :]
    assert resumed["text"] == plain(t("en", "bot_resumed", name="AlwaysIn"))


async def test_dry_run_bot_from_chat_to_stop(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, worker: WorkerNode, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_strategy(chat)
    await configure_dry_run_bot(chat)

    bot = await bot_of(runtime, chat)
    assert bot is not None and bot["dry_run"] and bot["desired_state"] == "running"
    assert (bot["pair"], bot["exchange"], str(bot["stake_amount"])) == (
        "BTC/USDT",
        "binance",
        "25.00000000",
    )
    bot_id: uuid.UUID = bot["id"]

    async def running() -> bool:
        found = await bot_of(runtime, chat)
        return found is not None and found["status"] == "running"

    await eventually(running, within=60, what="bot running")

    (listing,) = await chat.say("/bots")
    assert "AlwaysIn" in listing["text"] and label("en", "state_running") in listing["text"]
    assert listing["buttons"][0][0]["text"] == "AlwaysIn · BTC/USDT"

    (profit,) = await chat.say("/profit", timeout=30)
    assert profit["text"].startswith("AlwaysIn: profit")

    (status,) = await chat.say("/status", timeout=30)
    assert status["text"].startswith("AlwaysIn")

    await use_detail_view(chat, listing)

    (picker,) = await chat.say("/stopbot")
    assert picker["text"] == plain(t("en", "stop_pick_bot"))
    before = len(chat.messages())
    chat.press(picker, "AlwaysIn · BTC/USDT")
    await chat.edited_to(picker, t("en", "bot_stopping", name="AlwaysIn"))
    (stopped,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 45))[before:]
    assert stopped["text"].startswith("⏹ AlwaysIn stopped. Open positions left: ")

    async def stopped_in_db() -> bool:
        found = await bot_of(runtime, chat)
        return found is not None and found["status"] == "stopped"

    await eventually(stopped_in_db, within=30, what="bot stopped")
    assert (await bot_of(runtime, chat) or {})["id"] == bot_id


async def test_live_mode_needs_keys(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await seed_strategy(chat)
    (picker,) = await chat.say("/startbot")
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("id", "sb_pick_exchange"))
    step = await press_and_edit(chat, step, "Bybit", preset_stake("id", "BTC/USDT"))
    other = label("id", "btn_other_pair")
    step = await press_and_edit(chat, step, other, t("id", "sb_pick_pair"))
    step = await press_and_edit(chat, step, "ETH/USDT", t("id", "sb_pick_stake"))
    step = await press_and_edit(chat, step, "10 USDT", t("id", "sb_pick_mode"))
    needs = t("id", "sb_live_needs_keys", exchange="Bybit")
    step = await press_and_edit(chat, step, label("id", "btn_live"), needs)
    assert label("id", "btn_dry_run") in [b["text"] for row in step["buttons"] for b in row]
    (bye,) = await chat.say("/cancel")
    assert bye["text"] == plain(t("id", "cancelled"))
    assert await bot_of(runtime, chat) is None


async def test_live_mode_restates_the_risk(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_strategy(chat)
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=None
    )
    credentials = exchange_keys.Credentials(api_key="K" * 18, secret="S" * 36)
    await exchange_keys.store_key(runtime.db, runtime.vault, user.id, "bybit", credentials)
    (picker,) = await chat.say("/startbot")
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("en", "sb_pick_exchange"))
    step = await press_and_edit(chat, step, "Bybit", preset_stake("en", "BTC/USDT"))
    other = label("en", "btn_other_pair")
    step = await press_and_edit(chat, step, other, t("en", "sb_pick_pair"))
    step = await press_and_edit(chat, step, "SOL/USDT", t("en", "sb_pick_stake"))
    step = await press_and_edit(chat, step, "50 USDT", t("en", "sb_pick_mode"))
    risk = t("en", "sb_live_confirm", pair="SOL/USDT", exchange="Bybit", stake="50.00")
    step = await press_and_edit(chat, step, label("en", "btn_live"), risk)
    assert "You can lose all of that stake" in step["text"]
    assert "cannot withdraw" in step["text"]
    await press_and_edit(chat, step, label("en", "btn_cancel"), t("en", "cancelled"))
    assert await bot_of(runtime, chat) is None


async def test_live_mode_names_what_the_backtest_flagged(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    version_id = await seed_strategy(chat)
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update strategy_versions set validation = $2 where id = $1",
            version_id,
            {"flags": ["losing", "low_win_rate"]},
        )
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=None
    )
    credentials = exchange_keys.Credentials(api_key="K" * 18, secret="S" * 36)
    await exchange_keys.store_key(runtime.db, runtime.vault, user.id, "bybit", credentials)
    (picker,) = await chat.say("/startbot")
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("id", "sb_pick_exchange"))
    step = await press_and_edit(chat, step, "Bybit", preset_stake("id", "BTC/USDT"))
    other = label("id", "btn_other_pair")
    step = await press_and_edit(chat, step, other, t("id", "sb_pick_pair"))
    step = await press_and_edit(chat, step, "SOL/USDT", t("id", "sb_pick_stake"))
    step = await press_and_edit(chat, step, "50 USDT", t("id", "sb_pick_mode"))
    problems = f"{flag_label('flag_losing', 'id')}, {flag_label('flag_low_win_rate', 'id')}"
    warned = t("id", "sb_live_flagged", problems=problems) + t(
        "id", "sb_live_confirm", pair="SOL/USDT", exchange="Bybit", stake="50,00"
    )
    step = await press_and_edit(chat, step, label("id", "btn_live"), warned)
    assert step["text"].startswith("🚩")
    await press_and_edit(chat, step, label("id", "btn_cancel"), t("id", "cancelled"))
    assert await bot_of(runtime, chat) is None


async def test_a_second_active_bot_on_a_pair_is_refused_and_not_left_behind(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    first = await seed_bot(chat)  # AlwaysIn on Binance BTC/USDT
    async with runtime.db.as_service() as conn:
        # The plan (Elite, for custom code) has room: the refusal is the database's
        # one-active-bot-per-pair rule.
        await conn.execute("update bots set desired_state = 'running' where id = $1", first)
    (picker,) = await chat.say("/startbot")
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("en", "sb_pick_exchange"))
    step = await press_and_edit(chat, step, "Binance", preset_stake("en", "BTC/USDT"))
    step = await press_and_edit(chat, step, "25 USDT", t("en", "sb_pick_mode"))
    before = len(chat.messages())
    chat.press(step, label("en", "btn_dry_run"))
    (refused,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 15))[before:]
    assert refused["text"] == plain(t("en", "bot_already_active"))
    async with runtime.db.as_service() as conn:
        ids = await conn.fetch(
            "select b.id from bots b join users u on u.id = b.user_id where u.telegram_id = $1",
            chat.user_id,
        )
    assert [row["id"] for row in ids] == [first]  # no ghost bot
