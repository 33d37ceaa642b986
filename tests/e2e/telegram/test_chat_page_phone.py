"""The emulator's chat page on a 360 px phone: the composer's placeholder shows in full."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, ViewportSize

from emulators.telegram import TelegramEmulator
from tests.e2e.test_keyform_browser import browser, chromium_path

__all__ = ["browser", "chromium_path"]

pytestmark = pytest.mark.timeout(60)

SMALL_PHONE = ViewportSize(width=360, height=740)
# The placeholder's width in the textarea's font against the room inside its padding, and
# the same text typed in: a clipped placeholder wraps into a second, hidden line.
MEASURE = """() => {
  const box = document.getElementById("text");
  const style = getComputedStyle(box);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  box.value = box.placeholder;
  const typed = { scrollHeight: box.scrollHeight, clientHeight: box.clientHeight,
                  scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
  box.value = "";
  return { placeholder: box.placeholder, text: context.measureText(box.placeholder).width,
           room, typed, page: document.documentElement.scrollWidth };
}"""


async def test_placeholder_fits_a_360px_phone(browser: Browser, tmp_path: Path) -> None:
    problems: list[str] = []
    context = await browser.new_context(
        viewport=SMALL_PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = await context.new_page()
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    async with TelegramEmulator(flood_limits=False) as emulator:
        await page.goto(emulator.url + "/")
        await page.wait_for_selector("#text")
        size: dict[str, Any] = await page.evaluate(MEASURE)
        languages = await page.eval_on_selector_all("#lang option", "o => o.map(x => x.value)")
        shot = tmp_path / "chat_page_360.png"
        await page.screenshot(path=str(shot))
    await context.close()
    assert size["placeholder"] and size["text"] <= size["room"], size
    typed = size["typed"]
    assert typed["scrollHeight"] <= typed["clientHeight"], size
    assert typed["scrollWidth"] <= typed["clientWidth"], size
    assert size["page"] <= SMALL_PHONE["width"], "the chat page scrolls sideways"
    assert languages == ["id", "en"]
    assert shot.stat().st_size > 0 and problems == []
