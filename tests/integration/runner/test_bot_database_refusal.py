"""A bot whose database cannot be prepared fails once, with a reason and an alert."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from orchestrator.bots.service import start_bot
from orchestrator.core.runtime import Runtime
from orchestrator.runner.botdb import names_for
from orchestrator.runner.jobs import reconcile
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow


async def _state(runtime: Runtime, bot: uuid.UUID) -> tuple[str, str, str]:
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow(
            "select status, desired_state, coalesce(failure_reason, '') as why"
            " from bots where id = $1",
            bot,
        )
    assert row is not None
    return row["status"], row["desired_state"], row["why"]


async def test_refused_database_fails_the_bot_and_tells_its_owner(
    runtime: Runtime, make_node: NodeFactory, make_bot: BotFactory
) -> None:
    node = await make_node()
    user, bot = await make_bot()
    # A role of that name made by the cluster's superuser: our `postgres` holds no ADMIN
    # on it, so provisioning is refused exactly as a missing privilege would be on Supabase.
    _, role = names_for(bot)
    admin = await asyncpg.connect(runtime.database_url, user="supabase_admin")
    await admin.execute(f'create role "{role}" nologin')
    try:
        await start_bot(runtime, user, bot)

        async def failed() -> bool:
            return (await _state(runtime, bot))[0] == "failed"

        await eventually(failed, within=30, what="the bot marked failed")
        status, desired, why = await _state(runtime, bot)
        assert desired == "stopped" and why.startswith("database_setup_failed")
        # No endless retry: reconcile leaves a failed, stopped bot alone.
        await reconcile({"runtime": runtime})
        assert await _state(runtime, bot) == (status, desired, why)
        assert bot not in node.manager.bots
        async with runtime.db.as_service() as conn:
            alerts = await conn.fetch(
                "select payload->>'reason' as reason from alerts"
                " where user_id = $1 and kind = 'bot_failed'",
                user,
            )
        assert [a["reason"] for a in alerts] == [why]
        assert "permission denied" not in why  # the database's words stay in our log
    finally:
        await admin.execute(f'drop role if exists "{role}"')
        await admin.close()
