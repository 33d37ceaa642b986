"""The user's plan as one typed object: read as the user and as the service, edits seen at once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from billing_tripay.plans import Entitlements
from orchestrator.accounts.entitlements import entitlements_of, plan_of, plans_on_offer
from orchestrator.core.errors import ServiceFailure
from orchestrator.db.pool import Database
from tests.conftest import UserFactory

ELITE = Entitlements(
    max_bots=20,
    max_live_bots=10,
    ai_generations_per_month=500,
    hyperopt_max_epochs=1000,
    backtest_max_days=730,
    custom_code=True,
)


async def set_plan(db: Database, user: uuid.UUID, code: str) -> None:
    async with db.as_service() as conn:
        await conn.execute("update users set plan_code = $2 where id = $1", user, code)


@pytest.fixture
async def retired(db: Database) -> AsyncIterator[str]:
    """A plan no longer on offer (inactive); removed afterwards."""
    async with db.as_service() as conn:
        await conn.execute(
            "insert into plans (code, name, price_idr, period_days, max_bots, max_live_bots,"
            " ai_generations_per_month, hyperopt_max_epochs, backtest_max_days, active,"
            " price_yearly_idr) values ('legacy_test', 'Legacy', 99000, 30, 3, 1, 10, 100, 90,"
            " false, 990000)"
        )
    yield "legacy_test"
    async with db.as_service() as conn:
        await conn.execute("update users set plan_code = 'free' where plan_code = 'legacy_test'")
        await conn.execute("delete from plans where code = 'legacy_test'")


async def test_the_users_plan_reads_the_same_as_the_user_and_as_the_service(
    db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    await set_plan(db, user, "elite")
    async with db.as_user(user) as conn:
        mine = await plan_of(conn, user)
        allows = await entitlements_of(conn, user)
    async with db.as_service() as conn:
        theirs = await plan_of(conn, user, lock=True)
    assert mine == theirs
    assert mine is not None and (mine.code, mine.name, mine.active) == ("elite", "Elite", True)
    assert (mine.price_monthly_idr, mine.price_yearly_idr) == (399_000, 3_990_000)
    assert allows == mine.entitlements == ELITE


async def test_a_new_user_is_on_free_without_custom_code(
    db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    async with db.as_user(user) as conn:
        allows = await entitlements_of(conn, user)
    assert (allows.max_bots, allows.max_live_bots, allows.custom_code) == (1, 0, False)


async def test_another_users_plan_is_not_readable(db: Database, make_user: UserFactory) -> None:
    alice, bob = await make_user(), await make_user()
    async with db.as_user(alice) as conn:
        assert await plan_of(conn, bob) is None  # RLS: alice cannot see bob's row


async def test_a_retired_plan_is_ours_to_fix_for_the_user_and_readable_by_the_service(
    db: Database, make_user: UserFactory, retired: str
) -> None:
    user = await make_user()
    await set_plan(db, user, retired)
    async with db.as_user(user) as conn:
        assert await plan_of(conn, user) is None
        with pytest.raises(ServiceFailure) as failed:
            await entitlements_of(conn, user)
    assert failed.value.key == "internal_error" and str(user) in failed.value.detail
    async with db.as_service() as conn:
        plan = await plan_of(conn, user)
        offered = await plans_on_offer(conn)
    assert plan is not None and (plan.code, plan.active, plan.entitlements.max_bots) == (
        retired,
        False,
        3,
    )
    assert retired not in [p.code for p in offered]  # never offered, even to the service


async def test_plans_on_offer_in_their_order_with_yearly_prices(
    db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    async with db.as_user(user) as conn:
        offered = await plans_on_offer(conn)
    async with db.as_service() as conn:
        assert await plans_on_offer(conn) == offered
    assert [p.code for p in offered] == ["free", "pro", "elite"]
    assert [p.entitlements.custom_code for p in offered] == [False, False, True]
    assert all(p.price_yearly_idr < 12 * p.price_monthly_idr for p in offered if not p.is_free)


async def test_an_operators_edit_of_a_plan_is_seen_at_once(
    db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        before = await conn.fetchval("select hyperopt_max_epochs from plans where code = 'free'")
        await conn.execute("update plans set hyperopt_max_epochs = 75 where code = 'free'")
    try:
        async with db.as_user(user) as conn:
            assert (await entitlements_of(conn, user)).hyperopt_max_epochs == 75
    finally:
        async with db.as_service() as conn:
            await conn.execute(
                "update plans set hyperopt_max_epochs = $1 where code = 'free'", before
            )


async def test_a_locked_read_holds_the_users_row_until_commit(
    db: Database, make_user: UserFactory
) -> None:
    user = await make_user()
    async with db.as_service() as conn:
        await plan_of(conn, user, lock=True)
        with pytest.raises(asyncpg.LockNotAvailableError):
            async with db.as_service() as other:
                await other.execute("set local lock_timeout = '200ms'")
                await other.execute("update users set language = 'id' where id = $1", user)
    async with db.as_service() as conn:  # committed: the row is free again
        await conn.execute("set local lock_timeout = '2s'")
        await conn.execute("update users set language = 'id' where id = $1", user)
