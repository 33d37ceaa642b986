"""A test run's embedded servers stop on SIGTERM; a killed run's are swept by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.leftovers import PREFIX, sweep_orphans, users_of
from tests.support.processes import wait_gone

pytestmark = [pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[2]
INNER = """
import pathlib, time

def test_hold_the_servers(pg_server_url, redis_url):
    pathlib.Path({ready!r}).write_text("up")
    time.sleep(90)
"""


def start_inner_run(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start a pytest run whose only test starts the embedded servers and waits."""
    ready = tmp_path / "ready"
    test = tmp_path / "test_inner.py"
    test.write_text(INNER.format(ready=str(ready)))
    env_free = {"TEST_DATABASE_URL": "", "TEST_REDIS_URL": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-c", "pyproject.toml",
         "--rootdir", str(ROOT), "-p", "no:cacheprovider", str(test)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**_environ(), **env_free},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()[0]
        assert time.monotonic() < deadline, "the inner run never started its servers"
        time.sleep(0.1)
    return proc, _root_of(proc)


def _environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}


def _root_of(proc: subprocess.Popen[str]) -> Path:
    """Return the scratch directory the inner run claimed."""
    for root in Path("/tmp").glob(f"{PREFIX}*"):
        owner = root / "owner.pid"
        if owner.exists() and owner.read_text().split()[0] == str(proc.pid):
            return root
    raise AssertionError("the inner run claimed no directory")


def test_sigterm_stops_the_servers_of_the_run(tmp_path: Path) -> None:
    proc, root = start_inner_run(tmp_path)
    servers = users_of(root)
    assert any("postgres" in p.name() for p in servers)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert wait_gone(servers) == []
    assert not root.exists()


def test_a_killed_runs_servers_are_swept_by_the_next(tmp_path: Path) -> None:
    proc, root = start_inner_run(tmp_path)
    servers = users_of(root)
    proc.kill()
    proc.communicate(timeout=30)
    assert [p for p in servers if p.is_running()], "the killed run left nothing to sweep"
    assert root in sweep_orphans()
    assert wait_gone(servers) == []
    assert not root.exists()
