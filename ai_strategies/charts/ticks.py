"""Tick labels: few, large, and written the way the reader's language writes them."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import numpy as np
from matplotlib import dates
from matplotlib.axis import Axis
from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator
from numpy.typing import NDArray

from ai_strategies.charts import labels
from kernel import formatting

MAX_TICKS = 5


class NumberFormatter(Formatter):
    """Label ticks with as many decimals as the step between ticks needs, and no more."""

    def __init__(self, language: str, suffix: str = "") -> None:
        self.language = language
        self.suffix = suffix
        self.decimals = 2

    def set_locs(self, locs: list[float]) -> None:
        """Pick the decimals from the tick positions about to be labelled."""
        super().set_locs(locs)
        steps = np.diff(np.sort(np.asarray(locs, dtype=np.float64)))
        steps = steps[steps > 0]
        self.decimals = _decimals(float(steps.min())) if steps.size else 2

    def __call__(self, x: float, pos: int | None = None) -> str:
        """Return the label for one tick value."""
        return labels.number(x, self.decimals, self.language) + self.suffix


def _decimals(step: float) -> int:
    """Return the fewest decimals (up to 10) that write step exactly."""
    for decimals in range(10):
        if math.isclose(round(step, decimals), step, rel_tol=1e-6):
            return decimals
    return 10


class TimeFormatter(Formatter):
    """Label ticks with dates; to_time maps a tick position to a moment, or None."""

    def __init__(
        self, language: str, span: timedelta, to_time: Callable[[float], datetime | None]
    ) -> None:
        self.language = language
        self.span = span
        self.to_time = to_time

    def __call__(self, x: float, pos: int | None = None) -> str:
        """Return the label for one tick position."""
        when = self.to_time(x)
        return "" if when is None else labels.moment(when, self.span, self.language)


def number_axis(axis: Axis, language: str, suffix: str = "") -> None:
    """Give a value axis a few readable number labels."""
    axis.set_major_locator(MaxNLocator(nbins=MAX_TICKS, min_n_ticks=3))
    axis.set_major_formatter(NumberFormatter(language, suffix))


# matplotlib.dates ships without annotations, hence the targeted ignores below.
def date_axis(axis: Axis, language: str) -> None:
    """Label a date axis (matplotlib date numbers) with a few dates; call once limits are set."""
    locator = dates.AutoDateLocator(minticks=2, maxticks=MAX_TICKS)  # type: ignore[no-untyped-call]
    axis.set_major_locator(locator)
    low, high = axis.get_view_interval()
    span = timedelta(days=float(high - low))
    axis.set_major_formatter(TimeFormatter(language, span, _from_date_number))


def index_axis(axis: Axis, times: Sequence[datetime], language: str) -> None:
    """Label an axis whose positions are indexes into times, skipping gaps in the data."""
    span = times[-1] - times[0]
    starts = _period_starts(times, span)
    if len(starts) >= 2:
        # Labels that name a day (or month) sit where that day begins, evenly in time.
        every = -(-len(starts) // MAX_TICKS)
        axis.set_major_locator(FixedLocator(starts[::every]))
    else:
        axis.set_major_locator(MaxNLocator(nbins=MAX_TICKS - 1, integer=True))

    def to_time(x: float) -> datetime | None:
        index = round(x)
        return times[index] if 0 <= index < len(times) else None

    axis.set_major_formatter(TimeFormatter(language, span, to_time))


def _period_starts(times: Sequence[datetime], span: timedelta) -> list[int]:
    """Return the indexes where a new day (a month, over long spans) begins in Jakarta time.

    Short spans are labelled with clock times, which read right anywhere: none is returned.
    """
    if span <= labels.CLOCK_SPAN:
        return []
    long = span > labels.DAY_SPAN

    def period(when: datetime) -> tuple[int, int, int]:
        local = formatting.local(when)
        return (local.year, local.month, 0 if long else local.day)

    periods = [period(when) for when in times]
    return [i for i in range(1, len(periods)) if periods[i] != periods[i - 1]]


def integer_axis(axis: Axis) -> None:
    """Give an axis of counts (epochs) a few whole-number ticks."""
    axis.set_major_locator(MaxNLocator(nbins=MAX_TICKS, integer=True))


def date_numbers(times: Sequence[datetime]) -> NDArray[np.float64]:
    """Return matplotlib date numbers for naive UTC moments."""
    numbers = dates.date2num(list(times))  # type: ignore[no-untyped-call]
    return np.atleast_1d(np.asarray(numbers, dtype=np.float64))


def _from_date_number(x: float) -> datetime:
    """Return the naive UTC moment of a matplotlib date number."""
    moment: datetime = dates.num2date(x)  # type: ignore[no-untyped-call]
    return moment.replace(tzinfo=None)
