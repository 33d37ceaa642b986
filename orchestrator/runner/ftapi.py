"""A small client for one bot's Freqtrade REST API."""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
from dataclasses import dataclass
from typing import Any

import aiohttp

from orchestrator.core.errors import TemporaryError


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

    def __init__(self, creds: ApiCredentials, session: aiohttp.ClientSession | None) -> None:
        self._base = f"http://127.0.0.1:{creds.port}/api/v1"
        self._headers = {"Authorization": aiohttp.encode_basic_auth(creds.username, creds.password)}
        self._session: aiohttp.ClientSession | None = session

    async def _ready_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            raise TemporaryError("freqtrade API closed")
        return self._session

    async def close(self) -> None:
        """Release what this client owns (nothing: the session is shared)."""

    async def request(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Send one request; raise TemporaryError when the bot does not answer properly."""
        session = await self._ready_session()
        try:
            async with session.request(
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


class UnixSocketApi(FreqtradeApi):
    """The API of a sandboxed bot, through the `api.sock` its relay serves in its directory.

    The bot owns that directory, so the socket is opened once without following links and
    then used by its inode (`/proc/self/fd/N`): a link planted later cannot send our
    requests to another socket of the host.
    """

    def __init__(self, creds: ApiCredentials, directory: str, name: str = "api.sock") -> None:
        super().__init__(creds, None)
        self._base = "http://bot/api/v1"
        self._directory, self._name = directory, name
        self._socket_fd: int | None = None
        self._closed = False

    async def _ready_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise TemporaryError("freqtrade API closed")
        if self._session is None:
            self._socket_fd = _open_socket(self._directory, self._name)
            connector = aiohttp.UnixConnector(path=f"/proc/self/fd/{self._socket_fd}")
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def close(self) -> None:
        """Close the session and the socket handle."""
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._socket_fd is not None:
            os.close(self._socket_fd)
            self._socket_fd = None


def _open_socket(directory: str, name: str) -> int:
    """Return an O_PATH handle on a unix socket in `directory`; TemporaryError if none yet."""
    try:
        dir_fd = os.open(directory, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise TemporaryError(f"freqtrade API unreachable: {exc.strerror}") from None
    try:
        fd = os.open(name, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError:
        raise TemporaryError("freqtrade API socket not there yet") from None
    finally:
        os.close(dir_fd)
    if not stat.S_ISSOCK(os.fstat(fd).st_mode):
        with contextlib.suppress(OSError):
            os.close(fd)
        raise TemporaryError("freqtrade API socket is not a socket")
    return fd
