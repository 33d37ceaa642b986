"""Metrics, in-/out-of-sample splits and quality flags on hand-made trades."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ai_strategies.backtest import Trade
from ai_strategies.metrics import (
    EquityPoint,
    Metrics,
    compute_metrics,
    equity_curve,
    max_drawdown_pct,
    profit_factor,
    quality_flags,
    split_boundary,
    split_in_out,
)

START = datetime(2026, 1, 1, tzinfo=UTC)
END = START + timedelta(days=10)


def trade(day: float, profit_abs: float, hours: float = 2.0, stake: float = 100.0) -> Trade:
    """Build a trade opened `day` days after START, held `hours` hours."""
    opened = START + timedelta(days=day)
    return Trade(
        pair="BTC/USDT",
        open_date=opened,
        close_date=opened + timedelta(hours=hours),
        open_rate=100.0,
        close_rate=100.0 * (1 + profit_abs / stake),
        profit_ratio=profit_abs / stake,
        profit_abs=profit_abs,
        exit_reason="roi" if profit_abs > 0 else "stop_loss",
    )


NEUTRAL = Metrics(
    trades=20, wins=10, win_rate=0.5, profit_pct=1.0, profit_abs=10.0, max_drawdown_pct=2.0,
    avg_duration=timedelta(hours=1), profit_factor=1.2, sharpe=0.1, days=10.0,
)  # fmt: skip


def metrics(**fields: Any) -> Metrics:
    """Build metrics with neutral values for the fields a test does not care about."""
    return replace(NEUTRAL, **fields)


def test_compute_metrics_summarises_trades() -> None:
    trades = [trade(0, 10, hours=1), trade(1, -5, hours=3), trade(2, 20, hours=2)]
    result = compute_metrics(trades, 1000, START, END)
    assert result.trades == 3
    assert result.wins == 2
    assert result.win_rate == pytest.approx(2 / 3)
    assert result.profit_abs == pytest.approx(25)
    assert result.profit_pct == pytest.approx(2.5)
    assert result.avg_duration == timedelta(hours=2)
    assert result.profit_factor == pytest.approx(30 / 5)
    assert result.days == pytest.approx(10)
    assert result.max_drawdown_pct == pytest.approx(100 * 5 / 1010)
    assert result.sharpe is not None and result.sharpe > 0


def test_compute_metrics_without_trades() -> None:
    result = compute_metrics([], 1000, START, END)
    assert (result.trades, result.wins, result.win_rate, result.profit_pct) == (0, 0, 0.0, 0.0)
    assert result.profit_factor is None and result.sharpe is None
    assert result.max_drawdown_pct == 0.0
    assert result.avg_duration == timedelta()


def test_profit_factor_is_none_without_losses() -> None:
    assert profit_factor([trade(0, 5), trade(1, 7)]) is None
    assert profit_factor([trade(0, 6), trade(1, -2), trade(2, -1)]) == pytest.approx(2.0)


def test_equity_curve_follows_closing_order() -> None:
    late_close = trade(0, 10, hours=48)
    early_close = trade(1, -4, hours=1)
    curve = equity_curve([late_close, early_close], 1000, START)
    assert curve == [
        EquityPoint(START, 1000),
        EquityPoint(early_close.close_date, 996),
        EquityPoint(late_close.close_date, 1006),
    ]


def test_max_drawdown_measures_from_the_running_peak() -> None:
    values = [1000, 1100, 990, 1050, 880, 1200]
    curve = [EquityPoint(START + timedelta(hours=i), v) for i, v in enumerate(values)]
    assert max_drawdown_pct(curve) == pytest.approx(20.0)
    assert max_drawdown_pct(curve[:2]) == 0.0


def test_split_boundary_is_seventy_percent_of_the_period() -> None:
    assert split_boundary(START, END) == START + timedelta(days=7)
    assert split_boundary(START, END, share=0.5) == START + timedelta(days=5)


def test_split_in_out_by_opening_time() -> None:
    boundary = split_boundary(START, END)
    early, edge, late = trade(1, 1), trade(7, 2), trade(6.99, 3, hours=48)
    inside, outside = split_in_out([early, edge, late], boundary)
    assert inside == [early, late]
    assert outside == [edge]


def codes(*args: Metrics) -> set[str]:
    return {flag.code for flag in quality_flags(*args)}


def test_healthy_results_raise_no_flags() -> None:
    overall = metrics(trades=30, profit_pct=3.0)
    inside = metrics(trades=20, profit_pct=2.0, days=7)
    outside = metrics(trades=10, profit_pct=1.0, days=3)
    assert quality_flags(overall, inside, outside) == []


@pytest.mark.parametrize(
    ("total", "oos_trades", "flagged"), [(4, 2, True), (5, 2, False), (12, 1, True), (12, 0, True)]
)
def test_too_few_trades(total: int, oos_trades: int, flagged: bool) -> None:
    found = codes(metrics(trades=total), metrics(trades=total), metrics(trades=oos_trades))
    assert ("too_few_trades" in found) is flagged


@pytest.mark.parametrize(
    ("is_pct", "oos_pct", "flagged"),
    [
        (7.0, -0.5, True),  # profitable in-sample, losing out-of-sample
        (7.0, 0.5, True),  # 1%/day in-sample vs 0.17%/day out-of-sample
        (7.0, 1.2, False),  # 0.4%/day out-of-sample is more than a third of 1%/day
        (-2.0, -3.0, False),  # nothing to degrade from
    ],
)
def test_out_of_sample_much_worse(is_pct: float, oos_pct: float, flagged: bool) -> None:
    inside = metrics(trades=20, profit_pct=is_pct, days=7)
    outside = metrics(trades=8, profit_pct=oos_pct, days=3)
    assert ("out_of_sample_worse" in codes(metrics(), inside, outside)) is flagged


@pytest.mark.parametrize(
    ("fields", "flagged"),
    [
        ({"win_rate": 0.95, "trades": 12}, True),
        ({"win_rate": 0.95, "trades": 9}, False),
        ({"profit_pct": 250.0}, True),
        ({"max_drawdown_pct": 0.0, "trades": 15}, True),
        ({"max_drawdown_pct": 0.0, "trades": 6}, False),
        ({"win_rate": 0.9, "profit_pct": 150.0}, False),
    ],
)
def test_too_good_to_be_true(fields: dict[str, Any], flagged: bool) -> None:
    found = codes(metrics(**fields), metrics(), metrics())
    assert ("too_good_to_be_true" in found) is flagged


def test_flag_messages_are_plain_sentences() -> None:
    flags = quality_flags(metrics(trades=3, win_rate=1.0), metrics(), metrics(trades=0))
    assert flags and all(f.message.endswith(".") and f.code for f in flags)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # The reported case: 682 trades, 13% won, -13.2%.
        ({"trades": 682, "win_rate": 0.13, "profit_pct": -13.2}, {"losing", "low_win_rate"}),
        ({"profit_pct": -5.1}, {"losing"}),
        ({"profit_pct": -4.9}, set()),
        ({"trades": 10, "win_rate": 0.29}, {"low_win_rate"}),
        ({"trades": 9, "win_rate": 0.1}, set()),  # too few trades to judge the win rate
        ({"win_rate": 0.3}, set()),
        ({"max_drawdown_pct": 25.1}, {"high_drawdown"}),
        ({"max_drawdown_pct": 25.0}, set()),
    ],
)
def test_poor_results_are_flagged(fields: dict[str, Any], expected: set[str]) -> None:
    poor = {"losing", "low_win_rate", "high_drawdown"}
    assert codes(metrics(**fields), metrics(), metrics()) & poor == expected


def test_poor_flag_messages_name_the_figures() -> None:
    overall = metrics(trades=682, win_rate=0.13, profit_pct=-13.2, max_drawdown_pct=30.0)
    messages = {f.code: f.message for f in quality_flags(overall, metrics(), metrics())}
    assert "-13.2%" in messages["losing"]
    assert "13%" in messages["low_win_rate"] and "682" in messages["low_win_rate"]
    assert "30.0%" in messages["high_drawdown"]
