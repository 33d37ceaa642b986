"""Into the dashboard with the one-time link from chat: the bots are there; the link works once."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.async_api import Browser

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.access import issue_link
from tests.conftest import UserFactory
from tests.e2e.dashboard.browsing import Visitor
from tests.e2e.dashboard.world import user_of
from tests.e2e.telegram.conftest import ChatFactory, SeedBot
from tests.integration.dashboard.seed import add_bot
from web_minimal.dashboard.i18n import t

pytestmark = pytest.mark.timeout(180)  # a browser start under a loaded 2-core CI


async def test_the_link_from_chat_signs_in_and_the_overview_shows_the_bots(
    browser: Browser, runtime: Runtime, new_chat: ChatFactory, seed_bot: SeedBot, web_app: str
) -> None:
    chat = new_chat(language_code="en")
    stopped = await seed_bot(chat)
    running = await add_bot(runtime, await user_of(runtime, chat), "ETH swing", pair="ETH/USDT")
    (reply,) = await chat.say("/dashboard")
    ((button,),) = reply["buttons"]

    visitor = await Visitor.open(browser, width=360)
    page = await visitor.page()
    response = await page.goto(button["url"])
    assert response is not None and response.status == 200
    assert page.url == f"{web_app}/dashboard"
    assert await page.inner_text("h1") == t("overview.title", "en")
    cookie = await visitor.session_cookie()
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    cards = page.locator("article.bot-card")
    assert sorted(await cards.locator("h2 a").all_inner_texts()) == [
        "AlwaysIn BTC/USDT",
        "ETH swing",
    ]
    badge = page.locator(f'[data-bot-state="{stopped}"]')
    assert await badge.inner_text() == t("state.stopped", "en")
    assert await page.locator(f'[data-bot-state="{running}"]').inner_text() == t(
        "state.running", "en"
    )

    await page.get_by_role("link", name=t("card.details", "en", name="ETH swing")).click()
    await page.wait_for_url(f"{web_app}/dashboard/bots/{running}")
    assert (await page.inner_text("h1")).startswith("ETH swing")
    assert visitor.unexpected() == []
    await visitor.close()


async def test_a_link_opened_a_second_time_is_refused_with_the_reason(
    browser: Browser, runtime: Runtime, make_user: UserFactory, web_app: str
) -> None:
    user = await make_user(language="id")
    link = await issue_link(runtime, user, dt.datetime.now(dt.UTC))
    mine = await Visitor.open(browser, language="id")
    page = await mine.page()
    await page.goto(link)
    assert page.url == f"{web_app}/dashboard"

    forwarded = await Visitor.open(browser, language="id")  # the link, copied elsewhere
    other = await forwarded.page()
    await other.goto(link)
    assert other.url == f"{web_app}/dashboard/signin?why=dashboard_link_used"
    banner = other.get_by_role("alert")
    assert await banner.inner_text() == t("signin.why.dashboard_link_used", "id")
    assert await other.inner_text("h1") == t("signin.title", "id")
    assert await forwarded.session_cookie() is None
    await other.goto(f"{web_app}/dashboard")
    assert other.url == f"{web_app}/dashboard/signin"

    await page.reload()  # the first browser's session is unaffected
    assert page.url == f"{web_app}/dashboard"
    assert mine.unexpected() == [] and forwarded.unexpected() == []
    await mine.close()
    await forwarded.close()
