"""What producers call once their transaction has committed, to tell open dashboards.

Every helper here swallows its own failures with a warning: a live update is a courtesy,
and the page shows the truth on reload, so a Redis or database hiccup must never fail (or
roll back) the trade sync, a pause or an alert delivery that called it. Call them after
the `async with db.as_...()` block has returned, never inside it: an event for a change
that then rolls back would show the user something that never happened.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from redis.asyncio import Redis

from orchestrator.dashboard.events import (
    AlertEvent,
    BotEvent,
    LiveEvent,
    publish,
    publish_many,
)
from orchestrator.dashboard.live import finite_decimal
from orchestrator.dashboard.states import state_of
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)

# The words `cards.card_from_row` derives a card's state from, for the same state word.
_STATES = """
select b.id, b.user_id, b.status, b.desired_state,
       exists (select 1 from bot_events e where e.bot_id = b.id and e.kind = 'supervisor_paused'
               and e.created_at >= b.updated_at) as supervisor_paused
from bots b where b.id = any($1::uuid[])
"""


async def announce(redis: Redis, user_id: uuid.UUID, events: Iterable[LiveEvent]) -> None:
    """Publish events to the user's stream, in order; on failure log and go on."""
    try:
        await publish_many(redis, user_id, list(events))
    except Exception as exc:  # a courtesy must not fail its producer (see module doc)
        log.warning("live events for user %s not published: %r", user_id, exc)


async def announce_bots(db: Database, redis: Redis, bot_ids: Iterable[uuid.UUID]) -> None:
    """Publish the committed shown state of each bot to its owner's stream."""
    ids = sorted(set(bot_ids))
    if not ids:
        return
    try:
        # Read after commit: the event says what is true now, whoever wrote it.
        async with db.as_service() as conn:
            rows = await conn.fetch(_STATES, ids)
        for row in rows:
            state = state_of(
                row["status"], row["desired_state"], supervisor_paused=row["supervisor_paused"]
            )
            await publish(redis, row["user_id"], BotEvent(row["id"], state))
    except Exception as exc:  # a courtesy must not fail its producer (see module doc)
        log.warning("live state of bots %s not published: %r", ids, exc)


async def announce_alert(
    redis: Redis, user_id: uuid.UUID, alert_id: int, kind: str, payload: Mapping[str, Any]
) -> None:
    """Publish an outbox alert once, however often the sender claims it (retries)."""
    try:
        await publish(
            redis, user_id, alert_event(alert_id, kind, payload), once=f"alert:{alert_id}"
        )
    except Exception as exc:  # a courtesy must not fail its producer (see module doc)
        log.warning("live alert %s not published: %r", alert_id, exc)


def alert_event(alert_id: int, kind: str, payload: Mapping[str, Any]) -> AlertEvent:
    """Pick what a short web text needs from an alert's stored payload."""
    bot_id = _uuid(payload.get("bot_id"))
    streak = payload.get("streak")
    return AlertEvent(
        kind=kind,
        alert_id=alert_id,
        bot_id=bot_id,
        bot_name=str(payload.get("bot_name") or "")[:100],
        pair=str(payload.get("pair") or "")[:40],
        streak=streak if isinstance(streak, int) else None,
        drawdown_pct=finite_decimal(payload.get("drawdown_pct")),
        profit_abs=finite_decimal(payload.get("profit_abs")),
        currency=str(payload.get("stake_currency") or "")[:10],
    )


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
