"""Flood control (token buckets answering 429) and seeded 5xx fault injection."""

from __future__ import annotations

import dataclasses
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from emulators.telegram.errors import too_many_requests


@dataclass(frozen=True)
class FloodLimits:
    """Flood-control settings; the defaults follow `telegram.constants.FloodLimit`.

    Each limit is a token bucket, the model `AIORateLimiter` (aiolimiter) uses too:
    a private chat gets `per_chat_per_sec` with a burst of `per_chat_burst`; a group
    also gets `group_per_min` with a burst of that size; all chats share
    `global_per_sec` with a burst of one second's worth. A rate of 0 disables a limit.
    """

    enabled: bool = True
    per_chat_per_sec: float = 1.0
    per_chat_burst: int = 3
    group_per_min: float = 20.0
    global_per_sec: float = 30.0


class TokenBucket:
    """A bucket refilling at `rate` tokens a second up to `capacity`."""

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = max(capacity, 1.0)
        self.tokens = self.capacity
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Refill, then return how long until one token is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        """Spend one token."""
        self.tokens -= 1


class FloodLimiter:
    """Answer 429 with `retry_after` once a chat, a group or the bot sends too fast."""

    def __init__(self, limits: FloodLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.buckets: dict[tuple[str, int], TokenBucket] = {}

    def configure(self, **changes: float | bool) -> FloodLimits:
        """Change some settings and start every bucket full again."""
        self.limits = dataclasses.replace(self.limits, **changes)  # type: ignore[arg-type]
        self.buckets.clear()
        return self.limits

    def acquire(self, chat_id: int, *, is_group: bool) -> None:
        """Spend a token from every bucket the chat draws on, or raise a 429 ApiError."""
        if not self.limits.enabled:
            return
        now = self.clock()
        buckets = list(self._buckets_for(chat_id, is_group, now))
        wait = max((bucket.wait_time(now) for bucket in buckets), default=0.0)
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.take()

    def _buckets_for(self, chat_id: int, is_group: bool, now: float) -> Iterable[TokenBucket]:
        limits = self.limits
        specs = [
            ("global", 0, limits.global_per_sec, limits.global_per_sec),
            ("chat", chat_id, limits.per_chat_per_sec, limits.per_chat_burst),
        ]
        if is_group:
            specs.append(("group", chat_id, limits.group_per_min / 60, limits.group_per_min))
        for kind, key, rate, capacity in specs:
            if rate > 0:
                bucket = self.buckets.get((kind, key))
                if bucket is None:
                    bucket = self.buckets[(kind, key)] = TokenBucket(rate, capacity, now)
                yield bucket


@dataclass(frozen=True)
class Fault:
    """A failure to inject: the status, and whether the call takes effect first."""

    status: int
    after: bool


@dataclass(frozen=True)
class FaultPlan:
    """What to fail: the next `count` calls, and/or a seeded `error_rate` of calls.

    `methods` limits the plan to some methods (case-insensitive); by default every
    method except getUpdates fails, so long polling does not swallow the faults.
    `after` makes the call take effect before failing, like a reply lost on the way.
    """

    status: int = 502
    count: int = 0
    error_rate: float = 0.0
    methods: frozenset[str] | None = None
    after: bool = False


class FaultInjector:
    """Decide per call whether to answer a 5xx, deterministically from a seed."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.plan = FaultPlan()

    def configure(self, plan: FaultPlan, seed: int | None = None) -> None:
        """Replace the plan, reseeding the random source when `seed` is given."""
        self.plan = plan
        if seed is not None:
            self.rng = random.Random(seed)

    def next_fault(self, method: str) -> Fault | None:
        """Return the fault for this call of `method`, or None to let it through."""
        plan = self.plan
        if plan.methods is None and method == "getupdates":
            return None
        if plan.methods is not None and method not in plan.methods:
            return None
        if plan.count > 0:
            self.plan = dataclasses.replace(plan, count=plan.count - 1)
            return Fault(plan.status, plan.after)
        if plan.error_rate > 0 and self.rng.random() < plan.error_rate:
            return Fault(plan.status, plan.after)
        return None
