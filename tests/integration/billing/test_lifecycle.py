"""The billing cron with an injected clock: reminders, grace, the drop to free, the wind-down."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

import aiohttp

from emulators.tripay import TripayEmulator
from orchestrator.billing.checkout import choose, pay
from orchestrator.billing.lifecycle import run_lifecycle
from orchestrator.billing.winddown import finish_wind_down
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from tests.integration.billing.conftest import user_plan

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


async def on_plan(db: Database, user: uuid.UUID, plan: str, ends: dt.datetime) -> None:
    async with db.as_service() as conn:
        await conn.execute(
            "update users set plan_code = $2, plan_expires_at = $3 where id = $1", user, plan, ends
        )


async def add_bot(
    db: Database,
    user: uuid.UUID,
    name: str,
    *,
    live: bool,
    open_trade: bool = False,
    state: str = "running",
    age_min: int = 0,
) -> uuid.UUID:
    """Insert a bot (live ones with a key) and, if asked, an open trade of it."""
    async with db.as_service() as conn:
        key = await conn.fetchval(
            "insert into exchange_keys (user_id, exchange, key_hint, key_version, nonce,"
            " ciphertext) values ($1, 'binance', '••••abcd', 1, $2, $3) returning id",
            user,
            secrets.token_bytes(12),
            secrets.token_bytes(48),
        )
        strategy = await conn.fetchval(
            "insert into strategies (user_id, name) values ($1, $2) returning id", user, name
        )
        version = await conn.fetchval(  # a spec version: every plan may run it
            "insert into strategy_versions (strategy_id, user_id, version, class_name, code,"
            " kind, spec) values ($1, $2, 1, 'S', '', 'spec', '{}') returning id",
            strategy,
            user,
        )
        bot = await conn.fetchval(
            "insert into bots (user_id, exchange_key_id, strategy_version_id, name, exchange,"
            " pair, stake_amount, dry_run, desired_state, status, created_at) values ($1, $2,"
            " $3, $4, 'binance', $5, 10, $6, $7, 'stopped', now() - $8::interval) returning id",
            user,
            key,
            version,
            name,
            f"{name.upper()}/USDT",
            not live,
            state,
            dt.timedelta(minutes=age_min),
        )
        if open_trade:
            await conn.execute(
                "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
                " stake_amount, open_rate, open_date) values ($1, $2, 1, $3, true, 1, 10, 10,"
                " now())",
                user,
                bot,
                f"{name.upper()}/USDT",
            )
    return bot


async def bots(db: Database, user: uuid.UUID) -> dict[str, tuple[str, Any]]:
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select name, desired_state, wind_down from bots where user_id = $1", user
        )
    return {r["name"]: (r["desired_state"], r["wind_down"]) for r in rows}


async def alerts(db: Database, user: uuid.UUID) -> list[tuple[str, Any]]:
    async with db.as_service() as conn:
        rows = await conn.fetch(
            "select kind, payload from alerts where user_id = $1 order by id", user
        )
    return [(r["kind"], r["payload"]) for r in rows]


async def test_reminders_three_days_and_one_day_before_once_each(
    runtime: Runtime, db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    await on_plan(db, user, "pro", NOW + dt.timedelta(days=5))
    for hours in (0, 24, 48, 49, 50, 96, 97):  # 5 days left ... 1 day left, run many times
        await run_lifecycle(runtime, NOW + dt.timedelta(hours=hours))
    got = [(k, p["days_left"]) for k, p in await alerts(db, user)]
    assert got == [("plan_reminder", 3), ("plan_reminder", 1)]


async def test_expiry_grace_then_free_winding_down_live_bots_safely(
    runtime: Runtime, db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    ends = NOW - dt.timedelta(minutes=1)
    await on_plan(db, user, "pro", ends)
    await add_bot(db, user, "holding", live=True, open_trade=True, age_min=30)
    await add_bot(db, user, "flat", live=True, age_min=20)
    await add_bot(db, user, "dryold", live=False, age_min=10)
    await add_bot(db, user, "drynew", live=False, age_min=1)

    await run_lifecycle(runtime, NOW)  # ended a minute ago: grace, nothing changes for bots
    assert (await user_plan(db, user))[::2] == ("pro", "grace")
    assert {s for s, _ in (await bots(db, user)).values()} == {"running"}
    assert [k for k, _ in await alerts(db, user)] == ["plan_grace"]

    later = NOW + dt.timedelta(days=3)
    await run_lifecycle(runtime, later)
    await run_lifecycle(runtime, later)  # twice: still one downgrade
    assert (await user_plan(db, user))[::2] == ("free", "winding_down")
    now_bots = await bots(db, user)
    assert now_bots["holding"] == ("paused", "notify")  # no new entry; its position stays
    assert now_bots["flat"][0] == "stopped"  # nothing open: stopped by the same pass
    assert now_bots["drynew"] == ("paused", None) and now_bots["dryold"] == ("paused", None)
    kinds = [k for k, _ in await alerts(db, user)]
    assert kinds == ["plan_grace", "plan_downgraded"]
    payload = (await alerts(db, user))[1][1]
    assert (payload["winding"], payload["stopped"]) == (["holding"], ["flat"])
    assert payload["paused"] == ["drynew", "dryold"]

    async with db.as_service() as conn:  # the strategy exits the position on its own
        await conn.execute("update trades set is_open = false where user_id = $1", user)
    await finish_wind_down(runtime, later + dt.timedelta(minutes=1))
    assert (await bots(db, user))["holding"] == ("stopped", None)
    assert (await user_plan(db, user))[::2] == ("free", "ok")
    assert [k for k, _ in await alerts(db, user)][-1] == "bot_stopped_flat"


async def test_paying_during_grace_keeps_everything(
    runtime: Runtime, db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    await on_plan(db, user, "pro", NOW - dt.timedelta(days=1))
    await add_bot(db, user, "live", live=True, open_trade=True)
    await run_lifecycle(runtime, NOW)
    assert (await user_plan(db, user))[2] == "grace"
    await on_plan(db, user, "pro", NOW + dt.timedelta(days=29))  # as a payment would
    async with db.as_service() as conn:
        await conn.execute("update users set billing_state = 'ok' where id = $1", user)
    await run_lifecycle(runtime, NOW + dt.timedelta(days=3))
    assert (await bots(db, user))["live"] == ("running", None)
    assert (await user_plan(db, user))[0] == "pro"


async def test_a_lost_callback_is_found_by_polling(
    runtime: Runtime, db: Database, make_user: UserFactory, tripay: TripayEmulator
) -> None:
    # No web app is serving: the emulator's callback goes nowhere, as when our service is down.
    user = await make_user()
    invoice = await pay(runtime, user, await choose(runtime, "pro", "monthly"), "QRIS", "k1")
    async with aiohttp.ClientSession() as http:
        await http.post(
            f"{tripay.root_url}/_emu/pay", json={"reference": invoice.reference, "status": "PAID"}
        )
    await run_lifecycle(runtime, dt.datetime.now(dt.UTC))  # not overdue yet: nothing asked
    assert (await user_plan(db, user))[0] == "free"
    await run_lifecycle(runtime, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16))
    assert (await user_plan(db, user))[0] == "pro"
    async with db.as_service() as conn:
        source = await conn.fetchval(
            "select source from billing_callbacks where merchant_ref = $1 and outcome = 'applied'",
            invoice.merchant_ref,
        )
    assert source == "poll"


async def test_a_bot_kept_after_the_drop_to_free_cannot_be_resumed(
    runtime: Runtime, db: Database, make_user: UserFactory
) -> None:
    from kernel.errors import UserFacingError
    from orchestrator.bots.service import resume_bot

    user = await make_user()
    await on_plan(db, user, "pro", NOW - dt.timedelta(days=4))
    live = await add_bot(db, user, "holding", live=True, open_trade=True)
    dry_old = await add_bot(db, user, "dryold", live=False, age_min=10)
    await run_lifecycle(runtime, NOW)
    # Free allows one bot and no live bot: each refusal names the first limit it meets.
    for bot in (live, dry_old):
        try:
            await resume_bot(runtime, user, bot)
        except UserFacingError as exc:
            assert exc.key in {"plan_bot_limit", "plan_live_limit"}
        else:
            raise AssertionError("resumed beyond the free plan")
    assert (await bots(db, user))["holding"] == ("paused", "notify")
