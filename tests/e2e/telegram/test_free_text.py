"""Free text in a chat: ideas are offered for what they name, small talk gets help, and a
pasted key is deleted without a trace in the logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import SHARED_QUEUE
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import plain
from tests.e2e.telegram.conftest import ChatFactory

SHORT_IDEA = "buy SOL/USDT 15m when MACD crosses up"  # 37 characters
BYBIT_KEY = "QmTfWzRkPaXhLvNcYd"  # 18 letters, no digit: the shape that used to slip through


@pytest.fixture(autouse=True)
async def no_leftover_jobs(runtime: Runtime) -> AsyncIterator[None]:
    """Drop the generation jobs these tests queue, so no later worker runs them."""
    yield
    for job_id in await runtime.redis.zrange(SHARED_QUEUE, 0, -1):
        if job_id.startswith(b"gen:"):
            await runtime.redis.zrem(SHARED_QUEUE, job_id)
            await runtime.redis.delete(b"arq:job:" + job_id)


async def test_a_short_idea_is_offered_and_built(new_chat: ChatFactory, runtime: Runtime) -> None:
    chat = new_chat(language_code="en")
    (offer,) = await chat.say(SHORT_IDEA)
    assert offer["text"] == plain(t("en", "idea_offer"))
    before = len(chat.messages())
    chat.press(offer, label("en", "btn_generate_idea"))
    (working,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 10))[before:]
    assert working["text"] == plain(t("en", "new_working"))
    async with runtime.db.as_service() as conn:
        prompt = await conn.fetchval(
            "select g.prompt from generation_requests g join users u on u.id = g.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    assert prompt == SHORT_IDEA


async def test_small_talk_gets_help_and_short_ideas_an_offer_in_indonesian(
    new_chat: ChatFactory,
) -> None:
    chat = new_chat(language_code="id")
    for text in ("halo", "makasih", "gimana cara mulai?", "apa itu rsi?"):
        (reply,) = await chat.say(text)
        assert reply["text"] == plain(t("id", "fallback_text")), text
    (offer,) = await chat.say("beli btc kalau rsi < 30")
    assert offer["text"] == plain(t("id", "idea_offer"))
    assert [b["text"] for row in offer["buttons"] for b in row] == [
        label("id", "btn_generate_idea")
    ]


async def test_small_talk_gets_help_in_english(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="en")
    for text in ("hi", "thanks!", "how do I start?"):
        (reply,) = await chat.say(text)
        assert reply["text"] == plain(t("en", "fallback_text")), text


async def test_a_bare_bybit_key_is_deleted_and_never_logged(
    new_chat: ChatFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # As in production (`orchestrator.core.logs`): PTB logs whole updates at DEBUG, so its
    # loggers never go below INFO. Everything else is captured at DEBUG.
    caplog.set_level(logging.INFO, logger="telegram")
    chat = new_chat(language_code="id")
    sent = chat.send(BYBIT_KEY)
    (warning,) = await chat.emulator.wait_for_messages(chat.user_id, 1, 10)
    assert warning["text"] == plain(t("id", "secret_deleted"))
    assert "/keys" in warning["text"]
    assert chat.message(sent["message_id"])["deleted"] is True
    parts = (BYBIT_KEY[:8], BYBIT_KEY[5:13], BYBIT_KEY[-8:])
    assert not [part for part in parts if part in warning["text"]]
    assert caplog.records  # the bot did log: at DEBUG, from our code, aiohttp, httpx...
    leaks = [r.name for r in caplog.records for part in parts if part in r.getMessage()]
    assert leaks == []
