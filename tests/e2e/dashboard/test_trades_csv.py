"""The bot page's CSV export, downloaded as a person does: every trade, one row each."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from playwright.async_api import Browser

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.e2e.dashboard.browsing import Visitor
from tests.integration.dashboard.seed import T0, add_bot, add_trade
from web_minimal.dashboard.i18n import t

pytestmark = pytest.mark.timeout(180)

HEADER = [
    "id", "pair", "is_open", "open_date", "close_date", "open_rate", "close_rate", "amount",
    "stake_amount", "profit_abs", "profit_ratio", "exit_reason", "enter_tag", "fee_open",
    "fee_close", "duration_s", "fee_open_cost", "fee_close_cost", "stop_loss",
]  # fmt: skip
# Trades as seeded below: 0.001 BTC at 50,000 USDT (a 50 USDT stake), in the order they opened.
EXPECTED = [
    ["1", "BTC/USDT", "false", "2026-11-20T03:00:00+00:00", "2026-11-20T06:00:00+00:00",
     "50000", "60000", "0.001", "50", "10", "0.2", "roi", "rsi_dip", "", "", "10800", "", "",
     ""],
    ["2", "BTC/USDT", "false", "2026-11-21T03:00:00+00:00", "2026-11-21T05:00:00+00:00",
     "50000", "46000", "0.001", "50", "-4", "-0.08", "stop_loss", "'=HYPERLINK(1)", "", "",
     "7200", "", "", ""],
    ["3", "BTC/USDT", "true", "2026-11-22T03:00:00+00:00", "", "50000", "", "0.001", "50", "",
     "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


async def test_the_export_link_downloads_every_trade_with_its_columns(
    browser: Browser, runtime: Runtime, make_user: UserFactory, web_app: str
) -> None:
    user = await make_user(language="id")
    bot = await add_bot(runtime, user, "BTC scalper")
    day = dt.timedelta(days=1)
    # Inserted out of order: the file lists trades in the order they opened.
    await add_trade(runtime, user, bot, 3, profit=None, opened=T0 + 2 * day)
    await add_trade(runtime, user, bot, 1, profit="10", opened=T0, hours=3, tag="rsi_dip")
    # A tag a spreadsheet would run as a formula is written defused (a leading apostrophe).
    await add_trade(runtime, user, bot, 2, profit="-4", opened=T0 + day, reason="stop_loss",
                    tag="=HYPERLINK(1)")  # fmt: skip

    visitor = await Visitor.open(browser, width=360, language="id")
    page = await visitor.sign_in(runtime, user)
    await page.goto(f"{web_app}/dashboard/bots/{bot}")
    async with page.expect_download() as started:
        await page.get_by_role("link", name=t("trades.export", "id")).click()
    download = await started.value
    assert download.suggested_filename == f"trades-{bot}.csv"
    path = await download.path()
    raw = path.read_bytes()
    assert raw.startswith(b"id,pair,is_open,") and raw.count(b"\r\n") == 4

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [HEADER, *EXPECTED]
    assert page.url == f"{web_app}/dashboard/bots/{bot}"  # the download left the page as it was
    assert visitor.unexpected() == []
    await visitor.close()
