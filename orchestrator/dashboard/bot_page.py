"""The bot page's read model: the bot's card, trades, statistics, chart series and history.

Everything is read as the user in one transaction; an id that is not one of their bots is
`bot_not_found` (the page answers 404 either way). Chart series are plain numbers (Unix
seconds and floats) because they go to the browser as JSON; money stays Decimal elsewhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import asyncpg

from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard import stats as figures
from orchestrator.dashboard.bot_results import read_results
from orchestrator.dashboard.cards import BotCard, card_from_row, heartbeats, read_card
from orchestrator.dashboard.overview import today_starts
from orchestrator.dashboard.trades import ClosedPage, OpenTradeRow, closed_page, open_trades
from orchestrator.dashboard.viewer import valid_zone

HISTORY: Final = 30  # events and decisions shown, newest first
CURVE_POINTS: Final = 1200  # more than a phone or a desktop chart can show
# How many of the latest periods the bars show, per unit.
BARS: Final[dict[figures.Unit, int]] = {"day": 30, "week": 26, "month": 12}


@dataclass(frozen=True)
class Series:
    """Points of a chart: x as Unix seconds, y as numbers."""

    x: tuple[int, ...]
    y: tuple[float, ...]


@dataclass(frozen=True)
class HistoryRow:
    """A bot event or a recorded decision, with the figures behind it."""

    at: dt.datetime
    source: str  # "event" (bot_events) or the audit log's actor: supervisor, user, system
    kind: str  # event kind or audit action
    level: str  # info, warning or error
    message: str
    reason: str | None  # a supervisor reason: loss_streak or drawdown
    streak: int | None
    drawdown_pct: float | None


@dataclass(frozen=True)
class BotPage:
    """Everything the bot page shows."""

    card: BotCard
    open_trades: tuple[OpenTradeRow, ...]
    closed: ClosedPage
    stats: figures.Stats
    curve: Series  # cumulative realised profit after each closed trade
    bars: dict[figures.Unit, Series]  # profit per day, week and month (zone of the reader)
    events: tuple[HistoryRow, ...]
    decisions: tuple[HistoryRow, ...]


async def bot_page(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, page: int, now: dt.datetime, tz: str
) -> BotPage:
    """Read one of the user's bots for its page."""
    async with runtime.db.as_user(user_id) as conn:
        row = await read_card(conn, bot_id, today_starts(now, tz))
        if row is None:
            raise UserFacingError("bot_not_found")
        opened = await open_trades(conn, bot_id)
        closed = await closed_page(conn, bot_id, page, total=row["closed_trades"])
        results = await read_results(conn, bot_id, valid_zone(tz), CURVE_POINTS)
        events = await conn.fetch(_EVENTS, bot_id, HISTORY)
        decisions = await conn.fetch(_DECISIONS, str(bot_id), HISTORY)
    beat = (await heartbeats(runtime, [bot_id], now)).get(bot_id)
    return BotPage(
        card=card_from_row(row, beat),
        open_trades=opened,
        closed=closed,
        stats=results.stats,
        curve=_curve(results.curve),
        bars={unit: _bars(results.days, unit, count) for unit, count in BARS.items()},
        events=tuple(_event(r) for r in events),
        decisions=tuple(_decision(r) for r in decisions),
    )


async def bot_card(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, now: dt.datetime, tz: str
) -> BotCard:
    """Read one of the user's bots as its card only (confirmation pages)."""
    async with runtime.db.as_user(user_id) as conn:
        row = await read_card(conn, bot_id, today_starts(now, tz))
    if row is None:
        raise UserFacingError("bot_not_found")
    beat = (await heartbeats(runtime, [bot_id], now)).get(bot_id)
    return card_from_row(row, beat)


_EVENTS = (
    "select created_at, kind, level, message, data from bot_events where bot_id = $1"
    " order by created_at desc, id desc limit $2"
)
_DECISIONS = (
    "select created_at, actor, action, data from audit_log where target = $1"
    " order by created_at desc, id desc limit $2"
)


def _curve(points: Sequence[tuple[int, float]]) -> Series:
    return Series(tuple(x for x, _ in points), tuple(y for _, y in points))


def _bars(days: Sequence[tuple[dt.date, Decimal]], unit: figures.Unit, count: int) -> Series:
    """Return the latest `count` periods' profit, oldest first.

    x is each period's first day at 00:00 UTC: a calendar date, not a moment.
    """
    latest = figures.roll_up(days, unit)[-count:]
    x = tuple(int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()) for day, _ in latest)
    return Series(x, tuple(float(total) for _, total in latest))


def _event(row: asyncpg.Record) -> HistoryRow:
    data = row["data"] if isinstance(row["data"], dict) else {}
    return HistoryRow(
        row["created_at"], "event", row["kind"], row["level"], row["message"], *_why(data)
    )


def _decision(row: asyncpg.Record) -> HistoryRow:
    data = row["data"] if isinstance(row["data"], dict) else {}
    level = "warning" if row["action"] in ("bot.warn", "bot.pause") else "info"
    return HistoryRow(row["created_at"], row["actor"], row["action"], level, "", *_why(data))


def _why(data: dict[str, Any]) -> tuple[str | None, int | None, float | None]:
    """Return a supervisor verdict's reason, loss streak and drawdown from its data."""
    reason = data.get("reason")
    streak = data.get("streak")
    drawdown = data.get("drawdown_pct")
    return (
        reason if isinstance(reason, str) else None,
        streak if isinstance(streak, int) else None,
        float(drawdown) if isinstance(drawdown, int | float | Decimal) else None,
    )
