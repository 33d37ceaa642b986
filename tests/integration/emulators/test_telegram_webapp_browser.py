"""The chat page opens a bot's Mini App in Chromium, signed with the bot's token, offline."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

from emulators.telegram import TelegramEmulator
from tests.integration.emulators.conftest_telegram import TOKEN, USER_ID, bot_call, tg_http
from tests.integration.emulators.test_telegram_webapp import AUTH_DATE, verified

__all__ = ["tg_http"]

pytestmark = pytest.mark.timeout(120)

# The emulator's tests import nothing of the app, so the browser set-up of tests/e2e is repeated.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE: ViewportSize = {"width": 390, "height": 844}
MINI_APP = "<!doctype html><title>Mini App</title><h1>Mini App</h1>"


@pytest.fixture
def chromium_path() -> Path:
    """Return Debian's Chromium; its absence is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium`")
    return CHROMIUM


@pytest.fixture
async def browser(chromium_path: Path) -> AsyncIterator[Browser]:
    """A headless Chromium for one test."""
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


async def phone_page(browser: Browser, problems: list[str]) -> Page:
    """Open a phone-sized page that records console errors (CSP violations among them)."""
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = await context.new_page()
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


@pytest.fixture
async def mini_app() -> AsyncIterator[tuple[str, list[str]]]:
    """A tiny Mini App on 127.0.0.1; yields its URL and the request paths it saw."""
    seen: list[str] = []

    async def page(request: web.Request) -> web.Response:
        seen.append(request.path_qs)
        return web.Response(text=MINI_APP, content_type="text/html")

    app = web.Application()
    app.router.add_get("/app", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/app?from=chat", seen
    await runner.cleanup()


async def test_web_app_buttons_open_the_mini_app_with_signed_init_data(
    browser: Browser, tg_http: aiohttp.ClientSession, mini_app: tuple[str, list[str]]
) -> None:
    url, seen = mini_app
    async with TelegramEmulator(flood_limits=False, clock=lambda: AUTH_DATE) as emulator:
        emulator.send_user_message(USER_ID, "/start", first_name="Alice", language_code="en")
        inline = {
            "inline_keyboard": [
                [{"text": "📊 Dashboard", "web_app": {"url": url}}],
                [{"text": "Docs", "url": "https://nofomo.example/docs"}],
            ]
        }
        await _send(tg_http, emulator, "Your bots", inline)
        problems: list[str] = []
        page = await phone_page(browser, problems)
        await page.goto(emulator.url + "/")
        dashboard = page.locator("#log").get_by_role("button", name="📊 Dashboard", exact=True)
        await dashboard.wait_for()
        corner = "(b) => getComputedStyle(b, '::after').content"
        assert "↗" in await dashboard.evaluate(corner)
        fields = await _open(page, dashboard, url)
        assert fields["auth_date"] == str(AUTH_DATE) and "query_id" in fields
        assert json.loads(fields["user"])["first_name"] == "Alice"
        await page.screenshot(path="/tmp/nofomo_chat_web_app.png")

        app_button = {"text": "📊 Dashboard", "web_app": {"url": url}}
        keyboard = {"keyboard": [[app_button, {"text": "Help"}]]}
        await _send(tg_http, emulator, "Menu", keyboard)
        reply = page.locator("#keyboard").get_by_role("button", name="📊 Dashboard", exact=True)
        await reply.wait_for()
        assert set(await _open(page, reply, url)) == {"user", "auth_date"}
    # The launch parameters travel in the fragment, which browsers never send to the server.
    assert seen == ["/app?from=chat", "/app?from=chat"]
    assert problems == []


async def _send(
    http: aiohttp.ClientSession, emulator: TelegramEmulator, text: str, markup: dict[str, Any]
) -> None:
    status, body = await bot_call(
        http, emulator, "sendMessage", chat_id=USER_ID, text=text, reply_markup=markup
    )
    assert status == 200, body


async def _open(page: Page, button: Any, url: str) -> dict[str, str]:
    """Click a Mini App button; return the verified initData fields the new tab received."""
    async with page.context.expect_page() as opened:
        await button.click()
    app = await opened.value
    await app.wait_for_url(re.compile(re.escape(url + "#tgWebAppData=")))
    await app.get_by_role("heading", name="Mini App").wait_for()
    script = "new URLSearchParams(location.hash.slice(1)).get('tgWebAppData')"
    init_data = await app.evaluate(script)
    assert await app.evaluate("window.opener") is None
    await app.close()
    fields = verified(init_data, TOKEN)
    assert fields is not None
    assert json.loads(fields["user"])["id"] == USER_ID
    return fields
