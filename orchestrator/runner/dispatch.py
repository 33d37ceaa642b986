"""Route bot jobs: starts to workers with room, everything else to the lease holder."""

from __future__ import annotations

import time
import uuid
from typing import Any

from arq.connections import ArqRedis
from arq.jobs import Job

from orchestrator.core.errors import UserFacingError
from orchestrator.runner.leases import WorkerRoom, lease_holder, live_workers

# Queue names live here so the dispatcher and the worker agree without importing each other.
SHARED_QUEUE = "nofomo:queue"
# Hyperopt and long backtests: every worker runs one at a time, so bots keep their CPU.
HEAVY_QUEUE = "nofomo:heavy"


def worker_queue(name: str) -> str:
    """Return the private queue of one worker, where jobs for its bots go."""
    return f"nofomo:worker:{name}"


def _bucket(seconds: int = 15) -> int:
    return int(time.time() // seconds)


def choose_worker(workers: list[WorkerRoom], custom_code: bool | None) -> str | None:
    """Pick where a bot starts: the most room, among sandbox workers for custom code.

    `custom_code=None` (the caller does not know the bot's kind): a sandbox worker when
    there is one, since it runs both kinds; a worker without the sandbox that still gets
    custom code refuses it (the bot fails with `custom_code_unavailable`).
    """
    ranked = sorted(workers, key=lambda w: -w.room)
    sandboxed = [w for w in ranked if w.sandbox]
    if custom_code:
        ranked = sandboxed
    elif custom_code is None:
        ranked = sandboxed or ranked
    return ranked[0].name if ranked else None


async def enqueue_start(
    redis: ArqRedis, bot_id: uuid.UUID, *, custom_code: bool | None = None
) -> str | None:
    """Queue a start on the best worker (see `choose_worker`); return its name (None if none)."""
    if await lease_holder(redis, str(bot_id)) is not None:
        return None
    name = choose_worker(await live_workers(redis), custom_code)
    if name is None:
        return None
    # One start per bot per 15 s window: retries and reconcile passes collapse into it.
    # It expires quickly, so a start left in a dead worker's queue never runs late.
    await redis.enqueue_job(
        "start_bot",
        str(bot_id),
        _job_id=f"start:{bot_id}:{_bucket()}",
        _queue_name=worker_queue(name),
        _expires=60,
    )
    return name


async def sandbox_missing(redis: ArqRedis) -> bool:
    """Tell whether workers are up yet none of them can run custom code."""
    workers = await live_workers(redis)
    return bool(workers) and not any(w.sandbox for w in workers)


async def enqueue_stop(redis: ArqRedis, bot_id: uuid.UUID, reason: str = "user") -> str | None:
    """Queue a stop on the worker holding the bot; return that worker (None if not running)."""
    holder = await lease_holder(redis, str(bot_id))
    if holder is None:
        return None
    await _queue_stop(redis, bot_id, reason, holder)
    return holder


async def stop_and_wait(
    redis: ArqRedis, bot_id: uuid.UUID, reason: str = "user", *, timeout: float
) -> dict[str, Any] | None:
    """Stop the bot on the worker holding it and return its report (None if not running).

    Raises TimeoutError when the worker has not reported within `timeout` seconds.
    """
    holder = await lease_holder(redis, str(bot_id))
    if holder is None:
        return None
    job = await _queue_stop(redis, bot_id, reason, holder)
    report: dict[str, Any] = await job.result(timeout=timeout, poll_delay=0.2)
    return report


async def _queue_stop(redis: ArqRedis, bot_id: uuid.UUID, reason: str, holder: str) -> Job:
    """Queue a stop on `holder` and return its job (one stop per bot per 15 s window)."""
    job_id, queue = f"stop:{bot_id}:{_bucket()}", worker_queue(holder)
    job = await redis.enqueue_job(
        "stop_bot", str(bot_id), reason, _job_id=job_id, _queue_name=queue
    )
    # None: this window's stop is already queued or done, and its result is this stop's too.
    return job or Job(job_id, redis, _queue_name=queue)


async def run_command(
    redis: ArqRedis,
    bot_id: uuid.UUID,
    command: str,
    args: dict[str, Any] | None = None,
    *,
    timeout: float = 20,
) -> Any:
    """Run a command on the bot's worker and wait for its answer."""
    holder = await lease_holder(redis, str(bot_id))
    if holder is None:
        raise UserFacingError("bot_not_running")
    job = await redis.enqueue_job(
        "bot_command",
        str(bot_id),
        command,
        args or {},
        _queue_name=worker_queue(holder),
        _job_id=f"cmd:{bot_id}:{command}:{uuid.uuid4().hex}",
    )
    if job is None:
        raise UserFacingError("try_again")
    return await job.result(timeout=timeout)


async def enqueue_command(redis: ArqRedis, bot_id: uuid.UUID, command: str) -> bool:
    """Queue a command on the bot's worker without waiting; False if nobody runs the bot."""
    holder = await lease_holder(redis, str(bot_id))
    if holder is None:
        return False
    await redis.enqueue_job(
        "bot_command",
        str(bot_id),
        command,
        {},
        _queue_name=worker_queue(holder),
        _job_id=f"cmd:{bot_id}:{command}:{_bucket(5)}",
    )
    return True
