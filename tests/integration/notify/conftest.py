"""Fixtures for the alert sender: a flood-limited Telegram emulator, a real PTB bot, chats."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio as aioredis
from telegram import Bot

from emulators.telegram import TelegramEmulator
from orchestrator.alerts import AlertSender, BudgetLimits, FloodBudget
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.db.pool import Database
from telegram_bot.alerts import PtbTransport, TelegramRenderer
from tests.conftest import UserFactory

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"

ChatUser = tuple[uuid.UUID, int]
ChatUserFactory = Callable[..., Awaitable[ChatUser]]
SenderFactory = Callable[..., AlertSender]


@pytest.fixture
async def tg() -> AsyncIterator[TelegramEmulator]:
    """A Telegram emulator enforcing Telegram's flood limits."""
    async with TelegramEmulator(flood_limits=True, seed=3) as emulator:
        yield emulator


@pytest.fixture
async def bot(tg: TelegramEmulator) -> AsyncIterator[Bot]:
    """A real python-telegram-bot `Bot` talking to the emulator."""
    async with Bot(TOKEN, base_url=tg.bot_base_url, base_file_url=tg.file_base_url) as ptb_bot:
        yield ptb_bot


@pytest.fixture
def transport(bot: Bot) -> PtbTransport:
    """The production transport over the test bot."""
    return PtbTransport(bot)


@pytest.fixture
def renderer() -> TelegramRenderer:
    """The production renderer, signing buttons with the test bot's key."""
    return TelegramRenderer.for_token(TOKEN)


def budget_limits(options: dict[str, Any]) -> BudgetLimits:
    """Take a sender's rate options out of `options` as the shared budget's limits.

    `global_rate` is what alerts may use (the budget keeps Telegram's 30 a second for the
    whole bot unless that is more); a per-chat interval of 0 leaves spacing to Telegram.
    """
    options.pop("global_burst", None)  # alerts never burst in the shared budget
    rate = options.pop("global_rate", BudgetLimits.alert_rate)
    interval = options.pop("per_chat_interval", BudgetLimits.chat_interval)
    group = BudgetLimits.group_interval if interval else 0.0
    return BudgetLimits(
        global_rate=max(rate, BudgetLimits.global_rate),
        alert_rate=rate,
        chat_interval=interval,
        group_interval=group,
    )


@pytest.fixture
def new_sender(
    db: Database,
    transport: PtbTransport,
    renderer: TelegramRenderer,
    redis_client: aioredis.Redis,
) -> SenderFactory:
    """Build senders as production does: the test bot, its renderer, one shared flood budget.

    Every sender of a test spends the same budget in Redis (a fresh one per test); the
    options are AlertSender's, with its rate options turned into the budget's limits.
    """
    bot = f"notify-{uuid.uuid4().hex[:12]}"

    def factory(**options: Any) -> AlertSender:
        budget = FloodBudget(redis_client, bot, budget_limits(options))
        return AlertSender(db, transport, renderer, budget=budget, **options)

    return factory


@pytest.fixture(autouse=True)
async def quiet_outbox(db: Database) -> None:
    """Finish alerts other tests left queued, so this test's sender sees only its own."""
    async with db.as_service() as conn:
        await conn.execute(
            "update alerts set status = 'dead', last_error = 'left by another test'"
            " where status in ('pending', 'sending')"
        )


@pytest.fixture
def chat_user(db: Database, make_user: UserFactory, tg: TelegramEmulator) -> ChatUserFactory:
    """Create a user who has opened a private chat with the bot; return (user_id, chat_id)."""

    async def factory(*, language: str = "en", alert_level: str = "all") -> ChatUser:
        user_id = await make_user(language=language)
        async with db.as_service() as conn:
            chat_id = await conn.fetchval(
                "update users set alert_level = $2 where id = $1 returning telegram_id",
                user_id,
                alert_level,
            )
        tg.send_user_message(chat_id, "/start", first_name="Trader")
        return user_id, int(chat_id)

    return factory


async def enqueue(db: Database, user_id: uuid.UUID, kind: str, payload: dict[str, Any]) -> int:
    """Queue one alert as producers do and return its id."""
    async with db.as_service() as conn:
        alert_id = await enqueue_alert(conn, user_id, {"kind": kind, **payload})
    assert alert_id is not None
    return alert_id


async def rows(db: Database, user_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Return the users' alert rows in id order."""
    async with db.as_service() as conn:
        found = await conn.fetch(
            "select * from alerts where user_id = any($1::uuid[]) order by id", user_ids
        )
    return [dict(row) for row in found]


async def settle(
    sender: AlertSender, db: Database, user_ids: list[uuid.UUID], within: float = 30.0
) -> list[dict[str, Any]]:
    """Drain until none of the users' alerts is pending or sending; return their rows."""
    async with asyncio.timeout(within):
        while True:
            await sender.drain_once()
            found = await rows(db, user_ids)
            if all(row["status"] not in ("pending", "sending") for row in found):
                return found
            await asyncio.sleep(0.05)


def bot_texts(tg: TelegramEmulator, chat_id: int) -> list[str]:
    """Return the plain texts the bot sent to a chat, in order."""
    return [message["text"] for message in tg.messages(chat_id)]


def smallest_gap(tg: TelegramEmulator, chat_ids: list[int]) -> float:
    """Return the shortest time between two deliveries to the same chat (inf if none)."""
    deliveries = tg.stats()["deliveries"]
    gaps = [
        later["t"] - earlier["t"]
        for chat in chat_ids
        for earlier, later in itertools.pairwise(deliveries.get(str(chat), []))
    ]
    return min(gaps, default=float("inf"))
