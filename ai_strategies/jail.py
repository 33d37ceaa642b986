"""Run Freqtrade commands in a confined subprocess: own session, rlimits, clean env, timeout.

The parent starts `python -I -m ai_strategies.jail <limits-json> -- <freqtrade args>`;
that child applies the resource limits to itself and then `execv`s `python -m freqtrade`,
so untrusted strategy code only ever runs under the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import resource
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NoReturn

MIB = 1024 * 1024
LOG_NAME = "freqtrade.log"
# Variables passed through when present; everything else (our secrets included) is dropped.
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_FIXED_ENV = {
    "TZ": "UTC",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "NUMEXPR_MAX_THREADS": "1",
    # Keep virtual memory near real use so RLIMIT_AS bites on bombs, not on allocator arenas.
    "MALLOC_ARENA_MAX": "2",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "NO_COLOR": "1",
    "COLUMNS": "200",
}


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to the confined process."""

    memory_mb: int = 1536
    cpu_seconds: int = 300
    open_files: int = 256
    file_size_mb: int = 64


@dataclass(frozen=True)
class JailRun:
    """How a confined command ended, with the head of its combined output.

    `stopped_early` means the output matched the caller's `stop_on` pattern and the run
    was killed there, without waiting for it to finish.
    """

    returncode: int
    timed_out: bool
    stopped_early: bool
    seconds: float
    timeout: float
    log: str
    limits: Limits

    @property
    def killed_by(self) -> signal.Signals | None:
        """Return the signal that ended the process, if any."""
        if self.returncode >= 0:
            return None
        with contextlib.suppress(ValueError):
            return signal.Signals(-self.returncode)
        return None


def scrubbed_env(home: Path) -> dict[str, str]:
    """Return the minimal environment for a confined run, with HOME in its scratch dir."""
    env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
    env.setdefault("PATH", "/usr/bin:/bin")
    env.setdefault("LANG", "C.UTF-8")
    return {**env, **_FIXED_ENV, "HOME": str(home)}


async def run_confined(
    args: Sequence[str],
    *,
    workdir: Path,
    timeout: float,
    limits: Limits | None = None,
    stop_on: re.Pattern[str] | None = None,
) -> JailRun:
    """Run `freqtrade *args` confined in `workdir`; kill its process group on timeout.

    With `stop_on`, the run is also killed as soon as its output matches the pattern.
    """
    limits = limits or Limits()
    command = [sys.executable, "-I", "-m", "ai_strategies.jail", json.dumps(asdict(limits))]
    log_path = workdir / LOG_NAME
    started = time.monotonic()
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            *command, "--", *args,
            stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=log_file,
            cwd=workdir, env=scrubbed_env(workdir), start_new_session=True,
        )  # fmt: skip
        try:
            ending = await _supervise(process, log_path, timeout, stop_on)
        finally:
            _kill_group(process.pid)
            await process.wait()
    return JailRun(
        returncode=process.returncode if process.returncode is not None else -9,
        timed_out=ending == "timeout",
        stopped_early=ending == "matched",
        seconds=time.monotonic() - started,
        timeout=timeout,
        log=read_log(log_path),
        limits=limits,
    )


async def _supervise(
    process: asyncio.subprocess.Process,
    log_path: Path,
    timeout: float,
    stop_on: re.Pattern[str] | None,
) -> str:
    """Wait for the process; return "exited", "timeout" or "matched"."""
    waiter = asyncio.ensure_future(process.wait())
    tasks: set[asyncio.Future[Any]] = {waiter}
    watcher = None
    if stop_on is not None:
        watcher = asyncio.ensure_future(_watch(log_path, stop_on))
        tasks.add(watcher)
    try:
        done, _ = await asyncio.wait(tasks, timeout=timeout, return_when="FIRST_COMPLETED")
    finally:
        for task in tasks:
            task.cancel()
    if waiter in done:
        return "exited"
    return "matched" if watcher in done else "timeout"


async def _watch(log_path: Path, pattern: re.Pattern[str], poll: float = 0.25) -> None:
    """Return once the growing log matches `pattern`."""
    offset, tail = 0, ""
    while True:
        await asyncio.sleep(poll)
        with log_path.open("rb") as file:
            file.seek(offset)
            chunk = file.read(MIB)
        offset += len(chunk)
        text = tail + chunk.decode("utf-8", errors="replace")
        if pattern.search(text):
            return
        tail = text[-1024:]


def _kill_group(pid: int) -> None:
    """Kill every process left in the confined session."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def read_log(path: Path, head: int = 4 * MIB, tail: int = 256 * 1024) -> str:
    """Return the start and the end of a possibly huge log file."""
    with path.open("rb") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(0)
        if size <= head + tail:
            return file.read().decode("utf-8", errors="replace")
        first = file.read(head)
        file.seek(size - tail)
        last = file.read()
    return (first + b"\n[...]\n" + last).decode("utf-8", errors="replace")


def apply_limits(limits: Limits) -> None:
    """Set this process's resource limits (inherited by whatever it execs)."""
    pairs = {
        resource.RLIMIT_AS: limits.memory_mb * MIB,
        resource.RLIMIT_NOFILE: limits.open_files,
        resource.RLIMIT_FSIZE: limits.file_size_mb * MIB,
        resource.RLIMIT_CORE: 0,
    }
    for kind, value in pairs.items():
        resource.setrlimit(kind, (value, value))
    # SIGXCPU at the soft limit, SIGKILL shortly after if it is ignored.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))


def main(argv: Sequence[str]) -> NoReturn:
    """Apply the limits given as JSON, then become `python -m freqtrade <args>`."""
    if len(argv) < 2 or argv[1] != "--":
        sys.exit("usage: python -m ai_strategies.jail <limits-json> -- <freqtrade args>")
    apply_limits(Limits(**json.loads(argv[0])))
    os.execv(sys.executable, [sys.executable, "-I", "-B", "-m", "freqtrade", *argv[2:]])  # noqa: S606


if __name__ == "__main__":
    main(sys.argv[1:])
