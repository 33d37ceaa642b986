"""The /chart caption: market, realised and open profit, each open trade, within the limit."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, datetime

import pytest

from ai_strategies.charts import BotTrade, tally
from orchestrator.bots.charts import BotChart, chart_title
from telegram_bot.render_charts import CAPTION_LIMIT, bot_chart_caption

OPENED = datetime(2026, 11, 30, 3, 5, tzinfo=UTC)  # 10.05 in Jakarta
CLOSED = BotTrade(OPENED, 60_000.0, 0.001, OPENED, 60_600.0, 0.514)
OPEN = BotTrade(OPENED, 60_000.0, 0.0005)


def chart(trades: list[BotTrade], price: float | None, *, name: str = "Dip buyer") -> BotChart:
    return BotChart(
        png=b"",
        name=name,
        pair="BTC/USDT",
        timeframe="5m",
        currency="USDT",
        dry_run=True,
        ledger=tally(trades, price, datetime(2026, 11, 29, tzinfo=UTC)),
        open_trades=tuple(trade for trade in trades if trade.is_open),
        shown_from=None,
    )


def test_caption_names_the_open_trade_and_both_profits_in_english() -> None:
    caption = bot_chart_caption("en", chart([CLOSED, OPEN], 59_000.0))
    assert caption.splitlines() == [
        "📈 <b>Dip buyer</b>",
        "BTC/USDT · 5m candles · dry-run",
        "Realised profit: +0.51 USDT from 1 closed trade",
        "1 open trade: -0.50 USDT unrealised at 59,000",
        "• Bought 0.0005 BTC at 60,000 on Nov 30, 2026, 10:05: -0.50 USDT",
    ]


def test_caption_in_indonesian_with_earlier_trades_and_live_money() -> None:
    early = BotTrade(OPENED, 60_000.0, 0.001, datetime(2026, 11, 1, tzinfo=UTC), 61_000.0, 1.0)
    described = chart([early, CLOSED, OPEN], 61_234.5)
    live = dataclasses.replace(described, dry_run=False)
    lines = bot_chart_caption("id", live).splitlines()
    assert lines[1] == "BTC/USDT · candle 5m · live"
    assert lines[2].startswith("Profit terealisasi: +1,51 USDT dari 2 ")
    assert lines[3].endswith(": +0,62 USDT belum terealisasi pada harga 61.234,5")
    assert lines[4] == "• Beli 0,0005 BTC di 60.000 pada 30 Nov 2026 10.05: +0,62 USDT"
    assert lines[5].startswith("Sebelum grafik ini: 1 ") and lines[5].endswith(", +1,00 USDT")


def test_without_a_price_the_open_profit_is_not_guessed() -> None:
    lines = bot_chart_caption("en", chart([OPEN], None)).splitlines()
    assert lines[3] == "1 open trade; the current price is not known yet"
    assert lines[4].endswith(": ?")


@pytest.mark.parametrize("language", ["en", "id"])
def test_caption_stays_within_telegrams_limit(language: str) -> None:
    many = [BotTrade(OPENED, 60_000.0 + i, 0.0001 * (i + 1)) for i in range(40)]
    caption = bot_chart_caption(language, chart(many, 60_500.0, name="N" * 64))
    assert len(html.unescape(re.sub(r"<[^>]+>", "", caption))) <= CAPTION_LIMIT
    assert caption.count("\n•") == 4  # three trades named, the rest counted


def test_title_skips_a_pair_the_name_already_says() -> None:
    assert chart_title("AlwaysIn BTC/USDT", "BTC/USDT", "1m") == "AlwaysIn BTC/USDT · 1m"
    assert chart_title("Dip buyer", "ETH/USDT", "1h") == "Dip buyer · ETH/USDT · 1h"
