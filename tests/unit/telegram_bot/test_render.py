"""Rendering: user-controlled values are escaped; figures are formatted."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

from orchestrator.bots.views import BotView
from orchestrator.strategies.versions import StrategySummary, VersionSummary
from orchestrator.supervisor.rules import Thresholds
from telegram_bot import render

BOT = BotView(
    id=uuid.uuid4(),
    name="<script>alert(1)</script>",
    exchange="binance",
    pair="BTC/USDT",
    timeframe="5m",
    dry_run=True,
    status="running",
    desired_state="paused",
    failure_reason=None,
    stake_amount=Decimal("25.00000000"),
    stake_currency="USDT",
    supervisor=Thresholds(),
    profit_abs=Decimal("-1.234"),
    open_trades=1,
    closed_trades=4,
)


def test_bot_names_are_escaped() -> None:
    text = render.bots_list("en", [BOT])
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "⏸" in text and "paused" in text and "-1.23 USDT" in text


def test_detail_and_summaries() -> None:
    detail = render.bot_detail("id", BOT)
    assert "Modal: 25 USDT per transaksi" in detail and "1 terbuka, 4 selesai" in detail
    other = replace(BOT, name="B", status="stopped", desired_state="stopped", profit_abs=Decimal(3))
    summary = render.profit_summary("en", [BOT, other])
    assert "Total realised profit: +1.77 USDT" in summary
    status = render.status_summary("en", [BOT, other])
    assert "1 running, 2 open trades" in status


def test_trades_and_status() -> None:
    trades = [
        {
            "trade_id": 1,
            "pair": "BTC/USDT",
            "is_open": False,
            "profit_abs": 0.5,
            "profit_ratio": 0.02,
            "exit_reason": "roi",
        },
        {
            "trade_id": 2,
            "pair": "BTC/USDT",
            "is_open": False,
            "profit_abs": -0.1,
            "profit_ratio": -0.004,
            "exit_reason": "stop_loss",
        },
    ]
    text = render.trades_view("en", BOT, trades)
    assert text.index("#2") < text.index("#1")  # newest first
    assert "-0.40%) · stop-loss\n" in text and "· profit target (ROI)" in text
    assert "stop_loss" not in text and "open trade" not in text
    open_trade = {
        "trade_id": 3,
        "pair": "BTC/USDT",
        "amount": "0.00040000",
        "open_rate": 65000.5,
        "current_rate": 65010,
        "profit_pct": 0.01,
    }
    status = render.status_view("en", BOT, [open_trade])
    assert "#3 BTC/USDT · 0.0004 at 65,000.5 · now 65,010 · +0.01%" in status
    status = render.status_view("id", BOT, [open_trade])
    assert "#3 BTC/USDT · 0,0004 di 65.000,5 · kini 65.010 · +0,01%" in status


def test_figures_follow_the_users_language() -> None:
    rich = replace(BOT, profit_abs=Decimal("1234.5"), stake_amount=Decimal("1500"))
    assert "PnL +1.234,50 USDT" in render.bots_list("id", [rich])
    assert "PnL +1,234.50 USDT" in render.bots_list("en", [rich])
    assert "Modal: 1.500 USDT" in render.bot_detail("id", rich)
    assert render.number(None, "id") == render.amount("x", "en") == "?"


def test_open_trades_show_jakarta_time() -> None:
    trade = {"trade_id": 4, "pair": "ETH/USDT", "is_open": True, "open_date": "2025-01-05 12:00:00"}
    assert "#4 ETH/USDT · open since Jan 5, 2025, 19:00" in render.trades_view("en", BOT, [trade])
    assert "5 Jan 2025 19.00" in render.trades_view("id", BOT, [trade])
    odd = {**trade, "open_date": "yesterday at noon"}  # not a date: shown as sent, cut short
    assert render.trades_view("en", BOT, [odd]).endswith("open since yesterday at noo")


# One open trade as Freqtrade's /status answers it (the fields /trades shows).
OPEN_TRADE = {
    "trade_id": 7,
    "pair": "ETH/USDT",
    "is_open": True,
    "open_date": "2025-01-05 12:00:00",
    "stake_amount": 25.0,
    "profit_abs": 1.2345,
    "profit_ratio": 0.04938,
    "stop_loss_abs": 3120.5,
}


def test_trades_show_an_open_trade_above_the_closed_ones() -> None:
    closed = {"trade_id": 6, "pair": "ETH/USDT", "is_open": False, "profit_abs": -0.3,
              "profit_ratio": -0.012, "exit_reason": "force_exit"}  # fmt: skip
    text = render.trades_view("en", BOT, [closed], [OPEN_TRADE])
    assert "no trades" not in text
    assert (
        "<b>1 open trade</b>\n#7 ETH/USDT · open since Jan 5, 2025, 19:00 · stake 25 USDT"
        " · now +1.23 USDT (+4.94%) · stop-loss 3,120.5\n" in text
    )
    assert text.index("#7") < text.index("Recent closed trades") < text.index("#6")
    assert "#6 ETH/USDT · -0.30 USDT (-1.20%) · closed manually" in text
    bahasa = render.trades_view("id", BOT, [closed], [OPEN_TRADE])
    assert "<b>1 posisi terbuka</b>" in bahasa and "modal 25 USDT" in bahasa
    assert "kini +1,23 USDT (+4,94%) · stop-loss 3.120,5" in bahasa and "ditutup manual" in bahasa


def test_only_open_trades_and_their_count() -> None:
    second = {**OPEN_TRADE, "trade_id": 8}
    text = render.trades_view("en", BOT, [], [OPEN_TRADE, second])
    assert "<b>2 open trades</b>" in text and "Recent closed" not in text
    assert "<b>2 posisi terbuka</b>" in render.trades_view("id", BOT, [], [OPEN_TRADE, second])
    assert "no trades yet" in render.trades_view("en", BOT, [], [])


def test_exit_reasons_are_said_in_words() -> None:
    assert render.exit_reason("en", "force_exit") == "closed manually"
    assert render.exit_reason("id", "force_exit") == "ditutup manual"
    assert render.exit_reason("en", "trailing_stop_loss") == "trailing stop-loss"
    assert render.exit_reason("id", "exit_signal") == "sinyal keluar"
    assert render.exit_reason("en", "my_custom_exit") == "my_custom_exit"
    assert render.exit_reason("en", None) == ""


def test_versions_and_strategies() -> None:
    versions = [
        VersionSummary(uuid.uuid4(), 2, "Rolled <back>", dt.datetime(2026, 11, 1), None),
        VersionSummary(uuid.uuid4(), 1, "RSI", dt.datetime(2026, 10, 30), None),
    ]
    text = render.versions_view("en", "My & strategy", versions, current=2)
    assert "My &amp; strategy" in text and "★ v2 · Nov 1, 2026 · Rolled &lt;back&gt;" in text
    assert "★ v2 · 1 Nov 2026 ·" in render.versions_view("id", "x", versions, current=2)
    listing = render.strategies_view(
        "en",
        [StrategySummary(uuid.uuid4(), "A", 2, uuid.uuid4(), "RSI", None, "1h", versions=3)],
    )
    assert "v2 of 3, 1h" in listing


def test_errors_fall_back_to_an_apology() -> None:
    assert render.error("en", "no_such_key", {}) == render.error("en", "apology", {})
    refused = render.error("id", "keyform.withdraw_enabled", {"exchange": "bybit"})
    assert refused.startswith("Key Bybit ini bisa menarik dana")


def test_progress() -> None:
    assert render.progress("en", None).startswith("⏳ Working on your strategy")
    assert render.progress("en", {"stage": "backtesting", "pct": 72.4}) == "⏳ Backtesting: 72%"


def test_counts_take_the_right_form_in_each_language() -> None:
    one = replace(BOT, open_trades=1, closed_trades=1, status="stopped", desired_state="stopped")
    status = render.status_summary("en", [one])
    assert "0 running, 1 open trade\n" in status and status.endswith(": stopped, 1 open trade")
    assert "(1 closed trade)" in render.profit_summary("en", [one])
    assert "from 1 closed trade." in render.profit_stored("en", one)
    many = replace(one, open_trades=2, closed_trades=1234)
    assert render.status_summary("en", [many]).endswith("2 open trades")
    assert "(1,234 closed trades)" in render.profit_summary("en", [many])
    assert render.status_summary("id", [one]).endswith("1 posisi terbuka")
    assert "(1.234 transaksi selesai)" in render.profit_summary("id", [many])
    assert "(s)" not in render.status_summary("en", [one])
