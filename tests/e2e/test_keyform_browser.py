"""A phone-sized headless Chromium fills the one-time key form: stored, then refused."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from playwright.async_api import Browser, Page, async_playwright

from emulators.exchange import TEST_KEYS, ApiKeySpec
from orchestrator.core.runtime import Runtime
from orchestrator.keys.form_links import issue_link
from orchestrator.keys.store import list_keys
from tests.conftest import UserFactory
from tests.integration.web.support import SECRETS, link_path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp")


@pytest.fixture
def chromium_path() -> Path:
    """Return Debian's Chromium; its absence is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's browser with "
            "`apt-get update && apt-get install -y chromium` (never `playwright install`)"
        )
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
    context = await browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = await context.new_page()
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


async def fill_and_submit(page: Page, url: str, spec: ApiKeySpec, label: str, shot: str) -> str:
    """Fill the form like a user, submit it and return the resulting page's text."""
    await page.goto(url)
    await page.select_option("#exchange", spec.exchange)
    await page.fill("#api_key", spec.api_key)
    await page.fill("#secret", spec.secret)
    await page.fill("#label", label)
    await page.screenshot(path=str(SHOTS / f"nofomo_keyform_{shot}.png"), full_page=True)
    async with page.expect_navigation():
        await page.click("button[type=submit]")
    html = await page.content()
    assert not [value for value in SECRETS if value in html]
    return await page.inner_text("main")


async def new_url(runtime: Runtime, client: TestClient[Any, Any], user: uuid.UUID) -> str:
    return str(client.make_url(link_path(await issue_link(runtime, user))))


async def test_phone_user_stores_a_key_then_is_refused_one_that_withdraws(
    browser: Browser, runtime: Runtime, client: TestClient[Any, Any], make_user: UserFactory
) -> None:
    user, problems = await make_user(language="id"), []
    page = await phone_page(browser, problems)

    await page.goto(await new_url(runtime, client, user))
    assert await page.title() == "Hubungkan exchange Anda · NoFOMO"
    assert await page.get_attribute("#secret", "type") == "password"
    button = await page.eval_on_selector("button", "b => getComputedStyle(b).backgroundColor")
    assert button == "rgb(14, 124, 102)", "the stylesheet did not load under the CSP"
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the form scrolls sideways on a phone"
    await page.screenshot(path=str(SHOTS / "nofomo_keyform_form.png"), full_page=True)

    spec = TEST_KEYS["binance_trade_open"]
    url = await new_url(runtime, client, user)
    text = await fill_and_submit(page, url, spec, "Akun utama", "filled")
    assert "Key tersimpan" in text and "••••" + spec.api_key[-4:] in text
    assert "alamat IP mana pun" in text
    await page.screenshot(path=str(SHOTS / "nofomo_keyform_success.png"), full_page=True)
    response = await page.goto(url)
    assert response is not None and response.status == 410
    assert "sudah dipakai" in await page.inner_text("main")
    await page.screenshot(path=str(SHOTS / "nofomo_keyform_used.png"), full_page=True)

    withdraw = TEST_KEYS["bybit_withdraw"]
    text = await fill_and_submit(
        page, await new_url(runtime, client, user), withdraw, "", "withdraw_filled"
    )
    assert "Key ditolak" in text and "Withdrawal" in text
    await page.screenshot(path=str(SHOTS / "nofomo_keyform_refused.png"), full_page=True)

    assert [key.key_hint for key in await list_keys(runtime.db, user)] == [
        "••••" + spec.api_key[-4:]
    ]
    # Refusals (422) and used links (410) are answered so on purpose; Chromium logs the status.
    assert [p for p in problems if "status of 4" not in p] == []
    await page.context.close()
