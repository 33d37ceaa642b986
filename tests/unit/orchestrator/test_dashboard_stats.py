"""Bot statistics from closed trades' profits, and the state word a dashboard shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from orchestrator.dashboard.states import state_of
from orchestrator.dashboard.stats import (
    INFINITE,
    cumulative,
    expectancy,
    max_drawdown,
    profit_factor,
    roll_up,
    stats,
    thin,
    win_rate,
)


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def test_no_trades_leave_every_ratio_undefined() -> None:
    empty = stats([])
    assert (empty.win_rate, empty.profit_factor, empty.expectancy) == (None, None, None)
    assert empty.total == 0 and empty.drawdown.amount == 0 and empty.drawdown.trough_index is None


def test_win_rate_counts_only_trades_that_made_money() -> None:
    assert win_rate(d("10", "-4", "0", "6")) == Decimal("0.5")  # break-even is not a win


def test_profit_factor_is_gross_profit_over_gross_loss() -> None:
    assert profit_factor(d("10", "-4", "6")) == Decimal(4)
    assert profit_factor(d("10", "6")) == INFINITE
    assert profit_factor(d("0", "0")) is None
    assert profit_factor(d("-1")) == 0


def test_expectancy_is_the_mean_profit_per_trade() -> None:
    assert expectancy(d("10", "-4", "6")) == Decimal(4)
    assert expectancy(d("-3", "1")) == Decimal(-1)


def test_max_drawdown_is_the_largest_drop_below_an_earlier_peak() -> None:
    # Curve: 5, 12, 4, 9, 1, 15 -> from the peak 12 down to 1 is 11.
    down = max_drawdown(d("5", "7", "-8", "5", "-8", "14"))
    assert down.amount == Decimal(11) and (down.peak_index, down.trough_index) == (1, 4)
    assert down.ratio is None  # no starting capital given


def test_a_loss_before_any_gain_counts_from_zero_and_a_capital_gives_a_ratio() -> None:
    down = max_drawdown(d("-20", "30"), start=Decimal(1000))
    assert down.amount == Decimal(20) and down.peak_index is None and down.trough_index == 0
    assert down.ratio == Decimal("0.02")


def test_a_rising_curve_has_no_drawdown() -> None:
    assert max_drawdown(d("1", "2", "3")).amount == 0
    assert cumulative(d("1", "2", "-3")) == d("1", "3", "0")


def test_thinning_keeps_each_stretchs_extremes_and_the_last_point() -> None:
    points = [(t, float((t * 37) % 101)) for t in range(1000)]
    kept = thin(points, 100)
    assert len(kept) <= 101 and kept[-1] == points[-1]
    assert [x for x, _ in kept] == sorted({x for x, _ in kept})
    assert max(y for _, y in kept) == max(y for _, y in points)
    assert min(y for _, y in kept) == min(y for _, y in points)
    assert thin(points[:50], 100) == points[:50]


def test_days_roll_up_into_monday_weeks_and_months() -> None:
    days = [
        (dt.date(2026, 11, 29), Decimal(2)),  # a Sunday
        (dt.date(2026, 11, 30), Decimal(3)),  # the Monday after
        (dt.date(2026, 12, 1), Decimal(-1)),
    ]
    assert roll_up(days, "day") == days
    assert roll_up(days, "week") == [
        (dt.date(2026, 11, 23), Decimal(2)),
        (dt.date(2026, 11, 30), Decimal(2)),
    ]
    assert roll_up(days, "month") == [
        (dt.date(2026, 11, 1), Decimal(5)),
        (dt.date(2026, 12, 1), Decimal(-1)),
    ]


@pytest.mark.parametrize(
    ("status", "desired", "by_supervisor", "shown"),
    [
        ("running", "running", False, "running"),
        ("running", "paused", False, "paused"),
        ("running", "paused", True, "paused_supervisor"),
        ("stopped", "paused", False, "paused"),
        ("stopped", "running", False, "starting"),
        ("starting", "running", False, "starting"),
        ("running", "stopped", False, "stopping"),
        ("stopping", "stopped", False, "stopping"),
        ("stopped", "stopped", False, "stopped"),
        ("failed", "stopped", False, "failed"),
    ],
)
def test_the_state_shown_follows_the_request_at_once(
    status: str, desired: str, by_supervisor: bool, shown: str
) -> None:
    assert state_of(status, desired, supervisor_paused=by_supervisor) == shown
