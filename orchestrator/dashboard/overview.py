"""The overview page's read model: a card per bot, totals across bots, the plan.

Read as the user, under row-level security. Profit is realised profit from the synced
`trades` table, per stake currency (a USDT bot and a USDC bot are never added up); "today"
starts at midnight in the user's time zone. A bot's last heartbeat is when its worker last
renewed the bot's lease in Redis (renewed several times per lease period while it runs).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import asyncpg

from orchestrator.billing.overview import BillingOverview
from orchestrator.billing.overview import overview as billing_overview
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.cards import BotCard, card_from_row, heartbeats, read_cards
from orchestrator.dashboard.viewer import valid_zone

# Warnings and errors of this recent past are counted on the overview.
RECENT = dt.timedelta(hours=24)


@dataclass(frozen=True)
class CurrencyTotals:
    """Profit and stake across the user's bots in one stake currency."""

    currency: str
    profit_today: Decimal
    profit_total: Decimal
    in_positions: Decimal  # stake held in open trades


@dataclass(frozen=True)
class Totals:
    """Figures across every bot of the user."""

    per_currency: tuple[CurrencyTotals, ...]
    open_positions: int
    warnings: int  # bot events of level warning in the last 24 hours
    errors: int  # and of level error


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows."""

    bots: tuple[BotCard, ...]
    totals: Totals
    billing: BillingOverview


async def overview(runtime: Runtime, user_id: uuid.UUID, now: dt.datetime, tz: str) -> Overview:
    """Read the user's bots, their totals and their plan."""
    midnight = today_starts(now, tz)
    async with runtime.db.as_user(user_id) as conn:
        rows = await read_cards(conn, midnight)
        counts = await conn.fetchrow(_LEVELS, now - RECENT)
    beats = await heartbeats(runtime, [row["id"] for row in rows], now)
    bots = tuple(card_from_row(row, beats.get(row["id"])) for row in rows)
    billing = await billing_overview(runtime, user_id, now)
    return Overview(bots, totals(bots, rows, counts), billing)


def today_starts(now: dt.datetime, tz: str) -> dt.datetime:
    """Return the moment today began in zone `tz`."""
    local = now.astimezone(ZoneInfo(valid_zone(tz)))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def totals(
    bots: Sequence[BotCard], rows: Sequence[asyncpg.Record], counts: asyncpg.Record
) -> Totals:
    """Add up the cards per stake currency (in the order the currencies first appear)."""
    held = {row["id"]: row["in_positions"] for row in rows}
    sums: dict[str, list[Decimal]] = {}
    for bot in bots:
        entry = sums.setdefault(bot.currency, [Decimal(0)] * 3)
        entry[0] += bot.profit_today
        entry[1] += bot.profit_total
        entry[2] += held.get(bot.id, Decimal(0))
    return Totals(
        per_currency=tuple(CurrencyTotals(c, *figures) for c, figures in sums.items()),
        open_positions=sum(bot.open_trades for bot in bots),
        warnings=counts["warnings"],
        errors=counts["errors"],
    )


_LEVELS = (
    "select count(*) filter (where level = 'warning') as warnings,"
    " count(*) filter (where level = 'error') as errors"
    " from bot_events where created_at >= $1"
)
