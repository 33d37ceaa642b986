"""Custom code is Elite's: bots and new custom versions are refused on other plans, in words.

Also: an operator's edit of a `plans` row decides the very next start.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest

from emulators.llm.canned import GOOD_SPEC
from orchestrator.bots.service import NewBot, create_bot, launch_bot, start_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.optimisation import apply_best
from orchestrator.strategies.versions import (
    NewVersion,
    add_version,
    create_strategy,
    get_version,
    list_versions,
    rollback,
)
from telegram_bot import render
from tests.conftest import UserFactory
from tests.integration.runner.conftest import BotFactory
from tests.support.strategies import ALWAYS_IN

SPEC_BOT = {"spec": GOOD_SPEC, "class_name": "BtcRsi5m", "timeframe": "5m"}
# A custom strategy with one tunable parameter, as old versions (and hyperopt's) have them.
TUNABLE = ALWAYS_IN.replace(
    "from freqtrade.strategy import IStrategy",
    "from freqtrade.strategy import IStrategy, IntParameter",
).replace(
    "    startup_candle_count = 5",
    "    startup_candle_count = 5\n    window = IntParameter(5, 50, default=14)",
)


async def set_plan(runtime: Runtime, user: uuid.UUID, code: str) -> None:
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = $2 where id = $1", user, code)


async def version_of(runtime: Runtime, user: uuid.UUID) -> uuid.UUID:
    async with runtime.db.as_user(user) as conn:
        version: uuid.UUID = await conn.fetchval("select id from strategy_versions limit 1")
    return version


async def desired_states(runtime: Runtime, user: uuid.UUID) -> list[str]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select desired_state from bots where user_id = $1 order by created_at", user
        )
    return [row["desired_state"] for row in rows]


async def refusal(action: Callable[[], Awaitable[object]]) -> UserFacingError:
    with pytest.raises(UserFacingError) as caught:
        await action()
    return caught.value


@pytest.mark.parametrize("plan", ["free", "pro"])
async def test_custom_code_bots_are_refused_below_elite(
    runtime: Runtime, make_bot: BotFactory, plan: str
) -> None:
    user, bot = await make_bot()  # custom code, made while the user was on Elite
    await set_plan(runtime, user, plan)
    version = await version_of(runtime, user)
    new = NewBot("again", version, "binance", "ETH/USDT", Decimal(20), "1m")

    attempts: list[Callable[[], Awaitable[object]]] = [
        lambda: create_bot(runtime, user, new),
        lambda: launch_bot(runtime, user, new),
        lambda: start_bot(runtime, user, bot),
    ]
    for attempt in attempts:
        refused = await refusal(attempt)
        assert (refused.key, refused.params) == ("plan_custom_code", {"plan": "Elite"})
    assert await desired_states(runtime, user) == ["stopped"]  # nothing made, nothing started

    english = render.error("en", refused.key, refused.params)
    indonesian = render.error("id", refused.key, refused.params)
    assert "Elite" in english and "Custom Python" in english
    assert "Elite" in indonesian and "paket Elite" in indonesian


async def test_custom_code_bots_run_on_elite(runtime: Runtime, make_bot: BotFactory) -> None:
    user, bot = await make_bot()  # the fixture puts custom code on Elite
    version = await version_of(runtime, user)
    await start_bot(runtime, user, bot)  # no worker is up: reconcile starts it once one is
    new = NewBot("second", version, "binance", "ETH/USDT", Decimal(20), "1m")
    launched = await launch_bot(runtime, user, new)
    assert launched.pair == "ETH/USDT"
    assert await desired_states(runtime, user) == ["running", "running"]


async def test_spec_bots_are_not_custom_code(runtime: Runtime, make_bot: BotFactory) -> None:
    user, bot = await make_bot(**SPEC_BOT)  # on Free
    await start_bot(runtime, user, bot)
    assert await desired_states(runtime, user) == ["running"]


async def test_saving_custom_code_needs_elite_and_spec_versions_do_not(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()  # on Free
    custom = NewVersion("Tunable", TUNABLE, "custom", pair="BTC/USDT", timeframe="1m")
    strategy_id, version_id = await create_strategy(runtime.db, user, custom)
    run_id = await _tuned(runtime, user, version_id, window=21)

    attempts: list[Callable[[], Awaitable[object]]] = [
        lambda: rollback(runtime.db, user, strategy_id, 1),
        lambda: add_version(runtime.db, user, strategy_id, custom),
        lambda: apply_best(runtime, user, run_id),
    ]
    for attempt in attempts:
        refused = await refusal(attempt)
        assert (refused.key, refused.params) == ("plan_custom_code", {"plan": "Elite"})
    assert [v.version for v in await list_versions(runtime.db, user, strategy_id)] == [1]

    await set_plan(runtime, user, "elite")
    applied = await apply_best(runtime, user, run_id)
    assert applied.version == 2
    assert "default=21" in (await get_version(runtime.db, user, applied.version_id)).code
    assert (await rollback(runtime.db, user, strategy_id, 1))[0] == 3


async def test_custom_code_taken_off_every_plan_is_refused_without_an_offer(
    runtime: Runtime, make_bot: BotFactory
) -> None:
    user, bot = await make_bot()
    async with runtime.db.as_service() as conn:
        await conn.execute("update plans set custom_code = false where code = 'elite'")
    try:
        refused = await refusal(lambda: start_bot(runtime, user, bot))
    finally:
        async with runtime.db.as_service() as conn:
            await conn.execute("update plans set custom_code = true where code = 'elite'")
    assert (refused.key, refused.params) == ("plan_custom_code_none", {})
    assert "/new" in render.error("id", refused.key, refused.params)


async def test_an_operators_edit_of_the_free_plan_takes_effect_at_once(
    runtime: Runtime, make_bot: BotFactory
) -> None:
    user, first = await make_bot(pair="BTC/USDT", **SPEC_BOT)
    version = await version_of(runtime, user)
    new = NewBot("second", version, "binance", "ETH/USDT", Decimal(20), "5m")
    second = await create_bot(runtime, user, new)
    await start_bot(runtime, user, first)
    refused = await refusal(lambda: start_bot(runtime, user, second))
    assert (refused.key, refused.params) == ("plan_bot_limit", {"limit": 1})

    async with runtime.db.as_service() as conn:
        before = await conn.fetchval("select max_bots from plans where code = 'free'")
        await conn.execute("update plans set max_bots = $1 where code = 'free'", before + 1)
    try:
        await start_bot(runtime, user, second)  # the very next start reads the new row
    finally:
        async with runtime.db.as_service() as conn:
            await conn.execute("update plans set max_bots = $1 where code = 'free'", before)
    assert await desired_states(runtime, user) == ["running", "running"]


async def _tuned(
    runtime: Runtime, user: uuid.UUID, version_id: uuid.UUID, **best: int
) -> uuid.UUID:
    """Store a finished hyperopt of the version that found these values; return the run."""
    results = {"epochs": 20, "best": {"epoch": 4, "profit_pct": 2.5, "trades": 9, "params": best}}
    async with runtime.db.as_service() as conn:
        run_id: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days, results)"
            " values ($1, $2, 'hyperopt', 'done', 30, $3) returning id",
            user,
            version_id,
            results,
        )
    return run_id
