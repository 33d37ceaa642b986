"""Paid time: stacking, conversion between plans, refunds, grace and reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from billing_tripay.periods import (
    GRACE,
    Holding,
    Phase,
    extend,
    grace_ends,
    phase,
    refund_end,
    reminder_due,
)
from billing_tripay.plans import Entitlements, Plan

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
LIMITS = Entitlements(1, 0, 5, 50, 30, False)
FREE = Plan("free", "Free", 0, 0, 36500, LIMITS)
PRO = Plan("pro", "Pro", 150_000, 1_500_000, 30, LIMITS)
ELITE = Plan("elite", "Elite", 300_000, 3_000_000, 30, LIMITS)


def test_the_same_plan_stacks_onto_what_is_left() -> None:
    ext = extend(Holding(PRO, NOW + 10 * DAY), PRO, 30, NOW)
    assert (ext.starts_at, ext.ends_at, ext.carried_days) == (NOW + 10 * DAY, NOW + 40 * DAY, 0)


def test_a_lapsed_or_free_plan_starts_now() -> None:
    for holding in (Holding(PRO, NOW - DAY), Holding(FREE, None), Holding(PRO, None)):
        ext = extend(holding, PRO, 30, NOW)
        assert (ext.starts_at, ext.ends_at) == (NOW, NOW + 30 * DAY)


def test_an_upgrade_converts_what_is_left_at_daily_prices() -> None:
    # 10 days of Pro (5,000 a day) are worth 5 days of Elite (10,000 a day).
    ext = extend(Holding(PRO, NOW + 10 * DAY), ELITE, 30, NOW)
    assert (ext.plan_code, ext.ends_at, ext.carried_days) == ("elite", NOW + 35 * DAY, 5)


def test_a_downgrade_converts_too_and_never_loses_whole_days() -> None:
    ext = extend(Holding(ELITE, NOW + 3 * DAY + dt.timedelta(hours=1)), PRO, 30, NOW)
    assert ext.carried_days == 6  # 3 days and 1 hour of Elite: 6.08 days of Pro, rounded down


def test_a_payment_buys_at_least_a_day() -> None:
    with pytest.raises(ValueError):
        extend(Holding(FREE, None), PRO, 0, NOW)


def test_a_refund_takes_back_its_days_but_never_into_the_past() -> None:
    assert refund_end(NOW + 40 * DAY, 30, NOW) == NOW + 10 * DAY
    assert refund_end(NOW + 20 * DAY, 30, NOW) == NOW


def test_phases_around_the_end() -> None:
    ends = NOW
    assert phase(None, NOW) is Phase.ACTIVE
    assert phase(ends, NOW - dt.timedelta(seconds=1)) is Phase.ACTIVE
    assert phase(ends, NOW) is Phase.GRACE
    assert phase(ends, NOW + GRACE - dt.timedelta(seconds=1)) is Phase.GRACE
    assert phase(ends, NOW + GRACE) is Phase.LAPSED
    assert grace_ends(ends) == NOW + 3 * DAY


@pytest.mark.parametrize(
    ("left", "due"),
    [
        (5 * DAY, None),
        (3 * DAY + dt.timedelta(seconds=1), None),
        (3 * DAY, 3),
        (2 * DAY, 3),
        (DAY, 1),
        (dt.timedelta(minutes=5), 1),
        (dt.timedelta(0), None),
    ],
)
def test_the_nearest_reminder_is_due(left: dt.timedelta, due: int | None) -> None:
    assert reminder_due(NOW + left, NOW) == due
    assert reminder_due(None, NOW) is None
