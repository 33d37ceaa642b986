"""Size the backtest window a strategy is judged on by candles, not by a fixed count of days."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_strategies.ftconfig import timeframe_seconds

MIN_CANDLES = 1000
MIN_DAYS = 60
MAX_DAYS = 730  # two years
# The window holds this many lengths of the longest indicator, so that the last 30 %
# (out of sample) still spans more than one full indicator length.
INDICATOR_LENGTHS = 4
# A larger warm-up is refused: it would make every backtest download years of candles.
MAX_STARTUP_CANDLES = 5000
DAY = 86400


@dataclass(frozen=True)
class JudgingWindow:
    """How much history a strategy is judged on."""

    days: int
    timeframe: str

    @property
    def candles(self) -> int:
        """Return how many candles of the main timeframe the window holds."""
        return self.days * DAY // timeframe_seconds(self.timeframe)


def judging_window(timeframe: str, startup_candles: int, max_days: int = MAX_DAYS) -> JudgingWindow:
    """Return the window: enough candles for the indicators and a meaningful out-of-sample part.

    At least MIN_CANDLES candles and MIN_DAYS days, capped at two years and at `max_days`
    (the plan's backtest limit).
    """
    seconds = timeframe_seconds(timeframe)
    candles = max(MIN_CANDLES, INDICATOR_LENGTHS * max(startup_candles, 0))
    wanted = max(MIN_DAYS, math.ceil(candles * seconds / DAY))
    return JudgingWindow(days=max(1, min(wanted, MAX_DAYS, max_days)), timeframe=timeframe)
