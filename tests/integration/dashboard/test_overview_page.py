"""The overview page: the signed-in user's bots, totals and plan, in their language."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import add_bot, add_event, add_strategy, add_trade, sign_in

Client = TestClient[Any, Any]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Overview", "Your bots", "running", "dry run"]),
        ("id", ["Ringkasan", "Bot Anda", "berjalan", "simulasi"]),
    ],
)
async def test_the_overview_shows_the_users_bots_in_their_language(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    version = await add_strategy(runtime, user)
    bot = await add_bot(runtime, user, "BTC scalper", version=version)
    await add_trade(runtime, user, bot, 1, profit="12.5")
    await add_trade(runtime, user, bot, 2, profit=None)
    await add_event(runtime, user, bot, "supervisor_warning", "warning", "3 losses in a row")
    await sign_in(client, runtime, user)

    response = await client.get("/dashboard")
    body = await response.text()

    assert response.status == 200, body
    assert "BTC scalper" in body and "Cross RSI v1" in body
    assert "+12.50 USDT" in body if language == "en" else "+12,50 USDT" in body
    for word in words:
        assert word in body
    assert f'data-bot-state="{bot}"' in body and f'data-bot-open="{bot}"' in body
