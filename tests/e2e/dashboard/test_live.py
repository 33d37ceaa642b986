"""Fills reach an open bot page over server-sent events, without a reload.

Two ways in: the trade sync (Freqtrade's rows in the bot's own schema, copied and announced
after commit, as every webhook and 5-second pass does), and a real dry-run Freqtrade on a
worker, filling its first order against the exchange emulator (slow: a bot start).
"""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import Browser, Page

from orchestrator.bots.service import start_bot
from orchestrator.core.runtime import Runtime
from orchestrator.runner.tradesync import sync_bot
from tests.conftest import UserFactory
from tests.e2e.dashboard.browsing import Visitor, live, mark, still_marked
from tests.integration.dashboard.live_support import close_ft_trade, freqtrade_schema, open_ft_trade
from tests.integration.dashboard.seed import add_bot
from tests.integration.runner.conftest import BotFactory, NodeFactory
from web_minimal.dashboard.i18n import t

pytestmark = pytest.mark.timeout(180)


async def watch(
    visitor: Visitor, runtime: Runtime, user: uuid.UUID, bot: uuid.UUID, web_app: str
) -> Page:
    """Sign in, open the bot's page, wait for its live stream and mark the document."""
    page = await visitor.sign_in(runtime, user)
    await page.goto(f"{web_app}/dashboard/bots/{bot}")
    await live(page)
    await mark(page)
    assert await page.locator(f'tbody[data-trades-open="{bot}"] tr').count() == 0
    return page


async def test_a_synced_fill_and_exit_appear_on_the_open_page(
    browser: Browser, runtime: Runtime, make_user: UserFactory, web_app: str
) -> None:
    user = await make_user(language="en")
    bot = await add_bot(runtime, user, "BTC scalper")
    visitor = await Visitor.open(browser, width=360)
    async with freqtrade_schema(runtime, bot) as freqtrade:
        page = await watch(visitor, runtime, user, bot, web_app)
        opened = page.locator(f'tbody[data-trades-open="{bot}"] tr[data-trade]')
        trade = await open_ft_trade(freqtrade)
        await sync_bot(runtime, bot)
        await opened.first.wait_for(timeout=10_000)
        assert await opened.get_attribute("data-trade") == str(trade)
        assert "BTC/USDT" in await opened.inner_text()
        assert await page.inner_text(f'[data-bot-open="{bot}"]') == "1"
        assert await page.locator("[data-empty-open]").is_hidden()

        await close_ft_trade(freqtrade, trade, "12.5")
        await sync_bot(runtime, bot)
        closed = page.locator(f'tbody[data-trades-closed="{bot}"] tr[data-trade="{trade}"]')
        await closed.wait_for(timeout=10_000)
        assert "+12.50" in await closed.inner_text()
        assert await opened.count() == 0 and await page.locator("[data-empty-open]").is_visible()
        assert await page.inner_text(f'[data-bot-open="{bot}"]') == "0"
        assert await still_marked(page)  # the same document all along: nothing reloaded
    assert visitor.unexpected() == []
    await visitor.close()


async def test_pages_left_behind_do_not_use_up_the_users_live_streams(
    browser: Browser, runtime: Runtime, make_user: UserFactory, web_app: str
) -> None:
    user = await make_user(language="en")
    await add_bot(runtime, user, "BTC scalper")
    visitor = await Visitor.open(browser, width=360)
    page = await visitor.sign_in(runtime, user)
    try:
        for _ in range(12):  # a person going back and forth between pages for a few seconds
            await page.goto(f"{web_app}/dashboard")
            await live(page, within=5)
    finally:
        await visitor.close()


@pytest.mark.slow
@pytest.mark.timeout(300)
async def test_a_real_bots_first_fill_appears_live(
    browser: Browser,
    runtime: Runtime,
    make_node: NodeFactory,
    make_bot: BotFactory,
    web_app: str,
) -> None:
    await make_node()
    user, bot = await make_bot()  # AlwaysIn: enters on its first candle
    visitor = await Visitor.open(browser, width=1280)
    page = await watch(visitor, runtime, user, bot, web_app)
    badge = page.locator(f'[data-bot-state="{bot}"]')
    assert await badge.inner_text() == t("state.stopped", "en")

    await start_bot(runtime, user, bot)
    await badge.filter(has_text=t("state.running", "en")).wait_for(timeout=60_000)
    row = page.locator(f'tbody[data-trades-open="{bot}"] tr[data-trade]').first
    await row.wait_for(timeout=60_000)
    assert "BTC/USDT" in await row.inner_text()
    assert await page.inner_text(f'[data-bot-open="{bot}"]') == "1"
    assert await still_marked(page)
    async with runtime.db.as_service() as conn:
        synced = await conn.fetchval("select ft_trade_id from trades where bot_id = $1", bot)
    assert await row.get_attribute("data-trade") == str(synced)
    assert visitor.unexpected() == []
    await visitor.close()
