"""/keys in chat → the link in headless Chromium → a trade-only key accepted → masked in /keys."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from playwright.async_api import Browser

from emulators.exchange import TEST_KEYS
from orchestrator.core.runtime import Runtime
from tests.e2e.telegram.conftest import ChatFactory
from tests.e2e.test_keyform_browser import browser, chromium_path, phone_page

__all__ = ["browser", "chromium_path"]

pytestmark = pytest.mark.timeout(120)

KEY = TEST_KEYS["binance_trade_ip"]
WITHDRAW = TEST_KEYS["binance_withdraw"]


@pytest.fixture
async def web_app(runtime: Runtime) -> AsyncIterator[None]:
    """Serve our web app where the chat's links point (this runtime's PORT)."""
    from web_minimal.app import create_app

    runner = web.AppRunner(create_app(runtime), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", runtime.settings.port).start()
    yield
    await runner.cleanup()


def link_of(message: dict[str, object]) -> str:
    for row in message["buttons"]:  # type: ignore[attr-defined]
        for button in row:
            if button.get("url"):
                return str(button["url"])
    raise AssertionError(f"no link button in {message}")


async def submit(browser: Browser, url: str, api_key: str, secret: str) -> str:
    problems: list[str] = []
    page = await phone_page(browser, problems)
    await page.goto(url)
    assert await page.locator("#exchange").count(), (url, await page.inner_text("body"))
    await page.select_option("#exchange", "binance")
    await page.fill("#api_key", api_key)
    await page.fill("#secret", secret)
    async with page.expect_navigation():
        await page.click("button[type=submit]")
    return await page.inner_text("body")


async def test_key_from_chat_link_to_masked_listing(
    new_chat: ChatFactory, web_app: None, browser: Browser
) -> None:
    chat = new_chat(language_code="en")
    messages = await chat.say("/keys")
    url = link_of(next(m for m in messages if m["buttons"]))
    refused = await submit(browser, url, WITHDRAW.api_key, WITHDRAW.secret)
    assert "withdraw" in refused.lower()
    # A refusal stores nothing and leaves the link usable for a corrected key.
    accepted = await submit(browser, url, KEY.api_key, KEY.secret)
    assert KEY.api_key[-4:] in accepted and KEY.api_key not in accepted
    listing = await chat.say("/keys")
    text = "\n".join(m["text"] for m in listing)
    assert "••••" + KEY.api_key[-4:] in text
    assert WITHDRAW.api_key[-4:] not in text
    assert KEY.api_key not in text and KEY.secret not in text
