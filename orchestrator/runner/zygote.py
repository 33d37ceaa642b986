"""The zygote: a pre-imported, single-threaded fork-server for Freqtrade bots.

Run as `python -m orchestrator.runner.zygote` by a worker. It imports Freqtrade and its
heavy dependencies once, freezes the GC so forked children share those pages, then
forks one child per request read from stdin (JSON lines) and reports spawns and exits
on stdout. It dies with its worker, and its children die with it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import sys
import threading
from typing import Any

from orchestrator.runner.sandbox import (
    LaunchSpec,
    become_bot,
    run_freqtrade,
    set_parent_death_signal,
    set_undumpable,
)

PRELOAD = (
    "numpy",
    "pandas",
    "talib",
    "ccxt",
    "sqlalchemy",
    "psycopg",
    "freqtrade.main",
    "freqtrade.worker",
    "freqtrade.freqtradebot",
    "freqtrade.strategy",
    "freqtrade.rpc.api_server",
    "freqtrade.rpc.webhook",
    "freqtrade.commands.trade_commands",
    "freqtrade.data.dataprovider",
    "freqtrade.persistence",
)


def preload() -> None:
    """Import everything a bot needs, then freeze the heap for copy-on-write sharing."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _spawn(request: dict[str, Any], children: set[int]) -> None:
    spec = LaunchSpec.from_json(request["spec"])
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            become_bot(spec, parent)
            code = run_freqtrade(spec)
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code)
    children.add(pid)
    _emit({"event": "spawned", "id": request["id"], "pid": pid})


def _reap(children: set[int]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        _emit({"event": "exit", "pid": pid, "code": os.waitstatus_to_exitcode(status)})


def _kill_all(children: set[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def serve() -> None:
    """Fork bots on request until stdin closes (the worker went away)."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    children: set[int] = set()
    stdin = sys.stdin.buffer
    buffer = b""
    while True:
        ready, _, _ = select.select([stdin, wake_r], [], [])
        if wake_r in ready:
            os.read(wake_r, 4096)
            _reap(children)
        if stdin in ready:
            chunk = os.read(stdin.fileno(), 65536)
            if not chunk:
                _kill_all(children)
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                _spawn(json.loads(line), children)


def main() -> None:
    """Start the zygote: die with the worker, preload, announce readiness, serve."""
    set_parent_death_signal()
    set_undumpable()
    if len(sys.argv) > 1 and os.getppid() != int(sys.argv[1]):
        sys.exit(70)  # the worker died before PDEATHSIG was armed
    preload()
    _emit({"event": "ready", "pid": os.getpid(), "threads": threading.active_count()})
    serve()


if __name__ == "__main__":
    main()
