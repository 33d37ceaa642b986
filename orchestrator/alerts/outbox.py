"""The `alerts` outbox as the sender sees it: claim, lease, finish, triage and recover.

A row moves pending → sending (claimed, with a lease) → sent | dead | skipped, or back
to pending to retry. Only a chat's head (its oldest pending or sending alert) is ever
claimed, so one chat's alerts leave strictly in order even with several senders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from orchestrator.alerts.payloads import ROUTINE_KINDS
from orchestrator.db.pool import Database

log = logging.getLogger(__name__)

CHANNEL = "nofomo_alerts"
# What a lost or failing database connection raises.
DB_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)

_CLAIM = """
with heads as (
  select a.id from alerts a join users u on u.id = a.user_id
  where a.status = 'pending' and a.next_attempt_at <= now()
    and u.bot_blocked_at is null and u.alert_level <> 'none'
    and not (u.alert_level = 'important' and a.kind = any($3::text[]))
    and not exists (select 1 from alerts e where e.chat_id = a.chat_id and e.id < a.id
                    and e.status in ('pending', 'sending'))
  order by a.id limit $1
  for update of a skip locked
)
update alerts a set status = 'sending', claimed_at = now(), claimed_by = $2
from heads, users u
where a.id = heads.id and u.id = a.user_id
returning a.id, a.user_id, a.chat_id, a.kind, a.payload, a.attempts, u.language,
  extract(epoch from now() - (select max(s.sent_at) from alerts s
                              where s.chat_id = a.chat_id and s.status = 'sent'))::float8
    as since_last_sent
"""

_TRIAGE = """
with doomed as (
  select a.id,
    case when u.bot_blocked_at is not null then 'dead' else 'skipped' end as status,
    case when u.bot_blocked_at is not null then 'blocked'
         when u.alert_level = 'none' then 'muted' else 'filtered' end as reason
  from alerts a join users u on u.id = a.user_id
  where a.status = 'pending'
    and (u.bot_blocked_at is not null or u.alert_level = 'none'
         or (u.alert_level = 'important' and a.kind = any($1::text[])))
  for update of a skip locked
)
update alerts a set status = doomed.status, last_error = doomed.reason
from doomed where a.id = doomed.id
returning a.status
"""


@dataclass(frozen=True)
class Claim:
    """An alert this sender leased, with what rendering and pacing need."""

    id: int
    user_id: uuid.UUID
    chat_id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    language: str
    since_last_sent: float | None
    claimed_mono: float = field(compare=False)  # the sender's clock, read before the lease


async def claim(db: Database, owner: str, limit: int, *, claimed_mono: float) -> list[Claim]:
    """Lease up to `limit` due chat heads, oldest first, stamped with the sender's time."""
    async with db.as_service() as conn:
        rows = await conn.fetch(_CLAIM, limit, owner, list(ROUTINE_KINDS))
    claims = (Claim(**dict(row), claimed_mono=claimed_mono) for row in rows)
    return sorted(claims, key=lambda c: c.id)


async def triage(db: Database) -> tuple[int, int]:
    """Finish pending alerts nobody should receive; return (dead as blocked, skipped)."""
    async with db.as_service() as conn:
        rows = await conn.fetch(_TRIAGE, list(ROUTINE_KINDS))
    dead = sum(1 for row in rows if row["status"] == "dead")
    return dead, len(rows) - dead


async def recover_stale(db: Database, older_than_s: float) -> int:
    """Return leased rows whose sender went silent to pending; return how many."""
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "update alerts set status = 'pending', claimed_at = null, claimed_by = null,"
            " last_error = 'lease expired' where status = 'sending'"
            " and coalesce(claimed_at, '-infinity') < now() - make_interval(secs => $1)"
            " returning id",
            older_than_s,
        )
    if rows:
        log.warning("recovered %d alerts from expired sender leases", len(rows))
    return len(rows)


async def renew(db: Database, owner: str, ids: list[int]) -> int:
    """Extend this sender's lease on rows it is still working on (never on orphans)."""
    async with db.as_service() as conn:
        status = await conn.execute(
            "update alerts set claimed_at = now()"
            " where id = any($2::bigint[]) and claimed_by = $1 and status = 'sending'",
            owner,
            ids,
        )
    return int(status.split()[-1])


async def mark_sent(db: Database, claim: Claim, owner: str, message_id: int) -> bool:
    """Record a delivery; False if the lease was lost meanwhile."""
    async with db.as_service() as conn:
        status = await conn.execute(
            "update alerts set status = 'sent', sent_at = now(), message_id = $3,"
            " claimed_at = null, last_error = null"
            " where id = $1 and claimed_by = $2 and status = 'sending'",
            claim.id,
            owner,
            message_id,
        )
    return bool(status.endswith(" 1"))


async def reschedule(
    db: Database, claim: Claim, owner: str, *, delay_s: float, attempts: int, error: str
) -> None:
    """Put a leased alert back to pending, due after `delay_s`."""
    async with db.as_service() as conn:
        await conn.execute(
            "update alerts set status = 'pending', claimed_at = null, claimed_by = null,"
            " attempts = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5)"
            " where id = $1 and claimed_by = $2 and status = 'sending'",
            claim.id,
            owner,
            attempts,
            error[:500],
            delay_s,
        )


async def mark_dead(db: Database, claim: Claim, owner: str, *, attempts: int, error: str) -> None:
    """Give up on a leased alert, keeping the reason."""
    async with db.as_service() as conn:
        await conn.execute(
            "update alerts set status = 'dead', claimed_at = null, attempts = $3, last_error = $4"
            " where id = $1 and claimed_by = $2 and status = 'sending'",
            claim.id,
            owner,
            attempts,
            error[:500],
        )


async def mark_blocked(db: Database, claim: Claim, owner: str) -> int:
    """Mark the user as having blocked the bot and kill their queued alerts; return how many."""
    async with db.as_service() as conn:
        await conn.execute(
            "update users set bot_blocked_at = coalesce(bot_blocked_at, now()) where id = $1",
            claim.user_id,
        )
        rows = await conn.fetch(
            "update alerts set status = 'dead', last_error = 'blocked', claimed_at = null"
            " where (id = $1 and claimed_by = $2 and status = 'sending')"
            " or (user_id = $3 and status = 'pending') returning id",
            claim.id,
            owner,
            claim.user_id,
        )
    return len(rows)


async def release(db: Database, owner: str, ids: list[int]) -> None:
    """Hand unsent leased rows back to pending (a graceful stop)."""
    async with db.as_service() as conn:
        await conn.execute(
            "update alerts set status = 'pending', claimed_at = null, claimed_by = null"
            " where id = any($1::bigint[]) and claimed_by = $2 and status = 'sending'",
            ids,
            owner,
        )


async def load_artifact(db: Database, user_id: uuid.UUID, artifact_id: uuid.UUID) -> bytes | None:
    """Return one of the user's stored artifacts (a chart) or None if it is gone."""
    async with db.as_service() as conn:
        content: bytes | None = await conn.fetchval(
            "select content from artifacts where id = $1 and user_id = $2", artifact_id, user_id
        )
    return content


@contextlib.asynccontextmanager
async def listening(db: Database) -> AsyncIterator[asyncio.Event]:
    """Yield an event set whenever alerts are queued; without LISTEN it is never set."""
    event = asyncio.Event()

    def wake(*_: object) -> None:
        event.set()

    conn: asyncpg.Connection | None = None
    try:
        conn = await db.pool.acquire()
        await conn.add_listener(CHANNEL, wake)
    except DB_ERRORS as exc:
        log.warning("cannot LISTEN for alerts (%s); polling only", exc)
    try:
        yield event
    finally:
        if conn is not None:
            with contextlib.suppress(*DB_ERRORS):
                await conn.remove_listener(CHANNEL, wake)
            await db.pool.release(conn)
