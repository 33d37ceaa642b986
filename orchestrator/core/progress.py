"""Record job progress in Redis; the chat polls it to edit a message as work advances."""

from __future__ import annotations

import json
import time
from typing import Any

from redis.asyncio import Redis

PREFIX = "nofomo:progress:"


class Progress:
    """A callback that records the latest stage of one job."""

    def __init__(self, redis: Redis, key: str) -> None:
        self.redis = redis
        self.key = PREFIX + key

    async def __call__(self, stage: str, pct: float, **detail: Any) -> None:
        """Record `stage` at `pct` percent (0–100) with optional details."""
        payload = json.dumps(
            {"stage": stage, "pct": round(pct, 1), "at": time.time(), **detail}, default=str
        )
        await self.redis.set(self.key, payload, ex=3600)


async def read_progress(redis: Redis, key: str) -> dict[str, Any] | None:
    """Return the latest progress of a job, if any."""
    raw = await redis.get(PREFIX + key)
    return json.loads(raw) if raw else None
