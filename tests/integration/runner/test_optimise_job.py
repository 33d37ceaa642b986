"""The optimise job: plan limits, progress, stored results, chart, and "apply" as a version."""

from __future__ import annotations

import pytest

from orchestrator.core.errors import UserFacingError
from orchestrator.core.progress import read_progress
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.optimisation import apply_optimisation, request_optimise
from orchestrator.strategies.versions import NewVersion, create_strategy, get_version, list_versions
from tests.conftest import UserFactory
from tests.integration.runner.conftest import NodeFactory
from tests.support.waiting import eventually

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


async def test_optimise_then_apply(
    runtime: Runtime, make_node: NodeFactory, make_user: UserFactory
) -> None:
    from ai_strategies.composer import compose

    await make_node()
    user = await make_user()
    composed = compose("beli ETH kalau RSI di bawah 30 timeframe 15 menit, stop loss 3%", "id")
    strategy_id, version_id = await create_strategy(
        runtime.db,
        user,
        NewVersion(
            composed.class_name,
            composed.code,
            composed.summary,
            pair=composed.pair,
            timeframe=composed.timeframe,
        ),
    )
    with pytest.raises(UserFacingError) as refused:  # never cut to the plan's limit silently
        await request_optimise(runtime, user, version_id, epochs=10_000)
    assert (refused.value.key, refused.value.params["limit"]) == ("plan_epochs_top", 50)
    run_id = await request_optimise(runtime, user, version_id, epochs=50)

    async def finished() -> dict[str, object] | None:
        async with runtime.db.as_service() as conn:
            row = await conn.fetchrow("select status, results from backtests where id = $1", run_id)
        return dict(row) if row and row["status"] in ("done", "failed") else None

    row = await eventually(finished, within=240, every=1, what="hyperopt finished")
    assert row["status"] == "done", row
    results = row["results"]
    assert results["epochs"] == 50  # the free plan's most
    assert results["best"]["params"]
    assert (await read_progress(runtime.redis, f"opt:{run_id}"))["stage"] == "done"
    async with runtime.db.as_service() as conn:
        alert = await conn.fetchrow(
            "select payload from alerts where user_id = $1 and kind = 'optimise_ready'", user
        )
        chart = await conn.fetchval("select content from artifacts where ref_id = $1", run_id)
    assert alert is not None and bytes(chart).startswith(b"\x89PNG")

    with pytest.raises(UserFacingError) as refused:  # new custom code is saved on Elite only
        await apply_optimisation(runtime, user, run_id)
    assert (refused.value.key, refused.value.params) == ("plan_custom_code", {"plan": "Elite"})
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = 'elite' where id = $1", user)
    number, new_id = await apply_optimisation(runtime, user, run_id)
    assert number == 2
    versions = await list_versions(runtime.db, user, strategy_id)
    assert [v.version for v in versions] == [2, 1]
    applied = await get_version(runtime.db, user, new_id)
    for name, value in results["best"]["params"].items():
        if name != "stoploss":
            assert f"default={value!r}" in applied.code
