"""Worker sizing and connection budgets, from injected machine figures and cgroup files."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.core.settings import Settings
from orchestrator.core.sizing import (
    APP_MB,
    DB_POOL_DEFAULTS,
    HEADROOM,
    JOB_MB,
    SESSION_POOLER_CLIENTS,
    Machine,
    db_pool_max,
    read_machine,
    worker_sizing,
)

GIB = 1024**3


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type,call-arg]


@pytest.mark.parametrize(
    ("memory_mb", "cpus", "sandbox", "capacity"),
    [
        (2048, 1, False, 3),  # Render standard: what the 2 GB left after the reserve holds
        (2048, 1, True, 1),  # custom-code bots weigh about twice as much
        (4096, 2, False, 16),  # Render pro
        (8192, 4, False, 38),
        (32768, 2, False, 32),  # plenty of memory, two CPUs: the CPUs decide
        (512, 0.5, False, 1),  # too small for the reserve: one bot, never none
    ],
)
def test_capacity_follows_memory_then_cpus(
    memory_mb: int, cpus: float, sandbox: bool, capacity: int
) -> None:
    sizing = worker_sizing(settings(), Machine(memory_mb, cpus), sandbox=sandbox)
    assert sizing.capacity == capacity
    assert sizing.derived == {"capacity", "bot_memory_limit_mb", "max_jobs"}


def test_bots_app_and_jobs_fit_under_the_headroom() -> None:
    for memory_mb, cpus in [(2048, 1), (4096, 2), (8192, 4), (16384, 4)]:
        sizing = worker_sizing(settings(), Machine(memory_mb, cpus), sandbox=False)
        jobs = JOB_MB * (sizing.heavy_jobs + 1)  # a hyperopt and a validation at once
        used = APP_MB + jobs + sizing.capacity * sizing.per_bot_mb
        assert used <= memory_mb * (1 - HEADROOM)


def test_memory_limit_and_jobs_grow_with_the_machine() -> None:
    small = worker_sizing(settings(), Machine(2048, 1), sandbox=False)
    large = worker_sizing(settings(), Machine(16384, 8), sandbox=False)
    # An idle bot maps ~1.75 GiB: the limit never drops below the 2 GiB that works.
    assert small.bot_memory_limit_mb == 2048
    assert 2048 < large.bot_memory_limit_mb <= 1750 + 1024
    assert (small.max_jobs, small.heavy_jobs) == (4, 1)
    assert (large.max_jobs, large.heavy_jobs) == (20, 1)


def test_explicit_settings_win() -> None:
    configured = settings(worker_capacity=7, bot_memory_limit_mb=3000, worker_max_jobs=2)
    sizing = worker_sizing(configured, Machine(2048, 1), sandbox=True)
    assert (sizing.capacity, sizing.bot_memory_limit_mb, sizing.max_jobs) == (7, 3000, 2)
    assert sizing.derived == frozenset()
    assert "7 bots (set" in sizing.describe()


def test_describe_is_one_line() -> None:
    line = worker_sizing(settings(), Machine(2048, 1, "cgroup"), sandbox=False).describe()
    assert "\n" not in line
    assert line.startswith("worker sizing: 2048 MiB, 1 CPU (cgroup) -> 3 bots (derived")
    assert "4 jobs (derived) + 1 heavy" in line


def test_cgroup_v2_limits_win_over_the_host(tmp_path: Path) -> None:
    (tmp_path / "memory.max").write_text(f"{2 * GIB}\n")
    (tmp_path / "cpu.max").write_text("50000 100000\n")
    machine = read_machine(tmp_path)
    assert (machine.memory_mb, machine.cpus, machine.source) == (2048, 0.5, "cgroup")


def test_cgroup_v1_limits(tmp_path: Path) -> None:
    (tmp_path / "memory").mkdir()
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text(str(GIB))
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000")
    machine = read_machine(tmp_path)
    assert (machine.memory_mb, machine.cpus) == (1024, 1.0)


def test_unlimited_cgroups_leave_the_host_figures(tmp_path: Path) -> None:
    (tmp_path / "memory.max").write_text("max\n")
    (tmp_path / "cpu.max").write_text("max 100000\n")
    (tmp_path / "memory").mkdir()
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text("9223372036854771712")
    host = read_machine(tmp_path / "absent")
    assert read_machine(tmp_path) == host
    assert host.source == "host" and host.memory_mb > 0 and host.cpus >= 1


def test_db_pool_defaults_fit_the_session_pooler_during_a_deploy() -> None:
    web, worker = DB_POOL_DEFAULTS["web"], DB_POOL_DEFAULTS["worker"]
    assert (web, worker) == (4, 5)
    # Old and new instance of one service overlap on a deploy; the other keeps running.
    assert web + worker + max(web, worker) <= SESSION_POOLER_CLIENTS
    assert db_pool_max(settings(), "web") == 4
    assert db_pool_max(settings(), "worker") == 5
    assert db_pool_max(settings(db_pool_max=3), "worker") == 3
