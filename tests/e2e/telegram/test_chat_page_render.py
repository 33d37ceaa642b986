"""The chat page draws the bot's messages as Telegram does on a phone: screenshots can be trusted.

Formatting shows (bold, code, links), /commands are links, a keyboard widens a short bubble,
and a label too long for its share of a row is cut with "…" where `screens.problems_in` sees it.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from emulators.telegram import TelegramEmulator
from tests.e2e.telegram.chat import Chat
from tests.e2e.telegram.conftest import TOKEN
from tests.e2e.telegram.screens import MEASURE, Phone, problems_in
from tests.e2e.test_keyform_browser import browser, chromium_path

__all__ = ["browser", "chromium_path"]

pytestmark = pytest.mark.timeout(180)  # a browser start under a loaded 2-core CI

USER = 4242
TEXT = "<b>Bold</b> and <code>0.5</code>, see /help or <a href='https://example.org'>this</a>"
DRAWN = """() => {
  const first = document.querySelector("#log .msg.bot");
  return { bold: first.querySelector(".bubble b")?.textContent,
           code: first.querySelector(".bubble code")?.textContent,
           link: first.querySelector(".bubble a")?.href,
           command: first.querySelector(".bubble .link")?.textContent };
}"""


def keyboard(*rows: list[str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=text[:20]) for text in row] for row in rows]
    )


async def test_the_page_draws_formatting_and_cuts_long_labels(browser: Browser) -> None:
    async with TelegramEmulator(flood_limits=False) as emulator:
        chat = Chat(emulator, USER)
        chat.send("/start")
        async with Bot(TOKEN, base_url=emulator.bot_base_url) as bot:
            await bot.send_message(USER, TEXT, parse_mode="HTML")
            await bot.send_message(
                USER, "Hi", reply_markup=keyboard(["Bahasa Indonesia", "English"])
            )
            await bot.send_message(
                USER, "Pick", reply_markup=keyboard(["📊 A label far too long to fit", "⚙️ Ok"])
            )
        phone = await Phone.open(browser, emulator, "en")
        await phone.chat_as(chat)
        # A function, not an expression: the page's CSP forbids eval of a string expression.
        await phone.page.wait_for_function(
            "() => document.querySelectorAll('#log .msg').length == 4"
        )
        drawn: dict[str, Any] = await phone.page.evaluate(DRAWN)
        seen = await phone.page.evaluate(MEASURE)
        await phone.close()
    assert drawn == {
        "bold": "Bold",
        "code": "0.5",
        "link": "https://example.org/",
        "command": "/help",
    }
    # "Hi" is widened for its keyboard, so only the label too long for any phone is cut.
    cut = [b["label"] for b in seen["buttons"] if b["scroll"] > b["client"]]
    assert cut == ["📊 A label far too long to fit"]
    assert problems_in(seen, "en") == [f"label cut short: {seen['buttons'][2]}"]
    assert phone.problems == {}
