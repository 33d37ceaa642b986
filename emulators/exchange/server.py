"""ExchangeEmulator: the app on a real 127.0.0.1 port that can go dark and come back on it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from types import TracebackType
from typing import Any

from aiohttp import web

from emulators.exchange.app import create_app
from emulators.exchange.faults import FaultMode
from emulators.exchange.state import STATE, EmulatorSettings, EmulatorState

REBIND_ATTEMPTS = 50
REBIND_PAUSE = 0.1


class ExchangeEmulator:
    """A Binance- and Bybit-compatible exchange on 127.0.0.1 (port 0 picks a free one)."""

    def __init__(
        self, settings: EmulatorSettings | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.app = create_app(settings)
        self.app[STATE].outage_hook = self._request_outage
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def state(self) -> EmulatorState:
        """Return the shared state (markets, candles, ledger, faults, request log)."""
        return self.app[STATE]

    @property
    def port(self) -> int:
        """Return the listening port (known once started)."""
        return self._port

    @property
    def url(self) -> str:
        """Return the base URL, e.g. http://127.0.0.1:8082."""
        return f"http://{self._host}:{self._port}"

    @property
    def binance_api_url(self) -> str:
        """Return the URL to use as ccxt's binance `urls.api.public`/`private`."""
        return f"{self.url}/api/v3"

    @property
    def bybit_api_url(self) -> str:
        """Return the URL to use as ccxt's bybit `urls.api.public`/`private`."""
        return self.url

    async def start(self) -> None:
        """Start serving."""
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await self._listen()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop serving and cancel any pending restart."""
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = self._site = None

    async def __aenter__(self) -> ExchangeEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def set_fault(
        self,
        mode: FaultMode | str,
        *,
        seconds: float | None = None,
        delay: float = 1.0,
        lag: float = 0.0,
    ) -> None:
        """Switch the fault (see FaultMode); `seconds=None` lasts until cleared."""
        mode = FaultMode(mode)
        if mode is FaultMode.OUTAGE:
            await self.outage(seconds)
            return
        self.state.faults.set(mode, seconds=seconds, delay=delay, lag=lag)
        if self._site is None and self._runner is not None:
            await self._listen()

    async def clear_faults(self) -> None:
        """End any fault, listening again if an outage is on."""
        await self.set_fault(FaultMode.NONE)

    async def outage(self, seconds: float | None) -> None:
        """Stop listening and drop every connection; listen again after `seconds` (if given)."""
        self.state.faults.set(FaultMode.OUTAGE, seconds=seconds)
        if self._site is not None:
            await self._site.stop()
            self._site = None
        if self._runner is not None and self._runner.server is not None:
            for connection in list(self._runner.server.connections):
                connection.force_close()
        if seconds:
            self._spawn(self._come_back(seconds))

    def stats(self) -> dict[str, Any]:
        """Return the request counters, as GET /_emu/stats does."""
        return self.state.log.snapshot()

    def reset_stats(self) -> None:
        """Reset the request counters."""
        self.state.log.reset()

    def price(self, symbol: str) -> float:
        """Return the current price of a market (exchange id, e.g. BTCUSDT)."""
        return self.state.book.price(symbol, self.state.faults.market_ms())

    async def _listen(self) -> None:
        """Bind the site on the known port, retrying while the port is still held."""
        assert self._runner is not None
        for attempt in range(REBIND_ATTEMPTS):
            site = web.TCPSite(self._runner, self._host, self._port, reuse_address=True)
            try:
                await site.start()
            except OSError:
                if attempt == REBIND_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(REBIND_PAUSE)
            else:
                self._site = site
                return

    async def _come_back(self, seconds: float) -> None:
        """Listen again after an outage, on the same port."""
        await asyncio.sleep(seconds)
        if self.state.faults.current().mode is FaultMode.OUTAGE:
            self.state.faults.clear()
        if self._site is None and self._runner is not None:
            await self._listen()

    def _request_outage(self, seconds: float) -> None:
        """Start an outage shortly, so the control request that asked for it gets its answer."""
        self._spawn(self._delayed_outage(seconds))

    async def _delayed_outage(self, seconds: float) -> None:
        """Start an outage after a short pause."""
        await asyncio.sleep(0.05)
        await self.outage(seconds)

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """Run a background task that stop() will cancel."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
