"""A strategy's title and its versions' summaries follow the spec each version runs."""

from __future__ import annotations

import html
import re
import uuid

from ai_strategies.composer import compose
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.optimisation import apply_best
from orchestrator.strategies.versions import (
    NewVersion,
    create_strategy,
    list_strategies,
    list_versions,
    rollback,
)
from telegram_bot import render
from tests.conftest import UserFactory


def plain(text: str) -> str:
    """Return what Telegram shows of an HTML message."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def tuned(
    runtime: Runtime, user: uuid.UUID, version_id: uuid.UUID, **best: float
) -> uuid.UUID:
    """Store a finished hyperopt of the version that found these values; return the run."""
    results = {"epochs": 20, "seconds": 3.0, "best": {"epoch": 4, "profit_pct": 2.5, "trades": 9}}
    results["best"]["params"] = best  # type: ignore[index]
    async with runtime.db.as_service() as conn:
        run_id: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days, results)"
            " values ($1, $2, 'hyperopt', 'done', 30, $3) returning id",
            user,
            version_id,
            results,
        )
    return run_id


async def test_an_optimised_strategy_is_titled_and_summarised_by_its_new_numbers(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user(language="id")
    composed = compose("ETH/USDT 4h EMA 9/21 crossover", "en")
    first = NewVersion(
        composed.class_name,
        composed.code,
        composed.summary,
        pair=composed.pair,
        timeframe=composed.timeframe,
        spec=composed.spec,
    )
    strategy_id, version_id = await create_strategy(runtime.db, user, first)
    run = await tuned(runtime, user, version_id, ema_9_period=16, ema_21_period=32)
    assert (await apply_best(runtime, user, run)).version == 2

    [strategy] = await list_strategies(runtime.db, user)
    assert strategy.title("en") == "ETH/USDT 4h · EMA 16/32"
    listing = plain(render.strategies_view("id", [strategy]))
    assert listing.splitlines()[1] == "• ETH/USDT 4h · EMA 16/32: v2 dari 2"  # market said once
    assert "9/21" not in listing

    versions = await list_versions(runtime.db, user, strategy_id)
    shown = plain(render.versions_view("id", strategy.title("id"), versions, 2)).splitlines()
    assert "EMA(16) memotong ke atas EMA(32)" in shown[1] and shown[1].startswith("★ v2")
    assert "EMA(9) memotong ke atas EMA(21)" in shown[2] and shown[2].startswith("• v1")

    await rollback(runtime.db, user, strategy_id, 1)
    [strategy] = await list_strategies(runtime.db, user)
    assert strategy.title("en") == "ETH/USDT 4h · EMA 9/21"
    newest = (await list_versions(runtime.db, user, strategy_id))[0]
    assert newest.summary_in("en").startswith("ETH/USDT 4h: buy when EMA(9) crosses above EMA(21)")
