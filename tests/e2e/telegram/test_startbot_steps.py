"""/startbot's pair and name: the strategy's pair is kept (changeable), the name omits it."""

from __future__ import annotations

from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedStrategy


async def press_and_edit(chat: Chat, message: Message, button: str, text: str) -> Message:
    chat.press(message, button)
    return await chat.edited_to(message, text)


async def names_of_bots(runtime: Runtime, chat: Chat) -> list[tuple[str, str]]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select b.name, b.pair from bots b join users u on u.id = b.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    return [(row["name"], row["pair"]) for row in rows]


async def test_the_strategys_pair_skips_the_pair_step(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_strategy(chat)  # AlwaysIn on BTC/USDT
    (picker,) = await chat.say("/startbot")
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("en", "sb_pick_exchange"))
    preset = t("en", "sb_pair_preset", pair="BTC/USDT") + "\n" + t("en", "sb_pick_stake")
    step = await press_and_edit(chat, step, "Binance", preset)
    assert label("en", "btn_other_pair") in button_labels(step)
    mode = await press_and_edit(chat, step, "25 USDT", t("en", "sb_pick_mode"))
    started = t(
        "en",
        "sb_started",
        name="AlwaysIn",
        pair="BTC/USDT",
        exchange="Binance",
        stake="25.00",
        mode="dry-run",
    )
    await press_and_edit(chat, mode, label("en", "btn_dry_run"), started)
    assert await names_of_bots(runtime, chat) == [("AlwaysIn", "BTC/USDT")]


async def test_another_pair_can_be_typed_instead(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await seed_strategy(chat)
    (picker,) = await chat.say("/startbot")
    step = await press_and_edit(chat, picker, "AlwaysIn test", t("id", "sb_pick_exchange"))
    chat.press(step, "Binance")
    step = await chat.until(
        lambda: (
            (m := chat.message(step["message_id"]))["text"].endswith(
                plain(t("id", "sb_pick_stake"))
            )
            and m
        )
    )
    step = await press_and_edit(chat, step, label("id", "btn_other_pair"), t("id", "sb_pick_pair"))
    (stake,) = await chat.say("sol-usdt")  # typed, then normalised
    assert stake["text"] == plain(t("id", "sb_pick_stake"))
    assert label("id", "btn_other_pair") not in button_labels(stake)
    mode = await press_and_edit(chat, stake, "10 USDT", t("id", "sb_pick_mode"))
    chat.press(mode, label("id", "btn_dry_run"))
    await chat.until(lambda: "SOL/USDT" in chat.message(mode["message_id"])["text"])
    assert await names_of_bots(runtime, chat) == [("AlwaysIn", "SOL/USDT")]
