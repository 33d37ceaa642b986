"""A python-telegram-bot rate limiter that spends the deployment's shared flood budget.

Every request Telegram counts (a message sent, copied, forwarded or edited) waits for
the budget in Redis that the alert senders spend too, as a reply: replies may burst and
always find room, so a burst of alerts never starves a chat. A 429 is recorded there for
every process (its chat, or the whole bot when several chats hit one together), and the
request is retried once the hold is over. This is the only place a chat reply's 429 is
handled; the alert sender has a Bot of its own without this limiter.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from redis.asyncio import Redis
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from orchestrator.alerts import FloodBudget, Priority
from orchestrator.alerts.budget import ChatId
from telegram_bot.alerts.ptb import retry_seconds

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]

# A 429 holds the request for retry_after; try again this many times before giving up.
MAX_RETRIES = 2
_COUNTED = ("send", "edit", "copy", "forward")
_FREE = frozenset({"sendChatAction"})  # "typing…" is not a message


def shared_budget(redis: Redis, token: str) -> FloodBudget:
    """Return the flood budget of the bot behind `token`, shared through `redis`."""
    bot_id = token.partition(":")[0]  # Telegram limits the bot; its id names the budget
    return FloodBudget(redis, bot_id)


def counts(endpoint: str) -> bool:
    """Tell whether Telegram counts a call of `endpoint` against the flood limits."""
    return endpoint.startswith(_COUNTED) and endpoint not in _FREE


def chat_of(data: dict[str, Any]) -> ChatId:
    """Return the request's chat: an int id, an @name, or None."""
    chat = data.get("chat_id")
    if chat is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(chat)
    return str(chat)


class SharedRateLimiter(BaseRateLimiter[int]):
    """Pace chat replies within the shared budget; on a 429, hold every process, then retry.

    `rate_limit_args`, when a call passes it, is that call's number of retries.
    """

    def __init__(self, budget: FloodBudget, max_retries: int = MAX_RETRIES) -> None:
        self.budget = budget
        self.max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to set up: the budget lives in Redis."""

    async def shutdown(self) -> None:
        """Nothing to release: the Redis connection is the runtime's."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Wait for the budget, make the request, and record Telegram's answer."""
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        chat, counted = chat_of(data), counts(endpoint)
        attempt = 0
        while True:
            if counted:
                await self.budget.acquire(chat, Priority.REPLY)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                await self.budget.flooded(chat, retry_seconds(exc))
                if attempt >= retries:
                    log.warning("%s to %s flooded after %d retries", endpoint, chat, retries)
                    raise
                attempt += 1
                continue  # acquire waits out the hold just recorded
            if counted:
                await self.budget.answered(chat)
            return result
