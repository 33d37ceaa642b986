"""Live events on a real Redis: publish and read back, resume points, the shared reader."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal

from redis.asyncio import Redis

from orchestrator.bots.service import stop_bot
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.events import (
    MAXLEN,
    TTL,
    AlertEvent,
    BotEvent,
    TradeEvent,
    latest_id,
    publish,
    publish_many,
    read,
    resume_point,
    stream_key,
)
from orchestrator.dashboard.feed import announce_alert, announce_bots
from orchestrator.dashboard.hub import LiveHub
from orchestrator.runner.jobs import _reconcile_one
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import add_bot


async def test_what_is_published_is_read_back_in_order(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user, bot = await make_user(), uuid.uuid4()
    first = await publish(runtime.redis, user, BotEvent(bot, "paused"))
    second = await publish(runtime.redis, user, TradeEvent(bot, 3, True, "BTC/USDT"))
    assert first is not None and second is not None
    assert await read(runtime.redis, user, "0-0", block_ms=100) == [
        (first, BotEvent(bot, "paused")),
        (second, TradeEvent(bot, 3, True, "BTC/USDT")),
    ]
    assert await read(runtime.redis, user, second, block_ms=50) == []


async def test_a_blocked_read_wakes_for_an_event_published_later(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    await publish(runtime.redis, user, BotEvent(uuid.uuid4(), "running"))  # before: not seen
    waiting = asyncio.create_task(read(runtime.redis, user, None, block_ms=5000))
    await asyncio.sleep(0.2)
    added = await publish(runtime.redis, user, AlertEvent("bot_failed", 7))
    assert await asyncio.wait_for(waiting, 5) == [(added, AlertEvent("bot_failed", 7))]


async def test_a_stream_is_capped_and_expires_when_idle(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user, bot = await make_user(), uuid.uuid4()
    events = [TradeEvent(bot, n, True, "BTC/USDT") for n in range(MAXLEN * 2)]
    ids = await publish_many(runtime.redis, user, events)
    assert len(set(ids)) == len(events)
    length = await runtime.redis.xlen(stream_key(user))
    assert MAXLEN <= length < MAXLEN * 1.5
    assert 0 < await runtime.redis.ttl(stream_key(user)) <= TTL.total_seconds()
    assert await latest_id(runtime.redis, user) == ids[-1]


async def test_an_alert_is_published_once_however_often_it_is_announced(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    payload = {"bot_name": "Grid", "pair": "BTC/USDT", "streak": 5, "drawdown_pct": 9.5}
    for _ in range(3):  # a retried delivery is claimed again
        await announce_alert(runtime.redis, user, 77, "supervisor_paused", payload)
    found = await read(runtime.redis, user, "0-0", block_ms=50)
    assert [event for _, event in found] == [
        AlertEvent("supervisor_paused", 77, None, "Grid", "BTC/USDT", 5, Decimal("9.5"))
    ]


async def test_a_resume_point_must_be_an_event_of_that_very_stream(
    runtime: Runtime, make_user: UserFactory
) -> None:
    alice, bob = await make_user(), await make_user()
    theirs = await publish(runtime.redis, bob, BotEvent(uuid.uuid4(), "running"))
    # Ids are per stream and may coincide across streams (same millisecond, sequence 0):
    # Alice's come a little later, so Bob's id is surely none of hers.
    await asyncio.sleep(0.01)
    mine = await publish(runtime.redis, alice, BotEvent(uuid.uuid4(), "running"))
    assert await resume_point(runtime.redis, alice, mine) == mine
    assert await resume_point(runtime.redis, alice, theirs) is None
    for junk in (None, "", "$", "+", "-", "0", "1-x", f"{mine}\r\nXADD", "9" * 30 + "-0"):
        assert await resume_point(runtime.redis, alice, junk) is None


async def test_bot_states_are_announced_as_the_dashboard_words_them(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    paused = await add_bot(runtime, user, "one", status="running", desired="paused")
    starting = await add_bot(runtime, user, "two", status="stopped", desired="running", pair="X/Y")
    await announce_bots(runtime.db, runtime.redis, [paused, starting, uuid.uuid4()])
    found = {event for _, event in await read(runtime.redis, user, "0-0", block_ms=50)}
    assert found == {BotEvent(paused, "paused"), BotEvent(starting, "starting")}


async def test_the_hub_resumes_without_gap_or_repeat_and_keeps_users_apart(
    runtime: Runtime, make_user: UserFactory
) -> None:
    alice, bob, bot = await make_user(), await make_user(), uuid.uuid4()
    reader = Redis.from_url(runtime.redis_url, single_connection_client=True)
    hub = LiveHub(reader, runtime.redis, block_ms=2000)
    hub.start()
    try:
        old = [await publish(runtime.redis, alice, BotEvent(bot, s)) for s in ("a", "b", "c")]
        resumed = await hub.subscribe(alice, old[0])
        snooper = await hub.subscribe(bob, old[0])  # Alice's id means nothing in Bob's stream
        new = await publish(runtime.redis, alice, BotEvent(bot, "d"))
        got = [await resumed.next(5) for _ in range(3)]
        assert [entry[0] if entry else None for entry in got] == [old[1], old[2], new]
        assert await resumed.next(0.3) is None
        assert await snooper.next(0.5) is None
        assert hub.subscribers == 2
        resumed.close()
        snooper.close()
        assert hub.subscribers == 0
    finally:
        await hub.close()
        await reader.aclose()


async def test_a_users_stop_and_the_reconcilers_follow_up_are_announced(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user, status="running", desired="running")
    await stop_bot(runtime, user, bot, wait=1)  # no worker holds it: nothing to wait for
    await _reconcile_one(runtime, bot, "stopped", "running")  # marks it stopped
    found = [event for _, event in await read(runtime.redis, user, "0-0", block_ms=50)]
    assert found == [BotEvent(bot, "stopping"), BotEvent(bot, "stopped")]
