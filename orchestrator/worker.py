"""The arq worker: job functions, queues and the in-process worker factory."""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker, func

from orchestrator.runtime import Runtime

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "nofomo:queue"


def worker_name(configured: str = "") -> str:
    """Name this worker uniquely across machines: host and pid unless configured."""
    return configured or f"{socket.gethostname()}-{os.getpid()}"


def worker_queue(name: str) -> str:
    """Return the private queue of one worker, where commands for its bots go."""
    return f"nofomo:worker:{name}"


async def ping(ctx: dict[str, Any], payload: str = "ping") -> dict[str, Any]:
    """Answer a liveness probe with the worker that ran it."""
    return {"pong": payload, "worker": ctx.get("worker_name", "")}


JOBS = [func(ping, name="ping")]


def build_worker(runtime: Runtime, *, queue_name: str = DEFAULT_QUEUE) -> Worker:
    """Create an arq Worker bound to this process's runtime (signals handled by the caller)."""
    name = worker_name(runtime.settings.worker_name)

    async def on_startup(ctx: dict[str, Any]) -> None:
        ctx["runtime"] = runtime
        ctx["worker_name"] = name
        log.info("worker %s listening on %s", name, queue_name)

    return Worker(
        functions=JOBS,
        queue_name=queue_name,
        redis_settings=RedisSettings.from_dsn(runtime.redis_url),
        on_startup=on_startup,
        handle_signals=False,
        max_jobs=20,
        job_timeout=600,
        keep_result=3600,
    )
