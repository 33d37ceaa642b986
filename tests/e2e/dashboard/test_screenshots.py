"""Every dashboard page at 360 px and 1280 px, in both languages: saved, and never too wide.

The pictures (`test-artifacts/dashboard/<width>/<page>-<lang>.png`) are for a human to look
at; the test fails when a page scrolls sideways on a 360 px phone, answers with the wrong
status, or logs an error.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Browser

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.e2e.dashboard.browsing import WIDTHS, Visitor
from tests.e2e.dashboard.shots import overflow, shoot, visit
from tests.e2e.dashboard.world import tour, trader

pytestmark = pytest.mark.timeout(300)

PHONE = WIDTHS[0]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["id", "en"])
async def test_every_page_is_pictured_and_fits_a_phone(
    browser: Browser,
    runtime: Runtime,
    make_user: UserFactory,
    web_app: str,
    language: str,
    width: int,
) -> None:
    world = await trader(runtime, make_user, language)
    visitor = await Visitor.open(browser, width=width, language=language)
    page = await visitor.sign_in(runtime, world.user)
    problems: list[str] = []
    for stop in tour(runtime, world):
        status = await visit(page, web_app, stop)
        if status != (404 if stop.name == "not-found" else 200):
            problems.append(f"{stop.name}: answered {status}")
        await shoot(page, width, f"{stop.name}-{language}", full=not stop.press)
        if width == PHONE:
            problems += [f"{stop.name}: {found}" for found in await overflow(page, width)]
    problems += [f"console: {problem}" for problem in visitor.unexpected()]
    await visitor.close()
    assert not problems, "\n".join(problems)
