"""Start bot processes: from the zygote (default), as plain subprocesses, or sandboxed.

Our own (spec-rendered) strategies run in the zygote; custom code runs only through the
`SandboxLauncher`, in the bubblewrap sandbox, as a uid of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from typing import Protocol

from ai_strategies.jail import Limits as JailLimits
from ai_strategies.sandbox import Confinement
from orchestrator.runner.sandbox import LaunchSpec, scrubbed_env

log = logging.getLogger(__name__)


@dataclass
class BotProcess:
    """A running bot: its pid (= process group) and, once it exits, its exit code."""

    pid: int
    exited: asyncio.Future[int] = field(repr=False)

    @property
    def returncode(self) -> int | None:
        """Return the exit code, or None while the process runs."""
        return self.exited.result() if self.exited.done() else None

    def signal_group(self, sig: int) -> None:
        """Send a signal to the bot's whole process group."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)

    async def wait(self, timeout: float | None = None) -> int | None:
        """Wait for exit; return the code, or None on timeout."""
        try:
            return await asyncio.wait_for(asyncio.shield(self.exited), timeout)
        except TimeoutError:
            return None


class Launcher(Protocol):
    """Something that starts confined Freqtrade processes."""

    async def start(self) -> None: ...

    async def launch(self, spec: LaunchSpec) -> BotProcess: ...

    async def close(self) -> None: ...


class SubprocessLauncher:
    """Start each bot as a fresh `python -m orchestrator.runner.launch` process."""

    async def start(self) -> None:
        """Nothing to prepare."""

    async def launch(self, spec: LaunchSpec) -> BotProcess:
        """Spawn one bot; the spec travels on stdin, never in argv."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "orchestrator.runner.launch",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            env=scrubbed_env(spec.cwd, _pythonpath()),
        )
        assert proc.stdin is not None
        proc.stdin.write(json.dumps({"spec": spec.to_json(), "parent": os.getpid()}).encode())
        await proc.stdin.drain()
        proc.stdin.close()
        exited: asyncio.Future[int] = asyncio.ensure_future(proc.wait())
        return BotProcess(proc.pid, exited)

    async def close(self) -> None:
        """Nothing to release."""


def _pythonpath() -> dict[str, str]:
    # The launcher must import our package even when it is not installed site-wide.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {"PYTHONPATH": root}


class ZygoteLauncher:
    """Fork bots from one pre-imported zygote process per worker."""

    def __init__(self, ready_timeout: float = 120) -> None:
        self._ready_timeout = ready_timeout
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[int]] = {}
        self._exits: dict[int, asyncio.Future[int]] = {}
        self._next_id = 0
        self._lock = asyncio.Lock()

    @property
    def pid(self) -> int | None:
        """Return the zygote's pid while it runs."""
        return self._proc.pid if self._proc and self._proc.returncode is None else None

    async def start(self) -> None:
        """Start the zygote and wait until it has imported everything."""
        if self.pid is not None:
            return
        home = os.environ.get("HOME", "/")
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "orchestrator.runner.zygote",
            str(os.getpid()),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=scrubbed_env(home, _pythonpath()),
        )
        assert self._proc.stdout is not None
        line = await asyncio.wait_for(self._proc.stdout.readline(), self._ready_timeout)
        ready = json.loads(line or b"{}")
        if ready.get("event") != "ready":
            raise RuntimeError("bot zygote failed to start")
        log.info("bot zygote %s ready (threads=%s)", ready["pid"], ready.get("threads"))
        self._reader = asyncio.create_task(self._read_events(self._proc), name="zygote-events")

    async def _read_events(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            event = json.loads(line)
            if event["event"] == "spawned":
                self._pending.pop(event["id"]).set_result(event["pid"])
            elif event["event"] == "exit":
                self._exit_future(event["pid"]).set_result(event["code"])
        # The zygote died: its children died with it (PDEATHSIG).
        for future in list(self._exits.values()):
            if not future.done():
                future.set_result(-signal.SIGKILL)
        for pending in self._pending.values():
            pending.set_exception(RuntimeError("bot zygote exited"))
        self._pending.clear()

    def _exit_future(self, pid: int) -> asyncio.Future[int]:
        return self._exits.setdefault(pid, asyncio.get_running_loop().create_future())

    async def launch(self, spec: LaunchSpec) -> BotProcess:
        """Ask the zygote to fork one bot and return its handle."""
        async with self._lock:
            if self.pid is None:
                await self.start()
            assert self._proc is not None and self._proc.stdin is not None
            self._next_id += 1
            spawned = asyncio.get_running_loop().create_future()
            self._pending[self._next_id] = spawned
            request = {"id": self._next_id, "spec": spec.to_json()}
            self._proc.stdin.write(json.dumps(request).encode() + b"\n")
            await self._proc.stdin.drain()
        pid = await asyncio.wait_for(spawned, 30)
        return BotProcess(pid, self._exit_future(pid))

    async def close(self) -> None:
        """Stop the zygote; it kills any child still running."""
        if self._proc is None:
            return
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._proc.wait(), 10)
        if self._proc.returncode is None:
            self._proc.kill()
            await self._proc.wait()
        if self._reader is not None:
            await self._reader
        self._proc = None


@dataclass(frozen=True)
class SandboxSpec:
    """A sandboxed bot's launch: its LaunchSpec plus who it runs as and its relay."""

    launch: LaunchSpec
    uid: int | None  # None: the worker is not root, the bot runs as the worker's uid
    relay: str  # the relay's configuration file, in the bot's directory
    max_processes: int = 128
    file_size_mb: int = 128


class SandboxedProcess(BotProcess):
    """A bot in the sandbox; its pid is the jail's (later bwrap's), outside the sandbox.

    Inside, the relay is the pid namespace's init and Freqtrade its child. SIGKILL goes to
    that init: the kernel then kills everything in the namespace and bwrap, which waits for
    its init, exits, leaving nothing behind. Other signals (SIGTERM for a clean stop) go to
    the processes under the init, which exits with Freqtrade.
    """

    def signal_group(self, sig: int) -> None:
        """Signal the sandbox: kill it all, or ask its processes to stop."""
        inits, others = sandbox_members(self.pid)
        targets = inits if sig == signal.SIGKILL else others
        for pid in targets:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        if not targets:  # no sandbox yet (or any more): the jail or bwrap itself
            super().signal_group(sig)


def _parents() -> dict[int, int]:
    """Map every live pid to its parent pid, from /proc."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as file:
                fields = file.read().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
    return parents


def _namespace_pids(pid: int) -> list[int]:
    """Return a process's pids, from ours to its innermost pid namespace's."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as file:
            for line in file:
                if line.startswith("NSpid:"):
                    return [int(n) for n in line.split()[1:]]
    except OSError:
        return []
    return []


def sandbox_members(pid: int) -> tuple[list[int], list[int]]:
    """Return the processes of a sandbox started as `pid`: (its init, all the others)."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    inits: list[int] = []
    others: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        pids = _namespace_pids(current)
        if len(pids) < 2:  # not inside a pid namespace of its own: bwrap itself
            continue
        (inits if pids[-1] == 1 else others).append(current)
    return inits, others


class SandboxLauncher:
    """Start each custom-code bot as `python -I -m ai_strategies.jail ... --relay ...`.

    The jail applies the limits, drops to the bot's uid (when we are root), arms its
    parent-death signal and becomes bwrap; inside, the relay starts and becomes Freqtrade.
    """

    async def start(self) -> None:
        """Nothing to prepare."""

    async def launch(self, spec: SandboxSpec) -> SandboxedProcess:
        """Spawn one sandboxed bot; nothing secret travels on its command line."""
        launch = spec.launch
        stage = tempfile.mkdtemp(prefix="nofomo-stage-")
        os.chmod(stage, 0o711)  # noqa: S103 - the bot's uid traverses it, never lists it
        conf = Confinement(
            workdir=launch.cwd,
            stage=stage,
            uid=spec.uid or 0,
            max_processes=spec.max_processes,
            env=launch.env,
            parent_pid=os.getpid(),
            chdir="/",  # the relay moves Freqtrade (only) into the bot's directory
            as_pid_1=True,  # the relay is the init: bwrap waits for it, nothing is orphaned
        )
        limits = JailLimits(
            memory_mb=launch.limits.memory_bytes // 1024**2,
            cpu_seconds=launch.limits.cpu_seconds,
            open_files=launch.limits.open_files,
            file_size_mb=spec.file_size_mb,
        )
        command = [sys.executable, "-I", "-m", "ai_strategies.jail", json.dumps(asdict(limits))]
        command += ["--sandbox", conf.to_json(), "--relay", spec.relay, "--", *launch.argv]
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            out = os.open(launch.stderr_path, flags, 0o600)
            try:
                if spec.uid is not None:
                    os.fchown(out, spec.uid, spec.uid)
                proc = await asyncio.create_subprocess_exec(
                    *command,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=out,
                    stderr=out,
                    cwd="/",
                    env=scrubbed_env(launch.cwd),
                    start_new_session=True,
                )
            finally:
                os.close(out)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        exited: asyncio.Future[int] = asyncio.ensure_future(proc.wait())
        exited.add_done_callback(lambda _: shutil.rmtree(stage, ignore_errors=True))
        return SandboxedProcess(proc.pid, exited)

    async def close(self) -> None:
        """Nothing to release: each sandbox dies with its bot (and with this worker)."""


def make_launcher(mode: str) -> Launcher:
    """Return the launcher for the `BOT_LAUNCHER` setting."""
    if mode == "subprocess":
        return SubprocessLauncher()
    return ZygoteLauncher()
