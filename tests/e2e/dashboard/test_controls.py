"""Pause a bot on its page: confirmed, CSRF-checked, seen at once in every tab and in chat."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser

from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import label
from tests.e2e.dashboard.browsing import Visitor, live, mark, still_marked
from tests.e2e.dashboard.world import user_of
from tests.e2e.telegram.conftest import ChatFactory, SeedBot
from web_minimal.dashboard.i18n import t

pytestmark = pytest.mark.timeout(180)


async def test_pausing_on_the_bot_page_shows_in_the_other_tab_and_in_chat(
    browser: Browser, runtime: Runtime, new_chat: ChatFactory, seed_bot: SeedBot, web_app: str
) -> None:
    chat = new_chat(language_code="en")
    bot = await seed_bot(chat)
    async with runtime.db.as_service() as conn:  # as a worker leaves a bot it runs
        await conn.execute(
            "update bots set status = 'running', desired_state = 'running' where id = $1", bot
        )
    visitor = await Visitor.open(browser, width=1280)
    overview = await visitor.sign_in(runtime, await user_of(runtime, chat))
    await live(overview)
    await mark(overview)
    page = await visitor.page()
    await page.goto(f"{web_app}/dashboard/bots/{bot}")
    badge = page.locator(f'[data-bot-state="{bot}"]')
    assert await badge.inner_text() == t("state.running", "en")

    # Without the page's CSRF token the same POST changes nothing.
    forged = await page.request.post(f"{web_app}/dashboard/bots/{bot}/pause", form={"x": "1"})
    assert forged.status == 403
    assert await badge.inner_text() == t("state.running", "en")

    await page.get_by_role("link", name=t("controls.pause", "en"), exact=True).click()
    dialog = page.get_by_role("dialog")
    await dialog.wait_for()
    assert t("controls.confirm.pause", "en", name="AlwaysIn BTC/USDT") in await dialog.inner_text()
    await dialog.get_by_role("button", name=t("controls.cancel", "en")).click()
    await dialog.wait_for(state="hidden")
    assert await badge.inner_text() == t("state.running", "en")  # cancelled: nothing sent

    await page.get_by_role("link", name=t("controls.pause", "en"), exact=True).click()
    async with page.expect_navigation():
        await dialog.get_by_role("button", name=t("controls.pause", "en"), exact=True).click()
    assert page.url == f"{web_app}/dashboard/bots/{bot}?done=paused_pending"
    assert await badge.inner_text() == t("state.paused", "en")
    assert await badge.get_attribute("class") == "badge state-paused"
    assert await page.inner_text(".flash") == t("flash.paused_pending", "en")

    # The overview, open in another tab all along, changed its badge without a reload.
    other = overview.locator(f'[data-bot-state="{bot}"]')
    await other.filter(has_text=t("state.paused", "en")).wait_for(timeout=10_000)
    assert await still_marked(overview)

    (listing,) = await chat.say("/bots")
    (line,) = [row for row in listing["text"].splitlines() if "AlwaysIn BTC/USDT" in row]
    assert f" · {label('en', 'state_paused')} · " in line, line
    assert visitor.unexpected() == []
    await visitor.close()
