"""The Tripay emulator server: the aiohttp application and the `TripayEmulator` handle."""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable

from aiohttp import web

from emulators.tripay.api import add_api_routes
from emulators.tripay.callbacks import CallbackAttempt, CallbackSender
from emulators.tripay.checkout import add_page_routes
from emulators.tripay.control import add_control_routes
from emulators.tripay.gateway import GATEWAY, Gateway, guard
from emulators.tripay.state import Transaction, TripayState

_ALPHANUMERIC = string.ascii_letters + string.digits


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


def sandbox_api_key() -> str:
    """Return a made-up key shaped like a Tripay sandbox API key: DEV- and 40 characters."""
    return "DEV-" + _random(40)


def sandbox_private_key() -> str:
    """Return a made-up private key shaped like Tripay's: five groups of five characters."""
    return "-".join(_random(5) for _ in range(5))


def create_app(gateway: Gateway) -> web.Application:
    """Build the application serving the API, the control API and the checkout pages."""
    app = web.Application(middlewares=[guard])
    app[GATEWAY] = gateway
    add_api_routes(app)
    add_control_routes(app)
    add_page_routes(app)
    return app


class TripayEmulator:
    """Tripay's merchant API on 127.0.0.1, with callbacks sent back as Tripay sends them.

    Give the app `url` as TRIPAY_BASE_URL with `api_key`, `private_key` and
    `merchant_code`; keys not given are made up for this run. `clock` (Unix seconds)
    decides expiry and paid_at; callbacks are retried `callback_tries` times,
    `callback_interval_s` apart.
    """

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        api_key: str | None = None,
        private_key: str | None = None,
        merchant_code: str = "T00001",
        callback_interval_s: float = 120.0,
        callback_tries: int = 3,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.host = host
        self.api_key = api_key or sandbox_api_key()
        self.private_key = private_key or sandbox_private_key()
        self.merchant_code = merchant_code
        sender = CallbackSender(
            self.private_key, interval_s=callback_interval_s, tries=callback_tries
        )
        state = TripayState(merchant_code, clock)
        self.gateway = Gateway(state, sender, self.api_key, self.private_key)
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None

    @property
    def root_url(self) -> str:
        """Return the emulator's address, e.g. http://127.0.0.1:8083."""
        if self._port is None:
            raise RuntimeError("the Tripay emulator is not running")
        return f"http://{self.host}:{self._port}"

    @property
    def url(self) -> str:
        """Return the API base URL (what TRIPAY_BASE_URL holds), with its trailing slash."""
        return f"{self.root_url}/api-sandbox/"

    @property
    def transactions(self) -> list[Transaction]:
        """Return the stored transactions, oldest first (live records, not copies)."""
        return list(self.gateway.state.transactions.values())

    @property
    def callbacks(self) -> list[CallbackAttempt]:
        """Return every callback delivery try so far, oldest first."""
        return list(self.gateway.sender.attempts)

    async def start(self) -> None:
        """Listen on the port (0 picks a free one) and open the callback client."""
        await self.gateway.sender.start()
        runner = web.AppRunner(
            create_app(self.gateway),
            handler_cancellation=True,
            access_log=None,
            shutdown_timeout=1.0,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self._requested_port).start()
        except OSError:
            await runner.cleanup()
            await self.gateway.sender.close()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop pending callbacks, stop listening and drop open connections."""
        await self.gateway.sender.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TripayEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
