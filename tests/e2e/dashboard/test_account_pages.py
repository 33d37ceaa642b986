"""The Strategies, Keys and Billing pages in Chromium: pictured, never too wide, clean under
their CSP, and with nothing serious or critical for axe, with data on every part of them.

Pictures go to /tmp/shots/<page>-<lang>-<width>.png for a human to look at. The channel step
and the payment page need Tripay: the emulator is started here and the runtime pointed at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser
from pydantic import SecretStr

from emulators.tripay import TripayEmulator
from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.e2e.dashboard.axe import violations
from tests.e2e.dashboard.browsing import WIDTHS, Visitor
from tests.e2e.dashboard.shots import Stop, overflow, visit
from tests.integration.dashboard.seed_account import (
    FIGURES,
    QR,
    add_custom_version,
    add_invoice,
    add_key,
    add_run,
    add_spec_strategy,
)

pytestmark = pytest.mark.timeout(300)

SHOTS = Path("/tmp/shots")
# The base layout's "skip to content" link waits off-screen until focused, by design.
SKIP = "a.skip "
LONG_CODE = "def f():\n    return " + " + ".join(f"value_{n}" for n in range(40)) + "\n"


@pytest.fixture
async def paying(runtime: Runtime) -> AsyncIterator[Runtime]:
    """Point the runtime (and so the web app serving it) at a Tripay emulator."""
    async with TripayEmulator(callback_interval_s=0.05) as tripay:
        runtime.settings = runtime.settings.model_copy(
            update={
                "tripay_base_url": tripay.url,
                "tripay_api_key": SecretStr(tripay.api_key),
                "tripay_private_key": SecretStr(tripay.private_key),
                "tripay_merchant_code": tripay.merchant_code,
            }
        )
        await runtime.redis.delete(
            *[k async for k in runtime.redis.scan_iter("nofomo:tripay:*")] or ["-"]
        )
        yield runtime


async def stops(
    runtime: Runtime, make_user: UserFactory, language: str
) -> tuple[object, list[Stop]]:
    """Seed a user with something on every new page; return them and the pages to visit."""
    user = await make_user(language=language)
    strategy, first = await add_spec_strategy(runtime, user)
    await add_run(runtime, user, first, "backtest", FIGURES)
    await add_run(runtime, user, first, "lookahead", {"has_bias": False, "total_signals": 38})
    second = await add_custom_version(runtime, user, strategy, LONG_CODE)
    best = {"epoch": 7, "profit_pct": 3.3, "trades": 21, "params": {"rsi_period": 18, "buy": 0.35}}
    await add_run(runtime, user, first, "hyperopt", {"epochs": 50, "best": best}, applied=second)
    await add_key(runtime, user, ip_restricted=True, label="Main account")
    await add_key(runtime, user, ip_restricted=False, label="")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    paid = await add_invoice(runtime, user, status="PAID")
    qris = await add_invoice(runtime, user, status="UNPAID", qr=QR, expires=later)
    va = await add_invoice(
        runtime, user, status="UNPAID", method="BRIVA", pay_code="827712345678901", expires=later
    )
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update users set plan_code = 'pro', plan_expires_at = now() - interval '1 day',"
            " billing_state = 'winding_down' where id = $1",
            user,
        )
    return user, [
        Stop("strategies", "/dashboard/strategies"),
        Stop("strategy", f"/dashboard/strategies/{strategy}?v=1"),
        Stop("strategy-custom", f"/dashboard/strategies/{strategy}?v=2"),
        Stop("keys", "/dashboard/keys"),
        Stop("billing", "/dashboard/billing"),
        Stop("upgrade-plans", "/dashboard/billing/upgrade"),
        Stop("upgrade-period", "/dashboard/billing/upgrade/pro"),
        Stop("upgrade-channels", "/dashboard/billing/upgrade/pro/monthly"),
        Stop("invoice-qris", f"/dashboard/billing/invoices/{qris}"),
        Stop("invoice-va", f"/dashboard/billing/invoices/{va}"),
        Stop("receipt", f"/dashboard/billing/invoices/{paid}"),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
async def test_the_new_pages_fit_a_phone_run_clean_and_pass_axe(
    browser: Browser,
    paying: Runtime,
    make_user: UserFactory,
    web_app: str,
    axe_js: Path,
    language: str,
) -> None:
    user, tour = await stops(paying, make_user, language)
    SHOTS.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240  (once, before the browser runs)
    problems: list[str] = []
    for width in WIDTHS:
        visitor = await Visitor.open(browser, width=width, language=language)
        checker = await Visitor.open(browser, width=width, language=language, bypass_csp=True)
        page, axe_page = await visitor.sign_in(paying, user), await checker.sign_in(paying, user)
        for stop in tour:
            if await visit(page, web_app, stop) != 200:
                problems.append(f"{stop.name}: not 200")
            await page.screenshot(
                path=str(SHOTS / f"{stop.name}-{language}-{width}.png"), full_page=True
            )
            wide = [found for found in await overflow(page, width) if not found.startswith(SKIP)]
            problems += [f"{stop.name} at {width}: {found}" for found in wide]
            await visit(axe_page, web_app, stop)
            problems += [f"{stop.name} at {width}: {v}" for v in await violations(axe_page, axe_js)]
        qr = await page.goto(f"{web_app}{tour[8].path}")
        assert (
            qr is not None
            and await page.evaluate("document.querySelector('.qr img').naturalWidth") > 0
        )
        problems += [f"console at {width} px: {p}" for p in visitor.unexpected()]
        await visitor.close()
        await checker.close()
    assert not problems, "\n".join(problems)
