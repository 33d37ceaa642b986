"""Redis leases with fencing tokens: at most one worker may run a given bot."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, cast

from redis.asyncio import Redis

LEASE_PREFIX = "nofomo:lease:bot:"
FENCE_PREFIX = "nofomo:fence:bot:"
WORKERS_KEY = "nofomo:workers"

# Renew only if we still own the lease (value match), atomically.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""


def _wait(value: Awaitable[Any] | Any) -> Awaitable[Any]:
    # redis-py's asyncio client is typed as sync-or-async; it is always async here.
    return cast(Awaitable[Any], value)


_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class Lease:
    """A held lease: who holds it, its fencing token, and when it was last confirmed."""

    bot_id: str
    holder: str
    token: int
    confirmed_at: float

    @property
    def value(self) -> str:
        """Return the value stored in Redis for this lease."""
        return f"{self.holder}|{self.token}"


class LeaseManager:
    """Acquire, renew and release bot leases for one worker."""

    def __init__(self, redis: Redis, holder: str, ttl_ms: int = 8000) -> None:
        self.redis = redis
        self.holder = holder
        self.ttl_ms = ttl_ms

    @property
    def safe_ms(self) -> int:
        """Return how long a lease may go unconfirmed before its bot must die."""
        # Kill well before Redis expires the key, so a successor never overlaps.
        return int(self.ttl_ms * 0.6)

    async def acquire(self, bot_id: str) -> Lease | None:
        """Take the lease if nobody holds it; return None otherwise."""
        token = int(await self.redis.incr(FENCE_PREFIX + bot_id))
        lease = Lease(bot_id, self.holder, token, time.monotonic())
        ok = await self.redis.set(LEASE_PREFIX + bot_id, lease.value, nx=True, px=self.ttl_ms)
        return lease if ok else None

    async def renew(self, lease: Lease) -> Lease | None:
        """Extend the lease; return the refreshed lease, or None if it was lost."""
        started = time.monotonic()
        ok = await _wait(
            self.redis.eval(_RENEW, 1, LEASE_PREFIX + lease.bot_id, lease.value, str(self.ttl_ms))
        )
        return Lease(lease.bot_id, lease.holder, lease.token, started) if ok else None

    async def release(self, lease: Lease) -> None:
        """Give the lease up if we still hold it."""
        await _wait(self.redis.eval(_RELEASE, 1, LEASE_PREFIX + lease.bot_id, lease.value))

    def expired_locally(self, lease: Lease, now: float | None = None) -> bool:
        """Tell whether the lease went unconfirmed for too long to keep running."""
        now = time.monotonic() if now is None else now
        return (now - lease.confirmed_at) * 1000 >= self.safe_ms


async def lease_holder(redis: Redis, bot_id: str) -> str | None:
    """Return the name of the worker holding a bot's lease, if any."""
    value = await redis.get(LEASE_PREFIX + bot_id)
    if value is None:
        return None
    text = value.decode() if isinstance(value, bytes) else str(value)
    return text.rsplit("|", 1)[0]


async def announce_worker(
    redis: Redis, name: str, capacity: int, running: int, ttl_s: int, sandbox: bool = False
) -> None:
    """Record this worker's free room (and whether it can run custom code) for placement."""
    now = time.time()
    mapping = {"capacity": capacity, "running": running, "sandbox": int(sandbox)}
    await redis.zadd(WORKERS_KEY, {name: now})
    await _wait(redis.hset(f"{WORKERS_KEY}:{name}", mapping=mapping))
    await redis.expire(f"{WORKERS_KEY}:{name}", ttl_s)


@dataclass(frozen=True)
class WorkerRoom:
    """A live worker with free slots, as its last heartbeat announced it."""

    name: str
    room: int
    sandbox: bool  # bubblewrap works there: custom-code bots may run there


async def live_workers(redis: Redis, stale_after_s: float = 5) -> list[WorkerRoom]:
    """List live workers with free slots, most room first."""
    cutoff = time.time() - stale_after_s
    await redis.zremrangebyscore(WORKERS_KEY, 0, cutoff)
    names = [
        n.decode() if isinstance(n, bytes) else n for n in await redis.zrange(WORKERS_KEY, 0, -1)
    ]
    rooms = []
    for name in names:
        info = await _wait(redis.hgetall(f"{WORKERS_KEY}:{name}"))
        if not info:
            continue
        capacity, running = int(info[b"capacity"]), int(info[b"running"])
        if capacity > running:
            sandbox = info.get(b"sandbox", b"0") == b"1"
            rooms.append(WorkerRoom(name, capacity - running, sandbox))
    return sorted(rooms, key=lambda item: -item.room)


async def workers_with_room(redis: Redis, stale_after_s: float = 5) -> list[tuple[str, int]]:
    """List live workers and their free slots, most room first."""
    return [(w.name, w.room) for w in await live_workers(redis, stale_after_s)]


async def forget_worker(redis: Redis, name: str) -> None:
    """Remove a worker from the registry on clean shutdown."""
    await redis.zrem(WORKERS_KEY, name)
    await redis.delete(f"{WORKERS_KEY}:{name}")
