"""/strategies: versions with rollback, the code as a document; /backtest asks for a period."""

from __future__ import annotations

from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import HEAVY_QUEUE
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedStrategy
from tests.support.strategies import ALWAYS_IN


async def seed_two_versions(chat: Chat, seed_strategy: SeedStrategy, runtime: Runtime) -> None:
    """Give the user AlwaysIn v1 and a v2 (inserted directly, as an edit would)."""
    version_id = await seed_strategy(chat)
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select strategy_id, user_id from strategy_versions where id = $1", version_id
        )
        await conn.execute(
            "insert into strategy_versions (strategy_id, user_id, version, class_name, code,"
            " summary, timeframe) values ($1, $2, 2, 'AlwaysIn', $3, 'Tighter <stop>', '1m')",
            row["strategy_id"],
            row["user_id"],
            ALWAYS_IN + "\n",
        )
        await conn.execute(
            "update strategies set current_version = 2 where id = $1", row["strategy_id"]
        )


async def open_versions(chat: Chat) -> Message:
    """List strategies, open the only one, and return the edited message."""
    (listing,) = await chat.say("/strategies")
    assert "AlwaysIn test: v2 of 2, 1m" in listing["text"]
    chat.press(listing, "AlwaysIn test")
    versions: Message = await chat.until(
        lambda: (m := chat.message(listing["message_id"]))["edited"] and m, what="versions"
    )
    return versions


async def test_versions_and_code(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_two_versions(chat, seed_strategy, runtime)
    versions = await open_versions(chat)
    assert "★ v2" in versions["text"] and "Tighter <stop>" in versions["text"]
    assert label("en", "btn_rollback", version=1) in button_labels(versions)

    before = len(chat.messages())
    chat.press(versions, label("en", "btn_show_code"))
    (document,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert document["document"] and document["file_name"] == "AlwaysIn.py"
    assert document["text"] == plain(t("en", "code_caption", name="AlwaysIn", version=2))


async def test_rollback(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    await seed_two_versions(chat, seed_strategy, runtime)
    versions = await open_versions(chat)
    chat.press(versions, label("en", "btn_rollback", version=1))
    rolled = plain(t("en", "rolled_back", old=1, new=3))
    await chat.until(
        lambda: rolled in chat.message(versions["message_id"])["text"], what="rolled back"
    )
    assert "★ v3" in chat.message(versions["message_id"])["text"]


async def test_backtest_asks_for_a_strategy_then_a_period(
    new_chat: ChatFactory, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    await seed_strategy(chat)
    (picker,) = await chat.say("/backtest")
    assert picker["text"] == plain(t("id", "pick_strategy_backtest"))
    before = len(chat.messages())
    chat.press(picker, "AlwaysIn test")
    (days,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert days["text"] == plain(t("id", "pick_backtest_days"))
    assert [b["text"] for b in days["buttons"][0]] == ["30 hari", "90 hari", "180 hari"]

    chat.press(days, "30 hari")
    await chat.edited_to(days, t("id", "backtest_queued"))
    async with runtime.db.as_service() as conn:
        run = await conn.fetchrow(
            "select b.id, b.days, b.status from backtests b join users u on u.id = b.user_id"
            " where u.telegram_id = $1 and b.kind = 'backtest'",
            chat.user_id,
        )
    assert run is not None and (run["days"], run["status"]) == (30, "queued")
    # Nobody runs it here; drop the job so no later worker picks it up.
    await runtime.redis.zrem(HEAVY_QUEUE, f"bt:{run['id']}")
    await runtime.redis.delete(f"arq:job:bt:{run['id']}")


async def test_no_strategies_yet(new_chat: ChatFactory) -> None:
    chat = new_chat()
    (reply,) = await chat.say("/strategies")
    assert reply["text"] == plain(t("en", "strategies_empty"))
    (reply,) = await chat.say("/startbot")
    assert reply["text"] == plain(t("en", "sb_no_strategies"))
