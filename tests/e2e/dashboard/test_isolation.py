"""Another user's bot, its CSV and its controls are "not found", never shown or confirmed."""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import Browser

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.e2e.dashboard.browsing import Visitor
from tests.e2e.dashboard.world import trader
from web_minimal.dashboard.i18n import t

pytestmark = pytest.mark.timeout(180)


async def test_user_b_gets_404_for_user_a_s_bot_page_and_csv(
    browser: Browser, runtime: Runtime, make_user: UserFactory, web_app: str
) -> None:
    alice = await trader(runtime, make_user, "en")
    bob = await make_user(language="en")
    page_url = f"{web_app}/dashboard/bots/{alice.main}"
    csv_url = f"{page_url}/trades.csv"

    owner = await Visitor.open(browser)  # Alice reaches both: the URLs are right
    mine = await owner.sign_in(runtime, alice.user)
    response = await mine.goto(page_url)
    assert response is not None and response.status == 200
    assert (await owner.context.request.get(csv_url)).status == 200
    await owner.close()

    visitor = await Visitor.open(browser)
    page = await visitor.sign_in(runtime, bob)
    csrf = await page.get_attribute("input[name=csrf]", "value")  # Bob's own, valid token
    for url in (page_url, f"{web_app}/dashboard/bots/{uuid.uuid4()}", f"{page_url}/stop"):
        response = await page.goto(url)
        assert response is not None and response.status == 404, url
        assert await page.inner_text("h1") == t("error.404.title", "en")
        assert "BTC scalper" not in await page.content()

    answer = await visitor.context.request.get(csv_url)
    assert answer.status == 404
    assert answer.headers["content-type"].startswith("text/html")
    body = await answer.text()
    assert "BTC scalper" not in body and "BTC/USDT" not in body and "rsi_dip" not in body

    # Bob's valid form cannot stop Alice's bot either: it is "not found", and stays running.
    stop = await visitor.context.request.post(f"{page_url}/stop", form={"csrf": csrf or ""})
    assert stop.status == 404
    async with runtime.db.as_service() as conn:
        desired = await conn.fetchval("select desired_state from bots where id = $1", alice.main)
    assert desired == "running"

    await page.goto(f"{web_app}/dashboard")  # Bob's own overview: still nothing of Alice's
    assert await page.locator("article.bot-card").count() == 0
    assert visitor.unexpected() == []
    await visitor.close()
