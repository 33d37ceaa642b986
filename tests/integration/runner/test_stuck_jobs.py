"""A job whose worker died mid-run is failed, refunded and apologised for by the cron."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import pytest

from orchestrator.core.runtime import Runtime
from orchestrator.strategies.generation import generation_status, request_generation
from orchestrator.strategies.generation_job import generate_strategy_job
from orchestrator.strategies.job_outcome import JOB_TIMEOUTS, STUCK_GRACE, expire_stuck_jobs
from orchestrator.strategies.versions import NewVersion, create_strategy
from tests.conftest import UserFactory
from tests.support.waiting import eventually

pytestmark = [pytest.mark.timeout(120)]


async def used(runtime: Runtime, user: uuid.UUID) -> int:
    async with runtime.db.as_service() as conn:
        return int(await conn.fetchval("select ai_generations_used from users where id = $1", user))


async def age(runtime: Runtime, table: str, row: uuid.UUID, seconds: int) -> None:
    """Move a claimed row's start into the past, as if the worker had died that long ago."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            f"update {table} set started_at = now() - make_interval(secs => $2) where id = $1",
            row,
            seconds,
        )


async def apologies(runtime: Runtime, user: uuid.UUID) -> list[dict[str, object]]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select payload from alerts where user_id = $1 and kind = 'job_failed'", user
        )
    return [dict(r["payload"]) for r in rows]


async def test_generation_killed_mid_run_is_failed_and_refunded(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    request = await request_generation(runtime, user, "RSI dip BTC/USDT 5m", "en")
    job = asyncio.create_task(generate_strategy_job({"runtime": runtime}, str(request)))

    async def charged_and_running() -> bool:
        status = await generation_status(runtime, user, request)
        return status.status == "running" and await used(runtime, user) == 1

    await eventually(charged_and_running, within=60, every=0.05, what="the job charging")
    job.cancel()  # the worker dies: no except clause of ours runs
    with contextlib.suppress(asyncio.CancelledError):
        await job
    assert (await generation_status(runtime, user, request)).status == "running"

    await age(runtime, "generation_requests", request, JOB_TIMEOUTS["generate_strategy"] - 5)
    await expire_stuck_jobs({"runtime": runtime})
    assert (await generation_status(runtime, user, request)).status == "running"

    await age(
        runtime, "generation_requests", request, JOB_TIMEOUTS["generate_strategy"] + STUCK_GRACE + 1
    )
    await expire_stuck_jobs({"runtime": runtime})
    status = await generation_status(runtime, user, request)
    assert (status.status, status.error_key, status.blame) == ("failed", "job_timed_out", "ours")
    assert await used(runtime, user) == 0
    assert [a["job"] for a in await apologies(runtime, user)] == ["generation"]
    # The cron runs again (and arq may retry the dead job): nothing happens twice.
    await expire_stuck_jobs({"runtime": runtime})
    assert await generate_strategy_job({"runtime": runtime, "job_try": 2}, str(request)) == {
        "skipped": True
    }
    assert await used(runtime, user) == 0 and len(await apologies(runtime, user)) == 1


async def test_stuck_backtest_and_optimisation_are_failed(
    runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    version = NewVersion("Stuck", "code", "summary", "", "BTC/USDT", "5m", {})
    _, version_id = await create_strategy(runtime.db, user, version)
    runs = {}
    async with runtime.db.as_service() as conn:
        for kind in ("backtest", "hyperopt"):
            runs[kind] = await conn.fetchval(
                "insert into backtests (user_id, strategy_version_id, kind, status, days,"
                " started_at) values ($1, $2, $3, 'running', 30, now()) returning id",
                user,
                version_id,
                kind,
            )
    await age(
        runtime, "backtests", runs["backtest"], JOB_TIMEOUTS["backtest_strategy"] + STUCK_GRACE + 1
    )
    # An optimisation may legitimately run longer than a backtest: it is left alone.
    await age(
        runtime, "backtests", runs["hyperopt"], JOB_TIMEOUTS["backtest_strategy"] + STUCK_GRACE + 1
    )
    await expire_stuck_jobs({"runtime": runtime})
    async with runtime.db.as_service() as conn:
        states = dict(
            await conn.fetch("select kind, status from backtests where user_id = $1", user)
        )
    assert states == {"backtest": "failed", "hyperopt": "running"}
    await age(
        runtime, "backtests", runs["hyperopt"], JOB_TIMEOUTS["optimise_strategy"] + STUCK_GRACE + 1
    )
    await expire_stuck_jobs({"runtime": runtime})
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select kind, status, error_key, blame from backtests where user_id = $1", user
        )
    assert {r["kind"]: tuple(r)[1:] for r in rows} == {
        "backtest": ("failed", "job_timed_out", "ours"),
        "hyperopt": ("failed", "job_timed_out", "ours"),
    }
    assert sorted(str(a["job"]) for a in await apologies(runtime, user)) == ["backtest", "hyperopt"]
