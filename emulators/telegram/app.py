"""The emulator server: the aiohttp application and the `TelegramEmulator` handle."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from aiohttp import web

from emulators.telegram.api import STATE, bot_api
from emulators.telegram.control import Controller
from emulators.telegram.limits import FloodLimits
from emulators.telegram.routes import CONTROLLER, control_errors, routes
from emulators.telegram.snapshot import HISTORY_LIMIT
from emulators.telegram.state import EmulatorState
from emulators.telegram.statefile import StateFile
from emulators.telegram.webhook import WebhookDeliverer

MAX_UPLOAD = 52 * 1024 * 1024


def create_app(controller: Controller) -> web.Application:
    """Build the application serving the Bot API, the control API and the chat page."""
    app = web.Application(client_max_size=MAX_UPLOAD, middlewares=[control_errors])
    app[STATE] = controller.state
    app[CONTROLLER] = controller
    app.router.add_routes(routes)
    app.router.add_route("*", "/bot{token}/{method}", bot_api)
    return app


class TelegramEmulator(Controller):
    """A local Telegram Bot API on 127.0.0.1 with the control API as Python methods.

    `flood_limits` is True (Telegram's limits), False (none) or a `FloodLimits`. With a
    `state_path`, users and chats (each with its last `history_limit` messages) are read from
    that file on construction and kept in it, so they survive a restart as real chats do.
    `clock` dates Mini App launches (initData's `auth_date`).
    """

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        flood_limits: bool | FloodLimits = True,
        seed: int = 0,
        bot_username: str = "nofomo_test_bot",
        bot_name: str = "NoFOMO Test Bot",
        webhook_retry_delay: float = 0.05,
        webhook_max_delay: float = 1.0,
        state_path: Path | str | None = None,
        history_limit: int = HISTORY_LIMIT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        limits = flood_limits if isinstance(flood_limits, FloodLimits) else None
        limits = limits or FloodLimits(enabled=bool(flood_limits))
        super().__init__(EmulatorState(limits, seed, bot_username, bot_name, clock=clock))
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._deliverer = WebhookDeliverer(self.state, webhook_retry_delay, webhook_max_delay)
        self._store = None if state_path is None else StateFile(Path(state_path), history_limit)
        self._saver: asyncio.Task[None] | None = None
        if self._store is not None:
            self._store.load(self.state)

    async def start(self) -> None:
        """Listen on the port (0 picks a free one) and start webhook delivery."""
        self.state.closing = False
        runner = web.AppRunner(
            create_app(self), handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._requested_port)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        await self._deliverer.start()
        if self._store is not None:
            saver = self._store.keep_saved(self.state)
            self._saver = asyncio.create_task(saver, name="telegram-emulator-state")

    async def stop(self) -> None:
        """Release long polls, stop webhook delivery, close the server and save the chats."""
        self.state.closing = True
        self.state.signal.notify()
        await self._deliverer.stop()
        if self._saver is not None:
            self._saver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._saver
            self._saver = None
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        if self._store is not None:
            self._store.save(self.state)

    async def __aenter__(self) -> TelegramEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return self._port

    @property
    def url(self) -> str:
        """Return the server's root URL, which serves the chat page."""
        return f"http://{self.host}:{self.port}"

    @property
    def bot_base_url(self) -> str:
        """Return the value for `ApplicationBuilder().base_url(...)`."""
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        """Return the value for `ApplicationBuilder().base_file_url(...)`."""
        return f"{self.url}/file/bot"
