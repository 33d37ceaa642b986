"""The host side of a sandboxed bot's network: only its exchange, our webhook and its database.

A sandboxed bot has no route anywhere (its own network namespace, loopback only). The
worker gives it two unix sockets in the bot's directory, served here:

- `egress.sock`: an HTTP proxy (CONNECT host:port for https, absolute-URI requests for
  http) that connects only to the (host, port) pairs on the bot's allow-list: the
  exchange's API hosts (from ccxt, or the emulator) and our webhook's host, where a
  plain-http request must be for the bot's own webhook path. TLS destinations are only
  tunnelled, plain ones never are (so a path can always be checked). Anything else gets
  403 and a warning naming the bot.
- `db.sock`: a plain pipe to the bot's Postgres (TCP or the server's unix socket).

Inside the sandbox, `ai_strategies.relay` links loopback ports to these sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import logging
import os
import re
import socket
import stat
import struct
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from orchestrator.core.settings import Settings

log = logging.getLogger(__name__)

# Fixed ports inside each sandbox: every bot has a network namespace of its own.
API_PORT = 8080
PROXY_PORT = 3128
DB_PORT = 5432
PROXY_URL = f"http://127.0.0.1:{PROXY_PORT}"

EGRESS_SOCKET = "egress.sock"
DB_SOCKET = "db.sock"
API_SOCKET = "api.sock"

_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
_HEAD_TIMEOUT_S = 30
_CONNECT_TIMEOUT_S = 15
_CHUNK = 65536
_MAX_BODY = 1024 * 1024

Destination = tuple[str, int]


def destination(url: str) -> Destination:
    """Return the (host, port) a URL connects to."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    return (parts.hostname or "").lower().rstrip("."), port


@functools.cache
def exchange_api_urls(exchange: str) -> tuple[str, ...]:
    """Return every API URL ccxt (with its websocket flavour) uses for `exchange`."""
    pro = importlib.import_module("ccxt.pro")
    client = getattr(pro, exchange)()
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str) and "://" in value:
            found.append(client.implode_hostname(value))

    walk(client.urls["api"])
    return tuple(sorted(set(found)))


def exchange_uses_https(settings: Settings) -> bool:
    """Tell whether the bot's exchange REST API is https (real exchanges) or plain http."""
    if settings.uses_exchange_emulator:
        return urlsplit(settings.exchange_emulator_base).scheme == "https"
    return True


@dataclass(frozen=True)
class Route:
    """How one allowed destination may be reached through the proxy."""

    tunnel: bool  # TLS (https, wss): CONNECT only; plain http: absolute-URI requests only
    path_prefix: str = "/"  # plain http: the request's path must start with this
    exact_tail: bool = False  # and after the prefix, one plain path segment only


AllowList = Mapping[Destination, Route]
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")


def route_for(url: str, path_prefix: str = "/", exact_tail: bool = False) -> Route:
    """Return the route for a URL: tunnelled when it is TLS, inspected when plain http."""
    return Route(urlsplit(url).scheme in ("https", "wss"), path_prefix, exact_tail)


def permits(allowed: AllowList, method: str, where: Destination, target: str) -> bool:
    """Tell whether a proxy request may pass (`target`: the request's URL or host:port)."""
    route = allowed.get(where)
    if route is None:
        return False
    if method == "CONNECT":
        return route.tunnel
    if route.tunnel:
        return False  # a TLS destination is never spoken to in plain text
    path = urlsplit(target).path or "/"
    if not path.startswith(route.path_prefix):
        return False
    return not route.exact_tail or bool(_SEGMENT.fullmatch(path[len(route.path_prefix) :]))


async def allowed_destinations(settings: Settings, exchange: str, bot_id: str) -> AllowList:
    """Build a bot's allow-list: its exchange's API hosts and its own webhook on our app."""
    if settings.uses_exchange_emulator:
        urls: tuple[str, ...] = (settings.exchange_emulator_base,)
    else:
        # Importing ccxt takes a second: not on the event loop (cached afterwards).
        urls = await asyncio.to_thread(exchange_api_urls, exchange)
    allowed = {destination(url): route_for(url) for url in urls}
    hook = settings.webhook_base_url
    # Plain http: only its own webhook path (`.../hooks/freqtrade/<id>/<secret>`).
    prefix = f"{urlsplit(hook).path.rstrip('/')}/hooks/freqtrade/{bot_id}/"
    allowed[destination(hook)] = route_for(hook, prefix, exact_tail=True)
    return allowed


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the bot's database server listens: a unix socket path or TCP host and port."""

    unix_path: str | None = None
    host: str = ""
    port: int = 5432


def database_target(database_url: str) -> DatabaseTarget:
    """Find the Postgres server of a libpq-style URL (unix socket via `?host=/dir`)."""
    parts = urlsplit(database_url)
    query = dict(parse_qsl(parts.query))
    host = query.get("host") or parts.hostname or "localhost"
    port = int(query.get("port") or parts.port or 5432)
    if host.startswith("/"):
        return DatabaseTarget(unix_path=f"{host}/.s.PGSQL.{port}", port=port)
    return DatabaseTarget(host=host, port=port)


def sandboxed_db_url(db_url: str) -> str:
    """Point a bot's SQLAlchemy URL at the relay's loopback port for its database."""
    parts = urlsplit(db_url)
    userinfo = parts.netloc.rpartition("@")[0]
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("host", "port", "hostaddr")]
    netloc = f"{userinfo}@127.0.0.1:{DB_PORT}" if userinfo else f"127.0.0.1:{DB_PORT}"
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def relay_config(directory: str) -> dict[str, Any]:
    """Return the relay's configuration (no secrets): which port links to which socket."""
    return {
        "dir": directory,
        "tcp": [[PROXY_PORT, EGRESS_SOCKET], [DB_PORT, DB_SOCKET]],
        "unix": [[API_SOCKET, API_PORT]],
    }


class ProxyRequestError(Exception):
    """A request the proxy cannot parse: answered 400."""


@dataclass(frozen=True)
class ProxyRequest:
    """One parsed proxy request."""

    method: str
    target: str  # host:port for CONNECT, the absolute URL otherwise
    where: Destination
    upstream_head: bytes | None = None  # plain http: what to send to the destination
    body_length: int = 0  # plain http: the body that follows the head


def parse_proxy_head(head: bytes) -> ProxyRequest:
    """Parse a proxy request's head.

    CONNECT needs nothing sent upstream; an absolute-URI request is rewritten to origin
    form, without proxy headers and with `Connection: close`: exactly one request (its
    head and its Content-Length body) goes upstream per connection, never a second one.
    """
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ProxyRequestError("bad request line")
    method, target, version = parts
    try:
        where = destination(target)
        url = urlsplit(target)
    except ValueError:
        raise ProxyRequestError("bad host or port") from None
    if method.upper() == "CONNECT":
        if not where[0] or not target.rpartition(":")[2].isdigit():
            raise ProxyRequestError("CONNECT needs host:port")
        return ProxyRequest("CONNECT", target, where)
    if url.scheme != "http" or not url.hostname:
        raise ProxyRequestError("only absolute http:// URLs (https goes through CONNECT)")
    headers = [h for h in lines[1:] if h]
    fields = {h.partition(":")[0].strip().lower(): h.partition(":")[2].strip() for h in headers}
    if "transfer-encoding" in fields:
        raise ProxyRequestError("send a Content-Length, not a chunked body")
    length = fields.get("content-length", "0")
    if not length.isdigit() or int(length) > _MAX_BODY:
        raise ProxyRequestError("bad or too large Content-Length")
    skipped = ("proxy-", "connection:", "keep-alive:")
    kept = [h for h in headers if not h.lower().startswith(skipped)]
    path = urlunsplit(("", "", url.path or "/", url.query, ""))
    upstream = "\r\n".join([f"{method} {path} {version}", *kept, "Connection: close"])
    upstream_head = (upstream + "\r\n\r\n").encode("latin-1")
    return ProxyRequest(method, target, where, upstream_head, int(length))


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """Copy until end of stream; True on a clean end (the other side is then half-closed)."""
    try:
        while data := await reader.read(_CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (OSError, RuntimeError):
        return False
    return True


async def splice(
    a: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    b: tuple[asyncio.StreamReader, asyncio.StreamWriter],
) -> None:
    """Copy both ways until both directions end (or either fails), then close both."""
    pumps = [asyncio.ensure_future(_pump(a[0], b[1])), asyncio.ensure_future(_pump(b[0], a[1]))]
    try:
        for done in asyncio.as_completed(pumps):
            if not await done:
                break
    finally:
        for pump in pumps:
            pump.cancel()
        for writer in (a[1], b[1]):
            writer.close()


def _reply(writer: asyncio.StreamWriter, status: int, reason: str) -> None:
    body = f"{status} {reason}\n".encode()
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


# Postgres wire protocol: the first message's request codes (after its length).
_PROTOCOL_3 = 196608
_SSL_REQUEST = 80877103
_GSS_REQUEST = 80877104
_MAX_STARTUP = 10_000


async def read_startup(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, user: str
) -> bytes | None:
    """Read the client's startup message; return it only if it logs in as `user`.

    Encryption requests are declined ('N'; the link is a local socket), cancel requests and
    anything malformed are refused: only a protocol-3 login as the bot's own role goes up.
    """
    try:
        for _ in range(3):
            head = await asyncio.wait_for(reader.readexactly(8), _CONNECT_TIMEOUT_S)
            length, code = struct.unpack("!ii", head)
            if code in (_SSL_REQUEST, _GSS_REQUEST) and length == 8:
                writer.write(b"N")
                await writer.drain()
                continue
            if code != _PROTOCOL_3 or not 8 < length <= _MAX_STARTUP:
                return None
            body = await asyncio.wait_for(reader.readexactly(length - 8), _CONNECT_TIMEOUT_S)
            return head + body if _startup_user(body) == user else None
    except (asyncio.IncompleteReadError, TimeoutError, struct.error, OSError):
        return None
    return None


def _startup_user(body: bytes) -> str | None:
    """Return the `user` parameter of a startup message's key/value pairs."""
    fields = body.rstrip(b"\0").split(b"\0")
    pairs = dict(zip(fields[::2], fields[1::2], strict=False))
    user = pairs.get(b"user")
    return user.decode("utf-8", "replace") if user is not None else None


class BotGateway:
    """Serve one sandboxed bot's `egress.sock` and `db.sock` from the worker's event loop."""

    def __init__(
        self,
        bot_id: str,
        directory: str,
        allowed: AllowList,
        database: DatabaseTarget,
        *,
        owner: int | None = None,
        max_connections: int = 64,
        db_user: str | None = None,
    ) -> None:
        self.bot_id = bot_id
        # The only database user the bot may log in as: its own role (`names_for`), never one
        # the server trusts without a password (the embedded server trusts our own roles).
        self.db_user = db_user or f"nofomo_bot_{uuid.UUID(bot_id).hex}"
        self.directory = directory
        self.allowed = allowed
        self.database = database
        self.owner = owner
        self.max_connections = max_connections
        self.refused: deque[Destination] = deque(maxlen=100)  # the latest, for diagnosis
        self._dir_fd: int | None = None
        self._servers: list[asyncio.Server] = []
        self._inodes: dict[str, int] = {}
        self._writers: set[asyncio.StreamWriter] = set()
        self._clients = 0

    def _at(self, name: str) -> str:
        assert self._dir_fd is not None
        return f"/proc/self/fd/{self._dir_fd}/{name}"

    async def start(self) -> None:
        """Create both sockets (owned by the bot's uid, mode 0600) and serve them."""
        self._dir_fd = os.open(self.directory, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            for name, handler in ((EGRESS_SOCKET, self._egress), (DB_SOCKET, self._database)):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=self._dir_fd)
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.bind(self._at(name))
                os.chmod(name, 0o600, dir_fd=self._dir_fd)
                if self.owner is not None:
                    os.chown(name, self.owner, self.owner, dir_fd=self._dir_fd)
                self._inodes[name] = os.stat(name, dir_fd=self._dir_fd).st_ino
                self._servers.append(await asyncio.start_unix_server(handler, sock=sock))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop serving, cut every open connection and remove our sockets."""
        for server in self._servers:
            server.close()
        self._servers.clear()
        for writer in list(self._writers):
            writer.transport.abort()
        if self._dir_fd is None:
            return
        for name, inode in self._inodes.items():
            with contextlib.suppress(OSError):
                found = os.stat(name, dir_fd=self._dir_fd, follow_symlinks=False)
                if found.st_ino == inode and stat.S_ISSOCK(found.st_mode):
                    os.unlink(name, dir_fd=self._dir_fd)
        self._inodes.clear()
        os.close(self._dir_fd)
        self._dir_fd = None

    @contextlib.contextmanager
    def _tracked(self, writer: asyncio.StreamWriter) -> Iterator[bool]:
        """Count an open connection; yield False (and close it) when over the limit."""
        if self._clients >= self.max_connections:
            log.warning("bot %s: too many gateway connections; refused one", self.bot_id)
            writer.close()
            yield False
            return
        self._clients += 1
        self._writers.add(writer)
        try:
            yield True
        finally:
            self._clients -= 1
            self._writers.discard(writer)
            writer.close()

    async def _egress(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._tracked(writer) as admitted:
            if admitted:
                await self._proxy(reader, writer)

    async def _proxy(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _HEAD_TIMEOUT_S)
            request = parse_proxy_head(head)
        except ProxyRequestError as exc:
            _reply(writer, 400, f"Bad Request: {exc}")
            return
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, OSError):
            return
        if not permits(self.allowed, request.method, request.where, request.target):
            self.refused.append(request.where)
            log.warning(
                "bot %s: egress %s %s:%s refused: not on its allow-list",
                self.bot_id,
                request.method,
                *request.where,
            )
            _reply(writer, 403, "Forbidden")
            return
        try:
            body = b""
            if request.body_length:
                body = await asyncio.wait_for(
                    reader.readexactly(request.body_length), _HEAD_TIMEOUT_S
                )
            upstream = await asyncio.wait_for(
                asyncio.open_connection(*request.where, limit=_CHUNK), _CONNECT_TIMEOUT_S
            )
        except (asyncio.IncompleteReadError, OSError, TimeoutError) as exc:
            log.info("bot %s: %s:%s unreachable: %s", self.bot_id, *request.where, exc)
            _reply(writer, 502, "Bad Gateway")
            return
        self._writers.add(upstream[1])
        try:
            if request.upstream_head is None:
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                await splice((reader, writer), upstream)
            else:
                # One request, then only its response: nothing more from the bot goes up.
                upstream[1].write(request.upstream_head + body)
                await _pump(upstream[0], writer)
        finally:
            self._writers.discard(upstream[1])
            upstream[1].close()

    async def _database(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._tracked(writer) as admitted:
            if not admitted:
                return
            startup = await read_startup(reader, writer, self.db_user)
            if startup is None:
                log.warning("bot %s: refused a database login that was not its own", self.bot_id)
                return
            target = self.database
            try:
                if target.unix_path is not None:
                    upstream = await asyncio.open_unix_connection(target.unix_path)
                else:
                    upstream = await asyncio.wait_for(
                        asyncio.open_connection(target.host, target.port), _CONNECT_TIMEOUT_S
                    )
            except (OSError, TimeoutError) as exc:
                log.warning("bot %s: its database is unreachable: %s", self.bot_id, exc)
                return
            self._writers.add(upstream[1])
            upstream[1].write(startup)
            try:
                await splice((reader, writer), upstream)
            finally:
                self._writers.discard(upstream[1])
