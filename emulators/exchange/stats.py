"""A request log with per-endpoint counters."""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class LoggedRequest:
    """One request the emulator answered (or dropped)."""

    at: float
    method: str
    path: str
    status: int

    @property
    def endpoint(self) -> str:
        """Return the counter key, e.g. "GET /api/v3/klines"."""
        return f"{self.method} {self.path}"


class RequestLog:
    """Counts requests per endpoint since start or the last reset, and keeps the latest ones."""

    def __init__(self, keep: int = 2_000) -> None:
        self.counts: Counter[str] = Counter()
        self.recent: deque[LoggedRequest] = deque(maxlen=keep)
        self.started_at = time.time()

    def record(self, method: str, path: str, status: int) -> None:
        """Count one request."""
        entry = LoggedRequest(time.time(), method, path, status)
        self.counts[entry.endpoint] += 1
        self.recent.append(entry)

    def count(self, endpoint: str) -> int:
        """Return how often an endpoint ("GET /api/v3/klines") was requested."""
        return self.counts[endpoint]

    @property
    def total(self) -> int:
        """Return the number of requests counted."""
        return sum(self.counts.values())

    def reset(self) -> None:
        """Forget every count and logged request."""
        self.counts.clear()
        self.recent.clear()
        self.started_at = time.time()

    def snapshot(self) -> dict[str, Any]:
        """Return the counters as JSON-ready data."""
        return {
            "requests": dict(sorted(self.counts.items())),
            "total": self.total,
            "started_at": datetime.fromtimestamp(self.started_at, tz=UTC).isoformat(),
        }
