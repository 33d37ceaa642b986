"""Rendering the reports across bots: locale figures, escaped names and logs, honest states."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

from emulators.telegram.formatting import parse_text
from orchestrator.bots.live import Answer, Holding, OpenCount, Wallet
from orchestrator.bots.reports import Money, PairPerformance, PeriodProfit, PeriodReport
from orchestrator.bots.views import BotView
from orchestrator.supervisor.rules import Thresholds
from telegram_bot import render_reports
from telegram_bot.i18n import t

BOT = BotView(
    id=uuid.uuid4(),
    name="<b>Eth</b> & co",
    exchange="binance",
    pair="ETH/USDT",
    timeframe="5m",
    dry_run=True,
    status="running",
    desired_state="running",
    failure_reason=None,
    stake_amount=Decimal(25),
    stake_currency="USDT",
    supervisor=Thresholds(),
    profit_abs=Decimal(0),
    open_trades=1,
    closed_trades=0,
)
STOPPED = replace(BOT, name="Old", status="stopped", desired_state="stopped")
WALLET = Wallet(
    "USDT",
    Decimal("1024.904"),
    (
        Holding("USDT", Decimal(1000), Decimal(975), Decimal(25), Decimal(1000)),
        Holding("BTC", Decimal("0.00025"), Decimal("0.00025"), Decimal(0), Decimal("24.9")),
    ),
    simulated=True,
)


def shown(html: str) -> str:
    """Return the text Telegram displays for an HTML message."""
    text, _ = parse_text(html, "HTML")
    return str(text)


def test_daily_report_rounds_each_currency_and_writes_jakarta_days() -> None:
    report = PeriodReport(
        "day",
        (
            PeriodProfit(dt.date(2025, 3, 4), (Money(Decimal("1.23456"), "USDT"),), 2),
            PeriodProfit(dt.date(2025, 3, 3), (Money(Decimal(0), "USDT"),), 0),
        ),
        ("USDT",),
    )
    assert shown(render_reports.period_report("en", report)).splitlines() == [
        "Profit per day · last 2 days · all your bots (WIB)",
        "Mar 4, 2025: +1.23 USDT · 2 closed trades",
        "Mar 3, 2025: +0.00 USDT · 0 closed trades",
        "Total: +1.23 USDT · 2 closed trades",
    ]
    assert shown(render_reports.period_report("id", report)).splitlines()[1] == (
        "4 Mar 2025: +1,23 USDT · 2 transaksi selesai"
    )


def test_monthly_report_names_months_and_every_currency() -> None:
    report = PeriodReport(
        "month",
        (
            PeriodProfit(
                dt.date(2025, 2, 1),
                (Money(Decimal("0.00012"), "BTC"), Money(Decimal("-3.5"), "USDT")),
                1,
            ),
        ),
        ("BTC", "USDT"),
    )
    text = shown(render_reports.period_report("id", report))
    assert text.startswith("Profit per bulan · 1 bulan terakhir · semua bot Anda")
    assert "Feb 2025: +0,00012 BTC, -3,50 USDT · 1 transaksi selesai" in text


def test_performance_lists_pairs_or_says_nothing_closed() -> None:
    pairs = [
        PairPerformance("BTC/USDT", Money(Decimal("12.5"), "USDT"), 3, 2),
        PairPerformance("ETH/<USDT>", Money(Decimal("-1"), "USDT"), 1, 0),
    ]
    html = render_reports.performance("en", pairs)
    assert "ETH/&lt;USDT&gt;" in html
    assert shown(html).splitlines()[1:] == [
        "BTC/USDT: +12.50 USDT · 3 closed trades, 2 won",
        "ETH/<USDT>: -1.00 USDT · 1 closed trade, 0 won",
    ]
    assert render_reports.performance("id", []) == t("id", "performance_none")


def test_balances_say_play_money_and_list_bots_that_do_not_run() -> None:
    answers = [Answer(BOT, WALLET), Answer(STOPPED), Answer(replace(BOT, name="Sol"), None, True)]
    html = render_reports.balances("en", answers)
    assert "&lt;b&gt;Eth&lt;/b&gt; &amp; co" in html
    assert shown(html).splitlines() == [
        "Wallets of your bots",
        "🟢 <b>Eth</b> & co (dry-run: play money, not real funds): ≈ 1,024.90 USDT in total",
        "   • 1,000.00 USDT, 975.00 USDT free",
        "   • 0.00025 BTC ≈ 24.90 USDT",
        "⚪ Old: not running (stopped)",
        "🟢 Sol: did not answer; try again in a moment",
    ]
    live = replace(BOT, dry_run=False)
    real = shown(render_reports.balances("id", [Answer(live, replace(WALLET, simulated=False))]))
    assert "(live: dana sungguhan di exchange): total ≈ 1.024,90 USDT" in real


def test_reports_of_live_bots_when_none_runs() -> None:
    assert render_reports.balances("en", []) == t("en", "bots_empty")
    only = render_reports.counts("en", [Answer(STOPPED)])
    assert shown(only) == "Old is not running (stopped)."
    several = render_reports.counts("id", [Answer(STOPPED), Answer(replace(STOPPED, name="B"))])
    assert several == t("id", "live_none_running")


def test_counts_show_the_limit_or_that_there_is_none() -> None:
    answers = [
        Answer(BOT, OpenCount(1, 3, Decimal("24.5"))),
        Answer(replace(BOT, name="Free"), OpenCount(2, None, Decimal(50))),
    ]
    assert shown(render_reports.counts("id", answers)).splitlines() == [
        "Posisi terbuka bot Anda",
        "🟢 <b>Eth</b> & co: 1 dari 3 terbuka · 24,50 USDT di posisi terbuka",
        "🟢 Free: 2 terbuka, tanpa batas · 50,00 USDT di posisi terbuka",
    ]


def test_logs_are_escaped_and_keep_the_newest_lines_that_fit() -> None:
    found = ["<script>alert(1)</script> & more", *(f"line {i} " + "x" * 400 for i in range(30))]
    html = render_reports.logs("en", BOT, found)
    assert "<script>" not in html and "<pre>" in html
    text = shown(html)
    assert len(text) < 4096
    assert text.splitlines()[-1].startswith("line 29 ") and text.endswith("…")
    assert "line 0 " not in text  # the oldest lines make room for the newest
    short = shown(render_reports.logs("en", BOT, found[:1]))
    assert short.endswith("<script>alert(1)</script> & more")
    assert render_reports.logs("id", BOT, []) == t("id", "logs_empty", name=BOT.name)
