"""One Telegram flood budget for the whole deployment, kept in Redis.

Telegram limits a bot, not a process: about 30 messages a second overall and one a
second per chat, with a short burst. Every alert sender and every chat reply, in every
process, spends this one budget through atomic scripts (`budget_scripts`), so two web
instances still send at most 30 a second, and a 429 seen by one holds them all.

Replies come first: alerts may use only `alert_rate` of `global_rate` and never burst,
while a reply may burst and is admitted whenever the total allows, so a burst of alerts
never starves a chat. A script admits a request or says how long to wait; it never
reserves a future slot, so a reply never queues behind alerts.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from orchestrator.alerts import budget_scripts
from orchestrator.alerts.limits import REAL_TIME, Clock

log = logging.getLogger(__name__)

ChatId = int | str | None  # a chat id, an @channel name, or no chat at all
Args = list[str | int | float]
# Without Redis an alert cannot know its turn: it waits this long and asks again.
UNAVAILABLE_WAIT = 1.0
_ERRORS = (RedisError, OSError)


class Priority(enum.Enum):
    """Who spends the budget: a chat reply goes before any alert."""

    ALERT = "alert"
    REPLY = "reply"


class Scope(enum.Enum):
    """What a request waits for: nothing, its chat, or the bot's overall rate."""

    NONE = "none"
    CHAT = "chat"
    BOT = "bot"


@dataclass(frozen=True)
class Verdict:
    """A script's answer: admitted (scope NONE), or how long to wait and for what."""

    wait: float
    scope: Scope

    @property
    def admitted(self) -> bool:
        """Tell whether the request was admitted (and its messages spent)."""
        return self.scope is Scope.NONE


@dataclass(frozen=True)
class BudgetLimits:
    """Telegram's limits as the deployment spends them; a rate or interval of 0 is no limit."""

    global_rate: float = 30.0  # messages a second, the whole bot
    alert_rate: float = 25.0  # the share alerts may use; the rest is always free for replies
    reply_burst: int = 5  # replies that may go at once beyond the overall rate
    chat_interval: float = 1.0  # seconds between messages to one private chat
    group_interval: float = 3.0  # and to one group (20 a minute)
    chat_reply_burst: int = 3  # replies one chat may get at once (Telegram's short burst)
    flood_window: float = 1.0  # 429s from `flood_chats` chats this close together ...
    flood_chats: int = 2  # ... mean the whole bot is flooded

    def spacing(self, chat: ChatId) -> float:
        """Return the seconds between two messages to `chat` (0 without a chat)."""
        if chat is None:
            return 0.0
        group = isinstance(chat, str) or chat < 0  # @names are channels or supergroups
        return self.group_interval if group else self.chat_interval


def _step(rate: float) -> float:
    return 1.0 / rate if rate > 0 else 0.0


class FloodBudget:
    """The bot's shared flood budget: admit, space, and hold sends across every process."""

    def __init__(
        self,
        redis: Redis,
        bot: str,
        limits: BudgetLimits | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.limits = limits or BudgetLimits()
        self.clock = clock  # None: Redis' own clock, one for every host
        self.prefix = f"tgflood:{{{bot}}}"  # one hash slot per bot, should Redis be a cluster
        self._take = redis.register_script(budget_scripts.TAKE)
        self._answered = redis.register_script(budget_scripts.ANSWERED)
        self._hold = redis.register_script(budget_scripts.HOLD)
        self._flooded = redis.register_script(budget_scripts.FLOODED)
        self._gates = {priority: asyncio.Lock() for priority in Priority}

    async def acquire(self, chat: ChatId, priority: Priority, messages: int = 1) -> None:
        """Wait until `messages` may go to `chat`, and spend them."""
        verdict = await self.take(chat, priority, messages)
        while not verdict.admitted:
            if verdict.scope is Scope.BOT:
                verdict = await self._queue(chat, priority, messages)
            else:
                await self._sleep(verdict.wait)
                verdict = await self.take(chat, priority, messages)

    async def _queue(self, chat: ChatId, priority: Priority, messages: int) -> Verdict:
        """Wait for the overall rate as this process's one waiter of `priority`."""
        async with self._gates[priority]:  # the others wait here, not on Redis
            verdict = await self.take(chat, priority, messages)
            while verdict.scope is Scope.BOT:
                await self._sleep(verdict.wait)
                verdict = await self.take(chat, priority, messages)
            return verdict

    async def take(self, chat: ChatId, priority: Priority, messages: int = 1) -> Verdict:
        """Spend `messages` now if every limit allows, else return how long to wait."""
        limits, alert = self.limits, priority is Priority.ALERT
        reply_slack = (max(limits.reply_burst, 1) - 1) * _step(limits.global_rate)
        chat_step = limits.spacing(chat) * messages
        chat_slack = 0.0 if alert else (limits.chat_reply_burst - 1) * limits.spacing(chat)
        args: Args = [
            self._now(),
            int(alert),
            _step(limits.global_rate) * messages,
            0.0 if alert else reply_slack,
            _step(limits.alert_rate) * messages,
            chat_step,
            max(chat_slack, 0.0),
        ]
        keys = [*self._bot_keys("all", "alerts", "hold", "alerts:hold"), *self._chat_keys(chat)]
        try:
            wait, scope = await self._take(keys=keys, args=args)
        except _ERRORS as exc:
            return self._unavailable(priority, exc)
        return Verdict(float(wait), Scope(_text(scope)))

    async def answered(self, chat: ChatId) -> None:
        """Space the chat's next message from now, when Telegram has answered."""
        step = self.limits.spacing(chat)
        if step > 0:
            await self._run(self._answered, self._chat_keys(chat)[:1], [self._now(), step])

    async def flooded(self, chat: ChatId, retry_after: float) -> bool:
        """Hold the chat (or the bot) for `retry_after`; return True if the hold is bot-wide."""
        limits = self.limits
        keys = [*self._bot_keys("hold"), self._chat_keys(chat)[1], *self._bot_keys("floods")]
        member = "" if chat is None else str(chat)
        args: Args = [self._now(), retry_after, member, limits.flood_window, limits.flood_chats]
        bot_wide = await self._run(self._flooded, keys, args)
        if bot_wide:
            log.warning("Telegram flood control hit the whole bot; holding for %ss", retry_after)
        return bool(bot_wide)

    async def pause(self, seconds: float, priority: Priority = Priority.ALERT) -> None:
        """Hold every alert (or every message, for REPLY) for `seconds`, in every process."""
        key = "alerts:hold" if priority is Priority.ALERT else "hold"
        await self._run(self._hold, self._bot_keys(key), [self._now(), seconds])

    async def _run(self, script: AsyncScript, keys: list[str], args: Args) -> object:
        try:
            return await script(keys=keys, args=args)
        except _ERRORS as exc:
            log.warning("flood budget unavailable, %s not recorded: %s", keys[0], exc)
            return None

    def _unavailable(self, priority: Priority, exc: BaseException) -> Verdict:
        if priority is Priority.REPLY:  # a chat must still answer; Telegram's 429 still guards
            log.warning("flood budget unavailable, replying unpaced: %s", exc)
            return Verdict(0.0, Scope.NONE)
        log.warning("flood budget unavailable, alerts wait: %s", exc)
        return Verdict(UNAVAILABLE_WAIT, Scope.CHAT)  # each waits alone, not in the queue

    def _bot_keys(self, *names: str) -> list[str]:
        return [f"{self.prefix}:{name}" for name in names]

    def _chat_keys(self, chat: ChatId) -> list[str]:
        base = f"{self.prefix}:chat:{'-' if chat is None else chat}"
        return [base, f"{base}:hold"]

    def _now(self) -> str:
        return "" if self.clock is None else repr(self.clock.now())

    async def _sleep(self, seconds: float) -> None:
        await (self.clock or REAL_TIME).sleep(seconds)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


@dataclass(frozen=True)
class SharedPacing:
    """A sender's `Pacing` over the shared budget: its alerts go after every reply."""

    budget: FloodBudget
    slots: asyncio.Semaphore
    clock: Clock = REAL_TIME

    async def turn(self, chat_id: int, since_last_sent: float | None, messages: int = 1) -> None:
        """Wait for the chat and the overall rate as an alert."""
        spacing = self.budget.limits.spacing(chat_id)
        if since_last_sent is not None and since_last_sent < spacing:
            # The outbox remembers the last delivery even if Redis has lost its keys.
            await self.clock.sleep(spacing - since_last_sent)
        await self.budget.acquire(chat_id, Priority.ALERT, messages)

    async def answered(self, chat_id: int) -> None:
        """Space the chat's next message from Telegram's answer."""
        await self.budget.answered(chat_id)

    async def flooded(self, chat_id: int, retry_after: float) -> None:
        """Hold the chat, or everyone, in every process."""
        await self.budget.flooded(chat_id, retry_after)

    async def pause(self, seconds: float) -> None:
        """Hold every sender's alerts while Telegram looks down; replies may still try."""
        await self.budget.pause(seconds)

    def forget_idle(self) -> None:
        """Nothing to forget: idle keys expire in Redis."""
