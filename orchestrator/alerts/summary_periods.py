"""When a summary is owed: the periods of a daily or weekly summary in the user's own time.

A period ends at its send time (the chosen hour of the user's day; Mondays for a weekly
summary) and starts one period earlier, so consecutive summaries cover every trade once.
Only the latest send time that has passed is ever owed: a worker that was down sends that
one late, once, and never a backlog of the ones it missed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

FREQUENCIES: Final = ("off", "daily", "weekly")
DEFAULT_TIMEZONE: Final = "Asia/Jakarta"
_STEP: Final = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}


@dataclass(frozen=True)
class SummarySettings:
    """A user's choice: how often ('off', 'daily', 'weekly'), at what hour, in which zone."""

    frequency: str = "off"
    hour: int = 20
    timezone: str = DEFAULT_TIMEZONE

    @property
    def on(self) -> bool:
        """Tell whether the user receives summaries."""
        return self.frequency in _STEP


@dataclass(frozen=True)
class Period:
    """One summary's period: its key (unique per user) and its bounds in UTC."""

    key: str  # "daily:2026-11-30": the frequency and the local day of the send time
    start: dt.datetime
    end: dt.datetime  # the send time


def zone(name: str) -> ZoneInfo:
    """Return the named time zone; an unknown name falls back to Asia/Jakarta."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r; using %s", name, DEFAULT_TIMEZONE)
        return ZoneInfo(DEFAULT_TIMEZONE)


def _at(day: dt.date, hour: int, tz: ZoneInfo) -> dt.datetime:
    """Return `hour` o'clock of a local day, in UTC."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz).astimezone(dt.UTC)


def latest_period(settings: SummarySettings, now: dt.datetime) -> Period | None:
    """Return the period whose send time is the latest one at or before `now`; None when off."""
    step = _STEP.get(settings.frequency)
    if step is None:
        return None
    tz = zone(settings.timezone)
    day = now.astimezone(tz).date()
    if settings.frequency == "weekly":
        day -= dt.timedelta(days=day.weekday())  # back to Monday
    if _at(day, settings.hour, tz) > now:
        day -= step
    # Local days, not UTC hours: a day with a clock change is still one period.
    start, end = _at(day - step, settings.hour, tz), _at(day, settings.hour, tz)
    return Period(f"{settings.frequency}:{day.isoformat()}", start, end)


def due_period(
    settings: SummarySettings,
    now: dt.datetime,
    *,
    since: dt.datetime | None = None,
    sent: str | None = None,
) -> Period | None:
    """Return the period owed at `now`, or None: off, already `sent`, or chosen after it ended.

    `since` is when the user last changed their choice: a send time before it was never
    promised, so a summary switched on in the evening starts with the next send time.
    """
    period = latest_period(settings, now)
    if period is None or period.key == sent:
        return None
    if since is not None and period.end < since:
        return None
    return period
