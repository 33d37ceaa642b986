"""/new end to end: the worker's `generate_strategy` job (composer path) drives the message."""

from __future__ import annotations

import pytest

from nofomo.worker import WorkerNode
from orchestrator.core.runtime import Runtime
from telegram_bot import render
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

IDEA = "scalping BTC/USDT 5m dengan RSI dan EMA crossover"
SHORT = "short BTC futures with 10x leverage when RSI is above 70"


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


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("en", SHORT, "buy BTC/USDT when RSI(14) < 30"),
        ("id", "short BTC kalau RSI di atas 70, leverage 10x", "beli BTC/USDT saat RSI(14) < 30"),
    ],
)
async def test_a_short_idea_says_why_first_and_offers_its_long_version(
    new_chat: ChatFactory,
    worker: WorkerNode,
    runtime: Runtime,
    language: str,
    short: str,
    long: str,
) -> None:
    chat = new_chat(language_code=language)
    (working,) = await chat.say(f"/new {short}")
    reason = render.error(language, "prompt_long_only", {"long_version": long})
    refused = await chat.edited_to(working, t(language, "new_refused", reason=reason), timeout=120)
    assert refused["text"].startswith(f"❌ {plain(t(language, 'prompt_long_only'))[:40]}")
    assert long in refused["text"]
    offer = label(language, "btn_long_version", prompt=long)
    assert button_labels(refused) == [offer]

    before = len(chat.messages())
    chat.press(refused, offer)
    (again,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert again["text"] == plain(t(language, "new_working"))
    await chat.edited_to(again, t(language, "new_done"), timeout=200)
    async with runtime.db.as_service() as conn:
        prompts = await conn.fetch(
            "select g.prompt, g.status from generation_requests g join users u"
            " on u.id = g.user_id where u.telegram_id = $1 order by g.created_at",
            chat.user_id,
        )
    assert [(r["prompt"], r["status"]) for r in prompts] == [(short, "failed"), (long, "done")]


async def test_new_refuses_an_overlong_idea(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="id")
    (reply,) = await chat.say("/new " + "rsi " * 600)
    assert reply["text"] == plain(t("id", "strategy_prompt_too_long", max_chars=2000))
