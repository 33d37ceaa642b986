"""The Storage emulator server: the aiohttp application and the `StorageEmulator` handle."""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web

from emulators.storage.routes import API, MAX_UPLOAD, PROJECT, Project, add_routes, guard
from emulators.storage.state import StorageState

REQUEST_LOG = 10_000


def create_app(project: Project) -> web.Application:
    """Build the application serving the Storage API routes for one project."""
    app = web.Application(client_max_size=MAX_UPLOAD, middlewares=[guard])
    app[PROJECT] = project
    add_routes(app)
    return app


class StorageEmulator:
    """A Supabase Storage API on 127.0.0.1 that `storage3` talks to as to a real project.

    Give clients `url` as SUPABASE_URL and `service_key` as SUPABASE_SERVICE_KEY. State is
    in memory; `clock` (Unix seconds) decides when signed URLs expire.
    """

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        service_key: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.host = host
        self.service_key = service_key or secrets.token_urlsafe(32)
        state, secret = StorageState(clock), secrets.token_bytes(32)
        self.project = Project(state, self.service_key, secret, deque(maxlen=REQUEST_LOG))
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Return the project URL (what SUPABASE_URL holds)."""
        if self._port is None:
            raise RuntimeError("the storage emulator is not running")
        return f"http://{self.host}:{self._port}"

    @property
    def storage_url(self) -> str:
        """Return the Storage API root, as storage3's client takes it."""
        return f"{self.url}{API}/"

    @property
    def requests(self) -> list[str]:
        """Return the latest requests (up to REQUEST_LOG) as `METHOD /path`, oldest first."""
        return list(self.project.requests)

    def object_data(self, bucket: str, path: str) -> bytes | None:
        """Return an object's bytes as stored, or None."""
        found = self.project.state.buckets.get(bucket)
        stored = found.objects.get(path) if found is not None else None
        return stored.data if stored is not None else None

    async def start(self) -> None:
        """Listen on the port (0 picks a free one)."""
        runner = web.AppRunner(
            create_app(self.project),
            handler_cancellation=True,
            access_log=None,
            shutdown_timeout=1.0,
        )
        await runner.setup()
        await web.TCPSite(runner, self.host, self._requested_port).start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening and drop open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> StorageEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
