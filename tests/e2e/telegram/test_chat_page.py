"""A person talks to the offline bot in a browser: the emulator's chat page in Chromium."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser

from emulators.telegram import TelegramEmulator
from telegram_bot.app import App
from tests.e2e.test_keyform_browser import browser, chromium_path, phone_page

__all__ = ["browser", "chromium_path"]

pytestmark = pytest.mark.timeout(120)


async def test_chat_page_start_and_language_button(
    tg_emulator: TelegramEmulator, tg_app: App, tg_users: list[int], browser: Browser
) -> None:
    tg_users.append(1001)  # the page's default user; removed after the test
    problems: list[str] = []
    page = await phone_page(browser, problems)
    await page.goto(tg_emulator.url + "/")
    await page.select_option("#lang", "en")
    await page.fill("#text", "/start")
    await page.click("#send")
    await page.get_by_text("Welcome to").first.wait_for(timeout=15_000)
    await page.get_by_role("button", name="English").first.click()
    # The language message is edited into the introduction with its next-step buttons.
    await page.get_by_role("button", name="New strategy").first.wait_for(timeout=15_000)
    await page.get_by_text("What would you like to do?").first.wait_for(timeout=5_000)
    await page.screenshot(path="/tmp/nofomo_chat_page.png")
    assert problems == []
