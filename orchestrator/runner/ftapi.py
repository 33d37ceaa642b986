"""A small client for one bot's Freqtrade REST API."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from orchestrator.errors import TemporaryError


@dataclass(frozen=True)
class ApiCredentials:
    """Where a bot's API listens and its random credentials."""

    port: int
    username: str
    password: str

    def __repr__(self) -> str:
        return f"ApiCredentials(port={self.port})"


class FreqtradeApi:
    """Call `/api/v1/*` on a bot over 127.0.0.1 with HTTP Basic auth."""

    def __init__(self, creds: ApiCredentials, session: aiohttp.ClientSession) -> None:
        self._base = f"http://127.0.0.1:{creds.port}/api/v1"
        self._headers = {"Authorization": aiohttp.encode_basic_auth(creds.username, creds.password)}
        self._session = session

    async def request(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Send one request; raise TemporaryError when the bot does not answer properly."""
        try:
            async with self._session.request(
                method,
                f"{self._base}/{path.lstrip('/')}",
                json=body,
                headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as resp:
                data = await resp.json(content_type=None)
                if resp.status >= 400:
                    raise TemporaryError(f"freqtrade {path} answered {resp.status}: {data}")
                return data
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TemporaryError(f"freqtrade {path} unreachable: {type(exc).__name__}") from None

    async def ping(self) -> bool:
        """Tell whether the API answers `/ping`."""
        try:
            data = await self.request("GET", "ping", timeout=1)
        except TemporaryError:
            return False
        return isinstance(data, dict) and data.get("status") == "pong"

    async def wait_ready(self, timeout: float, alive: Any) -> bool:
        """Poll `/ping` until it answers or `timeout` passes or `alive()` turns false."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if not alive():
                return False
            if await self.ping():
                return True
            await asyncio.sleep(0.1)
        return False
