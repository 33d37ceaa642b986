"""Test runs own their embedded servers: stop them on interrupt, sweep what a killed run left."""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType

import psutil

PREFIX = "nofomo-test-"
_OWNER = "owner.pid"
# A directory without an owner file (made before owners were recorded) is swept once stale.
_UNOWNED_STALE_S = 6 * 3600


def claim_root(name: str = "") -> Path:
    """Create a scratch directory this run owns (swept if the run is killed).

    Directories where an embedded Postgres lives must not be under pytest's basetemp: every
    new pytest run chmods /tmp/pytest-of-<user> to 0700, locking out the Postgres user.
    """
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{name}"))
    me = psutil.Process()
    (root / _OWNER).write_text(f"{me.pid} {me.create_time()}")
    return root


def _owner_alive(root: Path) -> bool:
    """Tell whether the run that created `root` is still running."""
    if not (root / _OWNER).exists():
        with contextlib.suppress(OSError):
            return time.time() - root.stat().st_mtime < _UNOWNED_STALE_S
    try:
        pid_text, created = (root / _OWNER).read_text().split()
        owner = psutil.Process(int(pid_text))
        return abs(owner.create_time() - float(created)) < 1
    except (OSError, ValueError, psutil.Error):
        return False


def users_of(root: Path) -> list[psutil.Process]:
    """Return processes started for `root`: by path on their command line or as their cwd."""
    found = []
    text = str(root)
    for proc in psutil.process_iter(["cmdline", "cwd"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if text in cmdline or (proc.info["cwd"] or "").startswith(text):
            found.append(proc)
    return found


def sweep_orphans(parent: Path | None = None) -> list[Path]:
    """Stop the servers of earlier runs that died without cleaning up; remove their files."""
    swept = []
    for root in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        if not root.is_dir() or _owner_alive(root):
            continue
        for proc in users_of(root):
            with contextlib.suppress(psutil.Error):
                proc.kill()
        psutil.wait_procs(users_of(root), timeout=10)
        shutil.rmtree(root, ignore_errors=True)
        swept.append(root)
    return swept


def interrupt_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so pytest tears fixtures down as on Ctrl-C."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it outright
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)
