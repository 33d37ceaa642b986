"""Produce alerts into the outbox (the sender delivers each once, in order per chat) and logs."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from orchestrator.alerts.payloads import AlertPayload


async def enqueue_alert(
    conn: asyncpg.Connection,
    user_id: uuid.UUID,
    payload: AlertPayload,
    *,
    dedup_key: str | None = None,
) -> int | None:
    """Queue an alert for a user's chat; a repeated dedup_key queues nothing (returns None)."""
    fields = {key: value for key, value in payload.items() if key != "kind"}
    alert_id: int | None = await conn.fetchval(
        "insert into alerts (user_id, chat_id, kind, payload, dedup_key)"
        " select id, telegram_id, $2, $3, $4 from users where id = $1"
        " on conflict (dedup_key) do nothing returning id",
        user_id,
        payload["kind"],
        fields,
        dedup_key,
    )
    return alert_id


async def record_event(
    conn: asyncpg.Connection,
    user_id: uuid.UUID,
    bot_id: uuid.UUID | None,
    kind: str,
    message: str = "",
    *,
    level: str = "info",
    data: Mapping[str, Any] | None = None,
) -> None:
    """Append a bot event (the bot's operational log)."""
    await conn.execute(
        "insert into bot_events (user_id, bot_id, kind, level, message, data)"
        " values ($1, $2, $3, $4, $5, $6)",
        user_id,
        bot_id,
        kind,
        level,
        message,
        data or {},
    )


async def audit(
    conn: asyncpg.Connection,
    actor: str,
    action: str,
    *,
    user_id: uuid.UUID | None = None,
    target: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> None:
    """Append an audit-log entry."""
    await conn.execute(
        "insert into audit_log (user_id, actor, action, target, data) values ($1, $2, $3, $4, $5)",
        user_id,
        actor,
        action,
        target,
        data or {},
    )
