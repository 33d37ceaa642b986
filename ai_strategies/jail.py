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
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, NoReturn

from ai_strategies.errors import UserFacingError
from ai_strategies.sandbox import Confinement, enter, pick_uid
from ai_strategies.sandbox import status as sandbox_status

SandboxMode = Literal["required", "preferred", "off"]

MIB = 1024 * 1024
LOG_NAME = "freqtrade.log"
# Jobs run below live bots: nice 10 of 19, and an OOM score well above a bot's 0.
JOB_NICE = 10
JOB_OOM_SCORE_ADJ = 500
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
    file_size_mb: int = 64  # per file (RLIMIT_FSIZE)
    disk_mb: int = 512  # the whole working directory, watched while the run lasts
    # A job (backtest, hyperopt, download), not a live bot: it yields the CPU to bots and is
    # what the kernel kills first when memory runs out.
    background: bool = False


@dataclass(frozen=True)
class JailRun:
    """How a confined command ended, with the head of its combined output.

    `stopped_early` means the output matched the caller's `stop_on` pattern and the run
    was killed there, without waiting for it to finish.
    """

    returncode: int
    timed_out: bool
    stopped_early: bool
    disk_exceeded: bool
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


class SandboxUnavailableError(UserFacingError):
    """Tenant code must run in the sandbox, and this host cannot provide one."""

    def __init__(self, reason: str) -> None:
        super().__init__("custom_code_unavailable")
        self.reason = reason


async def run_confined(
    args: Sequence[str],
    *,
    workdir: Path,
    timeout: float,
    limits: Limits | None = None,
    stop_on: re.Pattern[str] | None = None,
    sandbox: SandboxMode = "required",
    readonly: Sequence[Path] = (),
    replay: tuple[Path, Path] | None = None,
) -> JailRun:
    """Run `freqtrade *args` confined in `workdir`; kill its process group on timeout.

    `sandbox`: "required" for tenant code (refused where bubblewrap cannot run),
    "preferred" for code we rendered ourselves, "off" for our own commands (downloads).
    `readonly` paths are visible inside the sandbox; nothing else of the host is.
    `replay` (a markets snapshot and the run's config, both in `workdir`) serves the
    exchange's markets on loopback, so Freqtrade needs no network.
    With `stop_on`, the run is also killed as soon as its output matches the pattern.
    """
    limits = replace(limits or Limits(), background=True)
    with _confinement(workdir, sandbox, readonly) as confinement:
        command = [sys.executable, "-I", "-m", "ai_strategies.jail", json.dumps(asdict(limits))]
        if confinement is not None:
            command += ["--sandbox", confinement.to_json()]
        if replay is not None:
            command += ["--replay", str(replay[0]), str(replay[1])]
        return await _run(command, args, workdir, timeout, limits, stop_on)


@contextlib.contextmanager
def _confinement(
    workdir: Path, mode: SandboxMode, readonly: Sequence[Path]
) -> Iterator[Confinement | None]:
    """Prepare the sandbox for one run (its uid owns the workdir), or None when off."""
    state = sandbox_status() if mode != "off" else None
    if state is None or not state.ok:
        if mode == "required" and state is not None:
            raise SandboxUnavailableError(state.reason)
        yield None
        return
    uid = pick_uid() if os.geteuid() == 0 else os.geteuid()
    if os.geteuid() == 0:
        _chown_tree(workdir, uid)
    stage = tempfile.mkdtemp(prefix="nofomo-stage-")
    os.chmod(stage, 0o711)  # noqa: S103 - the sandbox's uid must traverse it, never list it
    try:
        env = scrubbed_env(workdir)
        yield Confinement(
            str(workdir), stage, tuple(str(p.resolve()) for p in readonly), uid, env=env
        )
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _chown_tree(root: Path, uid: int) -> None:
    """Give the sandbox's uid the run's scratch directory."""
    os.chown(root, uid, uid)
    for directory, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            os.chown(os.path.join(directory, name), uid, uid, follow_symlinks=False)


async def _run(
    command: list[str],
    args: Sequence[str],
    workdir: Path,
    timeout: float,
    limits: Limits,
    stop_on: re.Pattern[str] | None,
) -> JailRun:
    """Start the jail process, supervise it, and collect how it ended."""
    log_path = workdir / LOG_NAME
    started = time.monotonic()
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            *command, "--", *args,
            stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=log_file,
            cwd=workdir, env=scrubbed_env(workdir), start_new_session=True,
        )  # fmt: skip
        try:
            ending = await _supervise(process, log_path, timeout, stop_on, limits.disk_mb)
        finally:
            _kill_group(process.pid)
            await process.wait()
    return JailRun(
        returncode=process.returncode if process.returncode is not None else -9,
        timed_out=ending == "timeout",
        stopped_early=ending == "matched",
        disk_exceeded=ending == "disk",
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
    disk_mb: int,
) -> str:
    """Wait for the process; return "exited", "timeout", "matched" or "disk"."""
    waiter = asyncio.ensure_future(process.wait())
    disk = asyncio.ensure_future(_watch_disk(log_path.parent, disk_mb * MIB))
    tasks: set[asyncio.Future[Any]] = {waiter, disk}
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
    if disk in done:
        return "disk"
    return "matched" if watcher in done else "timeout"


async def _watch_disk(root: Path, budget: int, poll: float = 0.25) -> None:
    """Return once the files under `root` take more than `budget` bytes of disk.

    RLIMIT_FSIZE caps each file, not their sum or their count, so the sum is watched.
    """
    while True:
        await asyncio.sleep(poll)
        if (await asyncio.to_thread(dir_usage, root))[0] > budget:
            return


def dir_usage(root: Path) -> tuple[int, int]:
    """Return (bytes of disk, entries) under `root`, not following links."""
    total = entries = 0
    for directory, dirs, files in os.walk(root):
        entries += len(dirs) + len(files)
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(directory, name)).st_blocks * 512
    return total, entries


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
    if limits.background:
        lower_priority()


def lower_priority() -> None:
    """Yield the CPU to live bots and offer this process first to the out-of-memory killer."""
    os.nice(JOB_NICE)
    # Raising one's own score needs no privilege; a kernel without the file just skips it.
    with contextlib.suppress(OSError), open("/proc/self/oom_score_adj", "w") as handle:
        handle.write(str(JOB_OOM_SCORE_ADJ))


def _parse(argv: Sequence[str]) -> tuple[Limits, dict[str, list[str]], list[str]]:
    """Split `<limits> [--sandbox J] [--replay S C] [--relay R] -- ARGS` into its parts."""
    usage = (
        "usage: python -m ai_strategies.jail <limits-json> [--sandbox <json>]"
        " [--replay SNAPSHOT CONFIG] [--relay RELAY-JSON] -- <args>"
    )
    arity = {"--sandbox": 1, "--replay": 2, "--relay": 1}
    if len(argv) < 2:
        sys.exit(usage)
    options: dict[str, list[str]] = {}
    rest = list(argv[1:])
    while rest and rest[0] in arity and rest[0] not in options:
        count = arity[rest[0]]
        if len(rest) <= count:
            sys.exit(usage)
        options[rest[0]], rest = rest[1 : count + 1], rest[count + 1 :]
    if not rest or rest[0] != "--":
        sys.exit(usage)
    return Limits(**json.loads(argv[0])), options, rest[1:]


def main(argv: Sequence[str]) -> NoReturn:
    """Apply the limits given as JSON, then become `python -m freqtrade <args>` (sandboxed).

    `--replay` serves recorded markets on loopback (backtests), then execs Freqtrade;
    `--relay` (a live bot) links loopback ports inside the sandbox to the unix sockets of
    the worker's gateway and runs Freqtrade as its child. Both are standard-library
    scripts run as `python -I -c <source> ... -- <freqtrade argv>`.
    """
    limits, options, args = _parse(argv)
    apply_limits(limits)
    freqtrade = [sys.executable, "-I", "-B", "-m", "freqtrade", *args]
    if "--replay" in options:
        # Imported only when needed: it brings ccxt, half a second before every start.
        from ai_strategies.offline_exchange import REPLAY_SOURCE

        freqtrade = [
            sys.executable,
            "-I",
            "-c",
            REPLAY_SOURCE,
            *options["--replay"],
            "--",
            *freqtrade,
        ]
    if "--relay" in options:
        # Imported only here: validation runs never need the bot relay.
        from ai_strategies.relay import RELAY_SOURCE

        freqtrade = [
            sys.executable,
            "-I",
            "-c",
            RELAY_SOURCE,
            *options["--relay"],
            "--",
            *freqtrade,
        ]
    if "--sandbox" in options:
        enter(Confinement.from_json(options["--sandbox"][0]), freqtrade)
    os.execv(sys.executable, freqtrade)  # noqa: S606


if __name__ == "__main__":
    main(sys.argv[1:])
