"""axe-core (from the npm registry, pinned) on every dashboard page: nothing serious or critical.

The pages run under their CSP everywhere else; only this test's browser profile bypasses it,
because the CSP (rightly) refuses the injected axe script. Phones in both languages, the
desktop layout in one: the languages differ in words, not in structure or colours.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.e2e.dashboard.axe import violations
from tests.e2e.dashboard.browsing import WIDTHS, Visitor
from tests.e2e.dashboard.shots import visit
from tests.e2e.dashboard.world import tour, trader

pytestmark = pytest.mark.timeout(300)

PHONE, DESKTOP = WIDTHS


@pytest.mark.parametrize(("language", "width"), [("id", PHONE), ("en", PHONE), ("en", DESKTOP)])
async def test_every_page_passes_axe(
    browser: Browser,
    runtime: Runtime,
    make_user: UserFactory,
    web_app: str,
    axe_js: Path,
    language: str,
    width: int,
) -> None:
    world = await trader(runtime, make_user, language)
    visitor = await Visitor.open(browser, width=width, language=language, bypass_csp=True)
    page = await visitor.sign_in(runtime, world.user)
    report: list[str] = []
    for stop in tour(runtime, world):
        await visit(page, web_app, stop)
        report += [f"{stop.name}: {violation}" for violation in await violations(page, axe_js)]
    await visitor.close()
    assert not report, "axe found serious or critical problems:\n" + "\n".join(report)
