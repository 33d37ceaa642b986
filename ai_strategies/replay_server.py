"""Serve a recorded market snapshot on loopback, point Freqtrade at it, then become Freqtrade.

Freqtrade loads the exchange's markets on every command, backtests included, but a run
of tenant code gets no network. This script (standard library only, started as
`python -I -c <source> SNAPSHOT CONFIG -- FREQTRADE-ARGV`) answers those requests from
a snapshot the host recorded, rewrites the run's config to use it, and execs Freqtrade.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _handler(responses: dict[str, str]) -> type[BaseHTTPRequestHandler]:
    """Build a request handler that answers GETs from the recorded responses."""

    class Replay(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = responses.get(self.path) or responses.get(self.path.split("?", 1)[0])
            status = 200 if body is not None else 404
            data = (body if body is not None else '{"code": -1, "msg": "not recorded"}').encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: the run's log is Freqtrade's."""

    return Replay


def _point_config(config_path: str, keys: list[str], port: int) -> None:
    """Rewrite the run's config so every exchange API base is the replay server."""
    with open(config_path, encoding="utf-8") as file:
        config = json.load(file)
    ccxt = config["exchange"].setdefault("ccxt_config", {})
    ccxt.setdefault("urls", {})["api"] = {k: f"http://127.0.0.1:{port}/{k}" for k in keys}
    config["exchange"]["ccxt_async_config"] = dict(ccxt)
    with open(config_path, "w", encoding="utf-8") as file:
        json.dump(config, file)


def main(argv: list[str]) -> None:
    """Start the server in a child process, then exec Freqtrade in this one."""
    snapshot_path, config_path, separator, *freqtrade = argv
    if separator != "--" or not freqtrade:
        sys.exit("usage: replay SNAPSHOT CONFIG -- FREQTRADE-ARGV")
    with open(snapshot_path, encoding="utf-8") as file:
        snapshot = json.load(file)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(snapshot["responses"]))
    _point_config(config_path, list(snapshot["bases"]), server.server_address[1])
    parent = os.getpid()
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if os.getppid() == parent:
            server.serve_forever()
        os._exit(0)
    server.socket.close()
    os.execv(freqtrade[0], freqtrade)  # noqa: S606 - our own argv


if __name__ == "__main__":
    main(sys.argv[1:])
