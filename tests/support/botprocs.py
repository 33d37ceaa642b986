"""Find bot processes by their working directory, and watch for duplicates."""

from __future__ import annotations

import re
import threading
from collections import Counter

import psutil

_BOT_DIR = re.compile(r"/bots/([0-9a-f-]{36})$")


def bot_processes() -> dict[str, list[int]]:
    """Map bot id → pids of live processes running in that bot's directory."""
    found: dict[str, list[int]] = {}
    for proc in psutil.process_iter(["pid", "status"]):
        if proc.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        try:
            match = _BOT_DIR.search(proc.cwd())
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        if match:
            found.setdefault(match.group(1), []).append(proc.info["pid"])
    return found


class DuplicateWatcher:
    """Sample every 100 ms in a thread; remember the most processes ever seen per bot."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.max_seen: Counter[str] = Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for bot_id, pids in bot_processes().items():
                self.max_seen[bot_id] = max(self.max_seen[bot_id], len(pids))
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> DuplicateWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
