"""Lay out one bot's private directory: config, strategy, user data and logs.

A sandboxed bot owns its directory (its own uid), so whatever is in it may have been
planted by tenant code: before the worker, as root, touches it again, `reclaim` takes it
back (symlinks and special files removed, every entry ours), and logs are read without
following links.
"""

from __future__ import annotations

import os
import socket
import stat
from collections import deque
from dataclasses import dataclass
from pathlib import Path

_TAIL_BYTES = 256 * 1024


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

    @property
    def relay(self) -> Path:
        """The sandbox relay's configuration (ports and sockets; no secrets)."""
        return self.root / "relay.json"

    def prepare(self, class_name: str, code: str) -> None:
        """Create the private directories and materialise the strategy file."""
        if self.root.exists() and self.root.stat().st_uid != os.geteuid():
            self.reclaim()  # it ran sandboxed before: take it back before touching it
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

    def reclaim(self) -> None:
        """Make every entry ours and drop symlinks and special files (no process runs here)."""
        me = os.geteuid()
        if not self.root.exists():
            return
        os.chown(self.root, me, os.getegid(), follow_symlinks=False)
        for directory, dirs, files in os.walk(self.root):
            for name in [*dirs, *files]:
                path = os.path.join(directory, name)
                info = os.lstat(path)
                if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                    os.unlink(path)  # symlinks, sockets, fifos, devices
                    continue
                os.chown(path, me, os.getegid(), follow_symlinks=False)
                os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)

    def hand_over(self, uid: int) -> None:
        """Give the whole directory to a sandboxed bot's uid (call after `reclaim`)."""
        os.chown(self.root, uid, uid, follow_symlinks=False)
        for directory, dirs, files in os.walk(self.root):
            for name in [*dirs, *files]:
                os.chown(os.path.join(directory, name), uid, uid, follow_symlinks=False)

    def tail(self, lines: int = 20) -> list[str]:
        """Return the last lines of the Freqtrade log and stderr, oldest first."""
        found: list[str] = []
        for path in (self.log, self.stderr):
            text = _read_end(path, _TAIL_BYTES)
            if text is not None:
                found.extend(deque(text.splitlines(), maxlen=lines))
        return found[-lines:]


def _read_end(path: Path, size: int) -> str | None:
    """Read the end of a regular file, never through a symlink (None if there is none)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        handle.seek(max(0, info.st_size - size))
        data = handle.read(size)
    if info.st_size > size:
        data = data.partition(b"\n")[2]  # drop the partial first line
    return data.decode("utf-8", errors="replace")


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
