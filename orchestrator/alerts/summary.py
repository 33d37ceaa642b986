"""Opt-in summaries: who is owed one now, what it says, and queueing each exactly once.

A cron calls `send_due_summaries` every few minutes. Each owed summary is queued as a
`summary` alert in the transaction that records its period as sent, under the user's row
lock, so repeated runs and concurrent workers queue one alert per user and period.
Users without any bot still get a short summary saying so: they switched summaries on
themselves, and silence would look like the feature is broken.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg

from orchestrator.alerts.payloads import Summary, SummaryBot, SummaryTotal
from orchestrator.alerts.produce import enqueue_alert
from orchestrator.alerts.summary_periods import (
    FREQUENCIES,
    Period,
    SummarySettings,
    due_period,
)
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)

# Bots listed by name; the rest are counted, so a summary stays one readable message.
LISTED_BOTS = 15

_CANDIDATES = (
    "select id, summary_frequency, summary_hour, timezone, summary_since, summary_sent_period"
    " from users where summary_frequency <> 'off' and bot_blocked_at is null"
    " and alert_level <> 'none'"
)
# Takes the period unless it is already taken or the choice changed since it was found due.
_TAKE = (
    "update users set summary_sent_period = $2 where id = $1 and summary_frequency = $3"
    " and summary_hour = $4 and timezone = $5 and summary_sent_period is distinct from $2"
    " returning id"
)
_BOTS = """
select b.id, b.name, b.pair, b.dry_run, b.stake_currency,
  case when b.desired_state = 'paused' and b.status = 'running' then 'paused'
       else b.status end as state,
  b.desired_state <> 'stopped' or b.status not in ('stopped', 'failed') as active,
  s.closed, s.wins, coalesce(s.profit, 0) as profit, s.open_trades
from bots b
cross join lateral (
  select count(*) filter (where not t.is_open) as closed,
    count(*) filter (where not t.is_open and t.profit_abs > 0) as wins,
    sum(t.profit_abs) filter (where not t.is_open) as profit,
    count(*) filter (where t.is_open) as open_trades
  from trades t
  where t.bot_id = b.id and (t.is_open or (t.close_date >= $2 and t.close_date < $3))
) s
where b.user_id = $1
order by b.created_at, b.id
"""


@dataclass(frozen=True)
class DueSummary:
    """A summary owed now: whose, with which choice, for which period."""

    user_id: uuid.UUID
    settings: SummarySettings
    period: Period


async def due_summaries(db: Database, now: dt.datetime) -> list[DueSummary]:
    """Return the summaries owed at `now` to users who can receive them."""
    async with db.as_service() as conn:
        rows = await conn.fetch(_CANDIDATES)
    due = []
    for row in rows:
        settings = _settings(row)
        since, sent = row["summary_since"], row["summary_sent_period"]
        if (period := due_period(settings, now, since=since, sent=sent)) is not None:
            due.append(DueSummary(row["id"], settings, period))
    return due


async def send_due_summaries(runtime: Runtime, now: dt.datetime) -> int:
    """Queue every summary owed at `now`; return how many were queued."""
    queued = 0
    for item in await due_summaries(runtime.db, now):
        try:
            queued += await _send(runtime.db, item)
        except asyncpg.PostgresError:  # one user's failure is retried next run, not fatal
            log.exception("summary %s for user %s failed", item.period.key, item.user_id)
    return queued


async def _send(db: Database, item: DueSummary) -> bool:
    """Record the period as sent and queue its alert, both or neither."""
    settings, period = item.settings, item.period
    async with db.as_service() as conn:
        taken = await conn.fetchval(
            _TAKE, item.user_id, period.key, settings.frequency, settings.hour, settings.timezone
        )
        if taken is None:
            return False
        payload = await build_summary(conn, item.user_id, settings, period)
        dedup = f"summary:{item.user_id}:{period.key}"
        alert = await enqueue_alert(conn, item.user_id, payload, dedup_key=dedup)
    return alert is not None


async def build_summary(
    conn: asyncpg.Connection, user_id: uuid.UUID, settings: SummarySettings, period: Period
) -> Summary:
    """Build a user's summary: bots that ran or traded in the period, and the totals."""
    rows = await conn.fetch(_BOTS, user_id, period.start, period.end)
    shown = [_bot(row) for row in rows if row["active"] or row["closed"] or row["open_trades"]]
    return {
        "kind": "summary",
        "frequency": settings.frequency,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "timezone": settings.timezone,
        "has_bots": bool(rows),
        "bots": shown[:LISTED_BOTS],
        "more_bots": max(0, len(shown) - LISTED_BOTS),
        "totals": totals(shown),
        "open_trades": sum(bot["open_trades"] for bot in shown),
    }


def _bot(row: asyncpg.Record) -> SummaryBot:
    return {
        "bot_id": str(row["id"]),
        "bot_name": row["name"],
        "pair": row["pair"],
        "dry_run": row["dry_run"],
        "state": row["state"],
        "stake_currency": row["stake_currency"],
        "closed": row["closed"],
        "wins": row["wins"],
        "profit_abs": _decimal_text(row["profit"]),
        "open_trades": row["open_trades"],
    }


def totals(bots: Sequence[SummaryBot]) -> list[SummaryTotal]:
    """Add the bots up per stake currency, live money first and never mixed with simulated."""
    sums: dict[tuple[bool, str], list[Any]] = {}
    for bot in bots:
        found = sums.setdefault((bot["dry_run"], bot["stake_currency"]), [0, 0, Decimal(0)])
        found[0] += bot["closed"]
        found[1] += bot["wins"]
        found[2] += Decimal(bot["profit_abs"])
    return [
        {
            "stake_currency": currency,
            "dry_run": dry_run,
            "closed": closed,
            "wins": wins,
            "profit_abs": _decimal_text(profit),
        }
        for (dry_run, currency), (closed, wins, profit) in sorted(sums.items())
    ]


def _decimal_text(value: Decimal | int) -> str:
    """Write an amount as a plain decimal string (never exponent notation)."""
    return f"{Decimal(value):f}"


def _settings(row: asyncpg.Record) -> SummarySettings:
    return SummarySettings(row["summary_frequency"], row["summary_hour"], row["timezone"])


async def summary_settings(db: Database, user_id: uuid.UUID) -> SummarySettings:
    """Return the user's summary choice (off when the user is unknown)."""
    async with db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select summary_frequency, summary_hour, timezone from users where id = $1", user_id
        )
    return _settings(row) if row else SummarySettings()


async def set_summary(
    db: Database, user_id: uuid.UUID, frequency: str, hour: int | None = None
) -> SummarySettings:
    """Store how often (and at what hour, if given) the user wants a summary."""
    if frequency not in FREQUENCIES or (hour is not None and not 0 <= hour <= 23):
        raise UserFacingError("invalid_summary")
    async with db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "update users set summary_frequency = $2, summary_hour = coalesce($3, summary_hour),"
            " updated_at = now() where id = $1"
            " returning summary_frequency, summary_hour, timezone",
            user_id,
            frequency,
            hour,
        )
    return _settings(row) if row else SummarySettings()


async def send_summaries(ctx: dict[str, Any]) -> dict[str, int]:
    """Queue the summaries owed now (an arq cron)."""
    runtime: Runtime = ctx["runtime"]
    return {"queued": await send_due_summaries(runtime, dt.datetime.now(dt.UTC))}
