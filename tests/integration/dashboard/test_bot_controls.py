"""Pause, Resume and Stop from the bot page: CSRF-checked, through the chat's services."""

from __future__ import annotations

import re
import uuid
from typing import Any

from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import add_bot, add_strategy, sign_in

Client = TestClient[Any, Any]


async def desired(runtime: Runtime, bot: uuid.UUID) -> str:
    async with runtime.db.as_service() as conn:
        value: str = await conn.fetchval("select desired_state from bots where id = $1", bot)
    return value


async def csrf_of(client: Client, path: str) -> str:
    body = await (await client.get(path)).text()
    found = re.search(r'name="csrf" value="([^"]+)"', body)
    assert found, body
    return found.group(1)


async def test_a_post_without_or_with_a_wrong_csrf_token_changes_nothing(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    await sign_in(client, runtime, user)

    missing = await client.post(f"/dashboard/bots/{bot}/pause", data={})
    wrong = await client.post(f"/dashboard/bots/{bot}/stop", data={"csrf": "x" * 43})
    header = await client.post(f"/dashboard/bots/{bot}/stop", headers={"X-CSRF-Token": "nope"})

    assert (missing.status, wrong.status, header.status) == (403, 403, 403)
    assert await desired(runtime, bot) == "running"


async def test_pause_sets_the_desired_state_and_says_the_bot_will_start_paused(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)  # no worker holds it: the command cannot reach it
    await sign_in(client, runtime, user)
    confirm = await client.get(f"/dashboard/bots/{bot}/pause")
    assert confirm.status == 200 and "open trades stay managed" in await confirm.text()
    token = await csrf_of(client, f"/dashboard/bots/{bot}")

    response = await client.post(
        f"/dashboard/bots/{bot}/pause", data={"csrf": token}, allow_redirects=False
    )

    assert response.status == 303
    assert response.headers["Location"] == f"/dashboard/bots/{bot}?done=paused_pending"
    assert await desired(runtime, bot) == "paused"
    page = await (await client.get(response.headers["Location"])).text()
    assert "it will start paused" in page and "Resume" in page


async def test_resume_and_stop_go_through_with_the_header_token(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    version = await add_strategy(runtime, user)
    bot = await add_bot(runtime, user, status="paused", desired="paused", version=version)
    await sign_in(client, runtime, user)
    token = await csrf_of(client, f"/dashboard/bots/{bot}")

    resumed = await client.post(
        f"/dashboard/bots/{bot}/resume", headers={"X-CSRF-Token": token}, allow_redirects=False
    )
    assert resumed.headers["Location"].endswith("?done=resumed_pending")
    assert await desired(runtime, bot) == "running"

    stopped = await client.post(
        f"/dashboard/bots/{bot}/stop", data={"csrf": token}, allow_redirects=False
    )
    assert stopped.headers["Location"].endswith("?done=stopped")
    assert await desired(runtime, bot) == "stopped"

    again = await client.post(
        f"/dashboard/bots/{bot}/pause", data={"csrf": token}, allow_redirects=False
    )
    assert again.headers["Location"].endswith("?done=not_running")
    assert await desired(runtime, bot) == "stopped"


async def test_another_users_bot_cannot_be_controlled(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    owner, other = await make_user(), await make_user()
    bot = await add_bot(runtime, owner)
    mine = await add_bot(runtime, other, "mine")
    await sign_in(client, runtime, other)
    token = await csrf_of(client, f"/dashboard/bots/{mine}")

    for action in ("pause", "stop"):
        response = await client.post(f"/dashboard/bots/{bot}/{action}", data={"csrf": token})
        assert response.status == 404
        assert (await client.get(f"/dashboard/bots/{bot}/{action}")).status == 404
    assert await desired(runtime, bot) == "running"


async def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    page = await client.get(f"/dashboard/bots/{uuid.uuid4()}", allow_redirects=False)
    post = await client.post(f"/dashboard/bots/{uuid.uuid4()}/pause", data={"csrf": "x"})
    api = await client.get(f"/dashboard/api/bots/{uuid.uuid4()}/candles")

    assert page.status == 302 and page.headers["Location"] == "/dashboard/signin"
    assert (post.status, api.status) == (401, 401)


async def test_a_refused_resume_says_why_and_changes_nothing(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    # A bot without a spec version runs custom code: the free plan (or a missing sandbox)
    # refuses to run it again.
    bot = await add_bot(runtime, user, status="paused", desired="paused")
    await sign_in(client, runtime, user)
    token = await csrf_of(client, f"/dashboard/bots/{bot}")

    response = await client.post(f"/dashboard/bots/{bot}/resume", data={"csrf": token})

    body = await response.text()
    assert response.status == 200 and response.url.query["done"] in (
        "plan_custom_code",
        "custom_code_unavailable",
    )
    assert "custom python strategies" in body.lower() and "flash flash-warning" in body
    assert await desired(runtime, bot) == "paused"
