"""Launching a bot creates and starts it in one step: a refused start leaves no bot behind."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from ai_strategies.sandbox import SandboxStatus
from emulators.llm.canned import GOOD_SPEC
from orchestrator.bots.service import (
    NewBot,
    StopResult,
    launch_bot,
    pause_bot,
    resume_bot,
    stop_bot,
)
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, store_key
from orchestrator.runner.watch import heartbeat_once
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.waiting import eventually

pytestmark = [pytest.mark.timeout(120)]


async def version_of(runtime: Runtime, user: uuid.UUID) -> uuid.UUID:
    async with runtime.db.as_user(user) as conn:
        version: uuid.UUID = await conn.fetchval("select id from strategy_versions limit 1")
    return version


async def bot_rows(runtime: Runtime, user: uuid.UUID) -> list[tuple[str, str]]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select pair, desired_state from bots where user_id = $1 order by created_at", user
        )
    return [(r["pair"], r["desired_state"]) for r in rows]


async def refused(runtime: Runtime, user: uuid.UUID, new: NewBot) -> str:
    with pytest.raises(UserFacingError) as caught:
        await launch_bot(runtime, user, new)
    return caught.value.key


@pytest.mark.slow
async def test_launch_starts_the_bot_and_stop_waits_for_its_report(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    user, _ = await make_bot(spec=GOOD_SPEC, class_name="BtcRsi5m", timeframe="5m", pair="SOL/USDT")
    new = NewBot("mine", await version_of(runtime, user), "binance", "eth-usdt", Decimal(20), "5m")
    launched = await launch_bot(runtime, user, new)
    assert (launched.name, launched.pair, launched.worker) == ("mine", "ETH/USDT", node.name)

    async def running() -> bool:
        async with runtime.db.as_service() as conn:
            status = await conn.fetchval("select status from bots where id = $1", launched.bot_id)
        return bool(status == "running")

    await eventually(running, within=60, what="the launched bot running")
    # The worker's own report of the stop, through the stop job's result.
    stopped = await stop_bot(runtime, user, launched.bot_id)
    assert (stopped.stopped, stopped.was_running) == (True, True)
    assert isinstance(stopped.open_trades, int)
    again = await stop_bot(runtime, user, launched.bot_id)
    assert again == StopResult(stopped=True, open_trades=0, was_running=False)


async def test_refused_launches_leave_no_bot(runtime: Runtime, make_bot: BotFactory) -> None:
    user, _ = await make_bot(spec=GOOD_SPEC, class_name="BtcRsi5m", timeframe="5m")
    version = await version_of(runtime, user)
    first = await launch_bot(
        runtime, user, NewBot("a", version, "binance", "ETH/USDT", Decimal(20))
    )
    assert first.worker is None  # no worker is up: reconcile starts it once one is
    before = await bot_rows(runtime, user)
    assert before == [("BTC/USDT", "stopped"), ("ETH/USDT", "running")]

    # The free plan runs one bot.
    second = NewBot("b", version, "binance", "XRP/USDT", Decimal(20))
    assert await refused(runtime, user, second) == "plan_bot_limit"
    # With room, one active bot per exchange and pair is still the database's rule.
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = 'pro' where id = $1", user)
    same_pair = NewBot("c", version, "binance", "eth-usdt", Decimal(20))
    assert await refused(runtime, user, same_pair) == "bot_already_active"
    # Someone else's strategy is not one to run.
    other, _ = await make_bot(spec=GOOD_SPEC, class_name="Other", timeframe="5m")
    theirs = NewBot("d", await version_of(runtime, other), "binance", "ADA/USDT", Decimal(20))
    assert await refused(runtime, user, theirs) == "strategy_not_found"
    assert await bot_rows(runtime, user) == before


async def test_live_launch_within_the_plans_live_limit(
    runtime: Runtime, make_bot: BotFactory
) -> None:
    user, _ = await make_bot(spec=GOOD_SPEC, class_name="BtcRsi5m", timeframe="5m")
    key = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials("K" * 64, "S" * 64)
    )
    version = await version_of(runtime, user)
    live = NewBot("live", version, "binance", "SOL/USDT", Decimal(20), "5m", False, key)
    assert await refused(runtime, user, live) == "plan_live_limit"  # the free plan: none live
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = 'pro' where id = $1", user)
    await launch_bot(runtime, user, live)
    assert await bot_rows(runtime, user) == [("BTC/USDT", "stopped"), ("SOL/USDT", "running")]


async def test_custom_code_launch_is_refused_without_a_sandbox(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    node.manager.sandbox = SandboxStatus(False, "bubblewrap is not installed (test)")
    await heartbeat_once(node.manager)
    user, _ = await make_bot()  # custom code
    new = NewBot("custom", await version_of(runtime, user), "binance", "ETH/USDT", Decimal(20))
    assert await refused(runtime, user, new) == "custom_code_unavailable"
    assert await bot_rows(runtime, user) == [("BTC/USDT", "stopped")]


async def test_old_pause_and_resume_buttons_leave_a_stopped_bot_stopped(
    runtime: Runtime, make_bot: BotFactory
) -> None:
    user, bot_id = await make_bot(spec=GOOD_SPEC, class_name="BtcRsi5m", timeframe="5m")
    for press in (pause_bot, resume_bot):
        with pytest.raises(UserFacingError) as caught:
            await press(runtime, user, bot_id)
        assert caught.value.key == "bot_not_running"
        assert await bot_rows(runtime, user) == [("BTC/USDT", "stopped")]
    other, _ = await make_bot(spec=GOOD_SPEC, class_name="Other", timeframe="5m")
    with pytest.raises(UserFacingError) as caught:
        await resume_bot(runtime, other, bot_id)  # someone else's bot: not theirs to see
    assert caught.value.key == "bot_not_found"
