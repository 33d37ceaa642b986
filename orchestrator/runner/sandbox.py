"""Confine a bot process: own session, death with its parent, limits, scrubbed environment."""

from __future__ import annotations

import ctypes
import hashlib
import os
import random
import resource
import signal
import sys
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4

# Sandboxed bots started by root run as a uid of their own, derived from the bot id: far
# above real accounts and apart from validation runs (ai_strategies.sandbox.UID_BASE).
BOT_UID_BASE = 100_000_000
BOT_UID_SPAN = 1 << 30

# Variables a bot may inherit; everything else (our secrets included) is dropped.
_INHERITED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "TZ")


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to each bot process."""

    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 12 * 3600
    open_files: int = 1024


@dataclass(frozen=True)
class LaunchSpec:
    """Everything a launcher needs to start one Freqtrade process; holds no secrets."""

    bot_id: str
    argv: list[str]
    cwd: str
    stderr_path: str
    env: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)

    def to_json(self) -> dict[str, Any]:
        """Serialise for the zygote or launcher protocol."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LaunchSpec:
        """Rebuild a spec from its serialised form."""
        return cls(**{**data, "limits": Limits(**data["limits"])})


def bot_uid(bot_id: str | uuid.UUID) -> int:
    """Return the unprivileged uid a sandboxed bot runs as (the same on every start)."""
    digest = hashlib.sha256(uuid.UUID(str(bot_id)).bytes).digest()
    return BOT_UID_BASE + int.from_bytes(digest[:8], "big") % BOT_UID_SPAN


def scrubbed_env(home: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the minimal environment a bot (or the zygote) runs with."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    env.update({k: os.environ[k] for k in _INHERITED if k in os.environ and k not in env})
    env.update(extra or {})
    return env


def set_parent_death_signal(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def set_undumpable() -> None:
    """Forbid ptrace and /proc/<pid>/environ|mem reads of this process by its own uid."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")


def apply_limits(limits: Limits) -> None:
    """Set memory, CPU-time and open-file limits for this process and its children."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 30))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))


def _redirect_stdio(stderr_path: str) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    out = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(devnull)
    os.close(out)


def become_bot(spec: LaunchSpec, parent_pid: int) -> None:
    """Turn the current (freshly forked or launched) process into a confined bot."""
    os.setsid()
    set_parent_death_signal()
    if os.getppid() != parent_pid:
        os._exit(70)  # the parent died before PDEATHSIG was armed
    apply_limits(spec.limits)
    _redirect_stdio(spec.stderr_path)
    os.chdir(spec.cwd)
    os.environ.clear()
    os.environ.update(spec.env)
    os.umask(0o077)
    random.seed()


def run_freqtrade(spec: LaunchSpec) -> int:
    """Run Freqtrade's CLI in this process and return its exit code."""
    from freqtrade.main import main

    sys.argv = ["freqtrade", *spec.argv]
    try:
        main(spec.argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
