"""The shared flood budget in a real Redis, on an injected clock: shares, priority, holds.

Two `FloodBudget` objects on one Redis stand for two processes of one deployment.
"""

from __future__ import annotations

import asyncio
import bisect
import uuid

import pytest
import redis.asyncio as aioredis

from orchestrator.alerts.budget import FloodBudget, Priority, Scope, Verdict
from tests.support.processes import free_port

ALERT, REPLY = Priority.ALERT, Priority.REPLY
NOW = Verdict(0.0, Scope.NONE)


class StepClock:
    """A clock that moves only when told to, or by the length of a caller's sleep."""

    def __init__(self) -> None:
        self.time = 1000.0

    def now(self) -> float:
        """Return the current time."""
        return self.time

    async def sleep(self, seconds: float) -> None:
        """Jump forward by `seconds`."""
        self.time += max(seconds, 0.0)
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> StepClock:
    """The time every budget in a test reads."""
    return StepClock()


@pytest.fixture
def bot() -> str:
    """A bot name of this test's own, so no other test shares its budget."""
    return f"budget-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def budget(redis_client: aioredis.Redis, bot: str, clock: StepClock) -> FloodBudget:
    """The budget as one process sees it."""
    return FloodBudget(redis_client, bot, clock=clock)


@pytest.fixture
def other(redis_client: aioredis.Redis, bot: str, clock: StepClock) -> FloodBudget:
    """The same bot's budget as another process sees it."""
    return FloodBudget(redis_client, bot, clock=clock)


def waiting(wait: float, scope: Scope) -> Verdict:
    """Return the verdict for a wait, compared loosely (times pass through strings)."""
    return Verdict(pytest.approx(wait, abs=1e-5), scope)  # type: ignore[arg-type]


def most_in_any_second(stamps: list[float]) -> int:
    """Return the largest number of stamps within any one-second window."""
    ordered = sorted(stamps)
    return max(bisect.bisect_left(ordered, t + 1.0 - 1e-9) - i for i, t in enumerate(ordered))


async def test_alerts_go_at_their_share_of_the_rate(budget: FloodBudget, clock: StepClock) -> None:
    stamps = []
    for chat in range(1, 101):
        await budget.acquire(chat, ALERT)
        stamps.append(clock.now() - 1000.0)
    assert stamps == pytest.approx([i / 25 for i in range(100)], abs=1e-4)
    assert most_in_any_second(stamps) <= 26


async def test_a_reply_never_waits_behind_alerts(budget: FloodBudget, other: FloodBudget) -> None:
    assert await budget.take(1, ALERT) == NOW
    assert await other.take(2, ALERT) == waiting(1 / 25, Scope.BOT)
    assert await other.take(3, REPLY) == NOW


async def test_replies_burst_then_take_the_whole_rate_and_alerts_yield(
    budget: FloodBudget, clock: StepClock
) -> None:
    for chat in range(1, 6):
        assert await budget.take(chat, REPLY) == NOW
    assert await budget.take(6, REPLY) == waiting(1 / 30, Scope.BOT)
    assert await budget.take(7, ALERT) == waiting(5 / 30, Scope.BOT)
    clock.time += 5 / 30
    assert await budget.take(7, ALERT) == NOW


async def test_one_chat_gets_an_alert_a_second_and_replies_a_short_burst(
    budget: FloodBudget, clock: StepClock
) -> None:
    assert await budget.take(7, ALERT) == NOW
    assert await budget.take(7, ALERT) == waiting(1.0, Scope.CHAT)
    assert await budget.take(7, REPLY) == NOW
    assert await budget.take(7, REPLY) == NOW
    assert await budget.take(7, REPLY) == waiting(1.0, Scope.CHAT)
    assert await budget.take(7, ALERT) == waiting(3.0, Scope.CHAT)  # a full chat bucket only
    clock.time += 0.2  # past the overall rate, not past the chat's
    assert await budget.take(8, ALERT) == NOW
    assert await budget.take(7, ALERT) == waiting(2.8, Scope.CHAT)


async def test_a_group_gets_one_message_every_three_seconds(
    budget: FloodBudget, clock: StepClock
) -> None:
    assert await budget.take(-1001, ALERT) == NOW
    assert await budget.take(-1001, ALERT) == waiting(3.0, Scope.CHAT)
    clock.time += 0.1
    assert await budget.take("@channel", ALERT) == NOW
    assert await budget.take("@channel", ALERT) == waiting(3.0, Scope.CHAT)


async def test_a_chat_is_spaced_from_telegrams_answer(
    budget: FloodBudget, other: FloodBudget, clock: StepClock
) -> None:
    assert await budget.take(5, ALERT) == NOW
    clock.time += 0.3
    await budget.answered(5)
    clock.time += 0.7
    assert await other.take(5, ALERT) == waiting(0.3, Scope.CHAT)


async def test_a_chart_alert_counts_as_two_messages(budget: FloodBudget) -> None:
    assert await budget.take(5, ALERT, messages=2) == NOW
    assert await budget.take(6, ALERT) == waiting(2 / 25, Scope.BOT)
    assert await budget.take(5, REPLY) == NOW  # the chat's burst still has room for one
    assert await budget.take(5, REPLY) == waiting(1.0, Scope.CHAT)


async def test_a_flooded_chat_is_held_in_every_process_and_alone(
    budget: FloodBudget, other: FloodBudget, clock: StepClock
) -> None:
    assert await budget.flooded(5, 4.0) is False
    assert await other.take(5, REPLY) == waiting(4.0, Scope.CHAT)
    assert await other.take(6, ALERT) == NOW
    clock.time += 4.0
    assert await other.take(5, REPLY) == NOW


async def test_floods_in_two_chats_at_once_hold_the_whole_bot_everywhere(
    budget: FloodBudget, other: FloodBudget, clock: StepClock
) -> None:
    assert await budget.flooded(1, 3.0) is False
    clock.time += 0.5
    assert await other.flooded(2, 3.0) is True
    assert await budget.take(9, REPLY) == waiting(3.0, Scope.BOT)
    clock.time += 3.0
    assert await budget.take(9, REPLY) == NOW
    clock.time += 5.0
    assert await budget.flooded(3, 1.0) is False  # the earlier floods left the window
    assert await budget.flooded(None, 2.0) is True  # no chat to blame: the bot


async def test_an_outage_pause_holds_alerts_in_every_process_but_not_replies(
    budget: FloodBudget, other: FloodBudget
) -> None:
    await budget.pause(10.0)
    assert await other.take(1, ALERT) == waiting(10.0, Scope.BOT)
    assert await other.take(2, REPLY) == NOW


async def test_two_processes_share_one_rate_and_other_bots_have_their_own(
    redis_client: aioredis.Redis, budget: FloodBudget, other: FloodBudget, clock: StepClock
) -> None:
    stamps = []
    for chat in range(1, 41):
        await (budget if chat % 2 else other).acquire(chat, ALERT)
        stamps.append(clock.now())
    assert most_in_any_second(stamps) <= 26
    stranger = FloodBudget(redis_client, f"budget-{uuid.uuid4().hex[:12]}", clock=clock)
    assert await stranger.take(1, ALERT) == NOW


async def test_without_an_injected_clock_redis_keeps_the_time(
    redis_client: aioredis.Redis, bot: str
) -> None:
    budget = FloodBudget(redis_client, bot)
    assert await budget.take(1, ALERT) == NOW
    verdict = await budget.take(1, ALERT)
    assert verdict.scope is Scope.CHAT and 0.5 < verdict.wait <= 1.0


async def test_without_redis_replies_go_unpaced_and_alerts_wait(bot: str) -> None:
    gone = aioredis.from_url(f"redis://127.0.0.1:{free_port()}")
    try:
        budget = FloodBudget(gone, bot)
        assert await budget.take(1, REPLY) == NOW
        assert await budget.take(1, ALERT) == Verdict(1.0, Scope.CHAT)
        assert await budget.flooded(1, 2.0) is False  # logged, not raised
    finally:
        await gone.aclose()
