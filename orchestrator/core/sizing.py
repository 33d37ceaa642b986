"""Size a process to its machine: database connections, bots, their memory limit, job slots."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import psutil

from orchestrator.core.settings import Settings

MIB = 1024 * 1024

# Measured with bench/bot_density.py (README, "Worker sizing"): PSS of one idle bot.
SPEC_BOT_MB = 136  # forked from the zygote, its share of the zygote's pages included
SANDBOXED_BOT_MB = 262  # custom code in bubblewrap, which imports Freqtrade on its own
# The worker process (~340 MiB RSS) and the zygote's own unshared pages (~150 MiB).
APP_MB = 500
# One Freqtrade backtest or hyperopt (-j 1) subprocess: ~390 MiB RSS measured.
JOB_MB = 400
# What the kernel, the page cache and candle-close peaks keep: bots get the rest.
HEADROOM = 0.15
# An idle bot maps ~1.75 GiB (thread stacks, allocator arenas) while it uses ~136 MiB, so
# its address-space limit is that plus room to grow, never below the 2 GiB proven so far.
BOT_MAPPED_MB = 1750
BOT_MEMORY_FLOOR_MB = 2048
# Idle bots take ~0.5-0.75 % of a core, a start 0.55-0.75 s of CPU: 16 per core keeps
# idling under 12 % and restarting them all after a deploy near 12 s.
BOTS_PER_CPU = 16
# Light jobs (generation, crons, pings) mostly wait on the LLM or the database.
JOBS_PER_CPU = 4
MAX_JOBS_CAP = 20
# Hyperopt and long backtests: one at a time, below the bots' CPU priority.
HEAVY_JOBS = 1

ProcessRole = Literal["web", "worker", "all"]
# Connections per process (web: the alert LISTEN included). Supavisor's session pooler caps a
# role's clients at its pool size (15 in Supabase's example), and a deploy runs the old and new
# instance of a service side by side: web + 2 workers = 14 (README, "Connection budget").
DB_POOL_DEFAULTS: dict[ProcessRole, int] = {"web": 4, "worker": 5, "all": 10}
SESSION_POOLER_CLIENTS = 15


@dataclass(frozen=True)
class Machine:
    """What this process may use: memory in MiB and CPUs (fractional under a quota)."""

    memory_mb: int
    cpus: float
    source: str = "host"


@dataclass(frozen=True)
class WorkerSizing:
    """How much a worker takes on, and which figures were derived rather than set."""

    machine: Machine
    capacity: int
    bot_memory_limit_mb: int
    max_jobs: int
    heavy_jobs: int
    per_bot_mb: int
    derived: frozenset[str]

    def describe(self) -> str:
        """Say the sizing in one log line."""

        def how(name: str) -> str:
            return "derived" if name in self.derived else "set"

        m = self.machine
        return (
            f"worker sizing: {m.memory_mb} MiB, {m.cpus:g} CPU ({m.source}) -> "
            f"{self.capacity} bot{'' if self.capacity == 1 else 's'} ({how('capacity')}, "
            f"{self.per_bot_mb} MiB each), "
            f"bot memory limit {self.bot_memory_limit_mb} MiB ({how('bot_memory_limit_mb')}), "
            f"{self.max_jobs} jobs ({how('max_jobs')}) + {self.heavy_jobs} heavy"
        )


def db_pool_max(settings: Settings, role: ProcessRole) -> int:
    """Return this process's database connections: DB_POOL_MAX, else the role's default."""
    return settings.db_pool_max or DB_POOL_DEFAULTS[role]


def derive_capacity(machine: Machine, *, sandbox: bool) -> tuple[int, int]:
    """Return (bots that fit, MiB per bot): memory after the reserve, capped by CPUs."""
    per_bot = SANDBOXED_BOT_MB if sandbox else SPEC_BOT_MB
    light = max(1, math.ceil(machine.cpus / 2))  # validations are short (~3 s) and CPU-bound
    reserve = APP_MB + JOB_MB * (HEAVY_JOBS + light)
    usable = machine.memory_mb * (1 - HEADROOM) - reserve
    by_memory = math.floor(usable / per_bot)
    by_cpu = math.floor(BOTS_PER_CPU * machine.cpus)
    return max(1, min(by_memory, by_cpu)), per_bot


def derive_bot_memory_limit(machine: Machine) -> int:
    """Return a bot's address-space limit: its idle mapping plus an eighth of memory."""
    growth = min(1024, max(256, machine.memory_mb // 8))
    return max(BOT_MEMORY_FLOOR_MB, BOT_MAPPED_MB + growth)


def derive_max_jobs(machine: Machine) -> int:
    """Return how many light jobs a queue runs at once."""
    return max(2, min(MAX_JOBS_CAP, math.floor(JOBS_PER_CPU * machine.cpus)))


def worker_sizing(settings: Settings, machine: Machine, *, sandbox: bool) -> WorkerSizing:
    """Size a worker: explicit settings win, every figure left at 0 is derived."""
    capacity, per_bot = derive_capacity(machine, sandbox=sandbox)
    configured = {
        "capacity": settings.worker_capacity,
        "bot_memory_limit_mb": settings.bot_memory_limit_mb,
        "max_jobs": settings.worker_max_jobs,
    }
    return WorkerSizing(
        machine,
        capacity=settings.worker_capacity or capacity,
        bot_memory_limit_mb=settings.bot_memory_limit_mb or derive_bot_memory_limit(machine),
        max_jobs=settings.worker_max_jobs or derive_max_jobs(machine),
        heavy_jobs=HEAVY_JOBS,
        per_bot_mb=per_bot,
        derived=frozenset(name for name, value in configured.items() if not value),
    )


def read_machine(cgroup: Path = Path("/sys/fs/cgroup")) -> Machine:
    """Measure this process's memory and CPUs, honouring a container's cgroup limits."""
    memory = psutil.virtual_memory().total // MIB
    cpus: float = len(os.sched_getaffinity(0))
    limit, quota = _cgroup_memory_mb(cgroup), _cgroup_cpus(cgroup)
    source = "host"
    if limit is not None and limit < memory:
        memory, source = limit, "cgroup"
    if quota is not None and quota < cpus:
        cpus, source = quota, "cgroup"
    return Machine(memory, cpus, source)


def _cgroup_memory_mb(root: Path) -> int | None:
    """Return the cgroup (v2, else v1) memory limit in MiB, None when unlimited or absent."""
    for path in (root / "memory.max", root / "memory" / "memory.limit_in_bytes"):
        text = _read(path)
        if text is not None and text.isdigit():
            limit = int(text) // MIB
            return limit if limit < 2**40 else None  # v1 writes "unlimited" as a huge number
    return None


def _cgroup_cpus(root: Path) -> float | None:
    """Return the cgroup (v2, else v1) CPU quota in CPUs, None when unlimited or absent."""
    v2 = (_read(root / "cpu.max") or "").split()
    if len(v2) == 2 and v2[0].isdigit() and v2[1].isdigit():
        return int(v2[0]) / int(v2[1])
    v1 = root / "cpu"
    quota, period = _read(v1 / "cpu.cfs_quota_us"), _read(v1 / "cpu.cfs_period_us")
    if quota and period and quota.isdigit() and period.isdigit():
        return int(quota) / int(period)  # "-1" (no quota) is not digits
    return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None
