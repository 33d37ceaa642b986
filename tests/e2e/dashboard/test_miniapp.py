"""The Mini App entry in a browser: forged or stale launch data is refused, Telegram's is let in.

Valid launches come from the Telegram emulator's control endpoint, as a tap on the chat's
"📊 Dashboard" button would: initData signed with the token our bot runs on, which in local
mode is the one the web app checks against. Forged and stale ones are built with the
emulator's own signing code, with the wrong token or a two-day-old `auth_date`.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import aiohttp
import pytest
from playwright.async_api import Browser

from emulators.telegram import TelegramEmulator
from emulators.telegram.webapp import WebAppUser, build_init_data
from orchestrator.core.runtime import Runtime
from tests.e2e.dashboard.browsing import Visitor
from tests.e2e.telegram.chat import Chat
from tests.e2e.telegram.conftest import ChatFactory, SeedBot
from web_minimal.dashboard.i18n import t

pytestmark = pytest.mark.timeout(180)

DAY = 86_400


async def launch_url(emulator: TelegramEmulator, chat: Chat, url: str) -> str:
    """Tap the chat's web_app button for `url`; return the URL Telegram opens the app at."""
    body = {"chat_id": chat.user_id, "url": url}
    async with (
        aiohttp.ClientSession() as control,
        control.post(f"{emulator.url}/_emu/webapp/init_data", json=body) as response,
    ):
        assert response.status == 200, await response.text()
        return str((await response.json())["launch_url"])


async def refused(visitor: Visitor, app: str, init_data: str) -> None:
    """Open the Mini App with `init_data` in a new tab; check that it says no, in both languages.

    A new tab each time, as Telegram opens a new webview per launch: in the same tab, a URL
    differing only in its fragment would not load the page again.
    """
    page = await visitor.page()
    url = f"{app}#tgWebAppData={quote(init_data, safe='')}"
    if init_data:  # the server is asked, and says no
        async with page.expect_response(f"{app}/session") as answer:
            await page.goto(url)
        assert (await answer.value).status == 403
    else:  # nothing to ask with: the page says no by itself
        await page.goto(url)
    banner = page.locator("#miniapp-refused")
    await banner.wait_for()
    for lang in ("id", "en"):
        assert t("signin.why.dashboard_miniapp_refused", lang) in await banner.inner_text()
    assert page.url.startswith(app) and await page.locator("#miniapp-wait").is_hidden()
    await page.close()


async def test_forged_and_stale_launches_are_refused_and_telegrams_own_get_in(
    browser: Browser,
    runtime: Runtime,
    new_chat: ChatFactory,
    seed_bot: SeedBot,
    web_app: str,
    tg_emulator: TelegramEmulator,
) -> None:
    chat = new_chat(language_code="id")
    bot = await seed_bot(chat)
    (listing,) = await chat.say("/bots")  # offers the "📊 Dasbor" button
    app = f"{web_app}/app"
    user = WebAppUser(chat.user_id, "Tester", language_code="id")
    token = runtime.settings.bot_token
    assert token is not None

    visitor = await Visitor.open(browser, language="id")
    now = int(time.time())
    await refused(visitor, app, build_init_data("1:not-our-bot", user, auth_date=now))
    await refused(visitor, app, build_init_data(token, user, auth_date=now - 2 * DAY))
    await refused(visitor, app, "")  # opened outside Telegram: no launch data at all
    assert await visitor.session_cookie() is None

    page = await visitor.page()
    await page.goto(await launch_url(tg_emulator, chat, app))
    await page.wait_for_url(f"{web_app}/dashboard")
    assert await page.inner_text("h1") == t("overview.title", "id")
    assert await page.locator("article.bot-card h2 a").all_inner_texts() == ["AlwaysIn BTC/USDT"]
    cookie = await visitor.session_cookie()
    assert cookie is not None and cookie["httpOnly"]

    # The bot's detail view in chat offers the Mini App landing on that bot's page.
    chat.press(listing, "AlwaysIn BTC/USDT · BTC/USDT")
    await chat.until(lambda: chat.message(listing["message_id"])["edited"], what="detail view")
    on_bot = f"{app}?next=/dashboard/bots/{bot}"
    phone = await Visitor.open(browser, language="id")  # a fresh launch, in a fresh webview
    inside = await phone.page()
    await inside.goto(await launch_url(tg_emulator, chat, on_bot))
    await inside.wait_for_url(f"{web_app}/dashboard/bots/{bot}")
    assert (await inside.inner_text("h1")).startswith("AlwaysIn BTC/USDT")
    assert visitor.unexpected() == [] and phone.unexpected() == []
    await visitor.close()
    await phone.close()
