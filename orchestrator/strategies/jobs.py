"""One way to run a job over a queued row: claim it, do the work, end it failed on any error.

Generation, backtest and optimisation are each a `ClaimedJob`: `run_claimed` claims the row
(None when it already ran or runs elsewhere: a retried job never runs twice), does the work
within the job's time budget, and on any exception ends the row through the job's `fail`.
A row whose worker died before `fail` could run is ended by `expire_stuck_jobs`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg

from orchestrator.core.runtime import Runtime
from orchestrator.strategies.job_outcome import (
    JobFailure,
    fail_run,
    failure_of,
    tell_failed,
    time_budget,
)

Claim = Callable[[Runtime, uuid.UUID, bool], Awaitable[asyncpg.Record | None]]
Work = Callable[[Runtime, uuid.UUID, asyncpg.Record], Awaitable[dict[str, Any]]]
Fail = Callable[[Runtime, uuid.UUID, asyncpg.Record, JobFailure, Exception], Awaitable[None]]


@dataclass(frozen=True)
class ClaimedJob:
    """A job over one queued row: how to claim it, do its work and end it when that fails."""

    name: str  # the arq job's name, which sets its time budget
    noun: str  # how the logs name one run
    claim: Claim  # mark the row running (retry: also one already running); None: skip
    work: Work  # do the job, store its outcome and tell the user
    fail: Fail  # end the row failed and tell whom it concerns


async def run_claimed(ctx: dict[str, Any], job: ClaimedJob, ref: str) -> dict[str, Any]:
    """Claim the row, run the job within its time budget, and end the row failed on any error."""
    runtime: Runtime = ctx["runtime"]
    rid = uuid.UUID(ref)
    row = await job.claim(runtime, rid, is_retry(ctx))
    if row is None:
        return {"skipped": True}  # done, failed or running elsewhere: never twice
    try:
        async with asyncio.timeout(time_budget(job.name)):
            return await job.work(runtime, rid, row)
    except Exception as exc:  # every failure must end the row
        failure = failure_of(exc, f"{job.noun} {rid}")
        await job.fail(runtime, rid, row, failure, exc)
        return {"ok": False, "error": failure.key, "blame": failure.blame}


def is_retry(ctx: dict[str, Any]) -> bool:
    """Tell whether arq is retrying this job (its previous run died mid-way)."""
    return int(ctx.get("job_try", 1)) > 1


async def claim_run(runtime: Runtime, run_id: uuid.UUID, retry: bool) -> asyncpg.Record | None:
    """Mark a queued backtest or optimisation running, with what running it needs."""
    async with runtime.db.as_service() as conn:
        row: asyncpg.Record | None = await conn.fetchrow(
            "update backtests b set status = 'running', started_at = now()"
            " from strategy_versions v, users u"
            " where b.id = $1 and (b.status = 'queued' or (b.status = 'running' and $2))"
            " and v.id = b.strategy_version_id and u.id = b.user_id"
            " returning b.user_id, b.kind, b.days, b.results, v.id as version_id, v.code, v.spec,"
            " v.class_name, v.pair, v.timeframe, u.language",
            run_id,
            retry,
        )
    return row


async def fail_claimed_run(
    runtime: Runtime,
    run_id: uuid.UUID,
    row: asyncpg.Record,
    failure: JobFailure,
    exc: Exception,
) -> None:
    """End a backtest or optimisation failed; apologise once when the failure was ours."""
    async with runtime.db.as_service() as conn:
        ended = await fail_run(conn, run_id, failure, str(exc)[:300])
        if ended and failure.blame == "ours":
            await tell_failed(conn, row["user_id"], row["kind"], run_id, row["class_name"])
