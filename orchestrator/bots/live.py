"""What a user's running bots answer right now: their wallets, open-trade counts and logs.

Each running bot is asked through its worker (Freqtrade's REST API, or the runner's copy of
its log). One bot that does not answer is reported as such; it never hides the others.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, Self, TypeVar

from orchestrator.bots import views
from orchestrator.bots.service import bot_command
from orchestrator.bots.views import BotView
from orchestrator.core.errors import UserFacingError
from orchestrator.core.logs import REDACTOR
from orchestrator.core.runtime import Runtime

log = logging.getLogger(__name__)

T = TypeVar("T")
# The worker states in which a bot has a Freqtrade to ask.
LIVE_STATES = ("running", "paused")
LOG_LINES = 20
# user:password@ in any URL a library prints (Freqtrade masks its database URL; others may not).
_URL_CREDENTIALS = re.compile(r"(://[^/\s:@]+:)[^@\s/]+@")


def _decimal(value: object) -> Decimal:
    """Read a number Freqtrade sent (a float, int or text) exactly as it was written."""
    return Decimal(str(value if value is not None else 0))


@dataclass(frozen=True)
class Holding:
    """One currency in a bot's wallet."""

    currency: str
    balance: Decimal
    free: Decimal
    used: Decimal
    value: Decimal  # estimated in the stake currency


@dataclass(frozen=True)
class Wallet:
    """A bot's wallet as Freqtrade reports it: simulated for a dry-run bot."""

    stake_currency: str
    total: Decimal  # everything, estimated in the stake currency
    holdings: tuple[Holding, ...]
    simulated: bool

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Build the wallet from Freqtrade's /balance answer (empty holdings left out)."""
        holdings = tuple(
            Holding(
                str(item["currency"]),
                _decimal(item.get("balance")),
                _decimal(item.get("free")),
                _decimal(item.get("used")),
                _decimal(item.get("est_stake")),
            )
            for item in data.get("currencies", [])
            if _decimal(item.get("balance"))
        )
        simulated = bool(data.get("note"))  # "Simulated balances" in dry-run, empty live
        return cls(str(data["stake"]), _decimal(data.get("total")), holdings, simulated)


@dataclass(frozen=True)
class OpenCount:
    """How many trades a bot has open, of how many it may hold at once."""

    current: int
    limit: int | None  # None: no limit
    stake: Decimal  # what the open trades cost, in the stake currency

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Build the count from Freqtrade's /count answer (max -1 means no limit)."""
        limit = int(data["max"])
        return cls(
            int(data["current"]), limit if limit >= 0 else None, _decimal(data["total_stake"])
        )


@dataclass(frozen=True)
class Answer(Generic[T]):
    """One bot and what it answered: nothing when it is not running or did not answer."""

    bot: BotView
    value: T | None = None
    unreachable: bool = False

    @property
    def live(self) -> bool:
        """Tell whether the bot runs (whether or not it answered)."""
        return self.value is not None or self.unreachable


async def balances(runtime: Runtime, user_id: uuid.UUID) -> list[Answer[Wallet]]:
    """Return every bot of the user with the wallet of those that run."""
    return await _ask_all(runtime, user_id, "balance", Wallet.from_api)


async def open_counts(runtime: Runtime, user_id: uuid.UUID) -> list[Answer[OpenCount]]:
    """Return every bot of the user with the open-trade count of those that run."""
    return await _ask_all(runtime, user_id, "count", OpenCount.from_api)


async def _ask_all(
    runtime: Runtime, user_id: uuid.UUID, command: str, parse: Callable[[Any], T]
) -> list[Answer[T]]:
    """Ask every running bot of the user at once; the others are listed as they are."""
    found = await views.list_bots(runtime, user_id)
    asks = (_ask(runtime, user_id, bot, command, parse) for bot in found)
    return list(await asyncio.gather(*asks))


async def _ask(
    runtime: Runtime, user_id: uuid.UUID, bot: BotView, command: str, parse: Callable[[Any], T]
) -> Answer[T]:
    """Ask one bot if it runs; one that fails to answer is marked, never raised."""
    if bot.status not in LIVE_STATES:
        return Answer(bot)
    try:
        return Answer(bot, parse(await bot_command(runtime, user_id, bot.id, command)))
    except (UserFacingError, TimeoutError) as exc:
        log.info("bot %s did not answer %s: %r", bot.id, command, exc)
    except (KeyError, TypeError, ValueError, InvalidOperation):
        log.warning("bot %s answered %s unreadably", bot.id, command, exc_info=True)
    return Answer(bot, unreachable=True)


async def bot_logs(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, lines: int = LOG_LINES
) -> list[str]:
    """Return the last lines of a running bot's log, every secret we know of masked."""
    # bot_command refuses a bot that is not the user's, so the service read below is theirs.
    result = await bot_command(runtime, user_id, bot_id, "logs", lines=lines)
    async with runtime.db.as_service() as conn:
        # Freqtrade prints the webhook URL, which carries this secret, when a post fails.
        secret = await conn.fetchval("select webhook_secret from bots where id = $1", bot_id)
    found = result.get("lines", []) if isinstance(result, dict) else []
    return redact([str(line) for line in found], [secret] if secret else [])


def redact(lines: Sequence[str], secrets: Sequence[str]) -> list[str]:
    """Mask the given secrets, our own settings' secrets and credentials inside URLs."""
    masked = []
    for line in lines:
        for secret in secrets:
            line = line.replace(secret, "***")
        masked.append(_URL_CREDENTIALS.sub(r"\1***@", REDACTOR.scrub(line)))
    return masked
