"""/new end to end: the worker's `generate_strategy` job (composer path) drives the message."""

from __future__ import annotations

import pytest

from nofomo.worker import WorkerNode
from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import t
from tests.e2e.telegram.chat import plain
from tests.e2e.telegram.conftest import ChatFactory

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

IDEA = "scalping BTC/USDT 5m dengan RSI dan EMA crossover"


async def test_new_strategy_shows_progress_until_done(
    new_chat: ChatFactory, worker: WorkerNode, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    (ask,) = await chat.say("/new")
    assert ask["text"] == plain(t("id", "new_ask"))
    (working,) = await chat.say(IDEA)
    assert working["text"] == plain(t("id", "new_working"))

    await chat.edited_to(working, t("id", "new_done"), timeout=200)
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select g.status, g.strategy_version_id from generation_requests g"
            " join users u on u.id = g.user_id where u.telegram_id = $1",
            chat.user_id,
        )
        alert = await conn.fetchval(
            "select count(*) from alerts a join users u on u.id = a.user_id"
            " where u.telegram_id = $1 and a.kind = 'strategy_ready'",
            chat.user_id,
        )
    assert row is not None and row["status"] == "done" and row["strategy_version_id"]
    assert alert == 1  # the result itself is pushed by the alert sender


async def test_an_unclear_idea_says_what_is_missing(
    new_chat: ChatFactory, worker: WorkerNode
) -> None:
    chat = new_chat(language_code="en")
    (working,) = await chat.say("/new make me rich with BTC please")
    failed = await chat.until(
        lambda: (m := chat.message(working["message_id"]))["text"].startswith("❌") and m,
        timeout=120,
        what="the failure",
    )
    assert "I could not turn that into a strategy." in failed["text"]
    assert "Missing: " in failed["text"]


async def test_new_refuses_an_overlong_idea(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="id")
    (reply,) = await chat.say("/new " + "rsi " * 600)
    assert reply["text"] == plain(t("id", "strategy_prompt_too_long", max_chars=2000))
