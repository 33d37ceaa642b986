"""Leaving flows: /cancel, the Cancel button, another command, and stale buttons."""

from __future__ import annotations

from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import plain
from tests.e2e.telegram.conftest import ChatFactory, SeedStrategy


async def test_another_command_leaves_the_flow(
    new_chat: ChatFactory, seed_strategy: SeedStrategy
) -> None:
    chat = new_chat()
    await seed_strategy(chat)
    (picker,) = await chat.say("/startbot")
    chat.press(picker, "AlwaysIn test")
    step = await chat.edited_to(picker, t("en", "sb_pick_exchange"))
    chat.press(step, "Binance")
    kept = t("en", "sb_pair_preset", pair="BTC/USDT") + "\n" + t("en", "sb_pick_stake")
    step = await chat.edited_to(picker, kept)  # the strategy's pair is kept

    (help_,) = await chat.say("/help")  # handled, not swallowed by the flow
    assert help_["text"].startswith("Commands")
    (reply,) = await chat.say("btcusdt")  # no longer read as the stake
    assert reply["text"] == plain(t("en", "fallback_text"))

    answer = await chat.answer(chat.press(step, "25 USDT"))
    assert answer["text"] == label("en", "button_expired")


async def test_cancel_button_and_command(
    new_chat: ChatFactory, seed_strategy: SeedStrategy
) -> None:
    chat = new_chat(language_code="id")
    await seed_strategy(chat)
    (picker,) = await chat.say("/startbot")
    chat.press(picker, label("id", "btn_cancel"))
    done = await chat.edited_to(picker, t("id", "cancelled"))
    assert done["buttons"] == []
    (reply,) = await chat.say("/cancel")
    assert reply["text"] == plain(t("id", "nothing_to_cancel"))

    (ask,) = await chat.say("/new")
    assert ask["text"] == plain(t("id", "new_ask"))
    (bye,) = await chat.say("/cancel")
    assert bye["text"] == plain(t("id", "cancelled"))
