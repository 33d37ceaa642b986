"""The /new progress message follows a generation request, playing the job's part by hand."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import SHARED_QUEUE
from orchestrator.strategies.generation import progress_for
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, plain
from tests.e2e.telegram.conftest import ChatFactory
from tests.support.waiting import eventually

IDEA = "EMA 9/21 crossover on ETH/USDT 1h with a 2% stop loss"


@pytest.fixture(autouse=True)
async def no_leftover_jobs(runtime: Runtime) -> AsyncIterator[None]:
    """Drop the generation jobs these tests queue, so no later worker runs them."""
    yield
    for job_id in await runtime.redis.zrange(SHARED_QUEUE, 0, -1):
        if job_id.startswith(b"gen:"):
            await runtime.redis.zrem(SHARED_QUEUE, job_id)
            await runtime.redis.delete(b"arq:job:" + job_id)


async def request_of(runtime: Runtime, chat: Chat) -> uuid.UUID:
    async def found() -> uuid.UUID | None:
        async with runtime.db.as_service() as conn:
            request_id: uuid.UUID | None = await conn.fetchval(
                "select g.id from generation_requests g join users u on u.id = g.user_id"
                " where u.telegram_id = $1",
                chat.user_id,
            )
        return request_id

    request_id = await eventually(found, within=10, what="a generation request")
    assert request_id is not None
    return request_id


async def finish(runtime: Runtime, request_id: uuid.UUID, status: str, error: str | None) -> None:
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update generation_requests set status = $2, error_key = $3, finished_at = now()"
            " where id = $1",
            request_id,
            status,
            error,
        )


async def test_progress_is_shown_then_the_failure(new_chat: ChatFactory, runtime: Runtime) -> None:
    chat = new_chat(language_code="id")
    (working,) = await chat.say(f"/new {IDEA}")
    assert working["text"] == plain(t("id", "new_working"))
    request_id = await request_of(runtime, chat)

    await progress_for(runtime, request_id)("writing", 10)
    await chat.edited_to(working, t("id", "new_progress", stage="Menulis strategi", pct="10"))
    await progress_for(runtime, request_id)("mystery_stage", 55.5)
    await chat.edited_to(working, t("id", "new_progress", stage="Sedang bekerja", pct="56"))

    await progress_for(runtime, request_id)("failed", 100, error_key="llm_timeout", params={})
    await finish(runtime, request_id, "failed", "llm_timeout")
    reason = t("id", "llm_timeout")
    await chat.edited_to(working, t("id", "new_failed", reason=reason))


async def test_not_understood_says_what_was_understood(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    (working,) = await chat.say(f"/new {IDEA}")
    request_id = await request_of(runtime, chat)
    understood = {"pair": "ETH/USDT", "timeframe": "1h"}
    await progress_for(runtime, request_id)(
        "failed",
        100,
        error_key="prompt_not_understood",
        params={"understood": understood, "missing": ["indicator"]},
    )
    await finish(runtime, request_id, "failed", "prompt_not_understood")
    text = await chat.edited_to(
        working,
        t(
            "en",
            "new_failed",
            reason=t(
                "en",
                "prompt_not_understood",
                understood=t("en", "understood_part", items="pair ETH/USDT, timeframe 1h"),
                missing=t("en", "missing_part", items="indicator"),
            ),
        ),
    )
    assert "I understood: pair ETH/USDT, timeframe 1h." in text["text"]


async def test_a_finished_generation_says_done(new_chat: ChatFactory, runtime: Runtime) -> None:
    chat = new_chat(language_code="en")
    (working,) = await chat.say(f"/new {IDEA}")
    await finish(runtime, await request_of(runtime, chat), "done", None)
    await chat.edited_to(working, t("en", "new_done"))


async def test_free_text_idea_button_starts_a_generation(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    (offer,) = await chat.say("buy eth when the macd crosses up on the 4h chart, stop loss 3%")
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
    assert prompt == "buy eth when the macd crosses up on the 4h chart, stop loss 3%"
    answer = await chat.answer(chat.press(offer, label("en", "btn_generate_idea")))
    assert answer["text"] == label("en", "button_expired")  # an idea is used once


async def test_the_monthly_limit_names_the_allowance(
    new_chat: ChatFactory, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    (working,) = await chat.say(f"/new {IDEA}")
    request_id = await request_of(runtime, chat)
    params = {"limit": 5}
    await progress_for(runtime, request_id)(
        "failed", 100, error_key="generation_limit", params=params
    )
    await finish(runtime, request_id, "failed", "generation_limit")
    reason = t("en", "generation_limit", limit=5)
    await chat.edited_to(working, t("en", "new_failed", reason=reason))
