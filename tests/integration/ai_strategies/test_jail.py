"""The confined Freqtrade process: clean environment, resource limits, nothing left behind."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import psutil
import pytest

from ai_strategies.jail import MIB, Limits, scrubbed_env
from ai_strategies.marketdata import MarketData
from ai_strategies.validate import validate_strategy

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


def exists(path: Path) -> bool:
    return path.exists()


async def freqtrade_child(marker: str, timeout: float = 20) -> psutil.Process:
    """Wait for our confined child whose command line mentions `marker`."""
    me = psutil.Process()
    for _ in range(int(timeout / 0.1)):
        for child in me.children(recursive=True):
            try:
                cmdline = " ".join(child.cmdline())
            except psutil.NoSuchProcess:
                continue
            if "freqtrade" in cmdline and marker in cmdline:
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
    assert child.rlimit(psutil.RLIMIT_AS) == (limits.memory_mb * MIB,) * 2
    assert child.rlimit(psutil.RLIMIT_NOFILE) == (limits.open_files,) * 2
    assert child.rlimit(psutil.RLIMIT_CPU)[0] == limits.cpu_seconds
    assert os.getsid(child.pid) == child.pid  # its own session, killed as a group
    assert child.cmdline()[1:5] == ["-I", "-B", "-m", "freqtrade"]
    report = await validation
    assert [r.code for r in report.reasons] == ["timeout"]
    assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
    assert not exists(Path(env["HOME"]))  # the per-run user dir is gone
