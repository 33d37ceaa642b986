"""Starting bots respects the plan: how many bots, and how many of them live.

The bots run spec strategies: custom code needs Elite, and these tests are about the others.
"""

from __future__ import annotations

import pytest

from emulators.llm.canned import GOOD_SPEC
from orchestrator.bots.service import NewBot, create_bot, start_bot, stop_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, delete_key, store_key
from tests.integration.runner.conftest import BotFactory

SPEC_BOT = {"spec": GOOD_SPEC, "class_name": "BtcRsi5m", "timeframe": "5m"}


async def test_free_plan_runs_one_dry_run_bot(runtime: Runtime, make_bot: BotFactory) -> None:
    user, first = await make_bot(pair="BTC/USDT", **SPEC_BOT)
    async with runtime.db.as_user(user) as conn:
        version = await conn.fetchval("select id from strategy_versions limit 1")
    second = await create_bot(
        runtime, user, NewBot("second", version, "binance", "ETH/USDT", stake_amount=20)
    )
    await start_bot(runtime, user, first)
    with pytest.raises(UserFacingError) as refused:
        await start_bot(runtime, user, second)
    assert (refused.value.key, refused.value.params) == ("plan_bot_limit", {"limit": 1})
    await stop_bot(runtime, user, first, wait=0)
    await start_bot(runtime, user, second)  # room again once the first is stopped


async def test_live_needs_a_plan_that_allows_it(runtime: Runtime, make_bot: BotFactory) -> None:
    user, _ = await make_bot(**SPEC_BOT)
    key = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials("K" * 64, "S" * 64)
    )
    async with runtime.db.as_user(user) as conn:
        version = await conn.fetchval("select id from strategy_versions limit 1")
    live = await create_bot(
        runtime,
        user,
        NewBot(
            "live",
            version,
            "binance",
            "SOL/USDT",
            stake_amount=20,
            dry_run=False,
            exchange_key_id=key,
        ),
    )
    with pytest.raises(UserFacingError) as refused:
        await start_bot(runtime, user, live)
    assert refused.value.key == "plan_live_limit"
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = 'pro' where id = $1", user)
    await start_bot(runtime, user, live)


async def test_a_live_bot_whose_key_was_deleted_is_refused_in_words(
    runtime: Runtime, make_bot: BotFactory
) -> None:
    user, _ = await make_bot(**SPEC_BOT)
    key = await store_key(
        runtime.db, runtime.vault, user, "binance", Credentials("K" * 64, "S" * 64)
    )
    async with runtime.db.as_user(user) as conn:
        version = await conn.fetchval("select id from strategy_versions limit 1")
    new = NewBot("live", version, "binance", "SOL/USDT", 20, dry_run=False, exchange_key_id=key)
    live = await create_bot(runtime, user, new)
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = 'pro' where id = $1", user)
    assert await delete_key(runtime.db, user, key)  # the bot is stopped: the key may go
    with pytest.raises(UserFacingError) as refused:
        await start_bot(runtime, user, live)
    assert refused.value.key == "live_needs_keys"
