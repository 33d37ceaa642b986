"""A chat prompt becomes a validated, charted, stored strategy version: charged once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from orchestrator.alerts.outbox import load_artifact
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.generation import generation_status, request_generation
from tests.conftest import UserFactory
from tests.integration.runner.conftest import NodeFactory
from tests.support.waiting import eventually

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


async def finished(runtime: Runtime, user: uuid.UUID, request: uuid.UUID) -> Any:
    async def probe() -> Any:
        status = await generation_status(runtime, user, request)
        return status if status.status in ("done", "failed") else None

    return await eventually(probe, within=180, every=0.5, what="generation finished")


async def used(runtime: Runtime, user: uuid.UUID) -> int:
    async with runtime.db.as_service() as conn:
        return int(await conn.fetchval("select ai_generations_used from users where id = $1", user))


async def test_prompt_to_version_with_charts(
    runtime: Runtime, make_node: NodeFactory, make_user: UserFactory
) -> None:
    await make_node()
    user = await make_user(language="id")
    request = await request_generation(
        runtime, user, "scalping BTC/USDT 5m dengan RSI dan EMA crossover", "id"
    )
    status = await finished(runtime, user, request)
    assert status.status == "done", status
    assert status.progress is not None and status.progress["stage"] == "done"
    assert await used(runtime, user) == 1
    async with runtime.db.as_service() as conn:
        alert = await conn.fetchrow(
            "select payload from alerts where user_id = $1 and kind = 'strategy_ready'", user
        )
        version = await conn.fetchrow(
            "select pair, timeframe, validation from strategy_versions where id = $1",
            status.version_id,
        )
    payload = alert["payload"]
    assert payload["pair"] == "BTC/USDT" and payload["trades"] >= 1
    assert payload["in_sample"]["trades"] + payload["out_of_sample"]["trades"] == payload["trades"]
    # As the alert's delivery sends it: the chart the payload names, read as its owner.
    chart = await load_artifact(runtime.db, user, uuid.UUID(payload["chart_artifact_id"]))
    assert chart is not None and chart.startswith(b"\x89PNG")
    assert version["validation"]["trades"] == payload["trades"]
    again = await request_generation(runtime, user, "golden cross ETH 1h volume filter", "en")
    assert (await finished(runtime, user, again)).status == "done"
    assert await used(runtime, user) == 2


async def test_unclear_prompt_fails_and_is_refunded(
    runtime: Runtime, make_node: NodeFactory, make_user: UserFactory
) -> None:
    await make_node()
    user = await make_user()
    request = await request_generation(runtime, user, "make me rich with BTC please", "en")
    status = await finished(runtime, user, request)
    assert (status.status, status.error_key) == ("failed", "prompt_not_understood")
    assert status.progress["params"]["missing"]
    assert await used(runtime, user) == 0


async def test_monthly_allowance_is_enforced(
    runtime: Runtime, make_node: NodeFactory, make_user: UserFactory
) -> None:
    await make_node()
    user = await make_user()
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users set ai_generations_used = 5,"
            " ai_generations_period = date_trunc('month', now())::date where id = $1",
            user,
        )
    request = await request_generation(runtime, user, "RSI BTC 15m", "en")
    status = await finished(runtime, user, request)
    assert (status.status, status.error_key) == ("failed", "generation_limit")
    assert await used(runtime, user) == 5
