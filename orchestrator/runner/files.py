"""Lay out one bot's private directory: config, strategy, user data and logs."""

from __future__ import annotations

import os
import socket
from collections import deque
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BotFiles:
    """Paths of one bot's files under DATA_DIR/bots/<id>."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config.json"

    @property
    def strategies(self) -> Path:
        return self.root / "strategies"

    @property
    def userdir(self) -> Path:
        return self.root / "user_data"

    @property
    def log(self) -> Path:
        return self.root / "freqtrade.log"

    @property
    def stderr(self) -> Path:
        return self.root / "stderr.log"

    def prepare(self, class_name: str, code: str) -> None:
        """Create the private directories and materialise the strategy file."""
        for path in (self.root, self.strategies, self.userdir):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(path, 0o700)
        for stale in self.strategies.glob("*.py"):
            stale.unlink()
        target = self.strategies / f"{class_name}.py"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(code)

    def argv(self, class_name: str) -> list[str]:
        """Return Freqtrade's command line: paths only, never a secret."""
        return [
            "trade",
            "--config",
            str(self.config),
            "--userdir",
            str(self.userdir),
            "--strategy",
            class_name,
            "--strategy-path",
            str(self.strategies),
            "--logfile",
            str(self.log),
        ]

    def tail(self, lines: int = 20) -> list[str]:
        """Return the last lines of the Freqtrade log and stderr, oldest first."""
        found: list[str] = []
        for path in (self.log, self.stderr):
            if path.exists():
                with path.open(encoding="utf-8", errors="replace") as handle:
                    found.extend(line.rstrip("\n") for line in deque(handle, maxlen=lines))
        return found[-lines:]


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def failure_reason(log_lines: list[str], pinged: bool) -> str:
    """Turn a failed start's log into a short reason a person understands."""
    text = "\n".join(log_lines)
    if "Address already in use" in text or "error while attempting to bind" in text:
        return "api_port_in_use: the bot's API port was taken"
    for marker in ("Impossible to load Strategy", "SyntaxError", "TypeError", "ImportError"):
        for line in reversed(log_lines):
            if marker in line:
                return f"strategy_failed: {line.strip()[-300:]}"
    errors = [line for line in log_lines if "ERROR" in line or "Error" in line]
    if errors:
        return f"crashed: {errors[-1].strip()[-300:]}"
    return "no_api_ping: the bot did not answer /ping in time" if not pinged else "unknown"
