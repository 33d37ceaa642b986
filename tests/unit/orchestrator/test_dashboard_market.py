"""Entries and exits sit on the candle whose period holds them."""

from __future__ import annotations

import datetime as dt

from orchestrator.dashboard.market import Mark, align

T0 = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
X = tuple(int((T0 + dt.timedelta(minutes=5 * i)).timestamp()) for i in range(4))


def at(minutes: float, price: float) -> Mark:
    return Mark(T0 + dt.timedelta(minutes=minutes), price)


def test_marks_land_on_their_candle_and_outside_ones_are_left_out() -> None:
    marks = [at(-1, 1.0), at(0, 2.0), at(7.5, 3.0), at(19.9, 4.0), at(20, 5.0)]
    assert align(X, 300, marks) == (2.0, 3.0, None, 4.0)


def test_two_marks_in_one_candle_keep_the_later_one() -> None:
    assert align(X, 300, [at(1, 1.0), at(2, 2.0)]) == (2.0, None, None, None)
    assert align((), 300, [at(1, 1.0)]) == ()
