"""Figures only a running bot knows about its open trades: current rate and profit, stop-loss.

Asked of the bot's Freqtrade through its worker (the chat's /status does the same); the
bot page fetches these as JSON after rendering, so a slow or stopped bot never slows it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from orchestrator.bots.views import get_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import run_command

log = logging.getLogger(__name__)
# The page asks again every few seconds; a slower answer is not worth waiting for.
TIMEOUT_S = 5


@dataclass(frozen=True)
class LiveTrade:
    """An open trade's figures as the running bot reports them now."""

    trade_id: int
    current_rate: Decimal | None
    profit_abs: Decimal | None
    profit_ratio: Decimal | None
    stop_loss: Decimal | None


@dataclass(frozen=True)
class LiveBot:
    """A bot's open trades as it reports them now; `running` False when it could not be asked."""

    currency: str
    running: bool
    trades: tuple[LiveTrade, ...]


async def live_trades(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> LiveBot:
    """Ask the user's running bot for its open trades (`bot_not_found` if not theirs)."""
    bot = await get_bot(runtime, user_id, bot_id)
    try:
        answer = await run_command(runtime.redis, bot_id, "status", timeout=TIMEOUT_S)
    except UserFacingError:  # not running: the page keeps what it shows
        return LiveBot(bot.stake_currency, False, ())
    except Exception as exc:  # a busy worker or a bot that cannot answer: figures are optional
        log.info("bot %s gave no live figures: %s", bot_id, type(exc).__name__)
        return LiveBot(bot.stake_currency, False, ())
    if not isinstance(answer, list):
        return LiveBot(bot.stake_currency, False, ())
    found = tuple(_live(item) for item in answer if isinstance(item, Mapping) and _id(item))
    return LiveBot(bot.stake_currency, True, found)


def _live(item: Mapping[str, Any]) -> LiveTrade:
    return LiveTrade(
        trade_id=_id(item) or 0,
        current_rate=finite_decimal(item.get("current_rate")),
        profit_abs=finite_decimal(item.get("profit_abs")),
        profit_ratio=finite_decimal(item.get("profit_ratio")),
        stop_loss=finite_decimal(item.get("stop_loss_abs")),
    )


def _id(item: Mapping[str, Any]) -> int | None:
    value = item.get("trade_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def finite_decimal(value: object) -> Decimal | None:
    """Read a number sent as JSON (text or number); None when absent or not finite."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
