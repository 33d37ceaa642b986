"""A person's browser on the dashboard: a Playwright context that signs in and watches its console.

Each `Visitor` is one browser profile (its own cookie jar), on a phone (360 px) or a desktop
(1280 px), reading in Indonesian or English (the Accept-Language of signed-out pages; signed-in
pages follow the user's own setting). Console errors and uncaught page errors are kept, so a
journey can assert that the page ran cleanly under its CSP.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Final

from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, ViewportSize

from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.access import issue_link
from web_minimal.dashboard.auth import COOKIE

WIDTHS: Final = (360, 1280)
LOCALES: Final = {"id": "id-ID", "en": "en-US"}
# A marker a page keeps only as long as the document is not replaced (no reload, no navigation).
MARK: Final = "window.__nofomoSameDocument"
# Chromium reports every 4xx/5xx answer as a console error; the journeys expect some (404s).
EXPECTED_STATUS: Final = "the server responded with a status of 4"


@dataclass
class Visitor:
    """One browser profile on the dashboard."""

    context: BrowserContext
    width: int
    problems: list[str] = field(default_factory=list)

    @classmethod
    async def open(
        cls, browser: Browser, *, width: int = 360, language: str = "en", bypass_csp: bool = False
    ) -> Visitor:
        """Open a profile: a touch phone at 360 px (twice the density), else a desktop."""
        phone = width < 720
        viewport = ViewportSize(width=width, height=740 if phone else 800)
        context = await browser.new_context(
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
            locale=LOCALES[language],
            timezone_id="Asia/Jakarta",
            bypass_csp=bypass_csp,  # only to inject axe-core; every other context keeps the CSP
        )
        return cls(context, width)

    async def page(self) -> Page:
        """Open a tab whose console errors and page errors are recorded."""
        page = await self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(message.text)

    async def sign_in(self, runtime: Runtime, user: uuid.UUID) -> Page:
        """Follow a fresh one-time link, as from /dashboard in chat; return the overview's tab."""
        page = await self.page()
        await page.goto(await issue_link(runtime, user, dt.datetime.now(dt.UTC)))
        assert page.url.endswith("/dashboard"), page.url
        return page

    async def session_cookie(self) -> dict[str, object] | None:
        """Return the dashboard's session cookie as the browser holds it, if any."""
        found = [c for c in await self.context.cookies() if c.get("name") == COOKIE]
        return dict(found[0]) if found else None

    def unexpected(self) -> list[str]:
        """Return console and page errors other than the answers a journey asked for (4xx)."""
        return [p for p in self.problems if EXPECTED_STATUS not in p]

    async def close(self) -> None:
        """Close the profile (its tabs and their live streams)."""
        await self.context.close()


async def mark(page: Page) -> None:
    """Put a marker on the page that a reload or navigation would lose."""
    await page.evaluate(f"{MARK} = true")


async def still_marked(page: Page) -> bool:
    """Tell whether the page is still the same document the marker was put on."""
    return bool(await page.evaluate(f"{MARK} === true"))


async def live(page: Page, within: float = 15) -> None:
    """Wait until the page's live stream (`/events`) is open, so no event is missed."""
    await page.wait_for_selector("#live-status.live-on", state="attached", timeout=within * 1000)
