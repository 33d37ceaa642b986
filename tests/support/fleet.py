"""Several `nofomo` processes behind a round-robin balancer, as Render runs instances."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from aiohttp import web

from nofomo.cli.telegram import WEBHOOK_PATH
from orchestrator.core.settings import Settings
from tests.support.processes import NOFOMO
from tests.support.waiting import eventually

_HOP_BY_HOP = {"host", "content-length", "transfer-encoding", "connection", "keep-alive"}


def settings_free_env(**settings: str) -> dict[str, str]:
    """Return this environment without any NoFOMO setting, plus `settings`."""
    names = {name.upper() for name in Settings.model_fields}
    return {**{k: v for k, v in os.environ.items() if k.upper() not in names}, **settings}


def redis_db_url(url: str, db: int) -> str:
    """Return `url` pointing at logical database `db` of the same Redis."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


@dataclass(frozen=True)
class Delivery:
    """One Telegram update a web instance accepted."""

    update_id: int
    instance: int  # index into the balancer's backends


class RoundRobin:
    """A balancer on 127.0.0.1 that hands each Telegram update to the next instance.

    An update goes to the instance after the one that accepted the previous update; a
    refused delivery is answered 502 and the retry goes to the same instance, so two
    updates in a row never land on one instance. Other requests simply take turns.
    """

    def __init__(self, backends: Sequence[str]) -> None:
        self.backends = list(backends)
        self.deliveries: list[Delivery] = []
        self._turns = itertools.count()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Return the balancer's base URL."""
        assert self._runner is not None, "the balancer is not started"
        return f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def start(self) -> None:
        """Listen on a free port."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()

    async def stop(self) -> None:
        """Close the listener and the client."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        update = request.path == WEBHOOK_PATH
        turn = len(self.deliveries) if update else next(self._turns)
        instance = turn % len(self.backends)
        response = await self._send(self.backends[instance], request, body)
        if update and 200 <= response.status < 300:
            self.deliveries.append(Delivery(json.loads(body)["update_id"], instance))
        return response

    async def _send(self, backend: str, request: web.Request, body: bytes) -> web.Response:
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        try:
            async with self._session.request(
                request.method, backend + request.path_qs, data=body, headers=headers
            ) as reply:
                payload = await reply.read()
                kept = {k: v for k, v in reply.headers.items() if k.lower() not in _HOP_BY_HOP}
                return web.Response(status=reply.status, body=payload, headers=kept)
        except (aiohttp.ClientError, TimeoutError):
            return web.Response(status=502)  # the instance is down: the sender retries


@dataclass
class Service:
    """One `nofomo` process, logging to its own file."""

    name: str
    process: asyncio.subprocess.Process
    log: Path

    def tail(self, lines: int = 60) -> str:
        """Return the end of the process's log."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Fleet:
    """`nofomo` processes started in `root`; `close` ends every one still running."""

    root: Path
    services: list[Service] = field(default_factory=list)

    async def start(self, name: str, *args: str, env: dict[str, str]) -> Service:
        """Start `nofomo ARGS` with its log at ROOT/NAME.log and ROOT as working directory."""
        log = self.root / f"{name}.log"
        with log.open("w") as handle:
            process = await asyncio.create_subprocess_exec(
                *NOFOMO, *args, env=env, cwd=self.root,
                stdout=subprocess.DEVNULL, stderr=handle,
            )  # fmt: skip
        service = Service(name, process, log)
        self.services.append(service)
        return service

    async def stop(self, service: Service, timeout: float = 90) -> int:
        """Stop one process as a deploy does (SIGTERM, then SIGKILL); return its exit code."""
        process = service.process
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                process.kill()
                await process.wait()
        assert process.returncode is not None
        return process.returncode

    async def close(self) -> None:
        """Stop every process, the last started first."""
        for service in reversed(self.services):
            await self.stop(service, timeout=30)


async def wait_healthy(service: Service, port: int, within: float = 120) -> None:
    """Wait until the service's /healthz answers 200, failing at once if it exits."""
    url = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:

        async def healthy() -> bool:
            code = service.process.returncode
            assert code is None, f"{service.name} exited with {code}:\n{service.tail()}"
            try:
                async with session.get(url) as response:
                    return response.status == 200
            except (aiohttp.ClientError, TimeoutError):
                return False

        await eventually(healthy, within=within, every=0.3, what=f"{service.name} healthy")
