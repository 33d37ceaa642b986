"""Start bot processes from the zygote (default) or as plain subprocesses."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from dataclasses import dataclass, field
from typing import Protocol

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


def make_launcher(mode: str) -> Launcher:
    """Return the launcher for the `BOT_LAUNCHER` setting."""
    if mode == "subprocess":
        return SubprocessLauncher()
    return ZygoteLauncher()
