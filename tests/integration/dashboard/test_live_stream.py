"""`GET /events`: the signed-in user's live updates, resumable, and never anyone else's."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.events import BotEvent, TradeEvent, publish
from orchestrator.dashboard.feed import announce_alert
from orchestrator.runner.tradesync import sync_bot
from tests.conftest import UserFactory
from tests.integration.dashboard.live_support import (
    SseStream,
    close_ft_trade,
    freqtrade_schema,
    open_ft_trade,
)
from tests.integration.dashboard.seed import add_bot, add_trade, sign_in

Client = TestClient[Any, Any]
Opener = Callable[..., Any]


@asynccontextmanager
async def stream(client: Client, path: str = "/events", **headers: str) -> AsyncIterator[SseStream]:
    """Open the event stream as the client's signed-in user; close it afterwards."""
    response = await client.get(path, headers=headers)
    assert response.status == 200, await response.text()
    try:
        yield SseStream(response)
    finally:
        response.close()


async def test_events_need_a_session(client: Client) -> None:
    response = await client.get("/events")
    assert response.status == 401
    assert "text/event-stream" not in response.headers.get("Content-Type", "")


async def test_an_event_published_after_connecting_arrives_in_the_users_language(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="id")
    bot = await add_bot(runtime, user)
    await sign_in(client, runtime, user)
    async with stream(client) as events:
        headers = events.response.headers
        assert headers["Content-Type"].startswith("text/event-stream")
        assert headers["Cache-Control"] == "no-store"
        assert headers["X-Accel-Buffering"] == "no"
        sent = await publish(runtime.redis, user, BotEvent(bot, "paused_supervisor"))
        [frame] = await events.take(1)
        assert events.retry == 3000
    assert (frame.id, frame.event) == (sent, "bot")
    assert frame.data == {
        "bot_id": str(bot),
        "state": "paused_supervisor",
        "state_label": "dijeda pengawas",
    }


async def test_a_reconnect_gets_exactly_what_it_missed(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user, bot = await make_user(), uuid.uuid4()
    await sign_in(client, runtime, user)

    async def say(state: str) -> str:
        sent = await publish(runtime.redis, user, BotEvent(bot, state))
        assert sent is not None
        return sent

    async with stream(client) as events:
        seen = [await say("running"), await say("paused")]
        assert [f.id for f in await events.take(2)] == seen
    missed = [await say("running"), await say("stopping")]  # while the page was away
    async with stream(client, **{"Last-Event-ID": seen[0]}) as events:
        after = await say("stopped")
        frames = await events.take(4)
        assert await events.next(0.5) is None
    assert [f.id for f in frames] == [seen[1], *missed, after]
    assert [f.data["state"] for f in frames] == ["paused", "running", "stopping", "stopped"]
    async with stream(client, f"/events?last_id={missed[1]}") as events:  # a manual reconnect
        assert [f.id for f in await events.take(1)] == [after]


async def test_a_page_never_sees_another_users_events_even_with_their_ids(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    alice, bob = await make_user(), await make_user()
    alices_bot = await add_bot(runtime, alice)
    await add_trade(runtime, alice, alices_bot, 1, profit=None)
    theirs = [await publish(runtime.redis, alice, BotEvent(alices_bot, "running")) for _ in "ab"]
    await sign_in(client, runtime, bob)
    async with stream(client, **{"Last-Event-ID": str(theirs[0])}) as events:
        await publish(runtime.redis, alice, BotEvent(alices_bot, "paused"))
        # Even an event in Bob's own stream naming Alice's trade shows him nothing of it.
        await publish(runtime.redis, bob, TradeEvent(alices_bot, 1, True, "BTC/USDT"))
        mine = await publish(runtime.redis, bob, BotEvent(uuid.uuid4(), "running"))
        frames = await events.take(1)
        assert await events.next(0.5) is None
    assert [(f.id, f.event) for f in frames] == [(mine, "bot")]


async def test_a_synced_fill_and_exit_arrive_as_rendered_rows(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="id")
    bot = await add_bot(runtime, user)
    secret = "s3cret-for-the-webhook"
    async with runtime.db.as_service() as conn:
        await conn.execute("update bots set webhook_secret = $2 where id = $1", bot, secret)
    await sign_in(client, runtime, user)
    async with freqtrade_schema(runtime, bot) as freqtrade, stream(client) as events:
        trade = await open_ft_trade(freqtrade)
        await sync_bot(runtime, bot)  # the periodic sync
        [opened] = await events.take(1)
        await sync_bot(runtime, bot)  # nothing changed: nothing new
        assert await events.next(0.5) is None
        await close_ft_trade(freqtrade, trade, "1.5")
        hook = await client.post(f"/hooks/freqtrade/{bot}/{secret}", data=b"{}")
        assert hook.status == 200
        [closed] = await events.take(1)
    assert opened.event == "trade"
    assert opened.data["trade_id"] == trade and opened.data["is_open"] is True
    assert opened.data["open_count"] == 1 and "html_closed" not in opened.data
    assert f'<tr data-trade="{trade}">' in opened.data["html_open"]
    assert closed.data["is_open"] is False and closed.data["open_count"] == 0
    assert f'<tr data-trade="{trade}">' in closed.data["html_closed"]
    assert "+1,50 USDT" in closed.data["html_closed"]  # written the Indonesian way


async def test_an_alert_arrives_as_one_line_of_text(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="en")
    await sign_in(client, runtime, user)
    payload = {"bot_id": str(uuid.uuid4()), "bot_name": "<b>Grid</b>", "pair": "BTC/USDT",
               "streak": 5, "drawdown_pct": 12.5}  # fmt: skip
    async with stream(client) as events:
        await announce_alert(runtime.redis, user, 901, "supervisor_paused", payload)
        [frame] = await events.take(1)
    assert frame.event == "alert"
    assert frame.data == {
        "kind": "supervisor_paused",
        "bot_id": payload["bot_id"],
        "text": "Paused by the supervisor: 5 losses in a row, drawdown 12.5% · <b>Grid</b>",
    }


async def test_stopping_the_server_ends_open_streams_at_once(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user()
    await sign_in(client, runtime, user)
    async with stream(client) as events:
        stopping: Awaitable[None] = client.server.close()
        async with asyncio.timeout(5):  # a graceful stop must not wait for open pages
            await stopping
        assert await events.ended(within=2)
