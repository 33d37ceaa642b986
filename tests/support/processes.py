"""Run `nofomo` subprocesses in tests and account for every process they start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

NOFOMO = [sys.executable, "-m", "nofomo.cli"]


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**overrides: str) -> dict[str, str]:
    """Return an environment without NoFOMO settings leaking in from the developer's shell."""
    names = ("DATABASE_URL", "REDIS_URL", "VAULT_KEYS", "TELEGRAM_BOT_TOKEN", "ENVIRONMENT")
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(overrides)
    return env


def run_nofomo(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run one nofomo command to completion and capture its output."""
    return subprocess.run(
        [*NOFOMO, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def processes_using(path: Path) -> list[psutil.Process]:
    """Find live processes whose command line mentions `path` (e.g. an embedded Postgres)."""
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if str(path) in cmdline and proc.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(proc)
    return found


def wait_gone(processes: list[psutil.Process], timeout: float = 15) -> list[psutil.Process]:
    """Wait for processes to exit; return those still alive."""
    deadline = time.monotonic() + timeout
    alive = processes
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.1)
    return alive
