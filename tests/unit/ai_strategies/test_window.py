"""The judging window is sized by candles: enough for the indicators and the out-of-sample part."""

from __future__ import annotations

import pytest

from ai_strategies.window import MAX_DAYS, MIN_CANDLES, MIN_DAYS, judging_window


@pytest.mark.parametrize(
    ("timeframe", "startup", "days"),
    [
        ("1m", 30, MIN_DAYS),  # 86,400 candles: the day floor governs
        ("5m", 200, MIN_DAYS),
        ("1h", 200, MIN_DAYS),  # 1,440 candles
        ("4h", 200, 167),  # 1,000 candles of 4 hours
        ("4h", 400, 267),  # four lengths of a 400-candle indicator
        ("1d", 200, MAX_DAYS),  # 1,000 daily candles would be 2.7 years
    ],
)
def test_window_per_timeframe(timeframe: str, startup: int, days: int) -> None:
    window = judging_window(timeframe, startup)
    assert window.days == days
    if days < MAX_DAYS:
        assert window.candles >= MIN_CANDLES and window.candles >= 4 * startup


def test_a_200_period_indicator_on_4h_fits_with_out_of_sample_room() -> None:
    window = judging_window("4h", 200)
    out_of_sample = window.candles * 3 // 10
    assert window.candles >= MIN_CANDLES and out_of_sample > 200


def test_the_plan_caps_the_window() -> None:
    assert judging_window("4h", 200, max_days=30).days == 30
    assert judging_window("5m", 50, max_days=365).days == MIN_DAYS
