"""The billing cron: lost callbacks, reminders, grace, and the drop to free.

Every step takes `now` from the caller (an injected clock in tests) and is safe to run
twice or on two workers at once: rows are claimed with `for update skip locked` and every
notice has a dedup key. Dropping to free never closes a position: live bots stop taking
entries (`paused`, Freqtrade's stopentry) and are stopped only once they are flat.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

import asyncpg

from billing_tripay.periods import GRACE, grace_ends, reminder_due
from orchestrator.alerts.produce import audit, enqueue_alert
from orchestrator.billing.notices import downgraded_alert, grace_alert, reminder_alert
from orchestrator.billing.poll import poll_overdue
from orchestrator.billing.winddown import finish_wind_down
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.feed import announce_bots
from orchestrator.runner.dispatch import enqueue_command

log = logging.getLogger(__name__)
BATCH = 50


async def run_lifecycle(runtime: Runtime, now: dt.datetime) -> None:
    """Run every billing step once; one failing step does not keep the others from running."""
    for step in (poll_overdue, send_reminders, start_grace, downgrade_lapsed, finish_wind_down):
        try:
            await step(runtime, now)
        except Exception:  # logged with its cause; the next run tries again
            log.exception("billing step %s failed", step.__name__)


async def billing_cron(ctx: dict[str, Any]) -> None:
    """The arq cron entry point: run the lifecycle at the wall clock's time."""
    await run_lifecycle(ctx["runtime"], dt.datetime.now(dt.UTC))


async def send_reminders(runtime: Runtime, now: dt.datetime) -> None:
    """Remind 3 days and 1 day before a paid plan ends (the latest one only, once)."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select u.id, u.plan_code, p.name, u.plan_expires_at, u.billing_reminded"
            " from users u join plans p on p.code = u.plan_code"
            " where u.plan_expires_at > $1"
            " and u.plan_expires_at <= $1::timestamptz + interval '3 days'"
            " and u.billing_state = 'ok' for update of u skip locked",
            now,
        )
        for row in rows:
            days = reminder_due(row["plan_expires_at"], now)
            mark = f"{row['plan_expires_at'].isoformat()}:{days}"
            if days is None or row["billing_reminded"] == mark:
                continue
            alert = reminder_alert(row["plan_code"], row["name"], row["plan_expires_at"], days)
            await enqueue_alert(conn, row["id"], alert, dedup_key=f"plan:remind:{row['id']}:{mark}")
            await conn.execute(
                "update users set billing_reminded = $2 where id = $1", row["id"], mark
            )


async def start_grace(runtime: Runtime, now: dt.datetime) -> None:
    """Tell users whose paid time just ended that they have three days' grace."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select u.id, u.plan_code, p.name, u.plan_expires_at"
            " from users u join plans p on p.code = u.plan_code"
            " where u.plan_expires_at <= $1 and u.plan_expires_at > $1::timestamptz - $2::interval"
            " and u.billing_state = 'ok' for update of u skip locked",
            now,
            GRACE,
        )
        for row in rows:
            ends = row["plan_expires_at"]
            alert = grace_alert(row["plan_code"], row["name"], ends, grace_ends(ends))
            key = f"plan:grace:{row['id']}:{ends.isoformat()}"
            await enqueue_alert(conn, row["id"], alert, dedup_key=key)
            await conn.execute("update users set billing_state = 'grace' where id = $1", row["id"])


async def downgrade_lapsed(runtime: Runtime, now: dt.datetime) -> None:
    """Drop users whose grace is over to free, winding their bots down safely."""
    async with runtime.db.as_service() as conn:
        users = await conn.fetch(
            "select id from users where plan_expires_at <= $1::timestamptz - $2::interval"
            " and plan_code <> 'free' limit $3",
            now,
            GRACE,
            BATCH,
        )
    for user in users:
        paused = await _downgrade(runtime, user["id"], now)
        for bot_id in paused:  # after commit: the worker reads the new desired state
            await enqueue_command(runtime.redis, bot_id, "apply_state")
        await announce_bots(runtime.db, runtime.redis, paused)  # live dashboard; never raises


async def _downgrade(runtime: Runtime, user_id: uuid.UUID, now: dt.datetime) -> list[uuid.UUID]:
    """Drop one user to free in one transaction; return the bots to pause now."""
    async with runtime.db.as_service() as conn:
        user = await conn.fetchrow(
            "select u.plan_code, p.name, u.plan_expires_at from users u"
            " join plans p on p.code = u.plan_code where u.id = $1"
            " and u.plan_expires_at <= $2::timestamptz - $3::interval and u.plan_code <> 'free'"
            " for update of u skip locked",
            user_id,
            now,
            GRACE,
        )
        if user is None:  # renewed meanwhile, or another worker has it
            return []
        stopped, winding, live_ids = await _wind_down_live(conn, user_id)
        paused, dry_ids = await _pause_beyond_free(conn, user_id, len(live_ids))
        state = "winding_down" if live_ids else "ok"
        await conn.execute(
            "update users set plan_code = 'free', plan_expires_at = null, billing_state = $2,"
            " billing_reminded = null, updated_at = now() where id = $1",
            user_id,
            state,
        )
        alert = downgraded_alert(
            user["plan_code"], user["name"], user["plan_expires_at"], (stopped, winding, paused)
        )
        key = f"plan:downgraded:{user_id}:{user['plan_expires_at'].isoformat()}"
        await enqueue_alert(conn, user_id, alert, dedup_key=key)
        await audit(
            conn, "billing", "plan.downgrade", user_id=user_id, data={"from": user["plan_code"]}
        )
    log.info("user %s dropped to free: %d live bots winding down", user_id, len(live_ids))
    return live_ids + dry_ids


async def _wind_down_live(
    conn: asyncpg.Connection, user_id: uuid.UUID
) -> tuple[list[str], list[str], list[uuid.UUID]]:
    """Stop entries on every live bot; those holding positions are told apart for the user."""
    rows = await conn.fetch(
        "update bots b set desired_state = 'paused', updated_at = now(),"
        " wind_down = case when exists (select 1 from trades t where t.bot_id = b.id"
        " and t.is_open) then 'notify' else 'quiet' end"
        " where b.user_id = $1 and not b.dry_run and b.desired_state <> 'stopped'"
        " returning b.id, b.name, b.wind_down",
        user_id,
    )
    stopped = [r["name"] for r in rows if r["wind_down"] == "quiet"]
    winding = [r["name"] for r in rows if r["wind_down"] == "notify"]
    return stopped, winding, [r["id"] for r in rows]


async def _pause_beyond_free(
    conn: asyncpg.Connection, user_id: uuid.UUID, live: int
) -> tuple[list[str], list[uuid.UUID]]:
    """Pause the newest running dry-run bots beyond the free plan's bot limit."""
    allowed = await conn.fetchval("select max_bots from plans where code = 'free'")
    rows = await conn.fetch(
        "select id, name from bots where user_id = $1 and dry_run and desired_state = 'running'"
        " order by created_at desc, id",
        user_id,
    )
    active_dry = await conn.fetchval(
        "select count(*) from bots where user_id = $1 and dry_run and desired_state <> 'stopped'",
        user_id,
    )
    excess = max(0, live + active_dry - int(allowed or 0))
    chosen = rows[:excess]
    if chosen:
        await conn.execute(
            "update bots set desired_state = 'paused', updated_at = now()"
            " where id = any($1::uuid[])",
            [r["id"] for r in chosen],
        )
    return [r["name"] for r in chosen], [r["id"] for r in chosen]
