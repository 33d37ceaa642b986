"""Take turns per Telegram user across every web instance: one update at a time, via Redis.

A chat step sends its reply a moment before its state is stored. Without a turn, a tap that
lands on another instance within that moment, or two of one user's updates that Telegram
delivers to two instances at once, would read the previous step.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable
from typing import Any, cast

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

PREFIX = "nofomo:chat-turn:"
# Longer than any one update; a crashed holder's turn ends by itself after it.
TURN_MS = 30_000
# How long an update waits for the user's previous one before going ahead anyway.
WAIT_S = 30.0
POLL_S = 0.02

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


@contextlib.asynccontextmanager
async def turn(redis: Redis, telegram_id: int) -> AsyncIterator[None]:
    """Hold the user's turn for the block, waiting for the holder first.

    Redis trouble must not silence the bot: the update then goes ahead without a turn.
    """
    key, token = f"{PREFIX}{telegram_id}", secrets.token_hex(8)
    held = await _take(redis, key, token)
    try:
        yield
    finally:
        if held:
            await _give_back(redis, key, token)


async def _take(redis: Redis, key: str, token: str) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    try:
        while not await redis.set(key, token, nx=True, px=TURN_MS):
            if loop.time() > deadline:
                log.warning("chat turn %s still held after %.0f s; going ahead", key, WAIT_S)
                return False
            await asyncio.sleep(POLL_S)
    except RedisError as exc:
        log.warning("chat turn %s unavailable (%s); going ahead", key, exc)
        return False
    return True


async def _give_back(redis: Redis, key: str, token: str) -> None:
    try:
        # Only our own turn: after TURN_MS another update may hold it.
        await cast(Awaitable[Any], redis.eval(_RELEASE, 1, key, token))
    except RedisError as exc:
        log.warning("chat turn %s not released (%s); it expires by itself", key, exc)
