"""When a summary is owed: daily and weekly periods in the user's zone, on an injected clock."""

from __future__ import annotations

import datetime as dt

from orchestrator.alerts.summary_periods import SummarySettings, due_period, latest_period

UTC = dt.UTC
DAILY = SummarySettings("daily", 20, "Asia/Jakarta")  # 20:00 WIB is 13:00 UTC
WEEKLY = SummarySettings("weekly", 7, "Asia/Jakarta")  # Mondays 07:00 WIB, 00:00 UTC


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def test_daily_is_owed_from_the_chosen_hour_in_the_users_zone() -> None:
    assert latest_period(DAILY, at(2026, 11, 30, 13, 0)) == latest_period(
        DAILY, at(2026, 12, 1, 12, 59)
    )
    period = due_period(DAILY, at(2026, 11, 30, 13, 0))
    assert period is not None
    assert period.key == "daily:2026-11-30"
    assert (period.start, period.end) == (at(2026, 11, 29, 13), at(2026, 11, 30, 13))


def test_before_the_hour_the_owed_period_is_yesterdays() -> None:
    period = due_period(DAILY, at(2026, 11, 30, 12, 59))
    assert period is not None and period.key == "daily:2026-11-29"
    assert period.end == at(2026, 11, 29, 13)


def test_the_day_is_the_users_not_utcs() -> None:
    # 23:30 UTC on Nov 30 is already 06:30 on Dec 1 in Jakarta: before 07:00 there.
    morning = SummarySettings("daily", 7, "Asia/Jakarta")
    period = due_period(morning, at(2026, 11, 30, 23, 30))
    assert period is not None and period.key == "daily:2026-11-30"
    period = due_period(morning, at(2026, 12, 1, 0, 0))  # 07:00 WIB on Dec 1
    assert period is not None and period.key == "daily:2026-12-01"
    # Another zone: 20:00 in Makassar (UTC+8) is 12:00 UTC.
    makassar = SummarySettings("daily", 20, "Asia/Makassar")
    period = due_period(makassar, at(2026, 11, 30, 12, 0))
    assert period is not None and period.end == at(2026, 11, 30, 12)


def test_weekly_is_owed_from_monday_and_covers_seven_days() -> None:
    monday = at(2026, 11, 30, 0, 0)  # Monday Nov 30, 07:00 WIB
    period = due_period(WEEKLY, monday)
    assert period is not None and period.key == "weekly:2026-11-30"
    assert (period.start, period.end) == (at(2026, 11, 23, 0), monday)
    # All week long (up to next Monday 07:00 WIB) the owed period stays this one.
    assert latest_period(WEEKLY, at(2026, 12, 6, 23, 59)) == period
    # Just before Monday 07:00 WIB the owed period is last week's.
    earlier = due_period(WEEKLY, at(2026, 11, 29, 23, 59))
    assert earlier is not None and earlier.key == "weekly:2026-11-23"


def test_already_sent_is_not_owed_again() -> None:
    now = at(2026, 11, 30, 14)
    assert due_period(DAILY, now, sent="daily:2026-11-30") is None
    assert due_period(DAILY, now, sent="daily:2026-11-29") is not None
    # The same day for the other frequency is another period.
    assert due_period(WEEKLY, at(2026, 11, 30, 1), sent="daily:2026-11-30") is not None


def test_off_is_never_owed() -> None:
    off = SummarySettings("off", 20, "Asia/Jakarta")
    assert latest_period(off, at(2026, 11, 30, 14)) is None
    assert due_period(off, at(2026, 11, 30, 14)) is None


def test_a_send_time_before_the_choice_was_made_is_not_owed() -> None:
    # Switched on at 21:00 WIB with 20:00 chosen: the first summary is tomorrow's.
    since = at(2026, 11, 30, 14)
    assert due_period(DAILY, at(2026, 11, 30, 14, 5), since=since) is None
    tomorrow = due_period(DAILY, at(2026, 12, 1, 13, 0), since=since)
    assert tomorrow is not None and tomorrow.key == "daily:2026-12-01"


def test_a_worker_down_for_days_sends_the_latest_period_once() -> None:
    # Sent on Nov 27, then down until Nov 30 at 15:00 UTC: only Nov 30 is owed, no backlog.
    period = due_period(DAILY, at(2026, 11, 30, 15), sent="daily:2026-11-27")
    assert period is not None and period.key == "daily:2026-11-30"
    assert due_period(DAILY, at(2026, 11, 30, 15, 5), sent=period.key) is None


def test_a_day_with_a_clock_change_is_one_period() -> None:
    # Europe/Berlin falls back on Oct 25, 2026: that day has 25 hours.
    berlin = SummarySettings("daily", 20, "Europe/Berlin")
    period = due_period(berlin, at(2026, 10, 25, 19, 0))  # 20:00 CET
    assert period is not None and period.key == "daily:2026-10-25"
    assert period.end - period.start == dt.timedelta(hours=25)


def test_an_unknown_zone_falls_back_to_jakarta() -> None:
    odd = SummarySettings("daily", 20, "Mars/Olympus")
    period = due_period(odd, at(2026, 11, 30, 13, 0))
    assert period is not None and period.end == at(2026, 11, 30, 13)
