"""How a job ends: every claimed row reaches a final state, with a reason and whose it was.

Generation, backtest and optimisation jobs claim a row ('running'), do their work, and end
it 'done' or 'failed'. `failure_of` turns whatever ended a job into a message key and a
blame: the user's (say what to change) or ours (apologise, never charge, log an ERROR
with the cause). `expire_stuck_jobs` is the cron that fails rows a dead worker left behind.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import asyncpg

from kernel.errors import Blame, ServiceFailure, UserFacingError
from orchestrator.accounts.allowance import refund_generation
from orchestrator.alerts.payloads import JobFailed
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.core.runtime import Runtime

log = logging.getLogger(__name__)

# arq's hard timeouts (seconds); each job stops itself a little earlier to end its own row.
JOB_TIMEOUTS = {"generate_strategy": 600, "backtest_strategy": 600, "optimise_strategy": 1500}
SELF_STOP_MARGIN = 30
# How long past its timeout a claimed row may stay 'running' before the cron fails it
# (arq re-runs a job whose worker died only after its own timeout has passed).
STUCK_GRACE = 120
# A row never claimed this long after it was queued lost its job (e.g. Redis lost it).
QUEUED_DEADLINE = 3600
TIMED_OUT = "job_timed_out"
INTERNAL = "internal_error"


@dataclass(frozen=True)
class JobFailure:
    """Why a job failed: the message key the user sees, and whose problem it was."""

    key: str
    blame: Blame
    params: dict[str, Any] = field(default_factory=dict)


def time_budget(job: str) -> float:
    """Return how long a job may run before it stops itself and fails its row."""
    return float(JOB_TIMEOUTS[job] - SELF_STOP_MARGIN)


def failure_of(exc: Exception, what: str) -> JobFailure:
    """Classify what ended a job, logging our own failures at ERROR with the traceback."""
    if isinstance(exc, ServiceFailure):
        log.error("%s failed on our side: %s", what, exc, exc_info=exc)
        return JobFailure(exc.key, "ours", exc.params)
    if isinstance(exc, UserFacingError):
        log.info("%s refused: %s", what, exc.key)
        return JobFailure(exc.key, "user", exc.params)
    if isinstance(exc, TimeoutError):
        log.error("%s ran out of time", what, exc_info=exc)
        return JobFailure(TIMED_OUT, "ours")
    log.error("%s failed unexpectedly", what, exc_info=exc)
    return JobFailure(INTERNAL, "ours")


async def fail_run(
    conn: asyncpg.Connection, run_id: uuid.UUID, failure: JobFailure, error: str = ""
) -> bool:
    """End a claimed backtest or optimisation as failed; False if it had already ended."""
    ended = await conn.fetchval(
        "update backtests set status = 'failed', error_key = $2, blame = $3, error = $4,"
        " finished_at = now() where id = $1 and status in ('queued', 'running') returning id",
        run_id,
        failure.key,
        failure.blame,
        error or failure.key,
    )
    return ended is not None


async def tell_failed(
    conn: asyncpg.Connection, user_id: uuid.UUID, job: str, ref: uuid.UUID, name: str | None
) -> None:
    """Apologise to the user, once per job, for a failure on our side."""
    payload: JobFailed = {"kind": "job_failed", "job": job, "ref": str(ref), "strategy_name": name}
    await enqueue_alert(conn, user_id, payload, dedup_key=f"job_failed:{ref}")


async def expire_stuck_jobs(ctx: dict[str, Any]) -> dict[str, int]:
    """Fail (and refund) jobs whose worker died: running past their timeout, or never run."""
    runtime: Runtime = ctx["runtime"]
    generations = await _expire_generations(runtime)
    runs = await _expire_runs(runtime)
    if generations or runs:
        log.warning("failed %d stuck generation(s) and %d stuck run(s)", generations, runs)
    return {"generations": generations, "runs": runs}


async def _expire_generations(runtime: Runtime) -> int:
    """Fail stuck generation requests, give their allowance back and tell their users."""
    running = JOB_TIMEOUTS["generate_strategy"] + STUCK_GRACE
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "update generation_requests set status = 'failed', error_key = $1, blame = 'ours',"
            " finished_at = now() where (status = 'running' and started_at < now() - $2::interval)"
            " or (status = 'queued' and created_at < now() - $3::interval)"
            " returning id, user_id",
            TIMED_OUT,
            _seconds(running),
            _seconds(QUEUED_DEADLINE),
        )
        for row in rows:
            await tell_failed(conn, row["user_id"], "generation", row["id"], None)
    for row in rows:
        await refund_generation(runtime.db, row["user_id"], row["id"])
    return len(rows)


async def _expire_runs(runtime: Runtime) -> int:
    """Fail stuck backtests and optimisations and tell their users."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "update backtests b set status = 'failed', error_key = $1, blame = 'ours',"
            " error = $1, finished_at = now() from strategy_versions v"
            " where v.id = b.strategy_version_id and ("
            "  (b.status = 'running' and b.started_at < now() - case b.kind"
            "    when 'hyperopt' then $2::interval else $3::interval end)"
            "  or (b.status = 'queued' and b.created_at < now() - $4::interval))"
            " returning b.id, b.user_id, b.kind, v.class_name",
            TIMED_OUT,
            _seconds(JOB_TIMEOUTS["optimise_strategy"] + STUCK_GRACE),
            _seconds(JOB_TIMEOUTS["backtest_strategy"] + STUCK_GRACE),
            _seconds(QUEUED_DEADLINE),
        )
        for row in rows:
            await tell_failed(conn, row["user_id"], row["kind"], row["id"], row["class_name"])
    return len(rows)


def _seconds(value: float) -> timedelta:
    """Return a duration as asyncpg passes an interval."""
    return timedelta(seconds=value)
