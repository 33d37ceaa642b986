"""The confined Freqtrade process: clean environment, resource limits, nothing left behind."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import psutil
import pytest

from ai_strategies.jail import JOB_NICE, JOB_OOM_SCORE_ADJ, MIB, Limits, scrubbed_env
from ai_strategies.marketdata import MarketData
from ai_strategies.sandbox import UID_BASE, UID_SPAN
from ai_strategies.validate import validate_strategy
from tests.support.waiting import eventually

SPINNER = Path(__file__).parents[2] / "fixtures/strategies/malicious/while_true_indicators.py"
SECRETS = ("DATABASE_URL", "LLM_API_KEY", "VAULT_KEYS", "TELEGRAM_BOT_TOKEN", "AWS_SECRET_KEY")


def test_scrubbed_env_keeps_only_what_freqtrade_needs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in SECRETS:
        monkeypatch.setenv(name, "hunter2-secret")
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    env = scrubbed_env(tmp_path)
    assert not set(SECRETS) & set(env)
    assert "hunter2-secret" not in env.values()
    assert env["HOME"] == str(tmp_path)
    assert env["TZ"] == "UTC" and env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["OPENBLAS_CORETYPE"] == "Haswell"
    assert {"PATH", "LANG"} <= set(env)


def limits_of(pid: int) -> dict[str, tuple[str, str]]:
    """Read a process's soft and hard limits from /proc."""
    rows = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {row[:26].strip(): tuple(row[26:].split()[:2]) for row in rows}  # type: ignore[misc]


async def reaped(process: psutil.Process) -> bool:
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def oom_score_adj(pid: int) -> int:
    """Read how eagerly the out-of-memory killer picks a process."""
    return int(Path(f"/proc/{pid}/oom_score_adj").read_text())


def exists(path: Path) -> bool:
    return path.exists()


async def freqtrade_child(marker: str, timeout: float = 20) -> psutil.Process:
    """Wait for the Freqtrade process (inside the sandbox) whose command line names `marker`."""
    me = psutil.Process()
    for _ in range(int(timeout / 0.1)):
        for child in me.children(recursive=True):
            try:
                cmdline = child.cmdline()
            except psutil.NoSuchProcess:
                continue
            if cmdline[1:5] == ["-I", "-B", "-m", "freqtrade"] and marker in " ".join(cmdline):
                return child
        await asyncio.sleep(0.1)
    raise AssertionError(f"no confined freqtrade process for {marker}")


@pytest.mark.slow
async def test_confined_run_is_isolated_limited_and_reaped(
    validation_market: MarketData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_API_KEY", "sk-must-not-leak")
    validation = asyncio.create_task(
        validate_strategy(SPINNER.read_text(), market=validation_market, timeout=8)
    )
    child = await freqtrade_child("WhileTrueIndicators")
    env, limits = child.environ(), Limits()
    assert "LLM_API_KEY" not in env and env["TZ"] == "UTC"
    assert "nofomo-strategy-" in env["HOME"]
    # prlimit(2) across user namespaces is refused even to root; /proc/<pid>/limits is not.
    found = limits_of(child.pid)
    assert found["Max address space"] == (str(limits.memory_mb * MIB),) * 2
    assert found["Max open files"] == (str(limits.open_files),) * 2
    assert found["Max cpu time"][0] == str(limits.cpu_seconds)
    assert found["Max processes"][0] == "64"
    assert os.getsid(child.pid) != os.getsid(0)  # a session of its own, dies with the sandbox
    # A job yields to live bots: lower CPU priority, the out-of-memory killer's first pick.
    assert child.nice() == JOB_NICE
    assert oom_score_adj(child.pid) == JOB_OOM_SCORE_ADJ
    # Inside the sandbox: an unprivileged uid of its own, its own pid and network namespaces.
    assert UID_BASE <= child.uids().real < UID_BASE + UID_SPAN
    for namespace in ("pid", "net", "user", "mnt"):
        assert os.readlink(f"/proc/{child.pid}/ns/{namespace}") != os.readlink(
            f"/proc/self/ns/{namespace}"
        )
    report = await validation
    assert [r.code for r in report.reasons] == ["timeout"]
    # Killed at once; at nice 10 on a busy machine the exit itself may take a moment.
    await eventually(lambda: reaped(child), within=5, what="the confined process reaped")
    assert not exists(Path(env["HOME"]))  # the per-run user dir is gone
