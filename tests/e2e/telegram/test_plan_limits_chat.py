"""Plan limits in chat: said at once and in words, never applied silently."""

from __future__ import annotations

from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot, SeedStrategy


async def set_plan(runtime: Runtime, chat: Chat, plan: str) -> None:
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users set plan_code = $2 where telegram_id = $1", chat.user_id, plan
        )


async def runs_of(runtime: Runtime, chat: Chat) -> int:
    async with runtime.db.as_service() as conn:
        found: int = await conn.fetchval(
            "select count(*) from backtests b join users u on u.id = b.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    return found


async def menu(chat: Chat, command: str, question: str) -> Message:
    """Send /backtest or /optimize, pick the only strategy, return the question asked."""
    (picker,) = await chat.say(command)
    before = len(chat.messages())
    chat.press(picker, "AlwaysIn test")
    (asked,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert asked["text"] == plain(question)
    return asked


async def press_for_reply(chat: Chat, message: Message, button: str) -> Message:
    before = len(chat.messages())
    chat.press(message, button)
    (said,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    return said


async def test_backtest_days_above_the_plan_are_marked_and_refused(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_strategy(chat)
    await set_plan(runtime, chat, "free")  # seeded on Elite (custom code); Free: 180 days, Pro: 365
    days = await menu(chat, "/backtest", t("en", "pick_backtest_days"))
    assert button_labels(days) == ["30 days", "90 days", "180 days", "365 days · Pro"]
    said = await press_for_reply(chat, days, "365 days · Pro")
    assert said["text"] == plain(t("en", "plan_backtest_days", days=365, limit=180, plan="Pro"))
    assert await runs_of(runtime, chat) == 0

    # A menu drawn on Pro, pressed after the plan went back to Free: refused, not shortened.
    await set_plan(runtime, chat, "pro")
    days = await menu(chat, "/backtest", t("en", "pick_backtest_days"))
    assert button_labels(days) == ["30 days", "90 days", "180 days", "365 days"]
    await set_plan(runtime, chat, "free")
    said = await press_for_reply(chat, days, "365 days")
    assert said["text"] == plain(t("en", "plan_backtest_days", days=365, limit=180, plan="Pro"))
    assert await runs_of(runtime, chat) == 0


async def test_epochs_menu_offers_only_what_the_plan_allows(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await seed_strategy(chat)
    await set_plan(runtime, chat, "free")  # seeded on Elite (custom code); Free: up to 50 epochs
    epochs = await menu(chat, "/optimize", t("id", "pick_optimise_epochs"))
    assert button_labels(epochs) == ["50 epoch", "100 epoch · Pro", "200 epoch · Pro"]
    said = await press_for_reply(chat, epochs, "200 epoch · Pro")
    assert said["text"] == plain(t("id", "plan_epochs", epochs=200, limit=50, plan="Pro"))
    assert await runs_of(runtime, chat) == 0


async def test_startbot_says_at_once_when_the_plan_has_no_room(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    bot_id = await seed_bot(chat)
    await set_plan(runtime, chat, "free")  # seeded on Elite (custom code); Free runs one bot
    async with runtime.db.as_service() as conn:
        await conn.execute("update bots set desired_state = 'running' where id = $1", bot_id)
    (refused,) = await chat.say("/startbot")
    assert refused["text"] == plain(t("en", "plan_bot_limit", limit="1 bot"))
    assert not refused.get("buttons")
    # The same from a strategy's "Start bot" button: told before the first choice.
    (listing,) = await chat.say("/strategies")
    chat.press(listing, "AlwaysIn test")
    versions: Message = await chat.until(
        lambda: (m := chat.message(listing["message_id"]))["edited"] and m, what="versions"
    )
    said = await press_for_reply(chat, versions, label("en", "btn_start_bot"))
    assert said["text"] == plain(t("en", "plan_bot_limit", limit="1 bot"))
    async with runtime.db.as_service() as conn:
        bots = await conn.fetchval(
            "select count(*) from bots b join users u on u.id = b.user_id where u.telegram_id = $1",
            chat.user_id,
        )
    assert bots == 1


async def test_settings_show_what_the_plan_allows_and_what_is_used(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    bot_id = await seed_bot(chat)
    await set_plan(runtime, chat, "free")  # seeded on Elite (custom code); Free runs one bot
    async with runtime.db.as_service() as conn:
        await conn.execute("update bots set desired_state = 'running' where id = $1", bot_id)
        await conn.execute(
            "update users set ai_generations_used = 2,"
            " ai_generations_period = date_trunc('month', now())::date where telegram_id = $1",
            chat.user_id,
        )
    (view,) = await chat.say("/settings")
    assert view["text"].endswith(
        "Plan: Free\nBots: 1 of 1 active · play money only (live trading needs a paid plan)\n"
        "AI generations this month: 2 of 5\n"
        "Backtests up to 180 days · optimisation up to 50 epochs"
    )


async def test_settings_usage_in_indonesian_with_its_numbers(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await chat.say("/settings")
    await set_plan(runtime, chat, "elite")
    (view,) = await chat.say("/settings")
    assert view["text"].endswith(
        "Paket: Elite\nBot: 0 dari 20 aktif · live: 0 dari 10\n"
        "Pembuatan AI bulan ini: 0 dari 500\n"
        "Backtest hingga 730 hari · optimasi hingga 1.000 epoch"
    )
