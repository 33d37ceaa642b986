"""Render the summary settings and /plan: the user's choice, times in their zone, the plan."""

from __future__ import annotations

import datetime as dt

from kernel import formatting
from orchestrator.accounts.usage import PlanUsage
from orchestrator.alerts.summary_periods import SummarySettings
from telegram_bot.i18n import Html, label, t
from telegram_bot.render import lines, plan_usage

# What Indonesians call their zones; any other zone is shown by its name.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_label(timezone: str) -> str:
    """Name a time zone the way its readers do: WIB for Asia/Jakarta."""
    return ZONE_NAMES.get(timezone, timezone)


def hour_label(hour: int, lang: str) -> str:
    """Write a whole hour in the user's locale: 20.00 (en: 20:00)."""
    when = dt.datetime(2000, 1, 1, hour, tzinfo=dt.UTC)
    return formatting.time(when, lang, tz="UTC")


def summary_state(lang: str, settings: SummarySettings) -> str:
    """Say the user's summary choice: off, or how often and when, with the zone."""
    if not settings.on:
        return label(lang, "summary_state_off")
    return label(
        lang,
        f"summary_state_{settings.frequency}",
        time=hour_label(settings.hour, lang),
        zone=zone_label(settings.timezone),
    )


def summary_choice(lang: str, settings: SummarySettings) -> Html:
    """Explain the summary, say the current choice and ask how often."""
    return t(lang, "summary_choose", current=summary_state(lang, settings))


def summary_hour_question(lang: str, frequency: str, timezone: str) -> Html:
    """Ask at what time the daily or weekly summary should arrive."""
    how_often = label(lang, f"summary_{frequency}")
    return t(lang, "summary_choose_hour", frequency=how_often, zone=zone_label(timezone))


def plan_view(lang: str, usage: PlanUsage | None, expires_at: dt.datetime | None) -> Html:
    """Show the plan, when it ends, and how much of it is in use."""
    if usage is None:
        return t(lang, "plan_unavailable")
    expiry = (
        label(lang, "plan_expires", date=formatting.date(expires_at, lang))
        if expires_at
        else label(lang, "plan_no_expiry")
    )
    return lines(t(lang, "plan_view", plan=usage.plan.name, expiry=expiry), plan_usage(lang, usage))
