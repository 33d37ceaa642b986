"""Inside a sandboxed bot: link loopback ports to the worker's gateway, and run Freqtrade.

A sandboxed bot has its own network namespace with loopback only. This script (standard
library only, started by the jail as `python -I -c <source> RELAY-JSON -- FREQTRADE-ARGV`)
is the sandbox's first process (bwrap --as-pid-1). It binds its listeners, starts
Freqtrade as its child (so every listener is up before Freqtrade runs), and serves:

- 127.0.0.1:<proxy port> → `egress.sock` (the gateway's allow-listed HTTP proxy),
- 127.0.0.1:<db port> → `db.sock` (a pipe to the bot's own database),
- `api.sock` in the bot's directory → 127.0.0.1:<api port> (Freqtrade's REST API), which
  is how the worker reaches the bot.

As the namespace's init it also reaps orphans, passes SIGTERM/SIGINT on to Freqtrade and
exits with Freqtrade's status, which takes the whole sandbox down with it.

Everything here runs as the bot itself: it grants nothing the bot could not do alone.
Paths go through `/proc/self/fd/<dir>` so long directories fit in a socket address.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from typing import Any

_CHUNK = 65536


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """Copy until end of stream; True on a clean end (then half-close the other side)."""
    try:
        while data := await reader.read(_CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (OSError, RuntimeError):
        return False
    return True


async def _splice(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    target: tuple[str, Any],
) -> None:
    """Connect to `target` and copy both ways until both sides are done."""
    kind, where = target
    try:
        if kind == "unix":
            up_reader, up_writer = await asyncio.open_unix_connection(where)
        else:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", where)
    except OSError:
        writer.close()
        return
    pumps = [
        asyncio.ensure_future(_pump(reader, up_writer)),
        asyncio.ensure_future(_pump(up_reader, writer)),
    ]
    for done in asyncio.as_completed(pumps):
        if not await done:  # an error on one side: drop the other one too
            break
    for pump in pumps:
        pump.cancel()
    for side in (writer, up_writer):
        side.close()


async def _serve(listeners: list[tuple[socket.socket, tuple[str, Any]]], child: int) -> int:
    """Relay until Freqtrade (`child`) exits; reap every orphan; return its exit status."""
    loop = asyncio.get_running_loop()
    ended: asyncio.Future[int] = loop.create_future()

    def reap() -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == child and not ended.done():
                ended.set_result(os.waitstatus_to_exitcode(status))

    def forward(sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, sig)

    loop.add_signal_handler(signal.SIGCHLD, reap)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, forward, sig)
    reap()  # it may have ended before the handler was there
    for sock, target in listeners:

        async def handle(
            reader: asyncio.StreamReader,
            writer: asyncio.StreamWriter,
            target: tuple[str, Any] = target,
        ) -> None:
            await _splice(reader, writer, target)

        if sock.family == socket.AF_UNIX:
            await asyncio.start_unix_server(handle, sock=sock)
        else:
            await asyncio.start_server(handle, sock=sock)
    code = await ended
    return code if code >= 0 else 128 - code


def _listen(conf: dict[str, Any], directory: str) -> list[tuple[socket.socket, tuple[str, Any]]]:
    """Bind every listener now, before Freqtrade starts."""
    listeners: list[tuple[socket.socket, tuple[str, Any]]] = []
    for port, name in conf["tcp"]:
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind(("127.0.0.1", int(port)))
        tcp.listen(128)
        listeners.append((tcp, ("unix", f"{directory}/{name}")))
    for name, port in conf["unix"]:
        path = f"{directory}/{name}"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        unix.bind(path)
        os.chmod(path, 0o600)
        unix.listen(128)
        listeners.append((unix, ("tcp", int(port))))
    return listeners


def main(argv: list[str]) -> None:
    """Bind, start Freqtrade as our child, and relay until it exits."""
    conf_path, separator, *freqtrade = argv
    if separator != "--" or not freqtrade:
        sys.exit("usage: relay RELAY-JSON -- FREQTRADE-ARGV")
    with open(conf_path, encoding="utf-8") as file:
        conf = json.load(file)
    dir_fd = os.open(conf["dir"], os.O_PATH | os.O_DIRECTORY)
    listeners = _listen(conf, f"/proc/self/fd/{dir_fd}")
    child = os.fork()
    if child == 0:
        try:
            for sock, _ in listeners:
                sock.close()
            os.close(dir_fd)
            os.chdir(conf["dir"])
            os.execv(freqtrade[0], freqtrade)  # noqa: S606 - our own argv
        finally:
            os._exit(127)
    os.chdir("/")  # the bot's directory is the working directory of Freqtrade only
    code = asyncio.run(_serve(listeners, child))
    os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
else:
    with open(__file__, encoding="utf-8") as _source:
        RELAY_SOURCE = _source.read()
