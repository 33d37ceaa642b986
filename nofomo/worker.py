"""The arq worker process: a shared queue, a private queue, and the bots it holds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Worker, func
from redis.exceptions import RedisError

from orchestrator.alerts.summary import send_summaries
from orchestrator.billing.lifecycle import billing_cron
from orchestrator.core.runtime import Runtime
from orchestrator.core.sizing import WorkerSizing, read_machine, worker_sizing
from orchestrator.runner import jobs
from orchestrator.runner.dispatch import HEAVY_QUEUE, SHARED_QUEUE, worker_queue
from orchestrator.runner.launchers import Launcher, make_launcher
from orchestrator.runner.leases import LeaseManager, forget_worker
from orchestrator.runner.manager import BotManager, StrategyCheck
from orchestrator.runner.watch import heartbeat_once, start_loops
from orchestrator.strategies.backtests import backtest_strategy
from orchestrator.strategies.generation_job import generate_strategy_job
from orchestrator.strategies.job_outcome import JOB_TIMEOUTS, expire_stuck_jobs
from orchestrator.strategies.optimisation import optimise_strategy
from orchestrator.supervisor.service import on_trade_closed

log = logging.getLogger(__name__)


def worker_name(configured: str = "") -> str:
    """Name this worker uniquely across machines: host and pid unless configured."""
    return configured or f"{socket.gethostname()}-{os.getpid()}"


async def ping(ctx: dict[str, Any], payload: str = "ping") -> dict[str, Any]:
    """Answer a liveness probe with the worker that ran it."""
    return {"pong": payload, "worker": ctx.get("worker_name", "")}


# Heavy jobs go to HEAVY_QUEUE; the shared queue still runs those queued before it existed.
HEAVY_JOBS = [
    func(
        optimise_strategy,
        name="optimise_strategy",
        max_tries=20,
        timeout=JOB_TIMEOUTS["optimise_strategy"],
    ),
    func(
        backtest_strategy,
        name="backtest_strategy",
        max_tries=3,
        timeout=JOB_TIMEOUTS["backtest_strategy"],
    ),
]
SHARED_JOBS = [
    func(ping, name="ping"),
    func(
        optimise_strategy,
        name="optimise_strategy",
        max_tries=20,
        timeout=JOB_TIMEOUTS["optimise_strategy"],
    ),
    # The job's name before the British spelling: jobs queued by the previous release still run.
    # Remove after one release.
    func(
        optimise_strategy,
        name="optimize_strategy",
        max_tries=20,
        timeout=JOB_TIMEOUTS["optimise_strategy"],
    ),
    func(
        generate_strategy_job,
        name="generate_strategy",
        max_tries=3,
        timeout=JOB_TIMEOUTS["generate_strategy"],
    ),
    func(
        backtest_strategy,
        name="backtest_strategy",
        max_tries=3,
        timeout=JOB_TIMEOUTS["backtest_strategy"],
    ),
]
PRIVATE_JOBS = [
    func(jobs.start_bot, name="start_bot", max_tries=1, timeout=120),
    func(jobs.stop_bot, name="stop_bot", max_tries=1, timeout=60),
    func(jobs.bot_command, name="bot_command", max_tries=1, timeout=30),
    func(ping, name="ping"),
]
CRON_JOBS = [
    cron(
        jobs.reconcile,
        name="reconcile",
        second={0, 15, 30, 45},
        run_at_startup=True,
        unique=True,
        timeout=60,
    ),
    cron(expire_stuck_jobs, name="expire_stuck_jobs", second=20, unique=True, timeout=60),
    # Summaries are due on the hour; every five minutes is soon enough and cheap.
    cron(
        send_summaries,
        name="send_summaries",
        minute=set(range(0, 60, 5)),
        second=40,
        unique=True,
        timeout=120,
    ),
    # Lost callbacks, reminders, grace and the drop to free; each step is idempotent.
    cron(billing_cron, name="billing", second=50, unique=True, timeout=120),
]


def default_strategy_check() -> StrategyCheck | None:
    """Return the AI-strategies static validator, when that package provides it."""
    try:
        from ai_strategies.static import check_source
    except ImportError:
        return None

    def check(code: str) -> list[str]:
        report = check_source(code)
        return [p.message for p in report.problems if p.severity == "error"]

    return check


@dataclass
class WorkerNode:
    """One worker: its arq consumers, its bot manager and the loops supervising bots."""

    runtime: Runtime
    name: str
    launcher: Launcher
    manager: BotManager
    workers: list[Worker]
    sizing: WorkerSizing
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    async def run(self) -> None:
        """Start the launcher, the supervision loops and both arq consumers."""
        await self.launcher.start()
        sandbox = await self.manager.probe_sandbox()  # custom code only where bubblewrap works
        # Custom-code bots weigh twice a spec bot: a sandbox worker takes fewer.
        self.sizing = worker_sizing(self.runtime.settings, self.sizing.machine, sandbox=sandbox.ok)
        self.manager.capacity = self.sizing.capacity
        log.info("%s", self.sizing.describe())
        await heartbeat_once(self.manager)  # announce our room before taking jobs
        self.tasks += start_loops(self.manager, on_trade_closed)
        self.tasks += [asyncio.create_task(w.async_run(), name="arq") for w in self.workers]
        log.info(
            "worker %s ready (capacity %s, custom code %s)",
            self.name,
            self.manager.capacity,
            "sandboxed" if self.manager.sandbox_ok else "refused",
        )

    async def close(self) -> None:
        """Stop taking jobs, stop the bots (releasing leases), then the zygote."""
        for worker in self.workers:
            await _close_quietly(worker)
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.manager.close()
        await self.launcher.close()
        with contextlib.suppress(Exception):
            await forget_worker(self.runtime.redis, self.name)


async def _close_quietly(worker: Worker) -> None:
    """Close one arq worker; a job cut short or Redis already gone is no reason to fail."""
    try:
        await worker.close()
    except asyncio.CancelledError:
        # arq cancels the jobs still running and re-raises their cancellation: those jobs
        # are retried or expired later. Only our own cancellation must go on.
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
        log.warning("worker closed with jobs still running; they will be retried")
    except (RedisError, OSError) as exc:  # embedded Valkey may stop first on Ctrl-C
        log.warning("worker closed without reaching Redis: %s", exc)


def build_node(
    runtime: Runtime, *, launcher: Launcher | None = None, **manager_kw: Any
) -> WorkerNode:
    """Wire a worker node from the runtime and settings."""
    settings = runtime.settings
    name = worker_name(settings.worker_name)
    launcher = launcher or make_launcher(settings.bot_launcher)
    leases = LeaseManager(runtime.redis, name, settings.lease_ttl_ms)
    manager_kw.setdefault("strategy_check", default_strategy_check())
    # Sized for spec bots until run() has probed the sandbox.
    sizing = worker_sizing(settings, read_machine(), sandbox=False)
    manager = BotManager(
        runtime,
        launcher,
        leases,
        capacity=sizing.capacity,
        memory_limit_mb=sizing.bot_memory_limit_mb,
        **manager_kw,
    )
    ctx = {"runtime": runtime, "worker_name": name, "bots": manager}
    redis_settings = RedisSettings.from_dsn(runtime.redis_url)
    common: dict[str, Any] = {
        "redis_settings": redis_settings,
        "handle_signals": False,
        "ctx": ctx,
        "keep_result": 3600,
    }
    jobs = {**common, "max_jobs": sizing.max_jobs}
    shared = Worker(functions=SHARED_JOBS, cron_jobs=CRON_JOBS, queue_name=SHARED_QUEUE, **jobs)
    heavy = Worker(
        functions=HEAVY_JOBS, queue_name=HEAVY_QUEUE, max_jobs=sizing.heavy_jobs, **common
    )
    private = Worker(functions=PRIVATE_JOBS, queue_name=worker_queue(name), **jobs)
    return WorkerNode(runtime, name, launcher, manager, [shared, heavy, private], sizing)
