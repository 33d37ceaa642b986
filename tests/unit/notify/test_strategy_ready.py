"""A new strategy's alert: the chart's short caption, then the explanation with the buttons;
its maximum drawdown is the chart's own figure, written the same way."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from ai_strategies.backtest import Trade
from ai_strategies.charts import labels
from ai_strategies.charts.equity import drawdown_pct
from ai_strategies.metrics import compute_metrics, equity_curve
from ai_strategies.validate import WALLET, ValidationReport
from emulators.telegram.formatting import parse_text
from kernel.i18n import LANGUAGES, Language
from orchestrator.alerts.payloads import as_report_figures
from orchestrator.strategies.reports import report_figures
from telegram_bot.alerts import render
from telegram_bot.alerts.ptb import CAPTION_LIMIT
from telegram_bot.callbacks import Signer, derive_key
from tests.unit.notify.samples import SAMPLES

START = datetime(2026, 11, 1, tzinfo=UTC)
SIGNER = Signer(derive_key("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"), 1001)


def trade(day: int, profit: float) -> Trade:
    opened = START + timedelta(days=day)
    return Trade("BTC/USDT", opened, opened + timedelta(hours=4), 100.0, 101.0, 0.01, profit, "roi")


def judged(profits: list[float]) -> ValidationReport:
    """A report over 30 days whose trades close with these profits, one a day."""
    trades = [trade(day, profit) for day, profit in enumerate(profits)]
    end = START + timedelta(days=30)
    overall = compute_metrics(trades, WALLET, START, end)
    return ValidationReport(
        ok=True,
        class_name="BtcRsi1h",
        trades=len(trades),
        days=30,
        overall=overall,
        in_sample=overall,
        out_of_sample=compute_metrics([], WALLET, START, end),
        equity=equity_curve(trades, WALLET, START),
    )


def plain(html: str) -> str:
    text, _ = parse_text(html, "HTML")
    return text


def ready(report: ValidationReport, **extra: object) -> dict[str, object]:
    sample = {k: v for k, v in SAMPLES["strategy_ready"].items() if k not in report_figures(report)}
    figures = as_report_figures(report_figures(report))
    return {
        **sample,
        **figures,
        "chart_artifact_id": SAMPLES["strategy_ready"]["version_id"],
        **extra,
    }


def chart_drawdown(report: ValidationReport, language: str) -> str:
    """What the equity chart writes as its maximum drawdown."""
    equity = np.array([point.equity for point in report.equity], dtype=np.float64)
    return labels.percent(float(drawdown_pct(equity, WALLET).min()), language)


# A fall of 0.74996% from the peak: rounded twice (0.75, then 0.8) it used to disagree.
CLOSE_CALL = [10.0, -1010 * 0.0074996]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("profits", [CLOSE_CALL, [12.0, -30.0, 5.0, -1.0], [4.0, -0.35, 9.0]])
def test_the_text_and_the_caption_write_the_charts_drawdown(
    profits: list[float], language: Language
) -> None:
    report = judged(profits)
    rendered = render("strategy_ready", ready(report), language, SIGNER)
    figure = chart_drawdown(report, language)
    word = "max drawdown" if language == "en" else "drawdown maksimum"
    assert rendered.caption is not None and f"{word} {figure}" in plain(rendered.caption)
    assert f"{word} {figure}" in plain(rendered.text)  # the in-sample period is the whole here


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_drawdown_abbreviation_is_left(language: Language) -> None:
    rendered = render("strategy_ready", ready(judged(CLOSE_CALL)), language, SIGNER)
    for text in (rendered.text, rendered.caption or ""):
        assert not re.search(r"\bDD\b|\bmaks\b", plain(text))


def test_the_caption_is_short_and_the_explanation_carries_the_rest() -> None:
    report = judged([12.0, -30.0, 5.0, -1.0])
    payload = ready(report, flags=["too_few_trades"], pair="BTC/USDT", timeframe="1h")
    payload["strategy_name"] = "BTC/USDT 1h · RSI(14) 30/70"
    rendered = render("strategy_ready", payload, "en", SIGNER)
    assert rendered.caption is not None
    caption, text = plain(rendered.caption), plain(rendered.text)
    assert caption.splitlines() == [
        "✨ Strategy ready",
        "BTC/USDT 1h · RSI(14) 30/70",  # the title names the market: not said twice
        f"📊 30 days: profit -1.40%, 4 trades, max drawdown {chart_drawdown(report, 'en')}",
        "⚠️ too few trades",
    ]
    assert len(caption) < CAPTION_LIMIT // 2
    assert text.startswith("BTC/USDT 1h · RSI(14) 30/70\nBuys BTC when RSI(14) < 30")
    assert "Judged on 30 days" in text and "In-sample" in text and "Out-of-sample" in text
    assert "Strategy ready" not in text and "too few trades" not in text
    assert rendered.buttons and rendered.photo_artifact_id is not None


def test_a_custom_strategy_caption_names_its_market() -> None:
    payload = ready(judged([3.0]), pair="ETH/USDT", timeframe="4h")
    caption = render("strategy_ready", payload, "id", SIGNER).caption
    assert caption is not None
    assert plain(caption).splitlines()[:3] == ["✨ Strategi siap", "RSI dip buyer", "ETH/USDT · 4h"]
