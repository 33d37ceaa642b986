"""Chat replies through the shared rate limiter: real PTB against the flood-limited emulator."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from telegram.ext import ExtBot

from emulators.telegram import TelegramEmulator
from orchestrator.alerts import FloodBudget, Priority
from orchestrator.alerts.budget import Scope
from telegram_bot.ratelimit import SharedRateLimiter
from tests.integration.notify.conftest import TOKEN
from tests.support.waiting import eventually

Budgets = tuple[FloodBudget, FloodBudget]


@pytest.fixture
def budgets(redis_client: aioredis.Redis) -> Budgets:
    """One bot's budget as this process and as another process see it."""
    bot = f"replies-{uuid.uuid4().hex[:12]}"
    return FloodBudget(redis_client, bot), FloodBudget(redis_client, bot)


@pytest.fixture
async def chat_bot(tg: TelegramEmulator, budgets: Budgets) -> AsyncIterator[ExtBot[int]]:
    """The chat's bot as production builds it: replies paced by the shared budget."""
    limiter = SharedRateLimiter(budgets[0])
    api, files = tg.bot_base_url, tg.file_base_url
    async with ExtBot(TOKEN, base_url=api, base_file_url=files, rate_limiter=limiter) as bot:
        yield bot


def new_chat(tg: TelegramEmulator) -> int:
    """Open a private chat with the bot as a fresh user; return its id."""
    user_id = secrets.randbelow(10**9) + 10**9
    tg.send_user_message(user_id, "hi")
    return user_id


def arrivals(tg: TelegramEmulator, chat: int) -> list[float]:
    """Return when each of the bot's messages reached the chat, by the emulator's clock."""
    return [entry["t"] for entry in tg.stats()["deliveries"][str(chat)]]


async def test_replies_to_one_chat_burst_three_then_go_one_a_second(
    tg: TelegramEmulator, chat_bot: ExtBot[int]
) -> None:
    chat = new_chat(tg)
    for n in range(5):
        await chat_bot.send_message(chat, f"reply {n}")
        await chat_bot.send_chat_action(chat, "typing")  # not a message: costs nothing
    stamps = arrivals(tg, chat)
    assert stamps[2] - stamps[0] < 0.5
    # Paced from the burst's start (Redis's clock), so measure from there: an arrival's own
    # delivery jitter (tens of ms on a loaded machine) must not read as a broken pace.
    assert stamps[3] - stamps[0] >= 0.95 and stamps[4] - stamps[0] >= 1.95
    assert tg.stats()["flood_429"] == 0


async def test_a_429_holds_the_chat_for_every_process_then_the_reply_goes(
    tg: TelegramEmulator, chat_bot: ExtBot[int], budgets: Budgets
) -> None:
    chat = new_chat(tg)
    tg.set_limits(per_chat_burst=1)  # stricter than our pacing: Telegram answers 429
    await chat_bot.send_message(chat, "first")
    second = asyncio.create_task(chat_bot.send_message(chat, "second"))

    async def flooded() -> bool:
        return bool(tg.stats()["flood_429"] == 1)

    await eventually(flooded, within=5, every=0.02, what="a 429")
    held = await budgets[1].take(chat, Priority.REPLY)
    assert held.scope is Scope.CHAT and held.wait > 0.5
    await second
    assert [m["text"] for m in tg.messages(chat)] == ["first", "second"]
    assert tg.stats()["flood_429"] == 1
