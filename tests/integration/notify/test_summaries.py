"""Summaries on real Postgres: what they say, one alert per user and period, delivered."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import uuid
from decimal import Decimal
from typing import Any

from emulators.telegram import TelegramEmulator
from orchestrator.alerts.summary import due_summaries, send_due_summaries
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.integration.notify.conftest import ChatUserFactory, SenderFactory, bot_texts, settle
from tests.integration.runner.conftest import exchange, runtime

__all__ = ["exchange", "runtime"]

NOW = dt.datetime(2026, 11, 30, 13, 5, tzinfo=dt.UTC)  # Monday 20:05 WIB


async def opt_in(db: Database, user: uuid.UUID, frequency: str, hour: int = 20) -> None:
    """Switch summaries on long before NOW (the trigger stamps the wall clock; undo it)."""
    async with db.as_service() as conn:
        await conn.execute(
            "update users set summary_frequency = $2, summary_hour = $3 where id = $1",
            user,
            frequency,
            hour,
        )
        await conn.execute("update users set summary_since = null where id = $1", user)


async def add_bot(
    db: Database, user: uuid.UUID, pair: str, *, live: bool = False, state: str = "running"
) -> uuid.UUID:
    async with db.as_service() as conn:
        key = None
        if live:
            key = await conn.fetchval(
                "insert into exchange_keys (user_id, exchange, key_hint, key_version, nonce,"
                " ciphertext) values ($1, 'binance', '••••abcd', 1, $2, $3) returning id",
                user,
                secrets.token_bytes(12),
                secrets.token_bytes(48),
            )
        bot_id: uuid.UUID = await conn.fetchval(
            "insert into bots (user_id, exchange_key_id, name, exchange, pair, stake_amount,"
            " dry_run, desired_state, status) values ($1, $2, $3, 'binance', $3, 50, $4, $5, $6)"
            " returning id",
            user,
            key,
            pair,
            not live,
            "stopped" if state == "stopped" else "running",
            state,
        )
    return bot_id


async def add_trade(
    db: Database, user: uuid.UUID, bot: uuid.UUID, profit: str | None, closed: dt.datetime | None
) -> None:
    async with db.as_service() as conn:
        await conn.execute(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount, stake_amount,"
            " open_rate, open_date, close_date, profit_abs)"
            " values ($1, $2, $3, 'X/USDT', $4, 1, 50, 50, $5, $6, $7)",
            user,
            bot,
            secrets.randbelow(10**6),
            closed is None,
            NOW - dt.timedelta(days=3),
            closed,
            Decimal(profit) if profit is not None else None,
        )


async def summaries(db: Database, user: uuid.UUID) -> list[dict[str, Any]]:
    async with db.as_service() as conn:
        found = await conn.fetch(
            "select payload, dedup_key from alerts where user_id = $1 and kind = 'summary'"
            " order by id",
            user,
        )
    return [dict(row) for row in found]


async def test_runs_repeated_or_concurrent_queue_one_alert_per_user_and_period(
    db: Database, runtime: Runtime, make_user: UserFactory
) -> None:
    daily, weekly, off = await make_user(), await make_user(), await make_user()
    await opt_in(db, daily, "daily", 20)
    await opt_in(db, weekly, "weekly", 7)
    await send_due_summaries(runtime, NOW)
    await send_due_summaries(runtime, NOW + dt.timedelta(minutes=5))  # the next cron run
    tomorrow = NOW + dt.timedelta(days=1)
    await asyncio.gather(*(send_due_summaries(runtime, tomorrow) for _ in range(2)))
    await asyncio.gather(*(send_due_summaries(runtime, tomorrow) for _ in range(2)))

    assert [row["dedup_key"] for row in await summaries(db, daily)] == [
        f"summary:{daily}:daily:2026-11-30",
        f"summary:{daily}:daily:2026-12-01",
    ]
    assert [row["dedup_key"] for row in await summaries(db, weekly)] == [
        f"summary:{weekly}:weekly:2026-11-30"
    ]
    assert await summaries(db, off) == []
    assert all(due.user_id not in {daily, weekly} for due in await due_summaries(db, tomorrow))


async def test_summary_lists_active_bots_with_period_trades_and_totals(
    db: Database, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    await opt_in(db, user, "daily", 20)
    live = await add_bot(db, user, "ETH/USDT", live=True)
    await add_trade(db, user, live, "2.5", NOW - dt.timedelta(hours=2))
    await add_trade(db, user, live, "-1.0", NOW - dt.timedelta(hours=20))
    await add_trade(db, user, live, "9.0", NOW - dt.timedelta(hours=30))  # the day before
    await add_trade(db, user, live, None, None)  # still open
    dry = await add_bot(db, user, "SOL/USDT", state="paused")
    await add_trade(db, user, dry, "0.75", NOW - dt.timedelta(hours=1))
    await add_bot(db, user, "ADA/USDT", state="stopped")  # idle all period: not listed

    assert await send_due_summaries(runtime, NOW) >= 1
    [row] = await summaries(db, user)
    payload = row["payload"]
    assert (payload["period_start"], payload["period_end"]) == (
        "2026-11-29T13:00:00+00:00",
        "2026-11-30T13:00:00+00:00",
    )
    assert payload["has_bots"] is True and payload["more_bots"] == 0
    listed = {bot["pair"]: bot for bot in payload["bots"]}
    assert set(listed) == {"ETH/USDT", "SOL/USDT"}
    eth, sol = listed["ETH/USDT"], listed["SOL/USDT"]
    assert (eth["closed"], eth["wins"], Decimal(eth["profit_abs"]), eth["open_trades"]) == (
        2,
        1,
        Decimal("1.5"),
        1,
    )
    assert (eth["dry_run"], eth["state"], sol["dry_run"], sol["state"]) == (
        False,
        "running",
        True,
        "paused",
    )
    totals = {(t["dry_run"], t["stake_currency"]): t for t in payload["totals"]}
    assert Decimal(totals[(False, "USDT")]["profit_abs"]) == Decimal("1.5")
    assert Decimal(totals[(True, "USDT")]["profit_abs"]) == Decimal("0.75")
    assert payload["open_trades"] == 1


async def test_users_without_bots_get_a_short_summary_that_is_delivered(
    db: Database,
    runtime: Runtime,
    tg: TelegramEmulator,
    chat_user: ChatUserFactory,
    new_sender: SenderFactory,
) -> None:
    user, chat = await chat_user(language="id")
    await opt_in(db, user, "daily", 20)
    await send_due_summaries(runtime, NOW)
    [row] = await summaries(db, user)
    assert row["payload"]["has_bots"] is False and row["payload"]["bots"] == []
    await settle(new_sender(), db, [user])
    [text] = [t for t in bot_texts(tg, chat) if t.startswith("📬")]
    assert text.startswith("📬 Ringkasan harian Anda\n29 Nov 20.00 – 30 Nov 20.00 (WIB)")
    assert "Anda belum punya bot" in text


async def test_blocked_muted_and_late_choices_are_not_owed(
    db: Database, runtime: Runtime, make_user: UserFactory
) -> None:
    blocked, muted, late = await make_user(), await make_user(), await make_user()
    for user in (blocked, muted, late):
        await opt_in(db, user, "daily", 20)
    async with db.as_service() as conn:
        await conn.execute("update users set bot_blocked_at = now() where id = $1", blocked)
        await conn.execute("update users set alert_level = 'none' where id = $1", muted)
        # Switched on after today's send time: the first summary is tomorrow's.
        await conn.execute(
            "update users set summary_since = $2 where id = $1", late, NOW - dt.timedelta(minutes=1)
        )
    await send_due_summaries(runtime, NOW)
    for user in (blocked, muted, late):
        assert await summaries(db, user) == []
    owed = {
        due.user_id: due.period.key for due in await due_summaries(db, NOW + dt.timedelta(days=1))
    }
    assert owed[late] == "daily:2026-12-01"
