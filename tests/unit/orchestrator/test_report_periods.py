"""Report periods: Jakarta days, ISO weeks and months, counted back from an injected now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from orchestrator.bots.reports import (
    MAX_PERIODS,
    Money,
    PeriodProfit,
    PeriodReport,
    jakarta_midnight,
    period_starts,
    periods_back,
    wanted_periods,
)
from orchestrator.core.errors import UserFacingError


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_days_follow_the_jakarta_calendar() -> None:
    # 20:00 UTC on 3 March is 03:00 on 4 March in Jakarta (UTC+7): "today" is the 4th.
    assert period_starts("day", 3, utc(2025, 3, 3, 20)) == [
        dt.date(2025, 3, 4),
        dt.date(2025, 3, 3),
        dt.date(2025, 3, 2),
    ]
    assert period_starts("day", 1, utc(2025, 3, 3, 16, 59)) == [dt.date(2025, 3, 3)]


def test_weeks_start_on_monday_in_jakarta() -> None:
    # Sunday evening in UTC is already Monday morning in Jakarta: a new week.
    assert period_starts("week", 2, utc(2025, 3, 2, 18)) == [
        dt.date(2025, 3, 3),
        dt.date(2025, 2, 24),
    ]
    # An ISO week across New Year starts in the old year.
    assert period_starts("week", 1, utc(2025, 1, 1, 5)) == [dt.date(2024, 12, 30)]


def test_months_count_back_across_a_year() -> None:
    # 17:30 UTC on 31 January is 00:30 on 1 February in Jakarta.
    assert period_starts("month", 3, utc(2025, 1, 31, 17, 30)) == [
        dt.date(2025, 2, 1),
        dt.date(2025, 1, 1),
        dt.date(2024, 12, 1),
    ]
    assert len(period_starts("month", MAX_PERIODS, utc(2025, 1, 31))) == MAX_PERIODS
    assert period_starts("month", MAX_PERIODS, utc(2025, 1, 31))[-1] == dt.date(2020, 2, 1)


def test_the_period_after_the_current_one_ends_the_window() -> None:
    assert periods_back("month", dt.date(2024, 12, 1), -1) == dt.date(2025, 1, 1)
    assert periods_back("week", dt.date(2025, 3, 3), -1) == dt.date(2025, 3, 10)
    assert periods_back("day", dt.date(2025, 2, 28), -1) == dt.date(2025, 3, 1)


def test_a_jakarta_day_begins_at_17_utc_the_day_before() -> None:
    assert jakarta_midnight(dt.date(2025, 3, 4)) == utc(2025, 3, 3, 17)


def test_the_number_of_periods_defaults_like_freqtrade() -> None:
    assert (wanted_periods("day", []), wanted_periods("week", []), wanted_periods("month", [])) == (
        7,
        4,
        3,
    )
    assert wanted_periods("day", ["14"]) == 14
    assert wanted_periods("month", [str(MAX_PERIODS)]) == MAX_PERIODS


@pytest.mark.parametrize("args", [["0"], ["61"], ["abc"], ["-3"], ["1.5"], ["7", "8"], ["٣"]])
def test_other_numbers_of_periods_are_refused_naming_the_range(args: list[str]) -> None:
    with pytest.raises(UserFacingError) as refused:
        wanted_periods("week", args)
    assert refused.value.key == "report_weeks_range"
    assert refused.value.params == {"default": 4, "limit": MAX_PERIODS}


def test_totals_add_each_currency_apart() -> None:
    usdt_usdc = ("USDC", "USDT")
    report = PeriodReport(
        "day",
        (
            PeriodProfit(
                dt.date(2025, 3, 4), (Money(Decimal(1), "USDC"), Money(Decimal("2.5"), "USDT")), 3
            ),
            PeriodProfit(
                dt.date(2025, 3, 3), (Money(Decimal(0), "USDC"), Money(Decimal("-1"), "USDT")), 1
            ),
        ),
        usdt_usdc,
    )
    assert report.total == (Money(Decimal(1), "USDC"), Money(Decimal("1.5"), "USDT"))
    assert report.trades == 4
